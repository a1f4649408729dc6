import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { NotionMonitorStack } from '../../infra/monitor-stack.js';
import { NotionMonitorPropsError } from '../../infra/resolve-props.js';
import { ENV, INTEGRATIONS } from './synth.js';

const CONFIG = {
  integrations: [...INTEGRATIONS],
  alarmTopicArns: ['arn:aws:sns:eu-west-1:123456789012:pager'],
  secretKeyArns: ['arn:aws:kms:eu-west-1:123456789012:key/1111-2222'],
};

function stack(config: Record<string, unknown> = CONFIG): NotionMonitorStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new NotionMonitorStack(app, 'NotionMonitor-prod', {
    config: config as never,
    configSource: 'infra/config/prod.json',
    stage: 'prod',
    env: ENV,
  });
}

describe('NotionMonitorStack', () => {
  it('outputs under plain names: FunctionName, TopicArn, DeadLetterQueueUrl, DashboardUrl', () => {
    const s = stack();
    const t = Template.fromStack(s);
    const id = (c: { node: { defaultChild?: unknown } }) => s.getLogicalId(c.node.defaultChild as never);
    expect(t.toJSON().Outputs).toEqual({
      FunctionName: {
        Description: 'Invoke with Test in the Lambda console for a full diagnosis',
        Value: { Ref: id(s.monitor.function) },
      },
      TopicArn: { Description: 'Alarm notifications', Value: { Ref: id(s.monitor.topic) } },
      DeadLetterQueueUrl: {
        Description: 'Lost scheduled runs, each with its reason (kept 14 days)',
        Value: { Ref: id(s.monitor.deadLetterQueue) },
      },
      DashboardUrl: {
        Value: {
          'Fn::Join': [
            '',
            [
              'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=',
              { Ref: id(s.monitor.dashboard) },
            ],
          ],
        },
      },
    });
  });

  it("the stage's namespace and alarm names; the file's topics and keys", () => {
    const t = Template.fromStack(stack());
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-prod-auth',
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp('FROM "NotionMonitor/prod" ') })],
      AlarmActions: [
        { Ref: Match.stringLikeRegexp('NotificationsTopic') },
        'arn:aws:sns:eu-west-1:123456789012:pager',
      ],
    });
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).toContain(
      'arn:aws:kms:eu-west-1:123456789012:key/1111-2222',
    );
  });

  it("problems are named by the file's keys", () => {
    expect(() => stack({ ...CONFIG, scheduleMinutes: 1, functionTimeoutSeconds: 90 })).toThrow(
      new NotionMonitorPropsError('NotionMonitor-prod/Monitor', 'infra/config/prod.json', [
        'functionTimeoutSeconds (90) must be shorter than scheduleMinutes (1) so runs never overlap',
      ]),
    );
  });
});
