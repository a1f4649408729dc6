import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../functions/cli/args.js';
import { readAppConfig } from '../../infra/app-config.js';
import { NotionMonitorStack } from '../../infra/monitor-stack.js';
import { ENV } from './synth.js';

describe('the CLI and the deployed stage agree on the namespace', () => {
  it('`--publish-metrics --stage NAME` publishes where the stage NAME alarms', () => {
    const example = new URL('../../infra/config/example.json', import.meta.url);
    const config = readAppConfig(example.pathname);
    expect(JSON.parse(readFileSync(example, 'utf8'))).not.toHaveProperty('namespace');
    for (const stage of ['prod', 'ci-eu']) {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new NotionMonitorStack(app, `NotionMonitor-${stage}`, { config, stage, env: ENV });
      const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
      const namespaces = new Set(
        alarms.map((a) => (a as { Properties: { Namespace?: string } }).Properties.Namespace),
      );
      const cli = parseCliArgs(['--config', 'monitor.json', '--publish-metrics', '--stage', stage]);
      expect(cli.ok && cli.args.namespace).toBe(`NotionMonitor/${stage}`);
      expect(namespaces).toContain(cli.ok ? cli.args.namespace : undefined);
    }
  });
});
