import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INTEGRATIONS } from '../../functions/cli/demo.js';
import { runCli } from '../../functions/cli/run-cli.js';
import type { ProbeReport } from '../../functions/engine/report.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const TOKEN = 'ntn_cliTestTokeniVQutiaugNEajqAeLCjKaJY4WAW1';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';

function capture(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => {
        out.stdout += t;
      },
      stderr: (t: string) => {
        out.stderr += t;
      },
      env,
    },
  };
}

async function writeConfig(value: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'notion-monitor-'));
  const file = join(dir, 'monitor.json');
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

let sim: NotionSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the command line', () => {
  it('--help explains every flag and exits 0', async () => {
    const { out, io } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const flag of ['--config', '--json', '--deadline', '--publish-metrics', '--namespace', '--help']) {
      expect(out.stdout).toContain(flag);
    }
  });

  it.each([
    [['--nope'], "Unknown option '--nope'"],
    [['--deadline', 'soon'], '--deadline must be a number'],
    [['--config', '/does/not/exist.json'], 'cannot read config file /does/not/exist.json (ENOENT)'],
    [['--publish-metrics'], '--publish-metrics needs --config FILE: the demo probes a simulated workspace'],
    [['--json', '--publish-metrics', '--namespace', 'X'], '--publish-metrics needs --config FILE'],
  ])('bad usage %j exits 2 with a clear message', async (argv, message) => {
    const { out, io } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stdout).toBe('');
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('an invalid config exits 2 listing each problem with its path, probing nothing', async () => {
    sim = new NotionSimulator();
    await sim.start();
    const file = await writeConfig({
      notionBaseUrl: sim.url,
      integrations: [
        { name: 'a', token: { env: 'A' }, targets: [{ kind: 'page' }] },
        { name: 'a', token: {} },
      ],
    });
    const { out, io } = capture();
    expect(await runCli(['--config', file], io)).toBe(2);
    expect(out.stderr).toContain(`${file}: integrations[0].targets[0].id:`);
    expect(out.stderr).toContain(`${file}: integrations[1].token: token must be`);
    expect(out.stdout).toBe('');
    expect(sim.requests).toHaveLength(0);
  });

  it('malformed JSON exits 2', async () => {
    const { out, io } = capture();
    expect(await runCli(['--config', await writeConfig('{"integrations": [')], io)).toBe(2);
    expect(out.stderr).toContain('not valid JSON');
  });

  it('--json prints only the report; exit 0 when all ok, 1 when not', async () => {
    sim = new NotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
    await sim.start();
    const ok = await writeConfig({
      notionBaseUrl: sim.url,
      integrations: [{ name: 'sync', token: { env: 'TOK' }, targets: [{ kind: 'page', id: PAGE }] }],
    });
    const a = capture({ TOK: TOKEN });
    expect(await runCli(['--config', ok, '--json'], a.io)).toBe(0);
    const report = JSON.parse(a.out.stdout) as ProbeReport;
    expect(report.summary.ok).toBe(1);
    expect(report.integrations[0]?.checks.map((c) => c.check)).toEqual(['token_format', 'auth', 'target']);

    const b = capture({ TOK: 'ntn_wrongamibm7bPYEvv2dGRdk' });
    expect(await runCli(['--config', ok, '--json'], b.io)).toBe(1);
    expect((JSON.parse(b.out.stdout) as ProbeReport).integrations[0]?.category).toBe('auth');
  });

  it('secretId tokens without AWS adapters are secret_unavailable with a clear message', async () => {
    sim = new NotionSimulator();
    await sim.start();
    const file = await writeConfig({
      notionBaseUrl: sim.url,
      integrations: [{ name: 's', token: { secretId: 'prod/notion' } }],
    });
    const { out, io } = capture();
    expect(await runCli(['--config', file, '--json'], io)).toBe(1);
    const report = JSON.parse(out.stdout) as ProbeReport;
    expect(report.integrations[0]?.checks[0]).toMatchObject({
      check: 'secret',
      category: 'secret_unavailable',
      message: expect.stringContaining('Secrets Manager'),
    });
  });

  it('the demo diagnoses every simulated fault and prints the table', async () => {
    const { out, io } = capture();
    expect(await runCli([], io)).toBe(0);
    for (const d of DEMO_INTEGRATIONS)
      expect(out.stdout).toMatch(new RegExp(`${d.name}\\s+${d.expected}\\s`));
    expect(out.stdout).toContain('Remedy:');
    expect(out.stderr).toContain('Demo self-check passed');
  });

  it('npm start runs the demo in a real process that exits on its own', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'functions/cli/main.ts', '--json'],
      {
        timeout: 20_000,
      },
    );
    const report = JSON.parse(stdout) as ProbeReport;
    expect(report.integrations).toHaveLength(DEMO_INTEGRATIONS.length);
  });
});
