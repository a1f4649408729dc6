import type { TargetConfig } from '../config/schema.js';
import type { CheckKind, Origin } from '../shared/categories.js';
import { type FailureReason, failureOf } from '../shared/reasons.js';
import type { Verdict } from './classify.js';
import { remedyFor } from './remedies.js';
import { type CheckFields, type CheckResult, outcomeOf } from './report.js';

/** What a check may say besides its verdict: which target it is. */
export type CheckExtra = Pick<CheckFields, 'target' | 'label'>;

/** A check from its verdict, with the category's remedy when it failed. */
export function checkOf(kind: CheckKind, verdict: Verdict, extra: CheckExtra = {}): CheckResult {
  return {
    check: kind,
    ...extra,
    ...verdict,
    ...(verdict.category !== 'ok' ? { remedy: remedyFor(verdict.category) } : {}),
  };
}

/** A passed check's verdict reached without a request of its own (`client`), or from what Notion already said. */
export function okVerdict(message: string, origin: Origin = 'client'): Verdict {
  return { category: 'ok', origin, message };
}

/** A failed check's verdict, in its reason's category, reached without a request of its own. */
export function failedVerdict(reason: FailureReason, message: string, origin: Origin = 'client'): Verdict {
  return { ...failureOf(reason), origin, message };
}

/** A check not run because an earlier one failed; it carries that check's category and reason. */
export function skippedCheck(kind: CheckKind, because: CheckResult, extra: CheckExtra = {}): CheckResult {
  return {
    check: kind,
    ...extra,
    ...outcomeOf(because),
    skipped: true,
    origin: 'client',
    message: `Skipped: the ${because.check} check failed (${because.category}).`,
  };
}

/** The fields a target check carries to say which target it is. */
export function targetFields(target: TargetConfig): CheckExtra {
  return { target: target.id, ...(target.label !== undefined ? { label: target.label } : {}) };
}
