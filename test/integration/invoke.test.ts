import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerResult } from '../../functions/handler/handler-types.js';
import { type AwsEndpoint, startAwsEndpoint } from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { STAGE_DIR_ENV } from '../../infra/stage-file.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const UNSHARED = '0a8b6c4d-2e1f-4a3b-9c8d-7e6f5a4b3c2d';
const TOKEN = 'ntn_invokeLocallyQm4xTb8RzWp2KdNs6Vh9LcYj';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command line through the shell, exactly as typed, from the repository root. */
function shell(command: string, env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((done) => {
    execFile('sh', ['-c', command], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The README's commands, which the tests below run exactly as written. */
const COMMANDS = {
  dev: `npm run invoke -- '{"publishMetrics": false}'`,
  one: `npm run invoke -- '{"integrations": ["crm-sync"], "publishMetrics": false}' --stage prod`,
  silent: `npm run --silent invoke -- '{"publishMetrics": false}' --stage prod`,
};

/** The report after npm's `> package script` banner: the pretty JSON starts on a line of its own. */
const afterBanner = (stdout: string) =>
  JSON.parse(stdout.slice(stdout.indexOf('\n{\n') + 1)) as HandlerResult;

describe('npm run invoke: the handler on this machine, as the console runs it', () => {
  let sim: NotionSimulator;
  let aws: AwsEndpoint;
  let env: Record<string, string | undefined>;
  let stageDir: string;

  beforeAll(async () => {
    sim = new NotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
    await sim.start();
    aws = await startAwsEndpoint({
      secrets: [{ name: 'test/notion', secretString: JSON.stringify({ NOTION_TOKEN: TOKEN }) }],
    });
    const token = { secretId: 'test/notion', jsonKey: 'NOTION_TOKEN' };
    stageDir = mkdtempSync(join(tmpdir(), 'invoke-stages-'));
    writeFileSync(
      join(stageDir, 'dev.json'),
      JSON.stringify({
        notionBaseUrl: sim.url,
        integrations: [{ name: 'sync', token, targets: [{ kind: 'page', id: PAGE }] }],
      }),
    );
    writeFileSync(
      join(stageDir, 'prod.json'),
      JSON.stringify({
        notionBaseUrl: sim.url,
        integrations: [
          { name: 'crm-sync', token, targets: [{ kind: 'page', id: PAGE }] },
          { name: 'webhooks', token, targets: [{ kind: 'page', id: UNSHARED }] },
        ],
      }),
    );
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // The standard variables of the AWS SDK: one endpoint for Secrets Manager and CloudWatch.
      AWS_ENDPOINT_URL: aws.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test',
      // The stage files of this test instead of infra/config/.
      [STAGE_DIR_ENV]: stageDir,
    };
  }, 30_000);

  it('the README shows exactly these commands', () => {
    const block = /### Running the handler on your machine[\s\S]*?```sh\n([\s\S]*?)```/.exec(README)?.[1];
    expect(block?.trim().split('\n')).toEqual(Object.values(COMMANDS));
  });

  afterAll(async () => {
    await sim?.close();
    await aws?.close();
  });

  it('`npm run invoke -- \'{"publishMetrics": false}\'`: the dev stage, the report on stdout, the logs on stderr', async () => {
    const before = aws.callsOf('BatchGetSecretValue').length;
    const run = await shell(COMMANDS.dev, env);
    expect(run.code).toBe(0);
    const result = afterBanner(run.stdout);
    expect(result.integrations.map((i) => [i.name, i.category])).toEqual([['sync', 'ok']]);
    expect(result.metrics).toEqual({ ok: true, skipped: true });
    expect(aws.callsOf('BatchGetSecretValue').length - before).toBe(1);
    expect(aws.callsOf('PutMetricData')).toHaveLength(0);
    const logs = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { message: string }).message);
    expect(logs).toEqual(['integration probed', 'run finished']);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('`--stage prod` with a console event naming one integration', async () => {
    const run = await shell(COMMANDS.one, env);
    expect(run.code).toBe(0);
    expect(afterBanner(run.stdout).integrations.map((i) => [i.name, i.category])).toEqual([
      ['crm-sync', 'ok'],
    ]);
  });

  it('`npm run --silent invoke`: only the JSON on stdout; exit 1 when an integration is not ok', async () => {
    const run = await shell(COMMANDS.silent, env);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as HandlerResult;
    expect(result.integrations.map((i) => i.category)).toEqual(['ok', 'not_found']);
  });

  it("publishes, when asked, to the stage's namespace; a relative --config is read from where the user stands", async () => {
    // npm runs the script at the package root; the user types the path from a subfolder.
    const name = `invoke-test-${process.pid}-${Date.now()}.json`;
    const file = join(ROOT, 'infra', 'config', name);
    writeFileSync(
      file,
      JSON.stringify({
        notionBaseUrl: sim.url,
        integrations: [{ name: 'sync', token: { secretId: 'test/notion', jsonKey: 'NOTION_TOKEN' } }],
      }),
    );
    try {
      const datums = aws.datums.length;
      const run = await shell(
        `cd infra && npm run --silent invoke -- '{}' --stage staging --config config/${name}`,
        env,
      );
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as HandlerResult).metrics).toMatchObject({
        ok: true,
        namespace: 'NotionMonitor/staging',
        calls: 1,
      });
      const published = aws.datums.slice(datums);
      expect(published.length).toBeGreaterThan(0);
      expect(published.every((d) => d.namespace === 'NotionMonitor/staging')).toBe(true);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('bad usage or configuration: exit 2, one line saying what to do, nothing on stdout', async () => {
    const published = aws.callsOf('PutMetricData').length;
    const missing = await shell(`npm run --silent invoke -- '{"publishMetrics": false}' --stage qa`, env);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(
      `error: no stage file ${join(stageDir, 'qa.json')}: create it (cp infra/config/example.json ${join(stageDir, 'qa.json')}) and edit it, or pass --config FILE`,
    );
    const unknown = await shell(`npm run --silent invoke -- '{"integrations": ["nope"]}' --stage prod`, env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'InvocationError: Unknown integration "nope"; configured: crm-sync, webhooks.\n',
    );
    expect(aws.callsOf('PutMetricData').length).toBe(published);
  });
});
