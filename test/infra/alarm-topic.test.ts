import { Match } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import type { AlarmTopic } from '../../infra/alarm-topic.js';
import { synth } from './synth.js';

/** The ARN pattern of the alarms the `NotionMonitor/prod` namespace names (`NotionMonitor-prod-auth`, ...). */
const OUR_ALARMS = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:NotionMonitor-prod-*'],
  ],
};

describe('AlarmTopic', () => {
  it("encrypted with a rotating customer-managed key CloudWatch may use, only for this account's alarms with our prefix", () => {
    const s = synth({ namespace: 'NotionMonitor/prod' });
    const topic = s.monitor.node.findChild('Notifications') as AlarmTopic;
    s.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': OUR_ALARMS },
            },
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: '*',
          },
        ]),
      },
    });
    s.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: s.getAtt(topic.key, 'Arn'),
      DisplayName: 'Notion monitor',
    });
  });

  it("the topic policy: SSL only; CloudWatch may publish only for this account's alarms with our prefix", () => {
    const s = synth({ namespace: 'NotionMonitor/prod' });
    const topic = s.monitor.node.findChild('Notifications') as AlarmTopic;
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [s.ref(topic.topic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: Match.anyValue(),
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: s.ref(topic.topic),
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': OUR_ALARMS },
            },
          },
        ]),
      },
    });
  });

  it('one email subscription per address', () => {
    const s = synth({ alarmEmails: ['oncall@example.com', 'team@example.com'] });
    const topic = s.monitor.node.findChild('Notifications') as AlarmTopic;
    for (const email of ['oncall@example.com', 'team@example.com']) {
      s.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: s.ref(topic.topic),
      });
    }
  });

  it('no email: no subscription', () => {
    synth().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
