import { type CheckResult, decidingCheck, type IntegrationResult } from '../engine/report.js';
import { assertNever, type Category } from '../shared/categories.js';
import type { HandlerResult, ShortenedNote, Shortening } from './handler-types.js';
import { SHORTENINGS } from './handler-types.js';

/**
 * The most the handler returns, as JSON in UTF-8 bytes. Lambda fails a synchronous invoke
 * (a console Test) whose response is over 6 MB; the margin covers what the runtime adds.
 */
export const MAX_RESULT_BYTES = 5_000_000;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

const withoutRemedy = ({ remedy: _remedy, ...check }: CheckResult): CheckResult => check;

/** One integration as each step (after `remedies`) leaves it; every step keeps the ones before. */
function shortenIntegration(i: IntegrationResult, step: Shortening): IntegrationResult {
  const checks = i.checks.map(withoutRemedy);
  switch (step) {
    case 'remedies':
      return { ...i, checks };
    case 'ok_checks':
      return { ...i, checks: checks.filter((c) => c.category !== 'ok') };
    case 'other_checks': {
      const deciding = decidingCheck(i.checks);
      return { ...i, checks: deciding ? [withoutRemedy(deciding)] : [] };
    }
    case 'all_checks':
    case 'integrations': {
      // Name, category, token fingerprint and type, workspace: the secret's versions go with the checks.
      const { secret: _secret, previousVersion: _previous, ...kept } = i;
      return { ...kept, checks: [] };
    }
    default:
      return assertNever(step);
  }
}

/** Each failing category's remedy, as the checks carried it. */
function remediesOf(integrations: readonly IntegrationResult[]): Partial<Record<Category, string>> {
  const remedies: Partial<Record<Category, string>> = {};
  for (const i of integrations)
    for (const c of i.checks) if (c.remedy !== undefined) remedies[c.category] ??= c.remedy;
  return remedies;
}

/** Where the full detail is: this invocation's log lines, found with one Logs Insights query. */
export function seeTheRest(requestId: string | undefined): string {
  const thisRun = requestId ? `requestId = ${JSON.stringify(requestId)} and ` : '';
  return (
    'Every check of every integration is in this invocation\'s log lines, one "integration probed" line each. ' +
    `CloudWatch Logs Insights on the function's log group: filter ${thisRun}message = "integration probed" ` +
    '| fields integration, category, reason, checks'
  );
}

/**
 * Keeps the integrations that fit in `room` bytes of a JSON list, failing ones first, each
 * in report order. `sizes[k]` is the JSON size of `items[k]`; items are joined by commas.
 */
function fitting(items: readonly IntegrationResult[], sizes: readonly number[], room: number) {
  const order = [...items.keys()].sort((a, b) => {
    const failingFirst = Number(items[a]?.category === 'ok') - Number(items[b]?.category === 'ok');
    return failingFirst || a - b;
  });
  const kept: IntegrationResult[] = [];
  let used = 0;
  for (const k of order) {
    const size = (sizes[k] ?? 0) + (kept.length > 0 ? 1 : 0);
    if (used + size > room) break;
    used += size;
    kept.push(items[k] as IntegrationResult);
  }
  return kept;
}

/**
 * The result as returned: whole when its JSON fits in `limitBytes`, otherwise shortened
 * step by step ({@link SHORTENINGS}) until it does, marked with `shortened` (what was left
 * out, and where to see it). The summary, the metrics and every integration's name and
 * category are kept at every step but the last, which is reached only when the names alone
 * do not fit (tens of thousands of integrations). Sizes are measured per integration, so
 * each step costs one pass over the report.
 */
export function fitResult(
  result: HandlerResult,
  limitBytes: number = MAX_RESULT_BYTES,
  requestId?: string,
): HandlerResult {
  const fullBytes = jsonBytes(result);
  if (fullBytes <= limitBytes) return result;
  const remedies = remediesOf(result.integrations);
  const note = (dropped: readonly Shortening[], omitted?: number): ShortenedNote => ({
    dropped,
    fullBytes,
    limitBytes,
    ...(omitted !== undefined ? { omittedIntegrations: omitted } : {}),
    seeTheRest: seeTheRest(requestId),
  });
  for (const [index, step] of SHORTENINGS.entries()) {
    const dropped = SHORTENINGS.slice(0, index + 1);
    const integrations = result.integrations.map((i) => shortenIntegration(i, step));
    const sizes = integrations.map(jsonBytes);
    const n = integrations.length;
    if (step === 'integrations') {
      // The omitted count is measured at its widest, so the list never gets more room than there is.
      const shellBytes = jsonBytes({ ...result, integrations: [], remedies, shortened: note(dropped, n) });
      const kept = fitting(integrations, sizes, limitBytes - shellBytes);
      return { ...result, integrations: kept, remedies, shortened: note(dropped, n - kept.length) };
    }
    const shortened = { ...result, integrations, remedies, shortened: note(dropped) };
    const listBytes = sizes.reduce((sum, s) => sum + s, 0) + Math.max(0, n - 1);
    if (jsonBytes({ ...shortened, integrations: [] }) + listBytes <= limitBytes) return shortened;
  }
  throw new Error('unreachable: the last shortening always fits');
}
