import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { SecretChangeRule } from '../../infra/secret-change-rule.js';
import { INTEGRATIONS, synth } from './synth.js';

const CALLS = ['PutSecretValue', 'UpdateSecret', 'UpdateSecretVersionStage', 'RestoreSecret', 'RotateSecret'];
const CRM_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/crm-AbC123';
// The stack's Region and account are concrete in the tests; the partition stays CloudFormation's.
const WEBHOOKS_ARN = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:123456789012:secret:prod/notion-webhooks'],
  ],
};

describe('SecretChangeRule', () => {
  it("CloudTrail's Secrets Manager entries for the monitored secrets, by name and by ARN with or without the suffix", () => {
    const s = synth();
    const rule = (s.monitor.node.findChild('SecretChange') as SecretChangeRule).cloudTrailRule;
    s.template.resourceCountIs('AWS::Events::Rule', 2);
    const [resource] = Object.values(
      s.template.findResources('AWS::Events::Rule', {
        Properties: { Description: Match.stringLikeRegexp('CloudTrail') },
      }),
    );
    expect(resource?.Properties.EventPattern).toEqual({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
      detail: {
        eventSource: ['secretsmanager.amazonaws.com'],
        eventName: [...CALLS, 'RotationSucceeded', 'RotationFailed'],
        $or: [
          {
            requestParameters: {
              secretId: [
                'prod/notion-webhooks',
                'prod/crm',
                'prod/crm-AbC123',
                { prefix: WEBHOOKS_ARN },
                { prefix: CRM_ARN.slice(0, -7) },
              ],
            },
          },
          // Rotation events are rare: they pass whatever the secret, and the handler filters them.
          { eventName: ['RotationSucceeded', 'RotationFailed'] },
        ],
      },
    });
    expect(rule).toBeDefined();
  });

  it("Secrets Manager's own Secret Label Updated, AWSCURRENT only, by name", () => {
    const s = synth();
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['Secret Label Updated'],
        detail: {
          labelUpdated: ['AWSCURRENT'],
          name: ['prod/notion-webhooks', 'prod/crm', 'prod/crm-AbC123'],
        },
      },
    });
  });

  it('both rules target the probe function with the event as sent, and EventBridge may invoke it for these rules only', () => {
    const s = synth();
    const change = s.monitor.node.findChild('SecretChange') as SecretChangeRule;
    for (const rule of [change.cloudTrailRule, change.labelRule]) {
      s.template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.anyValue(),
        State: 'ENABLED',
        Targets: [
          Match.objectEquals({
            Arn: s.getAtt(s.monitor.function, 'Arn'),
            Id: Match.anyValue(),
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          }),
        ],
      });
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: s.getAtt(s.monitor.function, 'Arn'),
        Principal: 'events.amazonaws.com',
        SourceArn: s.getAtt(rule, 'Arn'),
      });
    }
    // No input transformer: the handler reads the event as AWS documents it.
    const rules = Object.values(s.template.findResources('AWS::Events::Rule'));
    expect(JSON.stringify(rules)).not.toContain('Input');
  });

  it('past the pattern size limit a rule matches every secret change, with a synth warning; the handler still filters', () => {
    const synthWith = (n: number) => {
      const many = Array.from({ length: n }, (_, i) => ({
        name: `bulk-${i}`,
        token: { secretId: `prod/notion-integration-number-${i}` },
      }));
      const s = synth({ integrations: [...INTEGRATIONS, ...many] });
      const change = s.monitor.node.findChild('SecretChange') as SecretChangeRule;
      const patternOf = (rule: SecretChangeRule['labelRule']) =>
        JSON.stringify(
          s.template.toJSON().Resources[s.stack.getLogicalId(rule.node.defaultChild as never)].Properties
            .EventPattern,
        );
      const warnings = s.stack.node
        .findAll()
        .flatMap((c) => c.node.metadata)
        .filter((m) => m.type === 'aws:cdk:warning')
        .map((m) => String(m.data));
      return { cloudTrail: patternOf(change.cloudTrailRule), label: patternOf(change.labelRule), warnings };
    };
    // 20 secrets: the CloudTrail pattern (names and ARN prefixes) is too long, the label one (names) is not.
    const twenty = synthWith(20);
    expect([twenty.cloudTrail.includes('prod/'), twenty.label.includes('prod/')]).toEqual([false, true]);
    expect(twenty.cloudTrail).toContain('PutSecretValue');
    expect(twenty.warnings).toEqual([
      expect.stringContaining("The CloudTrail rule's pattern would pass EventBridge's 2048-character limit"),
    ]);
    const hundred = synthWith(100);
    expect([hundred.cloudTrail.includes('prod/'), hundred.label.includes('prod/')]).toEqual([false, false]);
    expect(hundred.warnings).toHaveLength(2);
  });
});
