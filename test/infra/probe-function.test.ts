import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES } from '../../functions/shared/categories.js';
import { CONFIG_FILE_NAME } from '../../infra/config-delivery.js';
import { NotionMonitor } from '../../infra/notion-monitor.js';
import type { ProbeFunction } from '../../infra/probe-function.js';
import { ENV, INTEGRATIONS, type Synthesized, synth } from './synth.js';

const probeOf = (monitor: NotionMonitor) => monitor.node.findChild('Probe') as ProbeFunction;

interface PolicyResource {
  Properties: { PolicyDocument: { Statement: unknown[] } };
}
/** The probe role's policy statements, in order. */
function probeStatements(template: Template): unknown[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as PolicyResource[];
  const probe = policies.find((p) => JSON.stringify(p).includes('secretsmanager:GetSecretValue'));
  if (!probe) throw new Error('no probe policy');
  return probe.Properties.PolicyDocument.Statement;
}

describe('ProbeFunction with the defaults', () => {
  let s: Synthesized;
  let probe: ProbeFunction;
  beforeAll(() => {
    s = synth();
    probe = probeOf(s.monitor);
  });

  it('Node.js 24 on arm64, 256 MB, 2 minutes, config inline, JSON logs to its own group', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 120,
      ReservedConcurrentExecutions: Match.absent(),
      Role: s.getAtt(probe.role, 'Arn'),
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
        LogGroup: s.ref(probe.logGroup),
      },
      Environment: {
        Variables: Match.exact({
          NOTION_MONITOR_CONFIG: Match.serializedJson({
            timeoutMs: 10_000,
            integrations: JSON.parse(JSON.stringify(INTEGRATIONS)),
          }),
          NOTION_MONITOR_NAMESPACE: 'NotionMonitor',
          NODE_OPTIONS: '--enable-source-maps --max-old-space-size=102',
        }),
      },
    });
    expect(probe.configDelivery.kind).toBe('inline');
    s.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    s.template.resourceCountIs('Custom::LogRetention', 0);
  });

  it('async invokes: no retries, dropped after one interval to the dead-letter queue', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: s.ref(s.monitor.function),
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnFailure: { Destination: s.getAtt(s.monitor.deadLetterQueue, 'Arn') } },
    });
    s.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    s.template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  it('IAM: exactly the secrets (no DescribeSecret), the batch call, the namespace, its own logs and queue', () => {
    expect(probeStatements(s.template)).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: s.getAtt(probe.logGroup, 'Arn'),
      },
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':secretsmanager:eu-west-1:123456789012:secret:prod/notion-webhooks-??????',
              ],
            ],
          },
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/crm-AbC123',
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/crm-AbC123-??????',
        ],
      },
      { Action: 'secretsmanager:BatchGetSecretValue', Effect: 'Allow', Resource: '*' },
      {
        Action: 'cloudwatch:PutMetricData',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'NotionMonitor' } },
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Effect: 'Allow',
        Resource: s.getAtt(s.monitor.deadLetterQueue, 'Arn'),
      },
    ]);
    const policies = JSON.stringify(s.template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('kms:Decrypt');
    expect(policies).not.toContain('secretsmanager:DescribeSecret');
    s.template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
  });
});

describe('ProbeFunction options', () => {
  it('kms:Decrypt for the named keys, only via Secrets Manager in this Region', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'T', { env: ENV });
    const key = kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:eu-west-1:123456789012:key/1111-2222');
    new NotionMonitor(stack, 'M', {
      integrations: INTEGRATIONS,
      secretKeys: [key],
      namespace: 'Team/Notion',
    });
    expect(probeStatements(Template.fromStack(stack))).toEqual(
      expect.arrayContaining([
        {
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          Effect: 'Allow',
          Resource: 'arn:aws:kms:eu-west-1:123456789012:key/1111-2222',
        },
        expect.objectContaining({ Condition: { StringEquals: { 'cloudwatch:namespace': 'Team/Notion' } } }),
      ]),
    );
  });

  it("reserves concurrency only when asked; caps the event age at Lambda's 6 hours; memory sets the heap cap", () => {
    const { template } = synth({
      reservedConcurrency: 1,
      memorySize: 128,
      // Over 3 hours: only without category alarms (Metrics Insights alarms evaluate 3 hours at most).
      schedule: Duration.hours(12),
      alarms: Object.fromEntries(FAILURE_CATEGORIES.map((c) => [c, { enabled: false }])),
      functionTimeout: Duration.minutes(10),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      MemorySize: 128,
      Timeout: 600,
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=51' } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumEventAgeInSeconds: 21_600 });
  });

  it('a config too big for the environment is bundled as a file instead', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      name: `integration-${i}`,
      token: { secretId: `prod/notion-${i}` },
      targets: [
        { kind: 'page' as const, id: '59833787-2cf9-4fdf-8782-e53db20768a5', label: 'A fairly long label' },
      ],
    }));
    const { template, monitor } = synth({ integrations: many });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.exact({
          NOTION_MONITOR_CONFIG_FILE: CONFIG_FILE_NAME,
          NOTION_MONITOR_NAMESPACE: 'NotionMonitor',
          NODE_OPTIONS: Match.anyValue(),
        }),
      },
    });
    const delivery = probeOf(monitor).configDelivery;
    expect(delivery.kind === 'file' && JSON.parse(delivery.fileText)).toMatchObject({ integrations: many });
  });
});
