import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { NotionMonitor } from '../../infra/notion-monitor.js';
import { ENV, INTEGRATIONS } from './synth.js';

const run = promisify(execFile);

function cfnLintAvailable(): boolean {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = cfnLintAvailable();
if (!available) console.log('cfn-lint SKIPPED: not on the PATH (pip install cfn-lint)');

describe.runIf(available)('cfn-lint over a monitor with every alarm feature', () => {
  it('finds no error and no warning of ours (contributor alarms, receiver alarms, mute rules, chat channels, the health rule)', async () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Lint', { env: ENV });
    const monitor = new NotionMonitor(stack, 'Monitor', {
      integrations: INTEGRATIONS,
      receivers: [
        {
          name: 'notion-webhooks',
          url: 'https://hooks.example.com/notion',
          verificationToken: { secretId: 'prod/notion-webhook-verify', jsonKey: 'VERIFICATION_TOKEN' },
        },
      ],
      namespace: 'NotionMonitor/prod',
      maintenanceWindows: [{ name: 'maint', schedule: 'cron(0 2 ? * SUN)', duration: Duration.hours(2) }],
      slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
      teams: {
        teamId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
        channelId: '19%3aabc%40thread.tacv2',
        tenantId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      },
    });
    monitor.onIntegrationHealthChange(
      'Health',
      new targets.SqsQueue(new sqs.Queue(stack, 'Q', { enforceSSL: true })),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'cfn-lint-')), 'template.json');
    writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON()));
    // W3005: the CDK adds a DependsOn on the function's role beside its GetAtt (not ours).
    const result = await run('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', file], {
      timeout: 120_000,
    }).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    expect(result.trim()).toBe('');
  });
});
