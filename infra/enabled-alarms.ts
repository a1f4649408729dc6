import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';
import { type AlarmKind, MONITOR_ALARMS, SLOW_ALARMS } from './alarm-names.js';
import type { ResolvedAlarmOptions, ResolvedSlowAlarmOptions } from './alarm-policy.js';

/** The alarms the settings create, by kind: what a maintenance window may name. */
export function enabledAlarmKinds(
  categories: Record<FailureCategory, ResolvedAlarmOptions>,
  slow: ResolvedSlowAlarmOptions,
): ReadonlySet<AlarmKind> {
  return new Set<AlarmKind>([
    ...FAILURE_CATEGORIES.filter((c) => categories[c].enabled),
    ...(slow.enabled ? SLOW_ALARMS : []),
    ...MONITOR_ALARMS,
  ]);
}
