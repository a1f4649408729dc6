import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATION_FAILURE_CATEGORIES, REQUEST_CHECK_KINDS } from '../../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../../functions/shared/metrics.js';
import { ALARM_KINDS, alarmNamePrefixFor, isReceiverAlarm, MONITOR_ALARMS } from '../../infra/alarm-names.js';
import { DEFAULT_SLOW_THRESHOLD_MS } from '../../infra/alarm-policy.js';
import { contributorDimensions } from '../../infra/monitor-metrics.js';
import { NotionMonitor } from '../../infra/notion-monitor.js';
import { alarmDescription, MAX_ALARM_DESCRIPTION } from '../../infra/runbook.js';
import { ENV, INTEGRATIONS, type Synthesized, synth } from './synth.js';

/** The categories alarmed on 2 of 3 runs (the others on 1 of 1). */
const TRANSIENT: readonly string[] = [
  'secret_unavailable',
  'not_notion',
  'rate_limited',
  'timeout',
  'network',
  'server_error',
];

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
    '%s: a Metrics Insights contributor alarm, grouped by Integration (and Reason when one run pages), its runbook, a stable name',
    (category) => {
      const transient = TRANSIENT.includes(category);
      // A 2-of-3 category groups by Integration only: a reason that varies run to run must
      // not split one failing integration into series that never reach 2 points.
      const groupBy = transient
        ? `"${DIMENSIONS.integration}"`
        : `"${DIMENSIONS.integration}", "${DIMENSIONS.reason}"`;
      const query = `SELECT MAX("${METRICS.integrationFailures}") FROM "NotionMonitor/prod" WHERE "${DIMENSIONS.category}" = '${category}' GROUP BY ${groupBy} ORDER BY MAX() DESC`;
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `NotionMonitor-prod-${category}`,
        Metrics: [{ Id: 'q', Expression: query, Period: 300, ReturnData: true }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: transient ? 3 : 1,
        DatapointsToAlarm: transient ? 2 : 1,
        TreatMissingData: 'notBreaching',
        AlarmDescription: alarmDescription(category),
        AlarmActions: [topic],
        OKActions: [topic],
        // CloudFormation forbids these beside Metrics; CloudWatch refuses INSUFFICIENT_DATA
        // actions on a multi-time-series alarm.
        InsufficientDataActions: Match.absent(),
        Period: Match.absent(),
        Namespace: Match.absent(),
        MetricName: Match.absent(),
        Dimensions: Match.absent(),
        Statistic: Match.absent(),
        ExtendedStatistic: Match.absent(),
      });
    },
  );

  it('the query is built from the shared names only: none is spelled in infra/', () => {
    const auth = s.monitor.categoryAlarms.auth;
    expect(auth?.query).toBe(
      `SELECT MAX("IntegrationFailures") FROM "NotionMonitor/prod" WHERE "Category" = 'auth' GROUP BY "Integration", "Reason" ORDER BY MAX() DESC`,
    );
    expect(s.monitor.categoryAlarms.network?.query).toBe(
      `SELECT MAX("IntegrationFailures") FROM "NotionMonitor/prod" WHERE "Category" = 'network' GROUP BY "Integration" ORDER BY MAX() DESC`,
    );
  });

  it('the grouping follows the policy, not the category name: a run that pages alone names its reason', () => {
    expect(contributorDimensions({ datapointsToAlarm: 1 })).toEqual([
      DIMENSIONS.integration,
      DIMENSIONS.reason,
    ]);
    expect(contributorDimensions({ datapointsToAlarm: 2 })).toEqual([DIMENSIONS.integration]);
    const custom = synth({ alarms: { auth: { evaluationPeriods: 3, datapointsToAlarm: 2 } } });
    expect(custom.monitor.categoryAlarms.auth?.query).toContain('GROUP BY "Integration" ORDER BY');
  });

  it('each category alarm keeps the logical id its single-metric predecessor had: updated in place, never a second alarm of the same name', () => {
    // Recorded from the template before the change (the L2 Alarm at Monitor/Alarms/<category>).
    expect(s.ref(s.monitor.categoryAlarms.auth as never).Ref).toBe('MonitorAlarmsauth4A1B2598');
    expect(s.ref(s.monitor.categoryAlarms.rate_limited as never).Ref).toBe(
      'MonitorAlarmsratelimited2059A328',
    );
    expect(s.ref(s.monitor.categoryAlarms.server_error as never).Ref).toBe(
      'MonitorAlarmsservererrorD93422E7',
    );
  });

  it('no alarm left on Failures{Category}: the metric is drawn, the contributor alarm pages', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName?: string };
    }[];
    expect(alarms.filter((a) => a.Properties.MetricName === METRICS.failures)).toEqual([]);
  });

  it.each(REQUEST_CHECK_KINDS.map((k) => [k]))(
    'slow-%s: CheckLatency p90 above 3000 ms for 3 of 3 runs',
    (kind) => {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `NotionMonitor-prod-slow-${kind}`,
        AlarmDescription: alarmDescription(`slow-${kind}`),
        Namespace: 'NotionMonitor/prod',
        MetricName: METRICS.checkLatency,
        Dimensions: [{ Name: DIMENSIONS.checkKind, Value: kind }],
        ExtendedStatistic: 'p90',
        Statistic: Match.absent(),
        Period: 300,
        Threshold: DEFAULT_SLOW_THRESHOLD_MS,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        TreatMissingData: 'notBreaching',
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
      ALARM_KINDS.filter((k) => !isReceiverAlarm(k))
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
        rate_limited: { evaluationPeriods: 6, datapointsToAlarm: 4 },
        not_found: { enabled: false },
      },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-rate_limited',
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp("'rate_limited'"), Period: 600 })],
      EvaluationPeriods: 6,
      DatapointsToAlarm: 4,
      AlarmActions: [Match.objectLike({ Ref: Match.anyValue() }), 'arn:aws:sns:eu-west-1:123456789012:pager'],
      OKActions: [Match.objectLike({ Ref: Match.anyValue() }), 'arn:aws:sns:eu-west-1:123456789012:pager'],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Heartbeat', EvaluationPeriods: 2 });
    expect(JSON.stringify(t.findResources('AWS::CloudWatch::Alarm'))).not.toContain('not_found');
    t.resourceCountIs(
      'AWS::CloudWatch::Alarm',
      INTEGRATION_FAILURE_CATEGORIES.length - 1 + REQUEST_CHECK_KINDS.length + MONITOR_ALARMS.length,
    );
  });

  it('slowAlarm: its own threshold and M of N, or none at all', () => {
    const custom = synth({ slowAlarm: { thresholdMs: 1500, evaluationPeriods: 4, datapointsToAlarm: 2 } });
    custom.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-slow-auth',
      Threshold: 1500,
      EvaluationPeriods: 4,
      DatapointsToAlarm: 2,
    });
    const off = synth({ slowAlarm: { enabled: false } });
    expect(JSON.stringify(off.template.findResources('AWS::CloudWatch::Alarm'))).not.toContain('slow-');
    expect(off.monitor.slowAlarms.size).toBe(0);
  });

  it('the default slow threshold is half the request timeout when that is below 3000 ms', () => {
    const { template } = synth({ requestTimeout: Duration.seconds(4) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-slow-target',
      Threshold: 2000,
    });
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
