import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerResult } from '../../functions/handler/create-handler.js';
import { type AwsEndpoint, startAwsEndpoint } from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { buildApp } from '../../infra/app.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const TOKEN = 'ntn_deployedAsset000000000000000000000001';

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, string>;
}

describe('the app as cdk deploys it', () => {
  it('`npx cdk synth --no-notices` works offline on the shipped example config', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    await run('npx', ['cdk', 'synth', '--no-notices', '-q', '-o', out], {
      cwd: ROOT,
      timeout: 120_000,
      // Offline: nothing may wait on the network, telemetry included.
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
    const template = JSON.parse(readFileSync(join(out, 'NotionMonitor-dev.template.json'), 'utf8')) as {
      Resources: Record<string, CfnResource>;
    };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    expect(fn?.Properties.Runtime).toBe('nodejs24.x');
  });

  it('cdk-nag (AwsSolutions) runs over the app and finds nothing unacknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
    const { app } = buildApp(new App({ outdir, context: { stage: 'nag', 'aws:cdk:bundling-stacks': [] } }));
    app.synth();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
  });

  it('cdk-nag really checks: a wildcard grant added to the probe role fails synth', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-bad-'));
    const { app, stack } = buildApp(
      new App({ outdir, context: { stage: 'nagbad', 'aws:cdk:bundling-stacks': [] } }),
    );
    stack.monitor.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5/);
    const report = readFileSync(join(outdir, 'validation-report.json'), 'utf8');
    expect(report).toContain('AwsSolutions-IAM5[Action::s3:*]');
  });
});

describe('the bundled asset synth produced, invoked as Lambda would', () => {
  let sim: NotionSimulator;
  let aws: AwsEndpoint;
  let assetDir: string;
  let environment: Record<string, string>;
  let handlerName: string;

  beforeAll(async () => {
    sim = new NotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
    await sim.start();
    aws = await startAwsEndpoint({
      secrets: [
        { name: 'test/notion', secretString: JSON.stringify({ NOTION_TOKEN: TOKEN }) },
        { name: 'test/revoked', secretString: 'ntn_revokedDeployed0000000000000000' },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'cdk-asset-'));
    const configFile = join(dir, 'test.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        notionBaseUrl: sim.url,
        integrations: [
          {
            name: 'sync',
            token: { secretId: 'test/notion', jsonKey: 'NOTION_TOKEN' },
            targets: [{ kind: 'page', id: PAGE }],
          },
          { name: 'revoked', token: { secretId: 'test/revoked' } },
        ],
      }),
    );
    const outdir = join(dir, 'cdk.out');
    const { app, stack } = buildApp(
      new App({
        outdir,
        context: { stage: 'asset', config: configFile, 'aws:cdk:enable-asset-metadata': true },
      }),
    );
    app.synth();
    const template = JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8')) as {
      Resources: Record<string, CfnResource>;
    };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    if (!fn?.Metadata) throw new Error('no function in the template');
    assetDir = join(outdir, fn.Metadata['aws:asset:path'] ?? '');
    handlerName = String(fn.Properties.Handler);
    environment = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    await aws?.close();
  });

  it('is minified, with a source map, and leaves the AWS SDK to the runtime', () => {
    const code = readFileSync(join(assetDir, 'index.js'), 'utf8');
    expect(existsSync(join(assetDir, 'index.js.map'))).toBe(true);
    expect(code).toContain('require("@aws-sdk/client-secrets-manager")');
    expect(code).not.toContain('@aws-sdk/client-cloudwatch/dist');
    expect(code).toContain('//# sourceMappingURL=index.js.map');
    expect(handlerName).toBe('index.handler');
  });

  it('probes and publishes with the environment the template gives it', async () => {
    const script = `
      const { handler } = require(${JSON.stringify(join(assetDir, 'index.js'))});
      handler({ source: 'notion-monitor-schedule' }, { getRemainingTimeInMillis: () => 60000, awsRequestId: 'r1' })
        .then((r) => { process.stderr.write('RESULT' + JSON.stringify(r)); }, (e) => { process.stderr.write('ERROR' + e.name + ': ' + e.message); process.exitCode = 1; });
    `;
    const { stdout, stderr } = await run(process.execPath, ['-e', script], {
      cwd: assetDir,
      timeout: 30_000,
      env: {
        PATH: process.env.PATH ?? '',
        // The Lambda runtime provides the AWS SDK v3 the bundle leaves out.
        NODE_PATH: join(ROOT, 'node_modules'),
        LAMBDA_TASK_ROOT: assetDir,
        ...environment,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
        AWS_ENDPOINT_URL_CLOUDWATCH: aws.url,
      },
    });
    const result = JSON.parse(stderr.slice(stderr.indexOf('RESULT') + 6)) as HandlerResult;
    expect(result.integrations.map((i) => [i.name, i.category])).toEqual([
      ['sync', 'ok'],
      ['revoked', 'auth'],
    ]);
    expect(result.metrics).toMatchObject({ ok: true, namespace: 'NotionMonitor/asset', calls: 1 });
    expect(aws.callsOf('BatchGetSecretValue')).toHaveLength(1);
    expect(aws.datums.some((d) => d.metricName === 'Failures' && d.dimensions.Category === 'auth')).toBe(
      true,
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string });
    expect(lines.map((l) => l.message)).toEqual(['integration probed', 'integration probed', 'run finished']);
    expect(stdout + stderr).not.toContain(TOKEN);
  });
});
