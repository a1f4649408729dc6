import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { IntegrationFailureCategory, ReceiverFailureCategory } from '../functions/shared/categories.js';
import { AlarmTopic } from './alarm-topic.js';
import { MonitorAlarms } from './monitor-alarms.js';
import { MonitorDashboard } from './monitor-dashboard.js';
import { MonitorMetrics } from './monitor-metrics.js';
import type { NotionMonitorProps } from './notion-monitor-props.js';
import { ProbeFunction } from './probe-function.js';
import { ProbeSchedule } from './probe-schedule.js';
import { propsSourceOf } from './props-source.js';
import { ReceiverAlarms } from './receiver-alarms.js';
import { type ResolvedProps, resolveProps } from './resolve-props.js';

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
 * Secrets Manager, one alarm per failure category (each carrying its runbook), "not
 * running", "function failed" and "lost runs" alarms, an encrypted SNS topic and a
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
  /** One alarm per failure category; undefined where the category's alarm is disabled. */
  readonly categoryAlarms: Readonly<Record<IntegrationFailureCategory, cloudwatch.Alarm | undefined>>;
  /**
   * One Metrics Insights alarm per receiver category (a contributor per failing receiver);
   * undefined where disabled or when no receiver is configured.
   */
  readonly receiverAlarms: Readonly<Record<ReceiverFailureCategory, cloudwatch.CfnAlarm | undefined>>;
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

    new ProbeSchedule(this, 'Schedule', {
      function: probe.function,
      rate: resolved.schedule,
      maxEventAge: resolved.maxEventAge,
      deadLetterQueue: probe.deadLetterQueue,
    });

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
      missedRunsToAlarm: resolved.missedRunsToAlarm,
    });
    this.categoryAlarms = alarms.byCategory;
    this.notRunningAlarm = alarms.notRunning;
    this.functionErrorsAlarm = alarms.functionFailed;
    this.lostRunsAlarm = alarms.lostRuns;

    const receivers = this.receiverAlarmsOf(resolved, topic);
    this.receiverAlarms = receivers?.byCategory ?? NO_RECEIVER_ALARMS;
    const all = [...alarms.all, ...(receivers?.all ?? [])];
    const dashboard = new MonitorDashboard(this, 'Dashboard', { metrics: this.metrics, alarms: all });
    this.dashboard = dashboard.dashboard;
    this.dashboardUrl = dashboard.url;
  }

  /** The receivers' alarms, only when the config lists a receiver. */
  private receiverAlarmsOf(resolved: ResolvedProps, topic: AlarmTopic): ReceiverAlarms | undefined {
    if ((resolved.config.receivers ?? []).length === 0) return undefined;
    return new ReceiverAlarms(this, 'ReceiverAlarms', {
      namespace: resolved.namespace,
      period: resolved.schedule,
      topics: topic.targets,
      namePrefix: resolved.alarmNamePrefix,
      categories: resolved.alarms,
    });
  }
}

const NO_RECEIVER_ALARMS = {
  receiver_rejected: undefined,
  receiver_insecure: undefined,
  receiver_error: undefined,
};
