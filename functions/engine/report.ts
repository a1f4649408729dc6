import type { ReceiverResult } from '../receiver/receiver-result.js';
import {
  CATEGORIES,
  type Category,
  type CheckKind,
  type Origin,
  type TokenType,
  worse,
} from '../shared/categories.js';
import type { Reason } from '../shared/reasons.js';

/** One check of one integration, as the report shows it. */
export interface CheckResult {
  readonly check: CheckKind;
  /** The target id, for `target` checks. */
  readonly target?: string;
  readonly label?: string;
  readonly category: Category;
  /** Why, one level finer than the category: on every failing check (skipped ones carry the failed check's). */
  readonly reason?: Reason;
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

/** Everything the probe learned about one integration. */
export interface IntegrationResult {
  readonly name: string;
  readonly category: Category;
  /** The deciding check's reason, when the integration failed. */
  readonly reason?: Reason;
  readonly tokenFingerprint: string;
  readonly tokenType: TokenType | null;
  readonly workspaceName: string | null;
  readonly workspaceId: string | null;
  /**
   * Days since the secret's current value was written (the version's creation date in
   * Secrets Manager's answer), when the token source knows it.
   */
  readonly tokenAgeDays?: number;
  readonly checks: readonly CheckResult[];
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

/** The worst category among checks (`ok` when there are none). */
export function worstCategory(checks: readonly { readonly category: Category }[]): Category {
  return checks.reduce<Category>((acc, c) => worse(acc, c.category), 'ok');
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
