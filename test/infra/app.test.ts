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
import { CONFIG_FILE_NAME } from '../../infra/config-delivery.js';
import { STAGE_DIR_ENV } from '../../infra/stage-file.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const TOKEN = 'ntn_deployedAssetcsewVmuzKdV5qukiqdKqLBD1';

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, string>;
}

describe('the app as cdk deploys it', () => {
  it('`npx cdk synth --no-notices -c stage=prd` works offline without a stage file, and its template cannot deploy', async () => {
    // As the README writes it, from the repository root; no prd.json in the stage folder.
    const { stdout, stderr } = await run('npx', ['cdk', 'synth', '--no-notices', '-c', 'stage=prd'], {
      cwd: ROOT,
      timeout: 120_000,
      // Offline: nothing may wait on the network, telemetry included.
      env: {
        ...process.env,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        [STAGE_DIR_ENV]: mkdtempSync(join(tmpdir(), 'no-stages-')),
        // No Docker: the CDK's Docker is this command, which fails; the project's esbuild bundles.
        CDK_DOCKER: 'false',
      },
    });
    const create =
      /Create the stage file \(cp infra\/config\/example\.json [^)]*prd\.json\), edit it, and deploy again\./;
    expect(stderr).toMatch(/WARNING NotionMonitor-prd uses the example config: there is no \S*prd\.json\./);
    expect(stderr).toMatch(create);
    expect(stderr).toContain('⚡ Done');
    expect(stdout).toMatch(/^Rules:\n {2}StageFileRequired:\n {4}Assertions:/m);
    const template = JSON.parse(
      readFileSync(join(ROOT, 'cdk.out', 'NotionMonitor-prd.template.json'), 'utf8'),
    ) as {
      Resources: Record<string, CfnResource>;
      Rules: Record<string, { Assertions: { AssertDescription: string }[] }>;
    };
    expect(template.Rules.StageFileRequired?.Assertions[0]?.AssertDescription).toMatch(create);
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    expect(fn?.Properties.Runtime).toBe('nodejs24.x');
  });

  it("`cdk synth` on a broken stage file lists every problem under the file's keys, without a stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk-broken-'));
    const file = join(dir, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        scheduleMinutes: 2,
        functionTimeoutSeconds: 150,
        memorySize: 512,
        alarms: { auth: { evaluationPeriods: 1, datapointsToAlarm: 2 } },
        alarmEmails: 'oncall@example.com',
        colour: 'blue',
        integrations: [{ name: 'a', token: { env: 'NOTION_TOKEN' } }],
      }),
    );
    const failed = await run(
      'npx',
      [
        'cdk',
        'synth',
        '--no-notices',
        '-q',
        '-o',
        join(dir, 'out'),
        '-c',
        'stage=broken',
        '-c',
        `config=${file}`,
      ],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const problems = failed?.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(failed?.stderr).toContain(`NotionMonitor-broken/Monitor: 6 problems in ${file}:`);
    expect(problems).toEqual([
      '  - alarmEmails: Invalid input: expected array, received string',
      '  - (root): unknown key "colour"',
      '  - functionTimeoutSeconds (150) must be shorter than scheduleMinutes (2) so runs never overlap',
      '  - alarms.auth.datapointsToAlarm (2) cannot exceed evaluationPeriods (1)',
      '  - integrations[0].token: the deployed monitor reads tokens from Secrets Manager only ({ "secretId": ... })',
      '  - memorySize (512) must be 128 to 256 MB (the probe is I/O bound)',
    ]);
    expect(failed?.stderr).not.toMatch(/^\s+at /m);
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

/** What `cdk synth` left for the probe function: its bundled code and the template's settings. */
interface SynthesizedAsset {
  readonly dir: string;
  readonly environment: Record<string, string>;
  readonly handler: string;
}

/** Synthesizes the app, with bundling, for a stage file holding `config`. */
function synthAsset(stage: string, config: unknown): SynthesizedAsset {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-asset-'));
  const configFile = join(dir, `${stage}.json`);
  writeFileSync(configFile, JSON.stringify(config));
  const outdir = join(dir, 'cdk.out');
  const { app, stack } = buildApp(
    new App({ outdir, context: { stage, config: configFile, 'aws:cdk:enable-asset-metadata': true } }),
  );
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8')) as {
    Resources: Record<string, CfnResource>;
  };
  const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  if (!fn?.Metadata) throw new Error('no function in the template');
  return {
    dir: join(outdir, fn.Metadata['aws:asset:path'] ?? ''),
    handler: String(fn.Properties.Handler),
    environment: (fn.Properties.Environment as { Variables: Record<string, string> }).Variables,
  };
}

/** Runs the bundled handler in a fresh Node process, as the Lambda runtime would. */
async function invoke(
  asset: SynthesizedAsset,
  aws: AwsEndpoint,
): Promise<{ result: HandlerResult; stdout: string; stderr: string }> {
  const script = `
    const { handler } = require(${JSON.stringify(join(asset.dir, 'index.js'))});
    handler({ source: 'notion-monitor-schedule' }, { getRemainingTimeInMillis: () => 60000, awsRequestId: 'r1' })
      .then((r) => { process.stderr.write('RESULT' + JSON.stringify(r)); }, (e) => { process.stderr.write('ERROR' + e.name + ': ' + e.message); process.exitCode = 1; });
  `;
  const { stdout, stderr } = await run(process.execPath, ['-e', script], {
    // Not the asset's directory: the handler must find a bundled config through LAMBDA_TASK_ROOT.
    cwd: tmpdir(),
    timeout: 30_000,
    env: {
      PATH: process.env.PATH ?? '',
      // The Lambda runtime provides the AWS SDK v3 the bundle leaves out.
      NODE_PATH: join(ROOT, 'node_modules'),
      LAMBDA_TASK_ROOT: asset.dir,
      ...asset.environment,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      AWS_ENDPOINT_URL_CLOUDWATCH: aws.url,
    },
  });
  return {
    result: JSON.parse(stderr.slice(stderr.indexOf('RESULT') + 6)) as HandlerResult,
    stdout,
    stderr,
  };
}

describe('the bundled asset synth produced, invoked as Lambda would', () => {
  let sim: NotionSimulator;
  let aws: AwsEndpoint;
  let inline: SynthesizedAsset;
  let bundled: SynthesizedAsset;
  /** Enough integrations that the config no longer fits the environment's 4 KB. */
  const many = Array.from({ length: 20 }, (_, i) => ({
    name: `sync-${i}`,
    token: { secretId: 'test/notion', jsonKey: 'NOTION_TOKEN' },
    targets: [{ kind: 'page', id: PAGE, label: `Page ${i} ${'·'.repeat(120)}` }],
  }));

  beforeAll(async () => {
    sim = new NotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
    await sim.start();
    aws = await startAwsEndpoint({
      secrets: [
        { name: 'test/notion', secretString: JSON.stringify({ NOTION_TOKEN: TOKEN }) },
        { name: 'test/revoked', secretString: 'ntn_revokedDeployeddDkkrUV7SfDi7UQV' },
      ],
    });
    inline = synthAsset('asset', {
      notionBaseUrl: sim.url,
      integrations: [
        {
          name: 'sync',
          token: { secretId: 'test/notion', jsonKey: 'NOTION_TOKEN' },
          targets: [{ kind: 'page', id: PAGE }],
        },
        { name: 'revoked', token: { secretId: 'test/revoked' } },
      ],
    });
    bundled = synthAsset('bigasset', { notionBaseUrl: sim.url, integrations: many });
  }, 180_000);

  afterAll(async () => {
    await sim?.close();
    await aws?.close();
  });

  it('is minified, with a source map, and leaves the AWS SDK to the runtime', () => {
    const code = readFileSync(join(inline.dir, 'index.js'), 'utf8');
    expect(existsSync(join(inline.dir, 'index.js.map'))).toBe(true);
    expect(code).toContain('require("@aws-sdk/client-secrets-manager")');
    expect(code).not.toContain('@aws-sdk/client-cloudwatch/dist');
    expect(code).toContain('//# sourceMappingURL=index.js.map');
    expect(inline.handler).toBe('index.handler');
    expect(existsSync(join(inline.dir, CONFIG_FILE_NAME))).toBe(false);
  });

  it('probes and publishes with the environment the template gives it', async () => {
    const before = aws.callsOf('BatchGetSecretValue').length;
    const { result, stdout, stderr } = await invoke(inline, aws);
    expect(result.integrations.map((i) => [i.name, i.category])).toEqual([
      ['sync', 'ok'],
      ['revoked', 'auth'],
    ]);
    expect(result.metrics).toMatchObject({ ok: true, namespace: 'NotionMonitor/asset', calls: 1 });
    expect(aws.callsOf('BatchGetSecretValue').length - before).toBe(1);
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

  it('a config over 4 KB: written into the bundle by the bundling step, found there by the handler', async () => {
    expect(bundled.environment).toEqual({
      NOTION_MONITOR_CONFIG_FILE: CONFIG_FILE_NAME,
      NOTION_MONITOR_NAMESPACE: 'NotionMonitor/bigasset',
      NODE_OPTIONS: '--enable-source-maps --max-old-space-size=102',
    });
    const file = JSON.parse(readFileSync(join(bundled.dir, CONFIG_FILE_NAME), 'utf8')) as unknown;
    expect(file).toEqual({ notionBaseUrl: sim.url, timeoutMs: 10_000, integrations: many });
    const { result } = await invoke(bundled, aws);
    expect(result.integrations.map((i) => i.category)).toEqual(many.map(() => 'ok'));
    expect(result.integrations.map((i) => i.name)).toEqual(many.map((i) => i.name));
  });
});
