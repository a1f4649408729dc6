import { Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DEFAULT_NAMESPACE } from '../functions/shared/metrics.js';
import { type AppConfig, propsFromAppConfig } from './app-config.js';
import { NotionMonitor } from './notion-monitor.js';

/** Props of {@link NotionMonitorStack}. */
export interface NotionMonitorStackProps extends StackProps {
  readonly config: AppConfig;
  /** The stage (dev, prod): its metrics go to `NotionMonitor/<stage>` unless the config names a namespace. */
  readonly stage: string;
}

/** The stack `cdk deploy` creates: one {@link NotionMonitor}. */
export class NotionMonitorStack extends Stack {
  readonly monitor: NotionMonitor;

  constructor(scope: Construct, id: string, props: NotionMonitorStackProps) {
    super(scope, id, props);
    const base = propsFromAppConfig(this, props.config);
    const topics = (props.config.alarmTopicArns ?? []).map((arn, i) =>
      sns.Topic.fromTopicArn(this, `AlarmTopic${i}`, arn),
    );
    this.monitor = new NotionMonitor(this, 'Monitor', {
      // Stages in one account must not share metrics: dev's heartbeat would keep prod's
      // "did not run" alarm quiet, and dev's failures would page for prod.
      namespace: `${DEFAULT_NAMESPACE}/${props.stage}`,
      ...base,
      ...(topics.length > 0 ? { alarmTopics: topics } : {}),
    });
  }
}
