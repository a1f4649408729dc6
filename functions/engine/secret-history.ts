/**
 * Issue 13: when a Secrets Manager token fails (Notion refused it, or our lint or an
 * expectation did), compare it with the secret's previous value (`AWSPREVIOUS`): a previous
 * value that passes means the secret was overwritten (roll back, do not rotate); both refused
 * by Notion means the token was revoked (rotate or reconnect). One step after the run's
 * probes, so a healthy run makes no extra call: at most one read and one `users/me` per
 * failing secret. The previous token is added to the run's mask before anything it could be
 * echoed in is produced, and is never returned: only its fingerprint is.
 */
import type { IntegrationConfig } from '../config/schema.js';
import type { Category, CheckKind } from '../shared/categories.js';
import type { BotInfo } from './bot.js';
import { maskResultText } from './mask-result.js';
import type { PreviousToken, PreviousTokenReader, ResolvedToken, SecretOrigin } from './ports.js';
import { checkAuth, checkExpectations, checkTokenFormat } from './probe-integration.js';
import { createRedactor, fingerprint } from './redact.js';
import { type CheckResult, type IntegrationResult, integrationOutcome, worstCategory } from './report.js';
import {
  type Conclusion,
  comparisonCheck,
  type Facts,
  failsTooMessage,
  inconclusiveCheck,
  noPreviousMessage,
} from './secret-history-text.js';
import { createSender, type RunContext } from './sender.js';

/** The checks whose failure a previous value can explain: a token Notion refused, or one that is not the expected one. */
const COMPARED_FAILURES: Readonly<Partial<Record<Category, readonly CheckKind[]>>> = {
  auth: ['auth'],
  config: ['token_format', 'workspace', 'token_type'],
};

/** The check that decided the integration's category: its first failing, non-skipped one. */
export function decidingCheckOf(result: IntegrationResult): CheckResult | undefined {
  return result.checks.find((c) => c.category === result.category && !c.skipped && c.category !== 'ok');
}

/** Whether this result's failure is one a previous value can explain. */
function comparable(result: IntegrationResult): boolean {
  const deciding = decidingCheckOf(result);
  return deciding !== undefined && (COMPARED_FAILURES[result.category]?.includes(deciding.check) ?? false);
}

/** The result with the secret version its token was read from, when it came from Secrets Manager. */
export function withSecretVersion(result: IntegrationResult, resolved: ResolvedToken): IntegrationResult {
  const origin = resolved.ok ? resolved.secret : undefined;
  if (origin?.versionId === undefined || origin.createdAt === undefined) return result;
  return { ...result, secret: { versionId: origin.versionId, createdAt: origin.createdAt } };
}

/** How a previous token fared: the same steps as the current one's, never its targets. */
interface PreviousProbe {
  readonly category: Category;
  readonly checks: readonly CheckResult[];
}

type Evaluate = (token: string) => Promise<{ readonly checks: CheckResult[]; readonly bot?: BotInfo }>;

/** Lint, then `users/me`: one request per distinct previous token, shared by its integrations. */
function evaluator(run: RunContext): Evaluate {
  const seen = new Map<string, ReturnType<Evaluate>>();
  const evaluate: Evaluate = async (token) => {
    const format = checkTokenFormat({ ok: true, token });
    if (!format.passed) return { checks: [format.check] };
    const auth = await checkAuth(createSender(format.token, run), run.mask);
    return auth.passed
      ? { checks: [format.check, auth.check], bot: auth.bot }
      : { checks: [format.check, auth.check] };
  };
  return (token) => {
    let probe = seen.get(token);
    if (probe === undefined) {
      probe = evaluate(token);
      seen.set(token, probe);
    }
    return probe;
  };
}

async function probePrevious(
  integration: IntegrationConfig,
  token: string,
  evaluate: Evaluate,
): Promise<PreviousProbe> {
  const { checks, bot } = await evaluate(token);
  const all = bot === undefined ? checks : [...checks, ...checkExpectations(integration.expect, bot)];
  return { category: worstCategory(all), checks: all };
}

/** What the comparison concludes from the current failure and the previous value's. */
function conclude(current: CheckResult, previous: PreviousProbe): Conclusion | undefined {
  if (previous.category === 'ok') return 'secret_overwritten';
  const refused = (c: CheckResult | undefined) => c?.category === 'auth' && c.origin === 'notion';
  if (refused(current) && refused(previous.checks.find((c) => c.check === 'auth'))) return 'token_revoked';
  return undefined;
}

/** The result with its comparison: a concluding check goes first (it decides), a note last. */
function compared(
  result: IntegrationResult,
  origin: SecretOrigin,
  previous: PreviousToken,
  probe: PreviousProbe | undefined,
  now: number,
): IntegrationResult {
  const current = decidingCheckOf(result) as CheckResult;
  if (previous.kind !== 'found' || probe === undefined) {
    const note =
      previous.kind === 'unreadable'
        ? inconclusiveCheck(current, `${previous.message} The diagnosis above stands.`)
        : inconclusiveCheck(current, noPreviousMessage(origin.secretId), true);
    return { ...result, checks: [...result.checks, note] };
  }
  const previousVersion = {
    ...previous.version,
    fingerprint: fingerprint(previous.token),
    category: probe.category,
  };
  const facts: Facts = {
    result,
    current,
    origin,
    previous: previousVersion,
    previousChecks: probe.checks,
    now,
  };
  const conclusion = conclude(current, probe);
  if (conclusion === undefined) {
    const note = inconclusiveCheck(current, failsTooMessage(facts));
    return { ...result, previousVersion, checks: [...result.checks, note] };
  }
  const checks = [comparisonCheck(conclusion, facts), ...result.checks];
  // The concluding check goes first, so it is the deciding one (first in the worst category).
  const { category: _category, reason: _reason, ...fields } = result;
  return { ...fields, previousVersion, ...integrationOutcome(checks), checks };
}

/** What {@link compareWithPreviousVersions} needs of the run. */
export interface HistoryRun {
  readonly integrations: readonly IntegrationConfig[];
  readonly tokens: ReadonlyMap<string, ResolvedToken>;
  /** Every token of the run, for the extended mask. */
  readonly secrets: readonly string[];
  readonly run: RunContext;
  readonly read: PreviousTokenReader | undefined;
}

/**
 * Compares each comparable failing `secretId` integration with its secret's previous version.
 * Returns the results unchanged (and calls nothing) when none failed that way.
 */
export async function compareWithPreviousVersions(
  results: readonly IntegrationResult[],
  history: HistoryRun,
): Promise<readonly IntegrationResult[]> {
  const { read, run } = history;
  const candidates = history.integrations.flatMap((integration, at) => {
    const resolved = history.tokens.get(integration.name);
    const result = results[at];
    const origin = resolved?.ok ? resolved.secret : undefined;
    return origin !== undefined && result !== undefined && comparable(result)
      ? [{ at, integration, origin }]
      : [];
  });
  if (read === undefined || candidates.length === 0) return results;
  const previous = await Promise.all(candidates.map((c) => read(c.origin, run.deadline)));
  // The previous tokens join the mask before any request with them is sent.
  const found = previous.flatMap((p) => (p.kind === 'found' ? [p.token] : []));
  const redactor = createRedactor([...history.secrets, ...found]);
  const evaluate = evaluator({ ...run, mask: redactor.text });
  const out = [...results];
  await Promise.all(
    candidates.map(async ({ at, integration, origin }, i) => {
      const prev = previous[i] as PreviousToken;
      const probe =
        prev.kind === 'found' ? await probePrevious(integration, prev.token, evaluate) : undefined;
      out[at] = compared(out[at] as IntegrationResult, origin, prev, probe, run.now());
    }),
  );
  // Every result, masked again with the previous tokens too: a cached page may echo one anywhere.
  return out.map((r) => maskResultText(r, redactor.longTokens));
}
