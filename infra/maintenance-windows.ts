import { Duration, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  ALARM_KINDS,
  type AlarmKind,
  RECEIVER_SHARED_CATEGORIES,
  receiverSharedAlarm,
  SLOW_ALARMS,
} from './alarm-names.js';
import { TRANSIENT_CATEGORIES } from './alarm-policy.js';

/** A recurring or one-time window in which some alarms keep evaluating but send nothing. */
export interface MaintenanceWindow {
  /** Names the mute rule (`<alarm name prefix>-<name>`): letters, digits, `_`, `.`, `-`. */
  readonly name: string;
  /** `cron(Minutes Hours Day-of-month Month Day-of-week)` (5 fields) or `at(yyyy-mm-ddThh:mm)`. */
  readonly schedule: string;
  /** How long each window lasts, from 1 minute to 15 days (`Duration.hours(2)`; `"PT2H"` in a stage file). */
  readonly duration: Duration;
  /**
   * The IANA time zone of `schedule`.
   * @default UTC
   */
  readonly timeZone?: string;
  /**
   * The alarms muted, by kind (`rate_limited`, `receiver-network`, `slow-auth`, `not-running`,
   * ...). A deterministic category (`config`, `auth`, `proxy_auth`, `forbidden`, `not_found`,
   * `receiver_rejected`, `receiver_insecure`, `receiver-config`) is muted only when listed
   * here: a wrong token stays wrong through any maintenance.
   * @default the transient categories (secret_unavailable, not_notion, rate_limited, timeout, network, server_error, receiver_error), their receiver alarms (receiver-secret_unavailable, receiver-timeout, receiver-network) and the slow alarms
   */
  readonly alarms?: readonly AlarmKind[];
}

/** What a window mutes when it does not say: a receiver alarm by the same rule as its category. */
export const DEFAULT_MUTED: readonly AlarmKind[] = [
  ...TRANSIENT_CATEGORIES,
  ...RECEIVER_SHARED_CATEGORIES.filter((c) => TRANSIENT_CATEGORIES.includes(c)).map(receiverSharedAlarm),
  ...SLOW_ALARMS,
];

/** AlarmMuteRule's own limit on targets per rule. */
const MAX_ALARMS_PER_RULE = 100;
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+\)$/;
const AT = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\)$/;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Every problem in the windows, each named `maintenanceWindows[i].field`. `enabled` says
 * which alarms exist: muting a disabled one is a mistake worth reporting.
 */
export function maintenanceWindowProblems(
  windows: readonly MaintenanceWindow[],
  enabled: ReadonlySet<AlarmKind>,
  key = 'maintenanceWindows',
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, w] of windows.entries()) {
    const at = `${key}[${i}]`;
    if (typeof w.name !== 'string' || !NAME.test(w.name))
      problems.push(`${at}.name must be 1 to 64 letters, digits, "_", "." or "-"`);
    else if (seen.has(w.name)) problems.push(`${at}.name "${w.name}" is used by another window`);
    else seen.add(w.name);
    if (typeof w.schedule !== 'string' || !(CRON.test(w.schedule) || AT.test(w.schedule)))
      problems.push(
        `${at}.schedule must be cron(Minutes Hours Day-of-month Month Day-of-week) or at(yyyy-mm-ddThh:mm)`,
      );
    const minutes =
      w.duration instanceof Duration ? w.duration.toSeconds({ integral: false }) / 60 : Number.NaN;
    if (!(minutes >= 1 && minutes <= 15 * 24 * 60))
      problems.push(`${at}.duration must be from 1 minute to 15 days (PT1M to P15D)`);
    if (w.timeZone !== undefined && !isTimeZone(w.timeZone))
      problems.push(`${at}.timeZone "${w.timeZone}" is not an IANA time zone`);
    const alarms = w.alarms ?? DEFAULT_MUTED;
    if (alarms.length === 0) problems.push(`${at}.alarms must list at least one alarm`);
    for (const kind of alarms) {
      if (!(ALARM_KINDS as readonly string[]).includes(kind))
        problems.push(`${at}.alarms: "${kind}" is not an alarm; use one of ${ALARM_KINDS.join(', ')}`);
      else if (w.alarms !== undefined && !enabled.has(kind))
        problems.push(`${at}.alarms: the ${kind} alarm is disabled`);
    }
    if (alarms.length > MAX_ALARMS_PER_RULE)
      problems.push(`${at}.alarms: a mute rule takes at most ${MAX_ALARMS_PER_RULE} alarms`);
  }
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Props of {@link MaintenanceWindows}. */
export interface MaintenanceWindowsProps {
  readonly windows: readonly MaintenanceWindow[];
  /** Each existing alarm by kind; a default window mutes only those that exist. */
  readonly alarms: ReadonlyMap<AlarmKind, cloudwatch.IAlarm>;
  /** Rule names are `<prefix>-<window name>`, unique per account and Region like the alarms'. */
  readonly namePrefix: string;
}

/** One `AWS::CloudWatch::AlarmMuteRule` per window (checked before by {@link maintenanceWindowProblems}). */
export class MaintenanceWindows extends Construct {
  readonly rules: readonly cloudwatch.AlarmMuteRule[];

  constructor(scope: Construct, id: string, { windows, alarms, namePrefix }: MaintenanceWindowsProps) {
    super(scope, id);
    this.rules = windows.map((w) => {
      const targets = (w.alarms ?? DEFAULT_MUTED).flatMap((kind) => {
        const alarm = alarms.get(kind);
        return alarm ? [alarm] : [];
      });
      const timeZone = w.timeZone === undefined ? undefined : TimeZone.of(w.timeZone);
      return new cloudwatch.AlarmMuteRule(this, w.name, {
        alarmMuteRuleName: `${namePrefix}-${w.name}`,
        description: `Notion monitor maintenance window ${w.name}: mutes ${(w.alarms ?? DEFAULT_MUTED).join(', ')}`,
        schedule: cloudwatch.ScheduleExpression.expression(w.schedule, timeZone),
        duration: w.duration,
        alarms: targets,
      });
    });
  }
}
