import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';

/**
 * The events CloudWatch sends to the default event bus when an alarm, or one contributor
 * of a multi-time-series alarm (one failing integration), changes state.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export const HEALTH_CHANGE_DETAIL_TYPES = [
  'CloudWatch Alarm State Change',
  'CloudWatch Alarm Contributor State Change',
] as const;

/**
 * Matches the state changes of these alarms only (`resources` is the alarm's ARN in both
 * detail types). A contributor event names the integration in
 * `detail.alarmContributor.attributes.Integration` and its reason in `...attributes.Reason`;
 * `detail.state.value` is `ALARM` or `OK`.
 */
export function integrationHealthPattern(alarms: readonly cloudwatch.IAlarm[]): events.EventPattern {
  return {
    source: ['aws.cloudwatch'],
    detailType: [...HEALTH_CHANGE_DETAIL_TYPES],
    resources: alarms.map((a) => a.alarmArn),
  };
}
