import { NOTION_ERROR_CODES, RATE_LIMIT_REASONS } from './notion-answer.js';
import type { CheckResult, IntegrationResult } from './report.js';

/**
 * Masks the fields of a result that can hold text from outside (an answer's message, code,
 * request id or rate-limit reason; the workspace `users/me` named), and nothing else.
 * The report's own vocabulary (category, reason, check, origin, skipped, summary keys) and the
 * configuration's names, targets and labels are never masked: a placeholder secret equal
 * to `auth` must not turn the auth category into `[REDACTED]` and silence its alarm.
 */
export function maskResultText(result: IntegrationResult, mask: (text: string) => string): IntegrationResult {
  const text = (s: string | null): string | null => (s === null ? null : mask(s));
  return {
    ...result,
    workspaceName: text(result.workspaceName),
    workspaceId: text(result.workspaceId),
    checks: result.checks.map((c) => maskCheckText(c, mask)),
  };
}

function maskCheckText(check: CheckResult, mask: (text: string) => string): CheckResult {
  return {
    ...check,
    message: mask(check.message),
    ...(check.code !== undefined ? { code: unlessKnown(NOTION_ERROR_CODES, check.code, mask) } : {}),
    ...(check.requestId !== undefined ? { requestId: mask(check.requestId) } : {}),
    ...(check.rateLimitReason !== undefined
      ? { rateLimitReason: unlessKnown(RATE_LIMIT_REASONS, check.rateLimitReason, mask) }
      : {}),
  };
}

function unlessKnown(known: ReadonlySet<string>, value: string, mask: (text: string) => string): string {
  return known.has(value) ? value : mask(value);
}
