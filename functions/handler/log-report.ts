import type { HandlerResult, Logger, ShortenedNote } from './handler-types.js';

/**
 * One line per integration (category, reason when failing, fingerprint, checks), one per
 * webhook receiver (`receiver probed`: category, reason, checks) and one for the run, so Logs
 * Insights can `filter category != "ok"` or `stats count() by category`. The report is
 * already redacted by the engine; nothing else is logged. The lines carry every check
 * however much the returned result was shortened; they leave out only the remedies, which
 * are each category's own (README).
 */
export function logReport(
  result: HandlerResult,
  log: Logger,
  requestId?: string,
  /** How the returned result was shortened, when it was: said on the run's line. */
  returnShortened?: ShortenedNote,
): void {
  const base = requestId ? { requestId } : {};
  for (const i of result.integrations) {
    log({
      ...base,
      level: i.category === 'ok' ? 'INFO' : 'WARN',
      message: 'integration probed',
      integration: i.name,
      category: i.category,
      ...(i.reason !== undefined ? { reason: i.reason } : {}),
      tokenFingerprint: i.tokenFingerprint,
      tokenType: i.tokenType,
      workspaceName: i.workspaceName,
      ...(i.tokenAgeDays !== undefined ? { tokenAgeDays: i.tokenAgeDays } : {}),
      ...(i.secret !== undefined ? { secret: i.secret } : {}),
      ...(i.previousVersion !== undefined ? { previousVersion: i.previousVersion } : {}),
      checks: i.checks.map(({ remedy: _remedy, ...c }) => c),
    });
  }
  for (const r of result.receivers) {
    log({
      ...base,
      level: r.category === 'ok' ? 'INFO' : 'WARN',
      message: 'receiver probed',
      receiver: r.name,
      category: r.category,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.note !== undefined ? { note: r.note } : {}),
      checks: r.checks.map(({ remedy: _remedy, ...c }) => c),
    });
  }
  log({
    ...base,
    level: result.metrics.ok ? 'INFO' : 'ERROR',
    message: 'run finished',
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    summary: result.summary,
    metrics: result.metrics,
    ...(returnShortened ? { returnShortened } : {}),
  });
}
