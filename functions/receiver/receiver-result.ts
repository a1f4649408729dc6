import { remedyFor } from '../engine/remedies.js';
import { type Category, type Diagnosis, worse } from '../shared/categories.js';
import type { Reason } from '../shared/reasons.js';
import type { Answerer, ReceiverCheckKind } from '../shared/receivers.js';

/** What classifying one receiver request (or reading its verification token) concluded. */
export interface ReceiverVerdict {
  readonly category: Diagnosis;
  /** On every failing verdict. */
  readonly reason?: Reason;
  readonly answeredBy: Answerer;
  readonly httpStatus?: number;
  readonly latencyMs?: number;
  /** Masked with every token of the run, then cut. */
  readonly message: string;
}

/** One check of one receiver, as the report shows it. */
export interface ReceiverCheckResult extends ReceiverVerdict {
  readonly check: ReceiverCheckKind;
  readonly skipped?: true;
  readonly remedy?: string;
}

/** Everything the probe learned about one webhook receiver. */
export interface ReceiverResult {
  readonly name: string;
  readonly category: Category;
  /** The deciding check's reason, when the receiver failed. */
  readonly reason?: Reason;
  /** Days since the verification token's secret was written, when its source knows. */
  readonly verificationTokenAgeDays?: number;
  /** Said when the verification token's secret changed in the last day (see README). */
  readonly note?: string;
  readonly checks: readonly ReceiverCheckResult[];
}

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
    category: because.category,
    ...(because.reason !== undefined ? { reason: because.reason } : {}),
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
  // Not report.ts's worstCategory: the report imports these types, and a type cycle is still a cycle.
  const category = checks.reduce<Category>((acc, c) => worse(acc, c.category), 'ok');
  const deciding = checks.find((c) => c.category === category && c.category !== 'ok' && !c.skipped);
  return {
    name,
    category,
    ...(deciding?.reason !== undefined ? { reason: deciding.reason } : {}),
    ...extra,
    checks,
  };
}
