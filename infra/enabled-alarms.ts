import {
  FAILURE_CATEGORIES,
  type FailureCategory,
  isReceiverCategory,
} from '../functions/shared/categories.js';
import {
  type AlarmKind,
  isReceiverAlarm,
  MONITOR_ALARMS,
  RECEIVER_SHARED_CATEGORIES,
  type ReceiverSharedCategory,
  receiverSharedAlarm,
  SLOW_ALARMS,
  type SlowAlarm,
} from './alarm-names.js';
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

/**
 * The shared categories that get a receiver alarm (`receiver-network`, ...): only with
 * receivers, and only while the category's own alarm is enabled (one switch per category).
 */
export function alarmedReceiverCategories(
  categories: Readonly<Record<FailureCategory, ResolvedAlarmOptions>>,
  hasReceivers: boolean,
): readonly ReceiverSharedCategory[] {
  return hasReceivers ? RECEIVER_SHARED_CATEGORIES.filter((c) => categories[c].enabled) : [];
}

/** The slow alarms created: none when disabled; `slow-receiver` only with receivers. */
export function enabledSlowAlarms(
  slow: ResolvedSlowAlarmOptions,
  hasReceivers: boolean,
): readonly SlowAlarm[] {
  if (!slow.enabled) return [];
  return SLOW_ALARMS.filter((k) => hasReceivers || !isReceiverAlarm(k));
}

/** The alarms the settings create, by kind: what a maintenance window may name. */
export function enabledAlarmKinds(
  categories: Readonly<Record<FailureCategory, ResolvedAlarmOptions>>,
  slow: ResolvedSlowAlarmOptions,
  hasReceivers: boolean,
): ReadonlySet<AlarmKind> {
  return new Set<AlarmKind>([
    ...alarmedCategories(categories, hasReceivers),
    ...alarmedReceiverCategories(categories, hasReceivers).map(receiverSharedAlarm),
    ...enabledSlowAlarms(slow, hasReceivers),
    ...MONITOR_ALARMS,
  ]);
}
