import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  type FailureCategory,
  INTEGRATION_FAILURE_CATEGORIES,
  type IntegrationFailureCategory,
} from '../functions/shared/categories.js';
import { type AlarmKind, alarmName } from './alarm-names.js';
import type { ResolvedAlarmOptions } from './alarm-policy.js';
import type { AlarmTopic } from './alarm-topic.js';
import type { MonitorMetrics } from './monitor-metrics.js';
import { alarmDescription } from './runbook.js';

/** Props of {@link MonitorAlarms}. */
export interface MonitorAlarmsProps {
  readonly metrics: MonitorMetrics;
  readonly topic: AlarmTopic;
  /** Alarm names are `<prefix>-<kind>`. */
  readonly namePrefix: string;
  readonly categories: Record<FailureCategory, ResolvedAlarmOptions>;
  /** Consecutive runs without a heartbeat before "not running" fires. */
  readonly missedRunsToAlarm: number;
}

/**
 * One alarm per integration failure category (the receivers' categories alarm per receiver,
 * in receiver-alarms.ts), and the monitor's alarms about itself: not running,
 * function failed, runs lost. Names are stable and readable; descriptions come from the
 * runbook; every alarm notifies on ALARM and on OK.
 */
export class MonitorAlarms extends Construct {
  /** The integrations' categories; the receivers' have their own alarms (receiver-alarms.ts). */
  readonly byCategory: Readonly<Record<IntegrationFailureCategory, cloudwatch.Alarm | undefined>>;
  /** Heartbeat missing: the probe did not run. */
  readonly notRunning: cloudwatch.Alarm;
  /** The function itself failed (errors, including a failed metrics publish). */
  readonly functionFailed: cloudwatch.Alarm;
  /** Runs lost: not delivered by the scheduler, dropped after one interval, or failed. */
  readonly lostRuns: cloudwatch.Alarm;
  /** Every alarm created, categories first. */
  readonly all: readonly cloudwatch.Alarm[];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MonitorAlarmsProps,
  ) {
    super(scope, id);
    const { metrics } = props;
    const byCategory = {} as Record<IntegrationFailureCategory, cloudwatch.Alarm | undefined>;
    for (const category of INTEGRATION_FAILURE_CATEGORIES) {
      const o = props.categories[category];
      byCategory[category] = o.enabled
        ? this.alarm(category, {
            metric: metrics.failures(category),
            threshold: o.threshold,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluationPeriods: o.evaluationPeriods,
            datapointsToAlarm: o.datapointsToAlarm,
            // Failure metrics are published only when not zero: no data means no failure.
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          })
        : undefined;
    }
    this.byCategory = byCategory;
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
    this.all = [
      ...Object.values(byCategory).filter((a): a is cloudwatch.Alarm => a !== undefined),
      this.notRunning,
      this.functionFailed,
      this.lostRuns,
    ];
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
