import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECEIVER_CATEGORIES } from '../../functions/shared/categories.js';
import type { NotionMonitorProps } from '../../infra/notion-monitor.js';
import { receiverAlarmQuery } from '../../infra/receiver-alarms.js';
import { alarmDescription, MAX_ALARM_DESCRIPTION } from '../../infra/runbook.js';
import { type Synthesized, synth } from './synth.js';

const RECEIVERS: NonNullable<NotionMonitorProps['receivers']> = [
  {
    name: 'notion-webhooks',
    url: 'https://hooks.example.com/notion',
    verificationToken: { secretId: 'prod/notion-webhook-verify', jsonKey: 'VERIFICATION_TOKEN' },
  },
];

interface PolicyResource {
  Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
}

function probeStatements(s: Synthesized) {
  const policies = Object.values(s.template.findResources('AWS::IAM::Policy')) as PolicyResource[];
  const probe = policies.find((p) => JSON.stringify(p).includes('secretsmanager:GetSecretValue'));
  if (!probe) throw new Error('no probe policy');
  return probe.Properties.PolicyDocument.Statement;
}

describe('receiver alarms and grants', () => {
  let s: Synthesized;
  let without: Synthesized;
  beforeAll(() => {
    s = synth({ namespace: 'NotionMonitor/prod', receivers: RECEIVERS });
    without = synth({ namespace: 'NotionMonitor/prod' });
  });

  it('the query groups ReceiverFailures of one category by Receiver and Reason', () => {
    expect(receiverAlarmQuery('NotionMonitor/prod', 'receiver_rejected')).toBe(
      `SELECT MAX(ReceiverFailures) FROM SCHEMA("NotionMonitor/prod", Receiver, Category, Reason) WHERE Category = 'receiver_rejected' GROUP BY Receiver, Reason ORDER BY MAX() DESC`,
    );
  });

  it.each(RECEIVER_CATEGORIES.map((c) => [c]))(
    '%s: a Metrics Insights contributor alarm with its runbook',
    (category) => {
      const topic = s.ref(s.monitor.topic);
      const transient = category === 'receiver_error';
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `NotionMonitor-prod-${category}`,
        Metrics: [
          {
            Id: 'receivers',
            Expression: receiverAlarmQuery('NotionMonitor/prod', category),
            Period: 300,
            ReturnData: true,
          },
        ],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: transient ? 3 : 1,
        DatapointsToAlarm: transient ? 2 : 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
        OKActions: [topic],
        InsufficientDataActions: Match.absent(),
        Namespace: Match.absent(),
        MetricName: Match.absent(),
        Period: Match.absent(),
        AlarmDescription: alarmDescription(category),
      });
      expect(alarmDescription(category).length).toBeLessThanOrEqual(MAX_ALARM_DESCRIPTION);
      expect(alarmDescription(category)).toContain('ReceiverFailures');
      expect(s.monitor.receiverAlarms[category]).toBeDefined();
    },
  );

  it('no Failures-based or IntegrationFailures-based alarm for a receiver category', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { AlarmName: string; MetricName?: string; Dimensions?: { Value: string }[] };
    }[];
    const classic = alarms.filter((a) => a.Properties.MetricName !== undefined);
    for (const a of classic) {
      for (const d of a.Properties.Dimensions ?? [])
        expect(RECEIVER_CATEGORIES as readonly string[]).not.toContain(d.Value);
      expect(a.Properties.MetricName).not.toBe('IntegrationFailures');
    }
    const receiverNamed = alarms.filter((a) => /receiver_/.test(a.Properties.AlarmName));
    expect(receiverNamed).toHaveLength(3);
    for (const a of receiverNamed) expect(a.Properties.MetricName).toBeUndefined();
  });

  it('exactly three more alarms than without receivers; none without them', () => {
    const count = (x: Synthesized) => Object.keys(x.template.findResources('AWS::CloudWatch::Alarm')).length;
    expect(count(s) - count(without)).toBe(3);
    expect(Object.values(without.monitor.receiverAlarms).every((a) => a === undefined)).toBe(true);
  });

  it('the verification token secret joins the read policy, and nothing else is widened', () => {
    const withReceivers = probeStatements(s);
    const plain = probeStatements(without);
    const read = withReceivers.find((st) => st.Action === 'secretsmanager:GetSecretValue');
    expect(JSON.stringify(read?.Resource)).toContain(':secret:prod/notion-webhook-verify-??????');
    const stripped = withReceivers.map((st) =>
      st.Action === 'secretsmanager:GetSecretValue'
        ? {
            ...st,
            Resource: (st.Resource as unknown[]).filter((r) => !JSON.stringify(r).includes('webhook-verify')),
          }
        : st,
    );
    expect(stripped).toEqual(plain);
  });

  it('the deployed config carries the receivers', () => {
    const fns = Object.values(s.template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment?: { Variables?: Record<string, string> } };
    }[];
    const config = fns.map((f) => f.Properties.Environment?.Variables?.NOTION_MONITOR_CONFIG).find(Boolean);
    expect(JSON.parse(config ?? '{}').receivers).toEqual(RECEIVERS);
  });

  it('refuses an env verification token, an http URL off loopback, and a receiver alarm window over 3 hours', () => {
    expect(() =>
      synth({
        receivers: [
          { name: 'a', url: 'http://hooks.example.com/notion', verificationToken: { env: 'X' } as never },
        ],
      }),
    ).toThrow(
      /receivers\[0\]\.url: url must be https[\s\S]*receivers\[0\]\.verificationToken: the deployed monitor reads tokens from Secrets Manager only/,
    );
    expect(() =>
      synth({
        receivers: RECEIVERS,
        schedule: Duration.hours(2),
        functionTimeout: Duration.minutes(2),
        alarms: { receiver_error: { evaluationPeriods: 2, datapointsToAlarm: 1 } },
      }),
    ).toThrow(
      /alarms\.receiver_error\.evaluationPeriods \(2\) times the schedule looks back further than a receiver alarm/,
    );
  });

  it('a monitor of receivers only synthesizes', () => {
    const only = synth({ integrations: [], receivers: RECEIVERS });
    expect(Object.values(only.monitor.receiverAlarms).filter(Boolean)).toHaveLength(3);
  });
});
