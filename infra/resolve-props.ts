import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { parseConfig } from '../functions/config/schema.js';
import type { FailureCategory } from '../functions/shared/categories.js';
import { DEFAULT_NAMESPACE, isCustomNamespace } from '../functions/shared/metrics.js';
import { alarmNamePrefixFor, alarmNamePrefixProblem } from './alarm-names.js';
import {
  INSIGHTS_MAX_WINDOW_SECONDS,
  type ResolvedAlarmOptions,
  type ResolvedSlowAlarmOptions,
  resolveAlarmOptions,
  resolveSlowAlarm,
} from './alarm-policy.js';
import { chatTargetProblems, type SlackTarget, type TeamsTarget } from './chat-targets.js';
import { alarmedCategories, enabledAlarmKinds } from './enabled-alarms.js';
import { type MaintenanceWindow, maintenanceWindowProblems } from './maintenance-windows.js';
import type {
  NotionMonitorIntegration,
  NotionMonitorProps,
  NotionMonitorReceiver,
} from './notion-monitor-props.js';
import { type ProbeNetwork, resolveNetwork } from './probe-network.js';
import { PropNamer, type PropsSource } from './props-source.js';

/** Props that cannot deploy or run: the message lists every problem found, not just the first. */
export class NotionMonitorPropsError extends Error {
  override readonly name = 'NotionMonitorPropsError';

  constructor(
    where: string,
    source: string | undefined,
    readonly problems: readonly string[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${where}: ${count} in ${source ?? 'the props'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The function's config, in the config file's shape (functions/config/schema.ts); undefined is the default. */
export interface FunctionConfig {
  readonly notionBaseUrl?: string | undefined;
  readonly notionVersion?: string | undefined;
  readonly timeoutMs: number;
  readonly integrations: readonly NotionMonitorIntegration[];
  readonly receivers?: readonly NotionMonitorReceiver[] | undefined;
}

/** Every prop with its default filled, checked. */
export interface ResolvedProps {
  readonly config: FunctionConfig;
  readonly secretIds: readonly string[];
  readonly secretKeys: readonly kms.IKey[];
  readonly schedule: Duration;
  readonly functionTimeout: Duration;
  readonly memorySize: number;
  readonly namespace: string;
  readonly alarmNamePrefix: string;
  readonly alarmEmails: readonly string[];
  readonly alarmTopics: readonly sns.ITopic[];
  readonly alarms: Record<FailureCategory, ResolvedAlarmOptions>;
  readonly slowAlarm: ResolvedSlowAlarmOptions;
  readonly missedRunsToAlarm: number;
  readonly logRetention: logs.RetentionDays;
  readonly reservedConcurrency: number | undefined;
  /** For the KMS key and the log group. */
  readonly removalPolicy: RemovalPolicy;
  /** How long a scheduled run may wait to start: one interval, at most Lambda's 6 hours. */
  readonly maxEventAge: Duration;
  /** VPC, subnets, security groups and the proxy variables. */
  readonly network: ProbeNetwork;
  readonly maintenanceWindows: readonly MaintenanceWindow[];
  readonly slack: SlackTarget | undefined;
  readonly teams: TeamsTarget | undefined;
}

/**
 * Fills every default once and checks everything that would fail a deploy or a run.
 * Throws one {@link NotionMonitorPropsError} listing every problem, named as `source`
 * spells the props.
 */
export function resolveProps(
  props: NotionMonitorProps,
  source?: PropsSource,
  where = 'NotionMonitor',
): ResolvedProps {
  const names = new PropNamer(source);
  const problems: string[] = [];
  const timing = resolveTiming(props, names, problems);
  // The receivers' category alarms exist only when a receiver is configured.
  const hasReceivers = (props.receivers ?? []).length > 0;
  const alarms = resolveAlarms(props, timing.schedule, hasReceivers, names, problems);
  const slow = resolveSlowAlarm(props.slowAlarm, timing.requestTimeout.toMilliseconds({ integral: false }));
  problems.push(...slow.problems);
  problems.push(
    ...maintenanceWindowProblems(
      props.maintenanceWindows ?? [],
      enabledAlarmKinds(alarms.options, slow.options, hasReceivers),
    ),
    ...chatTargetProblems(props.slack, props.teams, alarms.alarmNamePrefix),
  );
  const config = functionConfig(props, timing.requestTimeout, names, problems);
  checkFunctionSettings(props, names, problems);
  const network = resolveNetwork(props, names, problems);
  if (problems.length > 0) throw new NotionMonitorPropsError(where, names.description, problems);
  return {
    config,
    // The verification tokens' secrets join the integrations' in the read policy; nothing else.
    secretIds: [
      ...new Set([
        ...config.integrations.map((i) => i.token.secretId),
        ...(config.receivers ?? []).map((r) => r.verificationToken.secretId),
      ]),
    ],
    secretKeys: props.secretKeys ?? [],
    schedule: timing.schedule,
    functionTimeout: timing.functionTimeout,
    memorySize: props.memorySize ?? 256,
    namespace: alarms.namespace,
    alarmNamePrefix: alarms.alarmNamePrefix,
    alarmEmails: props.alarmEmails ?? [],
    alarmTopics: props.alarmTopics ?? [],
    alarms: alarms.options,
    slowAlarm: slow.options,
    missedRunsToAlarm: alarms.missedRunsToAlarm,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    reservedConcurrency: props.reservedConcurrency,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    // Lambda keeps an async event at most 6 hours; a run older than one interval is stale anyway.
    maxEventAge: Duration.seconds(Math.min(seconds(timing.schedule), 21_600)),
    network,
    maintenanceWindows: props.maintenanceWindows ?? [],
    slack: props.slack,
    teams: props.teams,
  };
}

const seconds = (d: Duration) => d.toSeconds({ integral: false });

interface Timing {
  readonly schedule: Duration;
  readonly functionTimeout: Duration;
  readonly requestTimeout: Duration;
}

/** Schedule, function timeout and request timeout, each checked against the ones before it. */
function resolveTiming(props: NotionMonitorProps, n: PropNamer, problems: string[]): Timing {
  const schedule = props.schedule ?? Duration.minutes(5);
  const s = seconds(schedule);
  const scheduleOk = !Token.isUnresolved(s) && s >= 60 && s % 60 === 0 && s <= 86_400;
  if (!scheduleOk)
    problems.push(`${n.show('schedule', schedule)} must be whole minutes, from 1 minute to 24 hours`);
  const functionTimeout = props.functionTimeout ?? Duration.seconds(s >= 180 ? 120 : Math.max(s - 15, 1));
  const t = seconds(functionTimeout);
  let timeoutOk = Number.isInteger(t) && t >= 1 && t <= 900;
  if (!timeoutOk)
    problems.push(`${n.show('functionTimeout', functionTimeout)} must be whole seconds, from 1 to 900`);
  else if (scheduleOk && t >= s) {
    timeoutOk = false;
    problems.push(
      `${n.show('functionTimeout', functionTimeout)} must be shorter than ${n.show('schedule', schedule)} so runs never overlap`,
    );
  }
  const requestTimeout = props.requestTimeout ?? Duration.seconds(10);
  if (timeoutOk && requestTimeout.toMilliseconds({ integral: false }) + 5_000 > t * 1_000) {
    problems.push(
      `${n.show('requestTimeout', requestTimeout)} must leave at least 5 seconds of ${n.show('functionTimeout', functionTimeout)} for the run's margin`,
    );
  }
  return { schedule, functionTimeout, requestTimeout };
}

interface AlarmSettings {
  readonly namespace: string;
  readonly alarmNamePrefix: string;
  readonly options: Record<FailureCategory, ResolvedAlarmOptions>;
  readonly missedRunsToAlarm: number;
}

/** Namespace, alarm names and alarm windows. */
function resolveAlarms(
  props: NotionMonitorProps,
  schedule: Duration,
  hasReceivers: boolean,
  n: PropNamer,
  problems: string[],
): AlarmSettings {
  const namespace = props.namespace ?? DEFAULT_NAMESPACE;
  if (!isCustomNamespace(namespace))
    problems.push(`${n.show('namespace', namespace)} is not a valid custom CloudWatch namespace`);
  const alarmNamePrefix = props.alarmNamePrefix ?? alarmNamePrefixFor(namespace);
  const prefixProblem = alarmNamePrefixProblem(alarmNamePrefix);
  if (prefixProblem !== undefined) {
    const named = props.alarmNamePrefix === undefined ? `, derived from ${n.name('namespace')},` : '';
    problems.push(`${n.show('alarmNamePrefix', alarmNamePrefix)}${named} ${prefixProblem}`);
  }
  const missedRunsToAlarm = props.missedRunsToAlarm ?? 3;
  if (!Number.isInteger(missedRunsToAlarm) || missedRunsToAlarm < 1)
    problems.push(`${n.show('missedRunsToAlarm', missedRunsToAlarm)} must be a whole number >= 1`);
  const { options, problems: optionProblems } = resolveAlarmOptions(props.alarms);
  problems.push(...optionProblems);
  // CloudWatch rejects alarms that look further back than a day (periods under an hour)
  // or a week: catch it here instead of in the middle of a deploy.
  const s = seconds(schedule);
  const maxWindow = s < 3_600 ? 86_400 : 604_800;
  const categoryAlarms = alarmedCategories(options, hasReceivers).map((c) => [c, options[c]] as const);
  // The category alarms are Metrics Insights alarms: a period of at most 3 hours, and
  // periods × evaluationPeriods within the same 3 hours. A longer schedule is one problem,
  // not one per category (a schedule over a day is reported on its own).
  const insightsPeriodOk = s <= INSIGHTS_MAX_WINDOW_SECONDS;
  if (!insightsPeriodOk && s <= 86_400 && categoryAlarms.length > 0)
    problems.push(
      `${n.show('schedule', schedule)} must be at most 3 hours while a category alarm is enabled: a Metrics Insights alarm evaluates only the last 3 hours`,
    );
  const windows: [string, number, number][] = [
    [n.name('missedRunsToAlarm'), missedRunsToAlarm, maxWindow],
    ...(insightsPeriodOk ? categoryAlarms : []).map(([c, o]): [string, number, number] => [
      `alarms.${c}.evaluationPeriods`,
      o.evaluationPeriods,
      INSIGHTS_MAX_WINDOW_SECONDS,
    ]),
  ];
  for (const [what, periods, limit] of windows) {
    if (periods * s > limit) {
      const insights = limit === INSIGHTS_MAX_WINDOW_SECONDS ? ' for a Metrics Insights alarm' : '';
      problems.push(
        `${what} (${periods}) times ${n.show('schedule', schedule)} looks back further than CloudWatch allows (${limit / 3_600} hours${insights})`,
      );
    }
  }
  return { namespace, alarmNamePrefix, options, missedRunsToAlarm };
}

/** The function's config, checked by the config schema itself. */
function functionConfig(
  props: NotionMonitorProps,
  requestTimeout: Duration,
  n: PropNamer,
  problems: string[],
): FunctionConfig {
  const config: FunctionConfig = {
    notionBaseUrl: props.notionBaseUrl,
    notionVersion: props.notionVersion,
    timeoutMs: requestTimeout.toMilliseconds({ integral: false }),
    integrations: props.integrations,
    ...(props.receivers !== undefined ? { receivers: props.receivers } : {}),
  };
  const parsed = parseConfig(config);
  if (!parsed.ok) {
    // The schema names the request timeout by its config key; the props may not.
    const key = 'timeoutMs';
    problems.push(
      ...parsed.problems.map((p) =>
        p.startsWith(`${key}:`) ? `${n.show('requestTimeout', requestTimeout)}${p.slice(key.length)}` : p,
      ),
    );
  }
  // Typed out of the props, yet possible from a file (or JavaScript); other token mistakes
  // are the schema's to report.
  const envTokens = [
    ...props.integrations.map((integration, i) => [`integrations[${i}].token`, integration.token] as const),
    ...(props.receivers ?? []).map(
      (r, i) => [`receivers[${i}].verificationToken`, r.verificationToken] as const,
    ),
  ];
  for (const [where, token] of envTokens as readonly (readonly [string, unknown])[]) {
    if (typeof token === 'object' && token !== null && 'env' in token) {
      problems.push(
        `${where}: the deployed monitor reads tokens from Secrets Manager only ({ "secretId": ... })`,
      );
    }
  }
  return config;
}

/** Memory, concurrency and email addresses: independent of everything else. */
function checkFunctionSettings(props: NotionMonitorProps, n: PropNamer, problems: string[]): void {
  const memorySize = props.memorySize ?? 256;
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 256)
    problems.push(`${n.show('memorySize', memorySize)} must be 128 to 256 MB (the probe is I/O bound)`);
  const reserved = props.reservedConcurrency;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1))
    problems.push(`${n.show('reservedConcurrency', reserved)} must be a whole number >= 1`);
  if (props.removalPolicy === RemovalPolicy.SNAPSHOT)
    problems.push(
      `${n.name('removalPolicy')} must be RETAIN or DESTROY: a KMS key and a log group have no snapshot`,
    );
  for (const [i, email] of (props.alarmEmails ?? []).entries()) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      problems.push(`${n.name('alarmEmails')}[${i}]: "${email}" is not an email address`);
  }
}
