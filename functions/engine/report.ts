import type { ReceiverResult } from '../receiver/receiver-result.js';
import {
  CATEGORIES,
  type Category,
  type CheckKind,
  type Origin,
  type TokenType,
} from '../shared/categories.js';
import { type Outcome, outcomeOf, worstCategory } from './failure-outcome.js';
import type { SecretVersion } from './ports.js';

export { type Outcome, outcomeOf, worstCategory } from './failure-outcome.js';

/** What a check says besides its category and reason. */
export interface CheckFields {
  readonly check: CheckKind;
  /** The target id, for `target` checks. */
  readonly target?: string;
  readonly label?: string;
  readonly skipped?: true;
  readonly httpStatus?: number;
  readonly code?: string;
  readonly origin: Origin;
  readonly latencyMs?: number;
  readonly retryAfterSeconds?: number;
  readonly rateLimitReason?: string;
  readonly requestId?: string;
  readonly message: string;
  readonly remedy?: string;
}

/**
 * One check of one integration, as the report shows it. A failing check carries its reason;
 * a skipped one carries the failed check's category and reason.
 */
export type CheckResult = CheckFields & Outcome;

/** What the probe learned about one integration besides its category and reason. */
export interface IntegrationFields {
  readonly name: string;
  readonly tokenFingerprint: string;
  readonly tokenType: TokenType | null;
  readonly workspaceName: string | null;
  readonly workspaceId: string | null;
  /**
   * Days since the secret's current value was written (the version's creation date in
   * Secrets Manager's answer), when the token source knows it.
   */
  readonly tokenAgeDays?: number;
  /** For a `secretId` token: the version read (from the batch answer, no extra call). */
  readonly secret?: SecretVersion;
  /** When the current token failed and the secret's previous version was compared (never its token). */
  readonly previousVersion?: PreviousVersionInfo;
  readonly checks: readonly CheckResult[];
}

/**
 * Everything the probe learned about one integration: its category and reason are its
 * deciding check's ({@link decidingCheck}).
 */
export type IntegrationResult = IntegrationFields & Outcome;

/** The secret's previous version as compared: which, its token's fingerprint, and how it fared. */
export interface PreviousVersionInfo extends SecretVersion {
  readonly fingerprint: string;
  readonly category: Category;
}

/** The report of one run: the stable contract shared by the CLI and the Lambda. */
export interface ProbeReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly notionVersion: string;
  /** Integrations and receivers per category. */
  readonly summary: Readonly<Record<Category, number>>;
  readonly integrations: readonly IntegrationResult[];
  /** The webhook receivers probed (functions/receiver/), `[]` when the config lists none. */
  readonly receivers: readonly ReceiverResult[];
}

/**
 * The check that decides an integration's category and reason: the first check in the worst
 * category (a skipped check never comes before the one it copies). `undefined` when every
 * check passed (or there are none).
 */
export function decidingCheck(checks: readonly CheckResult[]): CheckResult | undefined {
  const worst = worstCategory(checks);
  return worst === 'ok' ? undefined : checks.find((c) => c.category === worst);
}

/** An integration's category and reason: its deciding check's, or `ok` without a reason. */
export function integrationOutcome(checks: readonly CheckResult[]): Outcome {
  const deciding = decidingCheck(checks);
  return deciding === undefined ? { category: 'ok' } : outcomeOf(deciding);
}

/** Integrations per category, with every category present (zeros included). */
export function summarize(
  integrations: readonly { readonly category: Category }[],
): Record<Category, number> {
  const summary = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const i of integrations) summary[i.category] += 1;
  return summary;
}

/** Assembles the report from finished integration results. */
export function buildReport(args: {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly notionVersion: string;
  readonly integrations: readonly IntegrationResult[];
  /** @default [] */
  readonly receivers?: readonly ReceiverResult[];
}): ProbeReport {
  const receivers = args.receivers ?? [];
  return {
    startedAt: new Date(args.startedAt).toISOString(),
    durationMs: Math.max(0, Math.round(args.finishedAt - args.startedAt)),
    notionVersion: args.notionVersion,
    summary: summarize([...args.integrations, ...receivers]),
    integrations: args.integrations,
    receivers,
  };
}
