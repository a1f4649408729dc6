/**
 * `secretId` tokens from a shell where AWS is not set up (issue 11, item 3): the CLI in a real
 * process with the SDK's own credential chain and region lookup, in an environment holding no
 * AWS variable, no config or credentials file, and the instance metadata service turned off
 * (so nothing is looked up outside this machine). The token is not blamed: the `secret` check
 * is `secret_unavailable` and says what is missing and how to provide it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../functions/engine/report.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

let sim: NotionSimulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI with only PATH from this process: no AWS_* variable leaks in from the test's own shell. */
async function cliWithoutAws(args: readonly string[], aws: Record<string, string> = {}): Promise<Run> {
  sim = new NotionSimulator();
  await sim.start();
  dir = await mkdtemp(join(tmpdir(), 'cli-no-aws-'));
  const file = join(dir, 'monitor.json');
  await writeFile(
    file,
    JSON.stringify({
      notionBaseUrl: sim.url,
      integrations: [{ name: 'crm-sync', token: { secretId: 'prod/notion-crm-sync' } }],
    }),
  );
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...aws,
  };
  const run = promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'functions/cli/main.ts', '--config', file, ...args],
    { env, timeout: 20_000 },
  );
  return run.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

function secretCheck(run: Run) {
  const report = JSON.parse(run.stdout) as ProbeReport;
  const integration = report.integrations[0];
  return { integration, check: integration?.checks[0] };
}

describe('secretId tokens without AWS set up: a distinct reason, not blamed on the token', () => {
  it('no region: secret_unavailable, saying to set AWS_REGION or a profile with a region', async () => {
    const run = await cliWithoutAws(['--json']);
    expect(run.code).toBe(1);
    const { integration, check } = secretCheck(run);
    expect(integration?.category).toBe('secret_unavailable');
    expect(check).toMatchObject({ check: 'secret', category: 'secret_unavailable', origin: 'client' });
    expect(check?.message).toBe(
      'Secret prod/notion-crm-sync could not be read: no AWS region is set where the monitor runs. Set AWS_REGION to the region of the secrets and metrics (for example AWS_REGION=eu-west-1), or use an AWS_PROFILE whose config names a region.',
    );
    expect(check?.remedy).toContain('aws sso login');
    expect(JSON.stringify(integration)).not.toMatch(/fix the stored token|Region is missing/);
    expect(sim?.requests).toHaveLength(0);
  });

  it('a region but no credentials: secret_unavailable, saying how to sign in', async () => {
    const run = await cliWithoutAws(['--json'], { AWS_REGION: 'eu-west-1' });
    expect(run.code).toBe(1);
    const { integration, check } = secretCheck(run);
    expect(integration?.category).toBe('secret_unavailable');
    expect(check).toMatchObject({ check: 'secret', category: 'secret_unavailable' });
    expect(check?.message).toContain(
      'Secret prod/notion-crm-sync could not be read: no AWS credentials could be loaded where the monitor runs (CredentialsProviderError',
    );
    expect(check?.message).toContain(
      'Set AWS_PROFILE to a profile (run `aws sso login --profile NAME` first for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
    expect(integration?.checks.slice(1).every((c) => c.skipped)).toBe(true);
  });

  it('the table names the secret check and the reason', async () => {
    const run = await cliWithoutAws([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/crm-sync\s+secret_unavailable\s/);
    expect(run.stdout).toContain(
      'secret (origin client): Secret prod/notion-crm-sync could not be read: no AWS region',
    );
  });

  it('--publish-metrics without a region says so instead of the SDK\'s "Region is missing"', async () => {
    const run = await cliWithoutAws(['--json', '--publish-metrics']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: publishing metrics to NotionMonitor failed: no AWS region is set where the monitor runs. Set AWS_REGION',
    );
  });
});
