import { ArnFormat, type Duration, Lazy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';

/** Props of {@link ContributorAlarm}. */
export interface ContributorAlarmProps {
  readonly alarmName: string;
  /** The runbook; at most 1,024 characters. */
  readonly alarmDescription: string;
  /** A Metrics Insights query with GROUP BY and ORDER BY: each series it returns is one contributor. */
  readonly query: string;
  /** At least 60 seconds; times `evaluationPeriods` at most 3 hours (checked by the caller, with the prop names). */
  readonly period: Duration;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/**
 * A CloudWatch Metrics Insights multi-time-series alarm: one alarm whose query returns a
 * series per contributor (here, per failing integration and reason), each with its own
 * ALARM and OK state and notifications. The CDK has no L2 for it, so this renders
 * `AWS::CloudWatch::Alarm` with `Metrics: [{ Id, Expression, Period, ReturnData }]` and none
 * of the single-metric properties (CloudFormation forbids `Period`, `Namespace`, ... beside
 * `Metrics`). Its child is `Resource`, like the L2 `Alarm`'s, so an alarm that was an L2 at
 * the same path keeps its logical id and is updated in place.
 */
export class ContributorAlarm extends cloudwatch.AlarmBase {
  readonly alarmArn: string;
  readonly alarmName: string;
  readonly query: string;
  readonly resource: cloudwatch.CfnAlarm;

  constructor(scope: Construct, id: string, props: ContributorAlarmProps) {
    super(scope, id, { physicalName: props.alarmName });
    this.query = props.query;
    this.resource = new cloudwatch.CfnAlarm(this, 'Resource', {
      alarmName: props.alarmName,
      alarmDescription: props.alarmDescription,
      metrics: [{ id: 'q', expression: props.query, period: props.period.toSeconds(), returnData: true }],
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm,
      // Failures are published only while failing: within a series a missing point is a
      // good run; a query that returns no series at all is then OK, not INSUFFICIENT_DATA.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      actionsEnabled: true,
      alarmActions: Lazy.list({ produce: () => this.alarmActionArns }, { omitEmpty: true }),
      okActions: Lazy.list({ produce: () => this.okActionArns }, { omitEmpty: true }),
    });
    this.alarmName = this.getResourceNameAttribute(this.resource.ref);
    this.alarmArn = this.getResourceArnAttribute(this.resource.attrArn, {
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: this.physicalName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * Refused: CloudWatch rejects INSUFFICIENT_DATA actions on a multi-time-series alarm
   * ("not supported for contributor-level action types"), and contributors are only ever
   * ALARM or OK.
   */
  override addInsufficientDataAction(..._actions: cloudwatch.IAlarmAction[]): void {
    throw new TypeError(
      `${this.node.path}: a Metrics Insights multi-time-series alarm takes no INSUFFICIENT_DATA actions`,
    );
  }
}
