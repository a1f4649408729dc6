import {
  FAILURE_CATEGORIES,
  type FailureCategory,
  REQUEST_CHECK_KINDS,
  type RequestCheckKind,
} from '../functions/shared/categories.js';

/** The monitor's alarms about itself, beside one per failure category. */
export const MONITOR_ALARMS = ['not-running', 'function-failed', 'lost-runs'] as const;
export type MonitorAlarm = (typeof MONITOR_ALARMS)[number];

/** The slow alarms: `CheckLatency` p90 of one request check kind (`slow-auth`, `slow-target`). */
export type SlowAlarm = `slow-${RequestCheckKind}`;
export const SLOW_ALARMS: readonly SlowAlarm[] = REQUEST_CHECK_KINDS.map((k): SlowAlarm => `slow-${k}`);

/** Everything the monitor alarms on: a failure category, slowness, or one of its own alarms. */
export type AlarmKind = FailureCategory | SlowAlarm | MonitorAlarm;
export const ALARM_KINDS: readonly AlarmKind[] = [...FAILURE_CATEGORIES, ...SLOW_ALARMS, ...MONITOR_ALARMS];

/** Whether `kind` is a failure category's (contributor) alarm. */
export function isCategoryAlarm(kind: AlarmKind): kind is FailureCategory {
  return (FAILURE_CATEGORIES as readonly string[]).includes(kind);
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
