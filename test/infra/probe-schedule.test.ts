import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { ProbeSchedule } from '../../infra/probe-schedule.js';
import { synth } from './synth.js';

describe('ProbeSchedule', () => {
  it('EventBridge Scheduler every 5 minutes, no retries, the dead-letter queue, its own role', () => {
    const s = synth();
    const schedule = s.monitor.node.findChild('Schedule') as ProbeSchedule;
    s.template.resourceCountIs('AWS::Events::Rule', 0);
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: {
        Arn: s.getAtt(s.monitor.function, 'Arn'),
        RoleArn: s.getAtt(schedule.role, 'Arn'),
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: s.getAtt(s.monitor.deadLetterQueue, 'Arn') },
        Input: JSON.stringify({ source: 'notion-monitor-schedule' }),
      },
    });
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ],
      },
    });
    const policies = s.template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [s.ref(schedule.role)] },
    });
    expect(JSON.stringify(policies)).toContain('lambda:InvokeFunction');
    expect(JSON.stringify(policies)).not.toContain('secretsmanager');
  });

  it('the schedule and the event age follow the schedule prop', () => {
    const { template } = synth({ schedule: Duration.minutes(15) });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900 } }),
    });
  });
});
