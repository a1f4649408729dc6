import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProbeReport } from '../../functions/engine/report.js';
import { type AwsEndpoint, startAwsEndpoint } from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const TOKEN = 'ntn_entryPointMtfDh9yidTgSCiNEVf7b33BFR9t1';

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await sim?.close();
  await aws?.close();
});

async function setUp() {
  sim = new NotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
  await sim.start();
  aws = await startAwsEndpoint({
    secrets: [{ name: 'prod/notion', secretString: JSON.stringify({ NOTION_TOKEN: TOKEN }) }],
  });
  const config = {
    notionBaseUrl: sim.url,
    integrations: [
      {
        name: 'sync',
        token: { secretId: 'prod/notion', jsonKey: 'NOTION_TOKEN' },
        targets: [{ kind: 'page', id: PAGE }],
      },
      {
        name: 'unshared',
        token: { secretId: 'prod/notion', jsonKey: 'NOTION_TOKEN' },
        targets: [{ kind: 'page', id: '0a8b6c4d-2e1f-4a3b-9c8d-7e6f5a4b3c2d' }],
      },
    ],
  };
  const awsEnv = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
    AWS_ENDPOINT_URL_CLOUDWATCH: aws.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
  return { config, awsEnv };
}

describe('the production entry points, with the SDK pointed by its standard endpoint variables', () => {
  it('functions/handler/index.ts: default clients, env config, metrics published', async () => {
    const { config, awsEnv } = await setUp();
    for (const [k, v] of Object.entries({ ...awsEnv, NOTION_MONITOR_CONFIG: JSON.stringify(config) }))
      vi.stubEnv(k, v);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { handler } = await import('../../functions/handler/index.js');
      const result = await handler({}, { getRemainingTimeInMillis: () => 30_000 });
      expect(result.integrations.map((i) => i.category)).toEqual(['ok', 'not_found']);
      expect(result.metrics).toMatchObject({ ok: true, calls: 1 });
      const lines = write.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>);
      expect(lines.map((l) => l.message)).toEqual([
        'integration probed',
        'integration probed',
        'run finished',
      ]);
      expect(lines.join('')).not.toContain(TOKEN);
    } finally {
      write.mockRestore();
    }
    expect(aws?.callsOf('BatchGetSecretValue')).toHaveLength(1);
    expect(
      aws?.datums.some((d) => d.metricName === 'Failures' && d.dimensions.Category === 'not_found'),
    ).toBe(true);
  });

  it('the CLI: secretId tokens and --publish-metrics with the standard credential chain, in a real process', async () => {
    const { config, awsEnv } = await setUp();
    const dir = await mkdtemp(join(tmpdir(), 'cli-aws-'));
    const file = join(dir, 'monitor.json');
    await writeFile(file, JSON.stringify(config));
    const run = promisify(execFile)(
      process.execPath,
      ['bin/notion-monitor.mjs', '--config', file, '--json', '--publish-metrics', '--namespace', 'Cli/Test'],
      { env: { ...withoutSdkWarningSwitch(), ...awsEnv }, timeout: 20_000 },
    );
    const error = await run.then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    const report = JSON.parse(error?.stdout ?? '') as ProbeReport;
    expect(report.integrations.map((i) => i.category)).toEqual(['ok', 'not_found']);
    expect(error?.stderr).toMatch(/Published \d+ metric datums to CloudWatch namespace Cli\/Test in 1 call/);
    expect(aws?.datums.every((d) => d.namespace === 'Cli/Test')).toBe(true);
    expect(`${error?.stdout}${error?.stderr}`).not.toContain(TOKEN);
    // The AWS SDK's Node-version warning is off (the CLI sets the SDK's switch); nothing else warned.
    expect(error?.stderr).not.toContain('NodeVersionSupportWarning');
    expect(error?.stderr).not.toMatch(/Warning/i);
  });

  // The control for the test above: on this Node, without the switch, the SDK does warn, so
  // the absence above is the CLI's doing. (Node 22 and later never get the warning.)
  it.runIf(Number(process.versions.node.split('.')[0]) < 22)(
    'the AWS SDK warns on Node 20 when its switch is not set',
    async () => {
      const { stderr } = await promisify(execFile)(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'; new SecretsManagerClient({ region: 'us-east-1' });",
        ],
        { env: withoutSdkWarningSwitch(), timeout: 20_000 },
      );
      expect(stderr).toContain('NodeVersionSupportWarning');
    },
  );
});

/** This process's environment without the SDK's warning switch (the test setup sets it). */
function withoutSdkWarningSwitch(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  return env;
}
