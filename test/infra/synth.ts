import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { NotionMonitor, type NotionMonitorProps } from '../../infra/notion-monitor.js';

/** Shared by the infra tests: one account and Region, two integrations (a name and an ARN). */
export const ENV = { account: '123456789012', region: 'eu-west-1' };
export const WEBHOOKS: NotionMonitorProps['integrations'][number] = {
  name: 'webhooks',
  token: { secretId: 'prod/notion-webhooks', jsonKey: 'NOTION_TOKEN' },
  expect: { tokenType: 'internal' },
  targets: [{ kind: 'page', id: '59833787-2cf9-4fdf-8782-e53db20768a5' }],
};
export const INTEGRATIONS: NotionMonitorProps['integrations'] = [
  WEBHOOKS,
  {
    name: 'crm',
    token: { secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/crm-AbC123' },
  },
];

export interface Synthesized {
  readonly template: Template;
  readonly monitor: NotionMonitor;
  readonly stack: Stack;
  /** `{ Ref: <logical id> }` of a construct's CloudFormation resource. */
  readonly ref: (c: IConstruct) => { Ref: string };
  /** `{ 'Fn::GetAtt': [<logical id>, attribute] }`. */
  readonly getAtt: (c: IConstruct, attribute: string) => { 'Fn::GetAtt': [string, string] };
}

/** A NotionMonitor alone in a stack, without bundling (the app test bundles for real). */
export function synth(props: Partial<NotionMonitorProps> = {}): Synthesized {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: ENV });
  const monitor = new NotionMonitor(stack, 'Monitor', { integrations: INTEGRATIONS, ...props });
  const logicalId = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as never);
  return {
    template: Template.fromStack(stack),
    monitor,
    stack,
    ref: (c) => ({ Ref: logicalId(c) }),
    getAtt: (c, attribute) => ({ 'Fn::GetAtt': [logicalId(c), attribute] }),
  };
}
