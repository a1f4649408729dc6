import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  FAILURE_CATEGORIES,
  type FailureCategory,
  REQUEST_CHECK_KINDS,
} from '../functions/shared/categories.js';
import { type AlarmKind, alarmName, type SlowAlarm } from './alarm-names.js';
import type { ResolvedAlarmOptions, ResolvedSlowAlarmOptions } from './alarm-policy.js';
import type { AlarmTopic } from './alarm-topic.js';
import { ContributorAlarm } from './contributor-alarm.js';
import { alarmedCategories } from './enabled-alarms.js';
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
  /** Whether any webhook receiver is configured: the receiver categories' alarms exist only then. */
  readonly hasReceivers: boolean;
  /** Consecutive runs without a heartbeat before "not running" fires. */
  readonly missedRunsToAlarm: number;
}

/**
 * One Metrics Insights contributor alarm per failure category (each failing integration, or
 * for the receiver categories each failing webhook receiver, is its own contributor, with its
 * own ALARM and OK notification), the slow alarms (p90 latency
 * per request kind), and the monitor's alarms about itself: not running, function failed,
 * runs lost. Names are stable and readable; descriptions come from the runbook; every alarm
 * notifies on ALARM and on OK.
 */
export class MonitorAlarms extends Construct {
  readonly byCategory: Readonly<Record<FailureCategory, ContributorAlarm | undefined>>;
  /** `slow-auth`, `slow-target`; empty when the slow alarms are disabled. */
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
    const slow = new Map<SlowAlarm, cloudwatch.Alarm>();
    if (props.slow.enabled) {
      for (const kind of REQUEST_CHECK_KINDS) {
        const alarm = this.alarm(`slow-${kind}`, {
          metric: metrics.checkLatency(kind, 'p90'),
          threshold: props.slow.thresholdMs,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: props.slow.evaluationPeriods,
          datapointsToAlarm: props.slow.datapointsToAlarm,
          // No answer, no latency: a run without requests is not a slow run.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        slow.set(`slow-${kind}`, alarm);
        byKind.set(`slow-${kind}`, alarm);
      }
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
