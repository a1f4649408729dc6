import { type Outcome, outcomeOf, worstCategory } from '../engine/failure-outcome.js';
import { remedyFor } from '../engine/remedies.js';
import { type FailureReason, failureOf, type ReasonPair } from '../shared/reasons.js';
import type { Answerer, ReceiverCheckKind } from '../shared/receivers.js';

/** What a receiver verdict says besides its category and reason. */
export interface ReceiverVerdictFields {
  readonly answeredBy: Answerer;
  readonly httpStatus?: number;
  readonly latencyMs?: number;
  /** Masked with every token of the run, then cut. */
  readonly message: string;
}

/**
 * What classifying one receiver request (or reading its verification token) concluded: a
 * failing verdict carries its reason, of its own category (built with `failureOf`).
 */
export type ReceiverVerdict = ReceiverVerdictFields &
  ({ readonly category: 'ok'; readonly reason?: never } | ReasonPair<FailureReason>);

/** What one receiver check says besides its verdict. */
export interface ReceiverCheckFields {
  readonly check: ReceiverCheckKind;
  readonly skipped?: true;
  readonly remedy?: string;
}

/** One check of one receiver, as the report shows it. */
export type ReceiverCheckResult = ReceiverCheckFields & ReceiverVerdict;

/** What the probe learned about one webhook receiver besides its category and reason. */
export interface ReceiverFields {
  readonly name: string;
  /** Days since the verification token's secret was written, when its source knows. */
  readonly verificationTokenAgeDays?: number;
  /** Said when the verification token's secret changed in the last day (see README). */
  readonly note?: string;
  readonly checks: readonly ReceiverCheckResult[];
}

/** Everything the probe learned about one webhook receiver: its category and reason are its deciding check's. */
export type ReceiverResult = ReceiverFields & Outcome;

/** A check from its verdict, with the category's remedy when it failed. */
export function receiverCheck(check: ReceiverCheckKind, verdict: ReceiverVerdict): ReceiverCheckResult {
  return {
    check,
    ...verdict,
    ...(verdict.category !== 'ok' ? { remedy: remedyFor(verdict.category) } : {}),
  };
}

/** A check not run because an earlier one failed; it carries that check's category and reason. */
export function skippedReceiverCheck(
  check: ReceiverCheckKind,
  because: ReceiverCheckResult,
): ReceiverCheckResult {
  return {
    check,
    ...(because.category === 'ok' ? { category: 'ok' } : failureOf(because.reason)),
    skipped: true,
    answeredBy: 'nobody',
    message: `Skipped: the ${because.check} check failed (${because.category}).`,
  };
}

/** The receiver's result: its worst check decides its category and reason. */
export function receiverResult(
  name: string,
  checks: readonly ReceiverCheckResult[],
  extra: Pick<ReceiverResult, 'verificationTokenAgeDays' | 'note'> = {},
): ReceiverResult {
  const worst = worstCategory(checks);
  const deciding = checks.find((c) => c.category === worst && !c.skipped);
  return {
    name,
    ...(deciding === undefined ? { category: 'ok' } : outcomeOf(deciding)),
    ...extra,
    checks,
  };
}
