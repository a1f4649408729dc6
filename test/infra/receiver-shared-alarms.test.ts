import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RequestOutcome } from '../../functions/engine/outcome.js';
import type { TokenFailureCategory } from '../../functions/engine/ports.js';
import { classifyReceiverOutcome, type ReceiverEvent } from '../../functions/receiver/classify-receiver.js';
import { isReceiverCategory } from '../../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../../functions/shared/metrics.js';
import { failureOf } from '../../functions/shared/reasons.js';
import { RECEIVER_LATENCY_KIND } from '../../functions/shared/receivers.js';
import {
  RECEIVER_SHARED_ALARMS,
  RECEIVER_SHARED_CATEGORIES,
  type ReceiverSharedCategory,
  receiverSharedAlarm,
} from '../../infra/alarm-names.js';
import { defaultAlarmOptions } from '../../infra/alarm-policy.js';
import type { NotionMonitorProps } from '../../infra/notion-monitor.js';
import { alarmDescription, MAX_ALARM_DESCRIPTION } from '../../infra/runbook.js';
import { type Synthesized, synth } from './synth.js';

const RECEIVERS: NonNullable<NotionMonitorProps['receivers']> = [
  {
    name: 'notion-webhooks',
    url: 'https://hooks.example.com/notion',
    verificationToken: { secretId: 'prod/notion-webhook-verify', jsonKey: 'VERIFICATION_TOKEN' },
  },
];

// The token source's categories, spelled as a value; the type check fails if the union grows or shrinks.
const TOKEN_CATEGORIES = ['config', 'secret_unavailable'] as const satisfies readonly TokenFailureCategory[];
type Missing = Exclude<TokenFailureCategory, (typeof TOKEN_CATEGORIES)[number]>;
const noneMissing: [Missing] extends [never] ? true : false = true;

/** Every outcome kind a receiver event can come to, and every status of an answer. */
function everyOutcome(): RequestOutcome[] {
  const network = ['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'CERT_HAS_EXPIRED', 'ERR_BODY_TRUNCATED', 'EX'];
  const answers: RequestOutcome[] = [];
  for (let status = 100; status < 600; status++)
    answers.push({ kind: 'answer', status, headers: {}, body: '', latencyMs: 1 });
  return [
    ...answers,
    { kind: 'success', status: 200, headers: {}, json: {}, latencyMs: 1 },
    { kind: 'timeout', reason: 'request', latencyMs: 1 },
    { kind: 'timeout', reason: 'deadline', latencyMs: 1 },
    ...network.map((code): RequestOutcome => ({ kind: 'network', code, detail: code, latencyMs: 1 })),
    { kind: 'rejected', detail: 'bad header', latencyMs: 1 },
    {
      kind: 'proxy_refused',
      status: 407,
      headers: {},
      body: '',
      target: 'hooks.example.com:443',
      proxy: 'proxy:3128',
      variable: 'HTTPS_PROXY',
      sentCredentials: false,
      latencyMs: 1,
    },
  ];
}

describe('RECEIVER_SHARED_CATEGORIES: the shared categories a receiver can end in', () => {
  it('is what the receiver probe reaches besides its own categories (and probe_error)', () => {
    expect(noneMissing).toBe(true);
    const reached = new Set<string>([...TOKEN_CATEGORIES, failureOf('verification_token_blank').category]);
    for (const event of ['signed_event', 'forged_event'] as ReceiverEvent[])
      for (const outcome of everyOutcome())
        reached.add(classifyReceiverOutcome(event, outcome, (t) => t).category);
    const shared = [...reached].filter((c) => c !== 'ok' && !isReceiverCategory(c)).sort();
    expect(shared).toEqual([...RECEIVER_SHARED_CATEGORIES].sort());
  });
});

const query = (category: ReceiverSharedCategory, byReason: boolean) =>
  `SELECT MAX("${METRICS.receiverFailures}") FROM "NotionMonitor/prod" WHERE "${DIMENSIONS.category}" = '${category}' GROUP BY "${DIMENSIONS.receiver}"${byReason ? `, "${DIMENSIONS.reason}"` : ''} ORDER BY MAX() DESC`;

const alarmNames = (x: Synthesized) =>
  (
    Object.values(x.template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { AlarmName: string };
    }[]
  ).map((a) => a.Properties.AlarmName);

describe('receiver alarms of the shared categories', () => {
  let s: Synthesized;
  let without: Synthesized;
  beforeAll(() => {
    s = synth({ namespace: 'NotionMonitor/prod', receivers: RECEIVERS });
    without = synth({ namespace: 'NotionMonitor/prod' });
  });

  it.each(RECEIVER_SHARED_CATEGORIES.map((c) => [c]))(
    'receiver-%s: a contributor alarm over ReceiverFailures with the category policy and a receiver runbook',
    (category) => {
      const topic = s.ref(s.monitor.topic);
      const policy = defaultAlarmOptions(category);
      const kind = receiverSharedAlarm(category);
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `NotionMonitor-prod-${kind}`,
        Metrics: [
          {
            Id: 'q',
            Expression: query(category, policy.datapointsToAlarm === 1),
            Period: 300,
            ReturnData: true,
          },
        ],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: policy.evaluationPeriods,
        DatapointsToAlarm: policy.datapointsToAlarm,
        TreatMissingData: 'notBreaching',
        ActionsEnabled: true,
        AlarmActions: [topic],
        OKActions: [topic],
        InsufficientDataActions: Match.absent(),
        Namespace: Match.absent(),
        MetricName: Match.absent(),
        Period: Match.absent(),
        AlarmDescription: alarmDescription(kind),
      });
      const text = alarmDescription(kind);
      expect(text.length).toBeLessThanOrEqual(MAX_ALARM_DESCRIPTION);
      expect(text).not.toMatch(/…$/);
      expect(text).toMatch(/^Notion webhook receiver /);
      expect(text).toContain('(Receiver; Reason when present)');
      expect(s.monitor.receiverCategoryAlarms.get(category)).toBeDefined();
    },
  );

  it('the defaults: config pages on 1 of 1 by Receiver and Reason; the transient three on 2 of 3 by Receiver', () => {
    expect(query('config', defaultAlarmOptions('config').datapointsToAlarm === 1)).toContain(
      'GROUP BY "Receiver", "Reason"',
    );
    for (const c of ['secret_unavailable', 'timeout', 'network'] as const)
      expect(defaultAlarmOptions(c)).toMatchObject({ evaluationPeriods: 3, datapointsToAlarm: 2 });
  });

  it('none without receivers: no receiver alarm, no slow-receiver, no ReceiverFailures query', () => {
    const names = alarmNames(without);
    for (const kind of [...RECEIVER_SHARED_ALARMS, `slow-${RECEIVER_LATENCY_KIND}`])
      expect(names).not.toContain(`NotionMonitor-prod-${kind}`);
    expect(without.monitor.receiverCategoryAlarms.size).toBe(0);
    expect(without.monitor.slowAlarms.has('slow-receiver')).toBe(false);
    expect(JSON.stringify(without.template.toJSON())).not.toContain(METRICS.receiverFailures);
  });

  it("the category's own settings apply: an override changes both alarms, a disabled category has neither", () => {
    const x = synth({
      namespace: 'NotionMonitor/prod',
      receivers: RECEIVERS,
      alarms: { network: { evaluationPeriods: 1, datapointsToAlarm: 1 }, timeout: { enabled: false } },
    });
    x.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-prod-receiver-network',
      Metrics: [Match.objectLike({ Expression: query('network', true) })],
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
    });
    const names = alarmNames(x);
    expect(names).not.toContain('NotionMonitor-prod-timeout');
    expect(names).not.toContain('NotionMonitor-prod-receiver-timeout');
    expect(x.monitor.receiverCategoryAlarms.has('timeout')).toBe(false);
  });

  it('slow-receiver: CheckLatency{CheckKind=receiver} p90, the slow alarms policy, ALARM and OK actions', () => {
    const topic = s.ref(s.monitor.topic);
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-prod-slow-receiver',
      AlarmDescription: alarmDescription('slow-receiver'),
      Namespace: 'NotionMonitor/prod',
      MetricName: METRICS.checkLatency,
      Dimensions: [{ Name: DIMENSIONS.checkKind, Value: RECEIVER_LATENCY_KIND }],
      ExtendedStatistic: 'p90',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 3000,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
      InsufficientDataActions: Match.absent(),
    });
    const only = synth({ integrations: [], receivers: RECEIVERS, slowAlarm: { thresholdMs: 1200 } });
    only.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-slow-receiver',
      Threshold: 1200,
    });
    expect(synth({ receivers: RECEIVERS, slowAlarm: { enabled: false } }).monitor.slowAlarms.size).toBe(0);
  });

  it('with receivers, eight more alarms: the three receiver categories, the four shared ones for receivers, slow-receiver', () => {
    expect(alarmNames(s).length - alarmNames(without).length).toBe(3 + RECEIVER_SHARED_ALARMS.length + 1);
  });

  it('a default maintenance window mutes the transient receiver alarms and slow-receiver, never receiver-config', () => {
    const w = synth({
      receivers: RECEIVERS,
      maintenanceWindows: [{ name: 'maint', schedule: 'cron(0 2 ? * SUN)', duration: Duration.hours(2) }],
    });
    const rule = JSON.stringify(w.template.findResources('AWS::CloudWatch::AlarmMuteRule'));
    const ref = (c: ReceiverSharedCategory) => w.ref(w.monitor.receiverCategoryAlarms.get(c) as never).Ref;
    for (const c of ['secret_unavailable', 'timeout', 'network'] as const) expect(rule).toContain(ref(c));
    expect(rule).not.toContain(ref('config'));
    expect(rule).toContain(w.ref(w.monitor.slowAlarms.get('slow-receiver') as never).Ref);
    const named = synth({
      receivers: RECEIVERS,
      maintenanceWindows: [
        {
          name: 'h',
          schedule: 'cron(0 2 ? * SUN)',
          duration: Duration.hours(1),
          alarms: ['receiver-config'],
        },
      ],
    });
    named.template.hasResourceProperties('AWS::CloudWatch::AlarmMuteRule', {
      MuteTargets: { AlarmNames: [named.ref(named.monitor.receiverCategoryAlarms.get('config') as never)] },
    });
    expect(() =>
      synth({
        maintenanceWindows: [
          {
            name: 'w',
            schedule: 'cron(0 2 ? * SUN)',
            duration: Duration.hours(1),
            alarms: ['receiver-network'],
          },
        ],
      }),
    ).toThrow(/maintenanceWindows\[0\]\.alarms: the receiver-network alarm is disabled/);
  });
});
