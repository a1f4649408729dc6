import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';
import {
  type AlarmKind,
  alarmName,
  latencyKindOf,
  type ReceiverSharedCategory,
  receiverSharedAlarm,
  type SlowAlarm,
} from './alarm-names.js';
import type { ResolvedAlarmOptions, ResolvedSlowAlarmOptions } from './alarm-policy.js';
import type { AlarmTopic } from './alarm-topic.js';
import { ContributorAlarm } from './contributor-alarm.js';
import { alarmedCategories, alarmedReceiverCategories, enabledSlowAlarms } from './enabled-alarms.js';
import type { MonitorMetrics } from './monitor-metrics.js';
import { alarmDescription } from './runbook.js';

/** Props of {@link MonitorAlarms}. */
export interface MonitorAlarmsProps {
  readonly metrics: MonitorMetrics;
  readonly topic: AlarmTopic;
  /** Alarm names are `<prefix>-<kind>`. */
  readonly namePrefix: string;
  readonly categories: Record<FailureCategory, ResolvedAlarmOptions>;
  readonly slow: ResolvedSlowAlarmOptions;
  /** Whether any webhook receiver is configured: the receivers' alarms (and `slow-receiver`) exist only then. */
  readonly hasReceivers: boolean;
  /** Consecutive runs without a heartbeat before "not running" fires. */
  readonly missedRunsToAlarm: number;
}

/**
 * One Metrics Insights contributor alarm per failure category (each failing integration, or
 * for the receiver categories each failing webhook receiver, is its own contributor, with its
 * own ALARM and OK notification), with receivers one more per shared category a receiver can
 * end in (`receiver-network`, ...), the slow alarms (p90 latency per request kind, and of
 * receiver events), and the monitor's alarms about itself: not running, function failed,
 * runs lost. Names are stable and readable; descriptions come from the runbook; every alarm
 * notifies on ALARM and on OK.
 */
export class MonitorAlarms extends Construct {
  readonly byCategory: Readonly<Record<FailureCategory, ContributorAlarm | undefined>>;
  /**
   * `receiver-network`, ...: the shared categories' alarms over `ReceiverFailures`, one per
   * shared category a receiver can end in; empty without receivers.
   */
  readonly byReceiverCategory: ReadonlyMap<ReceiverSharedCategory, ContributorAlarm>;
  /** `slow-auth`, `slow-target`, and `slow-receiver` with receivers; empty when the slow alarms are disabled. */
  readonly slow: ReadonlyMap<SlowAlarm, cloudwatch.Alarm>;
  /** Heartbeat missing: the probe did not run. */
  readonly notRunning: cloudwatch.Alarm;
  /** The function itself failed (errors, including a failed metrics publish). */
  readonly functionFailed: cloudwatch.Alarm;
  /** Runs lost: not delivered by the scheduler, dropped after one interval, or failed. */
  readonly lostRuns: cloudwatch.Alarm;
  /** Every alarm created, by kind, categories first. */
  readonly byKind: ReadonlyMap<AlarmKind, cloudwatch.IAlarm>;
  /** Every alarm created, categories first. */
  readonly all: readonly cloudwatch.IAlarm[];
  /** The categories with an alarm (enabled; receiver ones only with receivers), each with its policy. */
  readonly alarmed: ReadonlyMap<FailureCategory, ResolvedAlarmOptions>;
  /** Whether webhook receivers are configured (their latency is drawn even with the slow alarms off). */
  readonly hasReceivers: boolean;
  /** The shared categories with a receiver alarm, each with its category's policy. */
  readonly alarmedForReceivers: ReadonlyMap<ReceiverSharedCategory, ResolvedAlarmOptions>;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MonitorAlarmsProps,
  ) {
    super(scope, id);
    const { metrics } = props;
    const byKind = new Map<AlarmKind, cloudwatch.IAlarm>();
    const byCategory = Object.fromEntries(FAILURE_CATEGORIES.map((c) => [c, undefined])) as Record<
      FailureCategory,
      ContributorAlarm | undefined
    >;
    this.alarmed = new Map(
      alarmedCategories(props.categories, props.hasReceivers).map((c) => [c, props.categories[c]]),
    );
    for (const [category, policy] of this.alarmed) {
      const alarm = this.categoryAlarm(category, policy);
      byCategory[category] = alarm;
      byKind.set(category, alarm);
    }
    this.byCategory = byCategory;
    this.hasReceivers = props.hasReceivers;
    this.alarmedForReceivers = new Map(
      alarmedReceiverCategories(props.categories, props.hasReceivers).map((c) => [c, props.categories[c]]),
    );
    const byReceiverCategory = new Map<ReceiverSharedCategory, ContributorAlarm>();
    for (const [category, policy] of this.alarmedForReceivers) {
      const alarm = this.receiverSharedAlarm(category, policy);
      byReceiverCategory.set(category, alarm);
      byKind.set(receiverSharedAlarm(category), alarm);
    }
    this.byReceiverCategory = byReceiverCategory;
    const slow = new Map<SlowAlarm, cloudwatch.Alarm>();
    for (const kind of enabledSlowAlarms(props.slow, props.hasReceivers)) {
      const alarm = this.slowAlarm(kind);
      slow.set(kind, alarm);
      byKind.set(kind, alarm);
    }
    this.slow = slow;
    this.notRunning = this.alarm('not-running', {
      metric: metrics.heartbeat(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: props.missedRunsToAlarm,
      datapointsToAlarm: props.missedRunsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.functionFailed = this.alarm('function-failed', atLeastOnce(metrics.functionErrors()));
    this.lostRuns = this.alarm('lost-runs', atLeastOnce(metrics.lostRuns()));
    byKind.set('not-running', this.notRunning);
    byKind.set('function-failed', this.functionFailed);
    byKind.set('lost-runs', this.lostRuns);
    this.byKind = byKind;
    this.all = [...byKind.values()];
  }

  /**
   * The category's contributor alarm, at the path (and so the logical id) its single-metric
   * predecessor had: CloudFormation updates it in place instead of creating a second alarm
   * with the same name. The Failures{Category} metric is still published and drawn, no
   * longer alarmed: one alarm pages per failing integration, not one per category as well.
   */
  private categoryAlarm(category: FailureCategory, o: ResolvedAlarmOptions): ContributorAlarm {
    const { metrics, topic, namePrefix } = this.props;
    return topic.notify(
      new ContributorAlarm(this, category, {
        alarmName: alarmName(namePrefix, category),
        alarmDescription: alarmDescription(category),
        query: metrics.failuresQuery(category, o),
        period: metrics.period,
        // Each series is 1 while its integration (or receiver) fails in this category.
        threshold: 1,
        evaluationPeriods: o.evaluationPeriods,
        datapointsToAlarm: o.datapointsToAlarm,
      }),
    );
  }

  /**
   * A shared category's alarm for webhook receivers (`receiver-network`): that category's
   * policy and grouping rule over `ReceiverFailures`, by Receiver (and Reason when one run
   * pages). Its own alarm, because the category's alarm reads `IntegrationFailures` and a
   * Metrics Insights query selects one metric.
   */
  private receiverSharedAlarm(category: ReceiverSharedCategory, o: ResolvedAlarmOptions): ContributorAlarm {
    const { metrics, topic, namePrefix } = this.props;
    const kind = receiverSharedAlarm(category);
    return topic.notify(
      new ContributorAlarm(this, kind, {
        alarmName: alarmName(namePrefix, kind),
        alarmDescription: alarmDescription(kind),
        query: metrics.failuresQuery(category, o, 'receiver'),
        period: metrics.period,
        threshold: 1,
        evaluationPeriods: o.evaluationPeriods,
        datapointsToAlarm: o.datapointsToAlarm,
      }),
    );
  }

  /** `CheckLatency` p90 of one kind above the threshold. */
  private slowAlarm(kind: SlowAlarm): cloudwatch.Alarm {
    const { metrics, slow } = this.props;
    return this.alarm(kind, {
      metric: metrics.checkLatency(latencyKindOf(kind), 'p90'),
      threshold: slow.thresholdMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: slow.evaluationPeriods,
      datapointsToAlarm: slow.datapointsToAlarm,
      // No answer, no latency: a run without requests is not a slow run.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private alarm(kind: AlarmKind, props: Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>) {
    return this.props.topic.notify(
      new cloudwatch.Alarm(this, kind, {
        ...props,
        alarmName: alarmName(this.props.namePrefix, kind),
        alarmDescription: alarmDescription(kind),
      }),
    );
  }
}

/** Any occurrence in a run raises the alarm; none (no data) is fine. */
function atLeastOnce(metric: cloudwatch.IMetric): Omit<cloudwatch.AlarmProps, 'alarmName'> {
  return {
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
}
