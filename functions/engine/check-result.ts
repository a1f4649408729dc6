import type { TargetConfig } from '../config/schema.js';
import type { CheckKind, Diagnosis, Origin } from '../shared/categories.js';
import type { Verdict } from './classify.js';
import { remedyFor } from './remedies.js';
import type { CheckResult } from './report.js';

/** A check from its verdict, with the category's remedy when it failed. */
export function checkOf(kind: CheckKind, verdict: Verdict, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    check: kind,
    ...extra,
    ...verdict,
    ...(verdict.category !== 'ok' ? { remedy: remedyFor(verdict.category) } : {}),
  };
}

/** A verdict reached without a request of its own (`client`), or from what Notion already said. */
export function verdictOf(category: Diagnosis, message: string, origin: Origin = 'client'): Verdict {
  return { category, origin, message };
}

/** A check not run because an earlier one failed; it carries that check's category. */
export function skippedCheck(
  kind: CheckKind,
  because: CheckResult,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    check: kind,
    ...extra,
    category: because.category,
    skipped: true,
    origin: 'client',
    message: `Skipped: the ${because.check} check failed (${because.category}).`,
  };
}

/** The fields a target check carries to say which target it is. */
export function targetFields(target: TargetConfig): Partial<CheckResult> {
  return { target: target.id, ...(target.label !== undefined ? { label: target.label } : {}) };
}
