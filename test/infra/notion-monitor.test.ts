import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_CATEGORIES } from '../../functions/shared/categories.js';
import { NotionMonitor, type NotionMonitorProps } from '../../infra/notion-monitor.js';
import { alarmDescription, MAX_ALARM_DESCRIPTION } from '../../infra/runbook.js';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const WEBHOOKS: NotionMonitorProps['integrations'][number] = {
  name: 'webhooks',
  token: { secretId: 'prod/notion-webhooks', jsonKey: 'NOTION_TOKEN' },
  expect: { tokenType: 'internal' },
  targets: [{ kind: 'page', id: '59833787-2cf9-4fdf-8782-e53db20768a5' }],
};
const INTEGRATIONS: NotionMonitorProps['integrations'] = [
  WEBHOOKS,
  {
    name: 'crm',
    token: { secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/crm-AbC123' },
  },
];

function synth(props: Partial<NotionMonitorProps> = {}): {
  template: Template;
  monitor: NotionMonitor;
  stack: Stack;
} {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: ENV });
  const monitor = new NotionMonitor(stack, 'Monitor', { integrations: INTEGRATIONS, ...props });
  return { template: Template.fromStack(stack), monitor, stack };
}

describe('NotionMonitor with defaults', () => {
  let template: Template;
  let stack: Stack;
  let monitor: NotionMonitor;
  beforeAll(() => {
    ({ template, stack, monitor } = synth({ alarmEmails: ['oncall@example.com'] }));
  });
  const ref = (c: { node: { defaultChild?: unknown } }) => ({
    Ref: stack.getLogicalId(c.node.defaultChild as never),
  });

  it('the function: Node.js 24 on arm64, small, config in the environment, JSON logs to its own group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 120,
      ReservedConcurrentExecutions: Match.absent(),
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
        LogGroup: ref(monitor.node.findChild('Logs')),
      },
      Environment: {
        Variables: {
          NOTION_MONITOR_CONFIG: Match.serializedJson({ timeoutMs: 10_000, integrations: Match.anyValue() }),
          NOTION_MONITOR_NAMESPACE: 'NotionMonitor',
          NODE_OPTIONS: '--enable-source-maps --max-old-space-size=102',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.resourceCountIs('Custom::LogRetention', 0);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [stack.getLogicalId(monitor.deadLetterQueue.node.defaultChild as never), 'Arn'],
          },
        },
      },
    });
  });

  it('the schedule: EventBridge Scheduler every 5 minutes, no retries, a dead-letter queue', () => {
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [stack.getLogicalId(monitor.function.node.defaultChild as never), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: Match.anyValue() },
        Input: JSON.stringify({ source: 'notion-monitor-schedule' }),
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
  });

  it('IAM: exactly the secrets, the batch call, the namespace, its own logs', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const probePolicy = Object.values(policies).find((p) =>
      JSON.stringify(p).includes('secretsmanager:GetSecretValue'),
    ) as { Properties: { PolicyDocument: { Statement: unknown[] } } };
    expect(probePolicy.Properties.PolicyDocument.Statement).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: {
          'Fn::GetAtt': [
            stack.getLogicalId(monitor.node.findChild('Logs').node.defaultChild as never),
            'Arn',
          ],
        },
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
      expect.objectContaining({ Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] }),
    ]);
    expect(JSON.stringify(policies)).not.toContain('kms:Decrypt');
    template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
  });

  it.each(FAILURE_CATEGORIES.map((c) => [c]))(
    'one alarm for %s on its own metric, with its runbook',
    (category) => {
      const transient = ['rate_limited', 'timeout', 'network', 'server_error'].includes(category);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'NotionMonitor',
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
        AlarmActions: [{ Ref: stack.getLogicalId(monitor.topic.node.defaultChild as never) }],
        OKActions: [{ Ref: stack.getLogicalId(monitor.topic.node.defaultChild as never) }],
      });
    },
  );

  it('the probe-did-not-run alarm breaches on missing heartbeats; the failed alarm watches Lambda errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Heartbeat',
      Namespace: 'NotionMonitor',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'breaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: ref(monitor.function) }],
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      OKActions: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'NumberOfMessagesSent',
      Namespace: 'AWS/SQS',
      Statistic: 'Sum',
      Period: 300,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp('run was lost'),
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', FAILURE_CATEGORIES.length + 3);
  });

  it('the topic: a rotating customer-managed key CloudWatch may use, SSL only, email subscription', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: '*',
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('TopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('a dashboard and the three outputs', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const title of [
      'Integrations failing, by category',
      'Failing integrations',
      'Latency by check kind',
      'Retry-After',
      'Heartbeat',
      'Alarms',
    ]) {
      expect(body).toContain(title);
    }
    const outputs = Object.keys(template.findOutputs('*'));
    for (const name of ['FunctionName', 'TopicArn', 'DashboardUrl'])
      expect(outputs.some((o) => o.includes(name))).toBe(true);
  });

  it('every runbook fits in an alarm description', () => {
    for (const c of FAILURE_CATEGORIES)
      expect(alarmDescription(c).length).toBeLessThan(MAX_ALARM_DESCRIPTION);
  });
});

describe('NotionMonitor options', () => {
  it('overrides thresholds, schedule, namespace; grants kms:Decrypt via Secrets Manager for named keys; extra topics', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'T', { env: ENV });
    const key = kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:eu-west-1:123456789012:key/1111-2222');
    const extra = sns.Topic.fromTopicArn(stack, 'X', 'arn:aws:sns:eu-west-1:123456789012:pager');
    new NotionMonitor(stack, 'M', {
      integrations: INTEGRATIONS,
      schedule: Duration.minutes(10),
      namespace: 'Team/Notion',
      secretKeys: [key],
      alarmTopics: [extra],
      alarms: {
        rate_limited: { evaluationPeriods: 6, datapointsToAlarm: 4, threshold: 2 },
        not_found: { enabled: false },
      },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(10 minutes)' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Team/Notion',
      Dimensions: [{ Name: 'Category', Value: 'rate_limited' }],
      EvaluationPeriods: 6,
      DatapointsToAlarm: 4,
      Threshold: 2,
      Period: 600,
      AlarmActions: Match.arrayWith(['arn:aws:sns:eu-west-1:123456789012:pager']),
    });
    expect(JSON.stringify(t.findResources('AWS::CloudWatch::Alarm'))).not.toContain('"not_found"');
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'kms:Decrypt',
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
            Effect: 'Allow',
            Resource: 'arn:aws:kms:eu-west-1:123456789012:key/1111-2222',
          },
          Match.objectLike({ Condition: { StringEquals: { 'cloudwatch:namespace': 'Team/Notion' } } }),
        ]),
      },
    });
  });

  it("reserves concurrency only when asked; caps the event age at Lambda's 6 hours", () => {
    const { template } = synth({
      reservedConcurrency: 1,
      schedule: Duration.hours(12),
      functionTimeout: Duration.minutes(10),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1 });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumEventAgeInSeconds: 21_600 });
  });

  it('quotes the namespace in the dashboard search', () => {
    const { template } = synth({ namespace: 'NotionMonitor/prod' });
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'))).toMatch(
      /SEARCH\('\{\\+"NotionMonitor\/prod\\+",Integration,Category\}/,
    );
  });

  it('a config too big for the environment is bundled as a file instead', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      name: `integration-${i}`,
      token: { secretId: `prod/notion-${i}` },
      targets: [
        { kind: 'page' as const, id: '59833787-2cf9-4fdf-8782-e53db20768a5', label: 'A fairly long label' },
      ],
    }));
    const { template } = synth({ integrations: many });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          NOTION_MONITOR_CONFIG_FILE: 'notion-monitor.config.json',
          NOTION_MONITOR_CONFIG: Match.absent(),
        },
      },
    });
  });

  it.each<[string, Partial<NotionMonitorProps>, RegExp]>([
    ['no integrations', { integrations: [] }, /integrations must list at least one integration/],
    [
      'an env token',
      { integrations: [{ name: 'a', token: { env: 'X' } as never }] },
      /Secrets Manager only|token must be/,
    ],
    [
      'duplicate names',
      { integrations: [WEBHOOKS, WEBHOOKS] },
      /integrations\[1\]\.name: duplicate name, also used by integrations\[0\]/,
    ],
    [
      'a malformed target',
      { integrations: [{ name: 'a', token: { secretId: 's' }, targets: [{ kind: 'page', id: 'a/b' }] }] },
      /integrations\[0\]\.targets\[0\]\.id/,
    ],
    [
      'a secretId with "*" (an IAM wildcard)',
      { integrations: [{ name: 'a', token: { secretId: 'prod/*' } }] },
      /integrations\[0\]\.token\.secretId: secretId must not contain "\*" or "\?"/,
    ],
    [
      'a secretId with "?" (an IAM wildcard cdk-nag does not see)',
      { integrations: [{ name: 'a', token: { secretId: 'prod/notion-??????' } }] },
      /integrations\[0\]\.token\.secretId: secretId must not contain "\*" or "\?"/,
    ],
    ['a sub-minute schedule', { schedule: Duration.seconds(30) }, /schedule must be whole minutes/],
    [
      'a timeout as long as the schedule',
      { schedule: Duration.minutes(2), functionTimeout: Duration.minutes(2) },
      /must be shorter than the schedule/,
    ],
    [
      'a request timeout eating the margin',
      { requestTimeout: Duration.seconds(118) },
      /requestTimeout must leave at least 5 seconds/,
    ],
    ['too much memory', { memorySize: 1024 }, /memorySize must be 128 to 256 MB/],
    ['an AWS namespace', { namespace: 'AWS/Lambda' }, /not a valid custom CloudWatch namespace/],
    ['a bad email', { alarmEmails: ['oncall'] }, /"oncall" is not an email address/],
    [
      'M greater than N',
      { alarms: { auth: { evaluationPeriods: 1, datapointsToAlarm: 2 } } },
      /alarms\.auth\.datapointsToAlarm \(2\) cannot exceed evaluationPeriods \(1\)/,
    ],
    [
      'a zero threshold',
      { alarms: { timeout: { threshold: 0 } } },
      /alarms\.timeout\.threshold must be a whole number >= 1/,
    ],
    ['an unknown category', { alarms: { teapot: {} } as never }, /alarms\.teapot is not a category/],
    ['zero missed runs', { missedRunsToAlarm: 0 }, /missedRunsToAlarm must be a whole number >= 1/],
    ['a schedule over a day', { schedule: Duration.hours(25) }, /schedule must be at most 24 hours/],
    [
      'an alarm window longer than CloudWatch allows',
      { alarms: { auth: { evaluationPeriods: 300 } } },
      /alarms\.auth\.evaluationPeriods \(300\) times the schedule \(5 minutes\) looks back further than CloudWatch allows \(24 hours\)/,
    ],
    ['too many missed runs', { missedRunsToAlarm: 400 }, /missedRunsToAlarm \(400\) times the schedule/],
    ['a zero reservation', { reservedConcurrency: 0 }, /reservedConcurrency must be a whole number >= 1/],
  ])('throws at synth time for %s', (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('what the template holds', () => {
  it('no token or secret value, and secret names only in the policy ARNs and the function config', () => {
    const secretValue = 'ntn_neverInTheTemplate00000000000000000000';
    const { template } = synth();
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain(secretValue);
    expect(text).not.toMatch(/ntn_[A-Za-z0-9]{10,}/);
    // Remove the two places that must name the secrets; nothing else may.
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const rest = Object.values(resources).map((r) => {
      if (r.Type === 'AWS::IAM::Policy')
        return { ...r, Properties: { ...r.Properties, PolicyDocument: null } };
      if (r.Type === 'AWS::Lambda::Function')
        return { ...r, Properties: { ...r.Properties, Environment: null } };
      return r;
    });
    const restText = JSON.stringify({ rest, outputs: template.toJSON().Outputs });
    for (const name of ['prod/notion-webhooks', 'prod/crm']) expect(restText).not.toContain(name);
    expect(text).toContain('prod/notion-webhooks');
  });
});
