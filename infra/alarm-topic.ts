import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** @default no email subscriptions */
  readonly emails?: readonly string[];
  /** @default only the topic this construct creates */
  readonly extraTopics?: readonly sns.ITopic[];
  /** Only alarms whose names start with this (and `-`) may publish to the topic. */
  readonly alarmNamePrefix: string;
  /**
   * What deleting the stack does with the topic's KMS key.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The encrypted SNS topic alarms publish to, its email subscriptions, and the actions
 * that send an alarm's ALARM and OK notifications to it and to any extra topics.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  private readonly actions: readonly cloudwatch.IAlarmAction[];

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Both the key and the topic serve only this account's alarms named with our prefix:
    // CloudWatch passes the alarm's ARN as aws:SourceArn to SNS and to KMS.
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${props.alarmNamePrefix}-*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    // A customer-managed key CloudWatch may use: alarms to a topic under the AWS-managed
    // aws/sns key are dropped silently.
    this.key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: 'Encrypts the Notion monitor alarm topic',
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // Deleted with the stack: the shortest wait KMS allows (7 days) instead of its default 30.
      ...(props.removalPolicy === RemovalPolicy.DESTROY ? { pendingWindow: Duration.days(7) } : {}),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      masterKey: this.key,
      enforceSSL: true,
      displayName: 'Notion monitor',
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    for (const email of props.emails ?? [])
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.actions = [this.topic, ...(props.extraTopics ?? [])].map((t) => new actions.SnsAction(t));
  }

  /** Sends the alarm's ALARM and OK notifications to every topic. */
  notify<A extends cloudwatch.AlarmBase>(alarm: A): A {
    alarm.addAlarmAction(...this.actions);
    alarm.addOkAction(...this.actions);
    return alarm;
  }
}
