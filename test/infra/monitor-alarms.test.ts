import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATION_FAILURE_CATEGORIES, isReceiverCategory } from '../../functions/shared/categories.js';
import { ALARM_KINDS, alarmNamePrefixFor, MONITOR_ALARMS } from '../../infra/alarm-names.js';
import { NotionMonitor } from '../../infra/notion-monitor.js';
import { alarmDescription, MAX_ALARM_DESCRIPTION } from '../../infra/runbook.js';
import { ENV, INTEGRATIONS, type Synthesized, synth } from './synth.js';

interface AlarmResource {
  Properties: { AlarmName: string; AlarmDescription: string };
}

describe('MonitorAlarms with the defaults', () => {
  let s: Synthesized;
  let topic: { Ref: string };
  beforeAll(() => {
    s = synth({ namespace: 'NotionMonitor/prod' });
    topic = s.ref(s.monitor.topic);
  });

  it.each(INTEGRATION_FAILURE_CATEGORIES.map((c) => [c]))(
    '%s: its own metric, its runbook, a stable name',
    (category) => {
      const transient = [
        'secret_unavailable',
        'not_notion',
        'rate_limited',
        'timeout',
        'network',
        'server_error',
      ].includes(category);
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `NotionMonitor-prod-${category}`,
        Namespace: 'NotionMonitor/prod',
        MetricName: 'Failures',
        Dimensions: [{ Name: 'Category', Value: category }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: transient ? 3 : 1,
        DatapointsToAlarm: transient ? 2 : 1,
        TreatMissingData: 'notBreaching',
        AlarmDescription: alarmDescription(category),
        AlarmActions: [topic],
        OKActions: [topic],
      });
    },
  );

  it('not running: the heartbeat missing for 3 of 3 runs, missing data breaching', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-prod-not-running',
      AlarmDescription: alarmDescription('not-running'),
      Namespace: 'NotionMonitor/prod',
      MetricName: 'Heartbeat',
      Dimensions: Match.absent(),
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'breaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
  });

  it("function failed: the Lambda's Errors; lost runs: messages sent to the dead-letter queue", () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-prod-function-failed',
      AlarmDescription: alarmDescription('function-failed'),
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: s.ref(s.monitor.function) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-prod-lost-runs',
      AlarmDescription: alarmDescription('lost-runs'),
      Namespace: 'AWS/SQS',
      MetricName: 'NumberOfMessagesSent',
      Dimensions: [{ Name: 'QueueName', Value: s.getAtt(s.monitor.deadLetterQueue, 'QueueName') }],
      Statistic: 'Sum',
      Period: 300,
      TreatMissingData: 'notBreaching',
    });
  });

  it('every alarm: a name from the prefix and its kind, its description from the runbook only', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')) as AlarmResource[];
    expect(alarms.map((a) => a.Properties.AlarmName).sort()).toEqual(
      // Without receivers, no receiver alarm (receiver-alarms.test.ts has them).
      ALARM_KINDS.filter((k) => !isReceiverCategory(k))
        .map((k) => `NotionMonitor-prod-${k}`)
        .sort(),
    );
    for (const a of alarms) {
      const kind = a.Properties.AlarmName.slice('NotionMonitor-prod-'.length) as (typeof ALARM_KINDS)[number];
      expect(a.Properties.AlarmDescription).toBe(alarmDescription(kind));
    }
  });
});

describe('the runbook', () => {
  it.each(ALARM_KINDS.map((k) => [k]))('%s: a description that fits CloudWatch', (kind) => {
    const text = alarmDescription(kind);
    expect(text.length).toBeGreaterThan(100);
    expect(text.length).toBeLessThanOrEqual(MAX_ALARM_DESCRIPTION);
    expect(text).not.toMatch(/…$/);
  });

  it('the monitor alarms say what failed and where to look', () => {
    expect(MONITOR_ALARMS).toEqual(['not-running', 'function-failed', 'lost-runs']);
    expect(alarmDescription('not-running')).toMatch(/did not run: no heartbeat.*DeadLetterQueueUrl/);
    expect(alarmDescription('function-failed')).toMatch(/function failed.*run finished/);
    expect(alarmDescription('lost-runs')).toMatch(/run was lost.*dead-letter queue.*DeadLetterQueueUrl/);
  });
});

describe('MonitorAlarms options', () => {
  it('per-category overrides, a disabled category, extra topics, the schedule as the period', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'T', { env: ENV });
    const extra = sns.Topic.fromTopicArn(stack, 'X', 'arn:aws:sns:eu-west-1:123456789012:pager');
    new NotionMonitor(stack, 'M', {
      integrations: INTEGRATIONS,
      schedule: Duration.minutes(10),
      alarmTopics: [extra],
      missedRunsToAlarm: 2,
      alarms: {
        rate_limited: { evaluationPeriods: 6, datapointsToAlarm: 4, threshold: 2 },
        not_found: { enabled: false },
      },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'Category', Value: 'rate_limited' }],
      EvaluationPeriods: 6,
      DatapointsToAlarm: 4,
      Threshold: 2,
      Period: 600,
      AlarmActions: [Match.objectLike({ Ref: Match.anyValue() }), 'arn:aws:sns:eu-west-1:123456789012:pager'],
      OKActions: [Match.objectLike({ Ref: Match.anyValue() }), 'arn:aws:sns:eu-west-1:123456789012:pager'],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Heartbeat', EvaluationPeriods: 2 });
    expect(JSON.stringify(t.findResources('AWS::CloudWatch::Alarm'))).not.toContain('not_found');
    t.resourceCountIs(
      'AWS::CloudWatch::Alarm',
      INTEGRATION_FAILURE_CATEGORIES.length - 1 + MONITOR_ALARMS.length,
    );
  });

  it('an explicit alarmNamePrefix', () => {
    const { template } = synth({ alarmNamePrefix: 'notion-crm' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'notion-crm-auth' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'notion-crm-lost-runs' });
  });

  it('the default prefix is the namespace made safe for a name', () => {
    expect(alarmNamePrefixFor('NotionMonitor')).toBe('NotionMonitor');
    expect(alarmNamePrefixFor('NotionMonitor/prod')).toBe('NotionMonitor-prod');
    expect(alarmNamePrefixFor('Team/#notion:main/')).toBe('Team-notion-main');
  });
});
