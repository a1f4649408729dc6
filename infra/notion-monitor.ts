import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';
import type { ReceiverSharedCategory, SlowAlarm } from './alarm-names.js';
import { AlarmTopic } from './alarm-topic.js';
import { ChatTargets } from './chat-targets.js';
import type { ContributorAlarm } from './contributor-alarm.js';
import { integrationHealthPattern } from './health-change-rule.js';
import { MaintenanceWindows } from './maintenance-windows.js';
import { MonitorAlarms } from './monitor-alarms.js';
import { MonitorDashboard } from './monitor-dashboard.js';
import { MonitorMetrics } from './monitor-metrics.js';
import type { NotionMonitorProps } from './notion-monitor-props.js';
import { ProbeFunction } from './probe-function.js';
import { ProbeSchedule } from './probe-schedule.js';
import { propsSourceOf } from './props-source.js';
import { type ResolvedProps, resolveProps } from './resolve-props.js';
import { SecretChangeRule } from './secret-change-rule.js';

export type {
  NotionMonitorIntegration,
  NotionMonitorProps,
  NotionMonitorReceiver,
  NotionMonitorSecretToken,
  NotionMonitorTarget,
} from './notion-monitor-props.js';
export { NotionMonitorPropsError } from './resolve-props.js';

/**
 * The whole monitor: a scheduled probe function reading the tokens production uses from
 * Secrets Manager, one Metrics Insights contributor alarm per failure category (each
 * failing integration notifies on its own, with its reason and the category's runbook),
 * slow alarms, "not running", "function failed" and "lost runs" alarms, an encrypted SNS
 * topic (optionally forwarded to Slack and Teams), optional maintenance windows, and a
 * dashboard. Invalid props fail the synth with every problem listed at once
 * ({@link NotionMonitorPropsError}).
 */
export class NotionMonitor extends Construct {
  /** The probe function; invoke it from the console for an on-demand diagnosis. */
  readonly function: nodejs.NodejsFunction;
  /** Receives every alarm and OK notification. */
  readonly topic: sns.Topic;
  /** Every metric the alarms and the dashboard use. */
  readonly metrics: MonitorMetrics;
  /**
   * One contributor alarm per failure category; undefined where the category's alarm is
   * disabled, and for the receiver categories when no receiver is configured.
   */
  readonly categoryAlarms: Readonly<Record<FailureCategory, ContributorAlarm | undefined>>;
  /**
   * With receivers, one contributor alarm over `ReceiverFailures` per shared category a
   * receiver can end in (`receiver-config`, `receiver-secret_unavailable`, `receiver-timeout`,
   * `receiver-network`), unless that category's alarm is disabled; empty without receivers.
   */
  readonly receiverCategoryAlarms: ReadonlyMap<ReceiverSharedCategory, ContributorAlarm>;
  /** CheckLatency p90 per request kind (and of receiver events, with receivers); empty when disabled. */
  readonly slowAlarms: ReadonlyMap<SlowAlarm, cloudwatch.Alarm>;
  /** One mute rule per maintenance window. */
  readonly maintenanceWindows: readonly cloudwatch.AlarmMuteRule[];
  /** The Slack and Teams channel configurations, when asked for. */
  readonly chat: ChatTargets | undefined;
  /** Heartbeat missing: the probe did not run. */
  readonly notRunningAlarm: cloudwatch.Alarm;
  /** The function itself failed (errors, including a failed metrics publish). */
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  /** Runs lost: not delivered by the scheduler, dropped after one interval, or failed. */
  readonly lostRunsAlarm: cloudwatch.Alarm;
  /** Scheduled invocations that could not be delivered, were dropped, or failed. */
  readonly deadLetterQueue: sqs.Queue;
  readonly dashboard: cloudwatch.Dashboard;
  /** The dashboard in the CloudWatch console. */
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: NotionMonitorProps) {
    super(scope, id);
    const resolved = resolveProps(props, propsSourceOf(this), this.node.path);
    const probe = new ProbeFunction(this, 'Probe', {
      config: resolved.config,
      secretIds: resolved.secretIds,
      secretKeys: resolved.secretKeys,
      namespace: resolved.namespace,
      memorySize: resolved.memorySize,
      timeout: resolved.functionTimeout,
      reservedConcurrency: resolved.reservedConcurrency,
      logRetention: resolved.logRetention,
      removalPolicy: resolved.removalPolicy,
      maxEventAge: resolved.maxEventAge,
      network: resolved.network,
    });
    this.function = probe.function;
    this.deadLetterQueue = probe.deadLetterQueue;
    runTriggers(this, probe, resolved);
    const topic = new AlarmTopic(this, 'Notifications', {
      emails: resolved.alarmEmails,
      extraTopics: resolved.alarmTopics,
      alarmNamePrefix: resolved.alarmNamePrefix,
      removalPolicy: resolved.removalPolicy,
    });
    this.topic = topic.topic;
    this.metrics = new MonitorMetrics({
      namespace: resolved.namespace,
      period: resolved.schedule,
      function: probe.function,
      deadLetterQueue: probe.deadLetterQueue,
    });
    const alarms = new MonitorAlarms(this, 'Alarms', {
      metrics: this.metrics,
      topic,
      namePrefix: resolved.alarmNamePrefix,
      categories: resolved.alarms,
      slow: resolved.slowAlarm,
      hasReceivers: (resolved.config.receivers ?? []).length > 0,
      missedRunsToAlarm: resolved.missedRunsToAlarm,
    });
    this.categoryAlarms = alarms.byCategory;
    this.receiverCategoryAlarms = alarms.byReceiverCategory;
    this.slowAlarms = alarms.slow;
    const routing = alertRouting(this, resolved, alarms, topic);
    this.maintenanceWindows = routing.maintenanceWindows;
    this.chat = routing.chat;
    this.notRunningAlarm = alarms.notRunning;
    this.functionErrorsAlarm = alarms.functionFailed;
    this.lostRunsAlarm = alarms.lostRuns;
    const dashboard = dashboardOf(this, this.metrics, alarms);
    this.dashboard = dashboard.dashboard;
    this.dashboardUrl = dashboard.url;
  }

  /**
   * An EventBridge rule on the state changes of this monitor's category alarms and of each
   * of their contributors (one per failing integration, or webhook receiver, and reason),
   * sent to `target`: pause a sync or an event source mapping when an integration breaks,
   * resume it when it recovers. A contributor event carries
   * `detail.alarmContributor.attributes.Integration` (for the receiver categories
   * `receiver_rejected`, `receiver_insecure`, `receiver_error` and the receiver alarms of the
   * shared ones, `receiver-network`, ...: `.Receiver` instead) and `.Reason`, and
   * `detail.state.value` (`ALARM` or `OK`); the alarm-level event
   * (`CloudWatch Alarm State Change`) says how many contributors are in ALARM.
   */
  onIntegrationHealthChange(id: string, target: events.IRuleTarget): events.Rule {
    const alarms = [
      ...FAILURE_CATEGORIES.flatMap((c) => {
        const alarm = this.categoryAlarms[c];
        return alarm ? [alarm] : [];
      }),
      ...this.receiverCategoryAlarms.values(),
    ];
    // EventBridge refuses an empty `resources` list; a rule on nothing would never fire.
    if (alarms.length === 0)
      throw new Error(
        `onIntegrationHealthChange('${id}'): every category alarm is disabled (alarms.<category>.enabled: false), so there is no health change to follow; enable at least one.`,
      );
    return new events.Rule(this, id, {
      description:
        'Notion integration and webhook receiver health changes (category alarms and their contributors)',
      eventPattern: integrationHealthPattern(alarms),
      targets: [target],
    });
  }
}

/** What starts a run: the schedule, and a write to a monitored secret. */
function runTriggers(scope: Construct, probe: ProbeFunction, resolved: ResolvedProps): void {
  new ProbeSchedule(scope, 'Schedule', {
    function: probe.function,
    rate: resolved.schedule,
    maxEventAge: resolved.maxEventAge,
    deadLetterQueue: probe.deadLetterQueue,
  });
  // Issue 13: a write to a monitored secret probes its integrations (and receivers) at once.
  new SecretChangeRule(scope, 'SecretChange', { function: probe.function, secretIds: resolved.secretIds });
}

/** Maintenance windows and chat channels: only what the props ask for. */
function alertRouting(
  scope: Construct,
  resolved: ResolvedProps,
  alarms: MonitorAlarms,
  topic: AlarmTopic,
): { maintenanceWindows: readonly cloudwatch.AlarmMuteRule[]; chat: ChatTargets | undefined } {
  const maintenanceWindows =
    resolved.maintenanceWindows.length > 0
      ? new MaintenanceWindows(scope, 'MaintenanceWindows', {
          windows: resolved.maintenanceWindows,
          alarms: alarms.byKind,
          namePrefix: resolved.alarmNamePrefix,
        }).rules
      : [];
  const chat =
    resolved.slack !== undefined || resolved.teams !== undefined
      ? new ChatTargets(scope, 'Chat', {
          topic: topic.topic,
          namePrefix: resolved.alarmNamePrefix,
          slack: resolved.slack,
          teams: resolved.teams,
        })
      : undefined;
  return { maintenanceWindows, chat };
}

/** The dashboard: every alarm's state, and each category alarm's own query beside the metrics. */
function dashboardOf(scope: Construct, metrics: MonitorMetrics, alarms: MonitorAlarms): MonitorDashboard {
  return new MonitorDashboard(scope, 'Dashboard', {
    metrics,
    alarms: alarms.all,
    alarmedCategories: alarms.alarmed,
    alarmedForReceivers: alarms.alarmedForReceivers,
    hasReceivers: alarms.hasReceivers,
  });
}
