import {
  CATEGORIES,
  type Category,
  type CheckKind,
  type Origin,
  type TokenType,
  worse,
} from '../shared/categories.js';
import { failureOf, type ReasonPair } from '../shared/reasons.js';
import type { SecretVersion } from './ports.js';

/**
 * A category and, when it is not `ok`, the reason for it (one level finer, of that
 * category): a failing check or integration without a reason does not type-check.
 */
export type Outcome = { readonly category: 'ok'; readonly reason?: never } | ReasonPair;

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
  readonly summary: Readonly<Record<Category, number>>;
  readonly integrations: readonly IntegrationResult[];
}

/** The worst category among checks (`ok` when there are none). */
export function worstCategory(checks: readonly { readonly category: Category }[]): Category {
  return checks.reduce<Category>((acc, c) => worse(acc, c.category), 'ok');
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

/** Only the category and reason of a check or an integration. */
export function outcomeOf(of: Outcome): Outcome {
  return of.category === 'ok' ? { category: 'ok' } : failureOf(of.reason);
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
}): ProbeReport {
  return {
    startedAt: new Date(args.startedAt).toISOString(),
    durationMs: Math.max(0, Math.round(args.finishedAt - args.startedAt)),
    notionVersion: args.notionVersion,
    summary: summarize(args.integrations),
    integrations: args.integrations,
  };
}
