import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  type FailureCategory,
  RECEIVER_CATEGORIES,
  type ReceiverFailureCategory,
} from '../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../functions/shared/metrics.js';
import { alarmName } from './alarm-names.js';
import type { ResolvedAlarmOptions } from './alarm-policy.js';
import { alarmDescription } from './runbook.js';

/** Metrics Insights alarms look back at most 3 hours (periods × period). */
export const MAX_INSIGHTS_WINDOW_SECONDS = 10_800;

/** Props of {@link ReceiverAlarms}. */
export interface ReceiverAlarmsProps {
  readonly namespace: string;
  /** One run: the schedule. */
  readonly period: Duration;
  /** Alarm and OK notifications go here (the alarm topic and any extra topics). */
  readonly topics: readonly sns.ITopic[];
  /** Alarm names are `<prefix>-<category>`. */
  readonly namePrefix: string;
  /** The receiver categories' entries are used: evaluationPeriods, datapointsToAlarm, enabled. */
  readonly categories: Readonly<Record<FailureCategory, ResolvedAlarmOptions>>;
}

/** The Metrics Insights query of one receiver category's alarm: one contributor per (Receiver, Reason). */
export function receiverAlarmQuery(namespace: string, category: ReceiverFailureCategory): string {
  const { receiver, category: cat, reason } = DIMENSIONS;
  return `SELECT MAX(${METRICS.receiverFailures}) FROM SCHEMA("${namespace}", ${receiver}, ${cat}, ${reason}) WHERE ${cat} = '${category}' GROUP BY ${receiver}, ${reason} ORDER BY MAX() DESC`;
}

/** Each receiver category whose alarm would look back further than Metrics Insights allows. */
export function receiverAlarmProblems(
  categories: Readonly<Record<FailureCategory, ResolvedAlarmOptions>>,
  periodSeconds: number,
): string[] {
  return RECEIVER_CATEGORIES.flatMap((c) => {
    const o = categories[c];
    return o.enabled && o.evaluationPeriods * periodSeconds > MAX_INSIGHTS_WINDOW_SECONDS
      ? [
          `alarms.${c}.evaluationPeriods (${o.evaluationPeriods}) times the schedule looks back further than a receiver alarm (Metrics Insights) allows (3 hours)`,
        ]
      : [];
  });
}

/**
 * One alarm per receiver category, each a CloudWatch Metrics Insights ("multi time series")
 * alarm over `ReceiverFailures` grouped by Receiver and Reason: every failing receiver is a
 * contributor of its own, so its notification names the receiver and the reason, and a second
 * failing receiver notifies too. Not the L2 `Alarm`: its SQL form is not documented for it
 * (CfnAlarm is). No InsufficientData actions: contributor alarms refuse them.
 */
export class ReceiverAlarms extends Construct {
  readonly byCategory: Readonly<Record<ReceiverFailureCategory, cloudwatch.CfnAlarm | undefined>>;
  /** The alarms as IAlarm, for the dashboard's alarm status widget. */
  readonly all: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: ReceiverAlarmsProps) {
    super(scope, id);
    const byCategory = {} as Record<ReceiverFailureCategory, cloudwatch.CfnAlarm | undefined>;
    const all: cloudwatch.IAlarm[] = [];
    const actions = props.topics.map((t) => t.topicArn);
    for (const category of RECEIVER_CATEGORIES) {
      const o = props.categories[category];
      if (!o.enabled) {
        byCategory[category] = undefined;
        continue;
      }
      const alarm = new cloudwatch.CfnAlarm(this, category, {
        alarmName: alarmName(props.namePrefix, category),
        alarmDescription: alarmDescription(category),
        metrics: [
          {
            id: 'receivers',
            expression: receiverAlarmQuery(props.namespace, category),
            period: props.period.toSeconds(),
            returnData: true,
          },
        ],
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        // A failing receiver publishes 1; each contributor is judged on its own series.
        threshold: 1,
        evaluationPeriods: o.evaluationPeriods,
        datapointsToAlarm: o.datapointsToAlarm,
        // ReceiverFailures is published only while a receiver fails: no data is no failure.
        treatMissingData: 'notBreaching',
        alarmActions: actions,
        okActions: actions,
      });
      byCategory[category] = alarm;
      all.push(cloudwatch.Alarm.fromAlarmArn(this, `${category}-view`, alarm.attrArn));
    }
    this.byCategory = byCategory;
    this.all = all;
  }
}
