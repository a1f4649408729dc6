import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { stageNamespace } from '../functions/shared/metrics.js';
import { APP_CONFIG_LABELS, type AppConfig, propsFromAppConfig } from './app-config.js';
import { NotionMonitor, type NotionMonitorProps } from './notion-monitor.js';
import { setPropsSource } from './props-source.js';

/** Props of {@link NotionMonitorStack}. */
export interface NotionMonitorStackProps extends StackProps {
  readonly config: AppConfig;
  /**
   * Where the config came from, named in validation messages.
   * @default 'the deployment config'
   */
  readonly configSource?: string;
  /** The stage (dev, prod): its metrics go to `NotionMonitor/<stage>` unless the config names a namespace. */
  readonly stage: string;
}

/** The stack `cdk deploy` creates: one {@link NotionMonitor} and its outputs. */
export class NotionMonitorStack extends Stack {
  readonly monitor: NotionMonitor;

  constructor(scope: Construct, id: string, props: NotionMonitorStackProps) {
    super(scope, id, props);
    // First, before any child: invalid values are reported under the file's own keys.
    setPropsSource(this, {
      description: props.configSource ?? 'the deployment config',
      labels: APP_CONFIG_LABELS,
    });
    this.monitor = new NotionMonitor(this, 'Monitor', monitorPropsFor(this, props.config, props.stage));

    // Outputs belong to the stack: top-level ids are their logical ids, without hashes.
    new CfnOutput(this, 'FunctionName', {
      value: this.monitor.function.functionName,
      description: 'Invoke with Test in the Lambda console for a full diagnosis',
    });
    new CfnOutput(this, 'TopicArn', {
      value: this.monitor.topic.topicArn,
      description: 'Alarm notifications',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.monitor.deadLetterQueue.queueUrl,
      description: 'Lost scheduled runs, each with its reason (kept 14 days)',
    });
    new CfnOutput(this, 'DashboardUrl', { value: this.monitor.dashboardUrl });
  }
}

/** The NotionMonitor props a stage file gives, with the stage's defaults (namespace, removal). */
export function monitorPropsFor(scope: Construct, config: AppConfig, stage: string): NotionMonitorProps {
  const topics = (config.alarmTopicArns ?? []).map((arn, i) =>
    sns.Topic.fromTopicArn(scope, `AlarmTopic${i}`, arn),
  );
  const fromFile = propsFromAppConfig(scope, config);
  return {
    ...fromFile,
    // Stages in one account must not share metrics: dev's heartbeat would keep prod's
    // not-running alarm quiet, and dev's failures would page for prod.
    namespace: fromFile.namespace ?? stageNamespace(stage),
    alarmTopics: topics,
    // Production keeps its history when the stack goes; other stages leave nothing billable.
    removalPolicy: (config.retainOnDelete ?? stage === 'prod') ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  };
}
