import {
  FAILURE_CATEGORIES,
  type FailureCategory,
  isReceiverCategory,
} from '../functions/shared/categories.js';
import { type AlarmKind, MONITOR_ALARMS, SLOW_ALARMS } from './alarm-names.js';
import type { ResolvedAlarmOptions, ResolvedSlowAlarmOptions } from './alarm-policy.js';

/**
 * The categories that get a contributor alarm: every enabled one, except the receivers'
 * own (receiver_rejected, receiver_insecure, receiver_error) when no receiver is configured:
 * nothing could ever be their contributor.
 */
export function alarmedCategories(
  categories: Readonly<Record<FailureCategory, ResolvedAlarmOptions>>,
  hasReceivers: boolean,
): readonly FailureCategory[] {
  return FAILURE_CATEGORIES.filter((c) => categories[c].enabled && (hasReceivers || !isReceiverCategory(c)));
}

/** The alarms the settings create, by kind: what a maintenance window may name. */
export function enabledAlarmKinds(
  categories: Readonly<Record<FailureCategory, ResolvedAlarmOptions>>,
  slow: ResolvedSlowAlarmOptions,
  hasReceivers: boolean,
): ReadonlySet<AlarmKind> {
  return new Set<AlarmKind>([
    ...alarmedCategories(categories, hasReceivers),
    ...(slow.enabled ? SLOW_ALARMS : []),
    ...MONITOR_ALARMS,
  ]);
}
