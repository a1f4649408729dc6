import {
  FAILURE_CATEGORIES,
  type FailureCategory,
  isReceiverCategory,
  REQUEST_CHECK_KINDS,
  type RequestCheckKind,
} from '../functions/shared/categories.js';
import {
  RECEIVER_LATENCY_KIND,
  RECEIVER_SHARED_CATEGORIES,
  type ReceiverSharedCategory,
} from '../functions/shared/receivers.js';

/** The monitor's alarms about itself, beside one per failure category. */
export const MONITOR_ALARMS = ['not-running', 'function-failed', 'lost-runs'] as const;
export type MonitorAlarm = (typeof MONITOR_ALARMS)[number];

/** A `CheckLatency` CheckKind with a slow alarm: each request kind, and a receiver's events. */
export type LatencyKind = RequestCheckKind | typeof RECEIVER_LATENCY_KIND;

/** The slow alarms: `CheckLatency` p90 of one kind (`slow-auth`, `slow-target`, `slow-receiver`). */
export type SlowAlarm = `slow-${LatencyKind}`;
const LATENCY_KINDS: readonly LatencyKind[] = [...REQUEST_CHECK_KINDS, RECEIVER_LATENCY_KIND];
export const SLOW_ALARMS: readonly SlowAlarm[] = LATENCY_KINDS.map((k): SlowAlarm => `slow-${k}`);

// The shared categories a receiver can end in are vocabulary (functions/shared/receivers.ts).
export { RECEIVER_SHARED_CATEGORIES, type ReceiverSharedCategory };

/** A shared category's alarm for webhook receivers: `receiver-network`, ... */
export type ReceiverSharedAlarm = `receiver-${ReceiverSharedCategory}`;
export const RECEIVER_SHARED_ALARMS: readonly ReceiverSharedAlarm[] = RECEIVER_SHARED_CATEGORIES.map(
  (c): ReceiverSharedAlarm => `receiver-${c}`,
);

/** `receiver-network` for `network`. */
export function receiverSharedAlarm(category: ReceiverSharedCategory): ReceiverSharedAlarm {
  return `receiver-${category}`;
}

/** Everything the monitor alarms on: a failure category, slowness, or one of its own alarms. */
export type AlarmKind = FailureCategory | ReceiverSharedAlarm | SlowAlarm | MonitorAlarm;
export const ALARM_KINDS: readonly AlarmKind[] = [
  ...FAILURE_CATEGORIES,
  ...RECEIVER_SHARED_ALARMS,
  ...SLOW_ALARMS,
  ...MONITOR_ALARMS,
];

/** Whether `kind` is a failure category's (contributor) alarm. */
export function isCategoryAlarm(kind: AlarmKind): kind is FailureCategory {
  return (FAILURE_CATEGORIES as readonly string[]).includes(kind);
}

/** Whether `kind` is a shared category's receiver alarm (`receiver-network`, ...). */
export function isReceiverSharedAlarm(kind: AlarmKind): kind is ReceiverSharedAlarm {
  return (RECEIVER_SHARED_ALARMS as readonly string[]).includes(kind);
}

/** The category a receiver alarm watches: `network` for `receiver-network`. */
export function receiverSharedCategoryOf(kind: ReceiverSharedAlarm): ReceiverSharedCategory {
  return kind.slice('receiver-'.length) as ReceiverSharedCategory;
}

/** Whether `kind` exists only when receivers are configured: a receiver category, a shared category's receiver alarm, `slow-receiver`. */
export function isReceiverAlarm(kind: AlarmKind): boolean {
  return isReceiverCategory(kind) || isReceiverSharedAlarm(kind) || kind === `slow-${RECEIVER_LATENCY_KIND}`;
}

/** The CheckKind a slow alarm watches: `receiver` for `slow-receiver`. */
export function latencyKindOf(kind: SlowAlarm): LatencyKind {
  return kind.slice('slow-'.length) as LatencyKind;
}

/** Whether `kind` is a slow alarm. */
export function isSlowAlarm(kind: AlarmKind): kind is SlowAlarm {
  return (SLOW_ALARMS as readonly string[]).includes(kind);
}

/** CloudWatch's limit on an alarm name. */
const MAX_ALARM_NAME = 255;
const LONGEST_KIND = Math.max(...ALARM_KINDS.map((k) => k.length));
/** The longest prefix that still leaves room for `-` and every alarm kind. */
export const MAX_ALARM_NAME_PREFIX = MAX_ALARM_NAME - 1 - LONGEST_KIND;

/** Characters kept in an alarm name: readable in emails and consoles, safe in an ARN. */
const ALARM_NAME_PREFIX = /^[A-Za-z0-9_.-]+$/;

/** `NotionMonitor/prod` gives `NotionMonitor-prod`. */
export function alarmNamePrefixFor(namespace: string): string {
  return namespace.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'NotionMonitor';
}

/** Why a prefix cannot start alarm names, or undefined when it can. */
export function alarmNamePrefixProblem(prefix: string): string | undefined {
  if (!ALARM_NAME_PREFIX.test(prefix)) return 'may hold only letters, digits, "_", "." and "-"';
  if (prefix.length > MAX_ALARM_NAME_PREFIX)
    return `is longer than ${MAX_ALARM_NAME_PREFIX} characters, too long for CloudWatch alarm names`;
  return undefined;
}

/** `NotionMonitor-prod-auth`, `NotionMonitor-prod-not-running`. */
export function alarmName(prefix: string, kind: AlarmKind): string {
  return `${prefix}-${kind}`;
}
