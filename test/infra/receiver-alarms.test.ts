import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES, RECEIVER_CATEGORIES } from '../../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../../functions/shared/metrics.js';
import { RECEIVER_SHARED_CATEGORIES } from '../../infra/alarm-names.js';
import { NotionMonitor, type NotionMonitorProps } from '../../infra/notion-monitor.js';
import { alarmDescription, MAX_ALARM_DESCRIPTION } from '../../infra/runbook.js';
import { ENV, INTEGRATIONS, type Synthesized, synth } from './synth.js';

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

// receiver_error (2 of 3) groups by Receiver only: its reason may vary from run to run.
const receiverQuery = (category: string) =>
  `SELECT MAX("${METRICS.receiverFailures}") FROM "NotionMonitor/prod" WHERE "${DIMENSIONS.category}" = '${category}' GROUP BY "${DIMENSIONS.receiver}"${category === 'receiver_error' ? '' : `, "${DIMENSIONS.reason}"`} ORDER BY MAX() DESC`;

describe('receiver alarms and grants', () => {
  let s: Synthesized;
  let without: Synthesized;
  beforeAll(() => {
    s = synth({ namespace: 'NotionMonitor/prod', receivers: RECEIVERS });
    without = synth({ namespace: 'NotionMonitor/prod' });
  });

  it.each(RECEIVER_CATEGORIES.map((c) => [c]))(
    '%s: a contributor alarm over ReceiverFailures grouped by Receiver (and Reason when one run pages), with its runbook',
    (category) => {
      const topic = s.ref(s.monitor.topic);
      const transient = category === 'receiver_error';
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `NotionMonitor-prod-${category}`,
        Metrics: [{ Id: 'q', Expression: receiverQuery(category), Period: 300, ReturnData: true }],
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
      expect(alarmDescription(category)).toContain('(Receiver; Reason when present)');
      expect(s.monitor.categoryAlarms[category]).toBeDefined();
    },
  );

  it('no receiver category alarm without receivers (receiver-shared-alarms.test.ts counts every receiver alarm)', () => {
    for (const c of RECEIVER_CATEGORIES) expect(without.monitor.categoryAlarms[c]).toBeUndefined();
    expect(JSON.stringify(without.template.toJSON())).not.toContain(METRICS.receiverFailures);
  });

  it('the verification token secret joins the read policy and the secret-change rules, and nothing else is widened', () => {
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
    const rules = JSON.stringify(s.template.findResources('AWS::Events::Rule'));
    expect(rules).toContain('prod/notion-webhook-verify');
  });

  it('the deployed config carries the receivers', () => {
    const fns = Object.values(s.template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment?: { Variables?: Record<string, string> } };
    }[];
    const config = fns.map((f) => f.Properties.Environment?.Variables?.NOTION_MONITOR_CONFIG).find(Boolean);
    expect(JSON.parse(config ?? '{}').receivers).toEqual(RECEIVERS);
  });

  it('a default maintenance window mutes receiver_error (transient), never receiver_rejected or receiver_insecure', () => {
    const w = synth({
      namespace: 'NotionMonitor/prod',
      receivers: RECEIVERS,
      maintenanceWindows: [{ name: 'maint', schedule: 'cron(0 2 ? * SUN)', duration: Duration.hours(2) }],
    });
    const rule = JSON.stringify(w.template.findResources('AWS::CloudWatch::AlarmMuteRule'));
    const ref = (c: (typeof RECEIVER_CATEGORIES)[number]) => w.ref(w.monitor.categoryAlarms[c] as never).Ref;
    expect(rule).toContain(ref('receiver_error'));
    expect(rule).not.toContain(ref('receiver_rejected'));
    expect(rule).not.toContain(ref('receiver_insecure'));
    const named = synth({
      receivers: RECEIVERS,
      maintenanceWindows: [
        {
          name: 'hooks',
          schedule: 'cron(0 2 ? * SUN)',
          duration: Duration.hours(1),
          alarms: ['receiver_rejected'],
        },
      ],
    });
    named.template.hasResourceProperties('AWS::CloudWatch::AlarmMuteRule', {
      MuteTargets: { AlarmNames: [named.ref(named.monitor.categoryAlarms.receiver_rejected as never)] },
    });
  });

  it('refuses an env verification token, an http URL off loopback, a receiver alarm window over 3 hours, and a window muting a receiver alarm that does not exist', () => {
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
      /alarms\.receiver_error\.evaluationPeriods \(2\) times schedule \(2 hours\) looks back further than CloudWatch allows \(3 hours for a Metrics Insights alarm\)/,
    );
    expect(() =>
      synth({
        maintenanceWindows: [
          {
            name: 'w',
            schedule: 'cron(0 2 ? * SUN)',
            duration: Duration.hours(1),
            alarms: ['receiver_error'],
          },
        ],
      }),
    ).toThrow(/maintenanceWindows\[0\]\.alarms: the receiver_error alarm is disabled/);
  });

  it('a monitor of receivers only synthesizes, with the receiver alarms', () => {
    const only = synth({ integrations: [], receivers: RECEIVERS });
    for (const c of RECEIVER_CATEGORIES) expect(only.monitor.categoryAlarms[c]).toBeDefined();
  });
});

describe('onIntegrationHealthChange with receivers', () => {
  it('the rule covers the receiver alarms too: their contributors name the receiver', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { env: ENV });
    const monitor = new NotionMonitor(stack, 'Monitor', { integrations: INTEGRATIONS, receivers: RECEIVERS });
    const fn = new lambda.Function(stack, 'Pause', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    monitor.onIntegrationHealthChange('Health', new targets.LambdaFunction(fn));
    const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
    const arn = (a: never) => ({ 'Fn::GetAtt': [id(a), 'Arn'] });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudwatch'],
        resources: [
          ...FAILURE_CATEGORIES.map((c) => arn(monitor.categoryAlarms[c] as never)),
          // The shared categories' receiver alarms (receiver-network, ...): a receiver down pages here too.
          ...RECEIVER_SHARED_CATEGORIES.map((c) => arn(monitor.receiverCategoryAlarms.get(c) as never)),
        ],
      },
    });
    expect(monitor.receiverCategoryAlarms.size).toBe(RECEIVER_SHARED_CATEGORIES.length);
  });
});
