import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { NotionMonitor } from '../../infra/notion-monitor.js';
import type { ProbeSchedule } from '../../infra/probe-schedule.js';
import { ENV, INTEGRATIONS, synth } from './synth.js';

describe('ProbeSchedule', () => {
  it('EventBridge Scheduler every 5 minutes, no retries, the dead-letter queue, its own role', () => {
    const s = synth();
    const schedule = s.monitor.node.findChild('Schedule') as ProbeSchedule;
    // The schedule is Scheduler's; the two Events rules are the secret-change ones (issue 13).
    s.template.resourceCountIs('AWS::Events::Rule', 2);
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
    const policies = s.template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [s.ref(schedule.role)] },
    });
    expect(JSON.stringify(policies)).toContain('lambda:InvokeFunction');
    expect(JSON.stringify(policies)).not.toContain('secretsmanager');
  });

  it("the scheduler role trusts only this account's scheduler, for this monitor's own schedule group", () => {
    const s = synth();
    const schedule = s.monitor.node.findChild('Schedule') as ProbeSchedule;
    const groupName = 'Test-Monitor-Schedule-3F611D3D';
    s.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: groupName });
    s.template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    // The group holds this schedule only; its name is fixed at synth, so the trust names it literally.
    const schedules = s.template.findResources('AWS::Scheduler::Schedule');
    expect(Object.values(schedules)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ GroupName: groupName }),
        DependsOn: [s.ref(schedule.group).Ref],
      }),
    ]);
    s.template.hasResource('AWS::Scheduler::ScheduleGroup', { DeletionPolicy: 'Delete' });
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '123456789012',
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      `:scheduler:eu-west-1:123456789012:schedule-group/${groupName}`,
                    ],
                  ],
                },
              },
            },
          },
        ],
      },
    });
  });

  it('two monitors in one stack get two groups, each role trusting its own', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Two', { env: ENV });
    new NotionMonitor(stack, 'First', { integrations: INTEGRATIONS, namespace: 'First' });
    const second = new NotionMonitor(stack, 'Second', { integrations: INTEGRATIONS, namespace: 'Second' });
    const template = Template.fromStack(stack);
    const names = Object.values(template.findResources('AWS::Scheduler::ScheduleGroup')).map(
      (g) => g.Properties.Name,
    );
    expect(new Set(names).size).toBe(2);
    const secondGroup = (second.node.findChild('Schedule') as ProbeSchedule).group.scheduleGroupName;
    const trusts = Object.values(template.findResources('AWS::IAM::Role'))
      .map((r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument))
      .filter((t) => t.includes('scheduler.amazonaws.com'));
    expect(trusts).toHaveLength(2);
    expect(trusts.filter((t) => t.includes(`schedule-group/${secondGroup}"`))).toHaveLength(1);
  });

  it('the schedule and the event age follow the schedule prop', () => {
    const { template } = synth({ schedule: Duration.minutes(15) });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 900 } }),
    });
  });
});
