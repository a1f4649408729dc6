import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INTEGRATIONS } from '../../functions/cli/demo.js';
import { runCli } from '../../functions/cli/run-cli.js';
import type { ProbeReport } from '../../functions/engine/report.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { writeConfig } from '../support/config-file.js';

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

let sim: NotionSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the command line', () => {
  it('--help explains every flag and exits 0', async () => {
    const { out, io } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const flag of [
      '--config',
      '--json',
      '--deadline',
      '--publish-metrics',
      '--stage',
      '--namespace',
      '--help',
    ]) {
      expect(out.stdout).toContain(flag);
    }
  });

  it.each([
    [['--nope'], 'unknown option "--nope"\n'],
    [['--cofig', 'monitor.json'], 'unknown option "--cofig" (did you mean --config?)\n'],
    [['--jsno'], 'unknown option "--jsno" (did you mean --json?)\n'],
    [['--publish-metrics', '--stage', 'prod', '--namspace', 'x'], '"--namspace" (did you mean --namespace?)'],
    [['monitor.json'], 'unexpected argument "monitor.json": every option starts with --'],
    [['--deadline', 'soon'], '--deadline must be a number'],
    [
      ['--config', '/does/not/exist.json'],
      'cannot read config file /does/not/exist.json (ENOENT: no such file)',
    ],
    [['--publish-metrics'], '--publish-metrics needs --config FILE: the demo probes a simulated workspace'],
    [['--json', '--publish-metrics', '--namespace', 'X'], '--publish-metrics needs --config FILE'],
  ])('bad usage %j exits 2 with one line and a pointer to --help', async (argv, message) => {
    const { out, io } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stdout).toBe('');
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect(out.stderr).not.toContain('Usage:');
    if (!argv.includes('--config'))
      expect(out.stderr).toMatch(/^error: [^\n]+\nRun with --help for the options\.\n$/);
  });

  it.each([
    ['an unknown option', ['--ntn_SECRET1234567890abcdefghijklmnop']],
    ['a stray argument', ['ntn_SECRET1234567890abcdefghijklmnop']],
    ['a stray argument after a flag', ['--json', 'Xk9fQ2pLm7RtZ4vB8nW3yH6cJ1dG5sA0']],
  ])('a token pasted as %s is not printed back', async (_, argv) => {
    const { out, io } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(out.stderr).toContain('(not shown: it may hold a credential)');
    expect(out.stderr).not.toContain('ntn_SECR');
    expect(out.stderr).not.toContain('Xk9fQ2pL');
  });

  it.each([
    [
      'the --namespace',
      ['--config', 'm.json', '--publish-metrics', '--namespace', 'ntn_4f8a2b9c1d7e3f6a0b5c8d2e9f1a4b7c'],
    ],
    ['the --config path', ['--config', 'ntn_4f8a2b9c1d7e3f6a0b5c8d2e9f1a4b7c']],
    ['a folder of the --config path', ['--config', '/tmp/ntn_4f8a2b9c1d7e3f6a0b5c8d2e9f1a4b7c/m.json']],
  ])('a token pasted as %s is not printed back (exit 2)', async (_, argv) => {
    const { out, io } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(out.stderr).toMatch(/not shown/);
    expect(out.stderr).not.toContain('4f8a2b9c');
  });

  it('an env token naming an Object.prototype key is "not set", and the other integrations are probed', async () => {
    const { out, io } = capture();
    const file = await writeConfig({
      notionBaseUrl: 'http://127.0.0.1:9',
      timeoutMs: 500,
      integrations: [
        { name: 'proto', token: { env: 'toString' } },
        { name: 'dunder', token: { env: '__proto__' } },
      ],
    });
    expect(await runCli(['--config', file, '--json'], { ...io, env: {} })).toBe(1);
    const report = JSON.parse(out.stdout) as {
      integrations: { name: string; checks: { message: string }[] }[];
    };
    expect(report.integrations.map((i) => [i.name, i.checks[0]?.message])).toEqual([
      ['proto', 'Environment variable toString is not set.'],
      ['dunder', 'Environment variable __proto__ is not set.'],
    ]);
  });

  it('reads a relative --config from where the user stands: INIT_CWD when npm moved to the package root', async () => {
    sim = new NotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
    await sim.start();
    const file = await writeConfig({
      notionBaseUrl: sim.url,
      integrations: [{ name: 'sync', token: { env: 'TOK' }, targets: [{ kind: 'page', id: PAGE }] }],
    });
    const userDir = dirname(file);
    const packageRoot = await mkdtemp(join(tmpdir(), 'package-root-'));
    const npmEnv = { TOK: TOKEN, INIT_CWD: userDir, npm_package_json: join(packageRoot, 'package.json') };
    // `npm start` from the user's folder: npm stands in the package root.
    const byNpm = capture(npmEnv);
    expect(await runCli(['--config', 'monitor.json', '--json'], { ...byNpm.io, cwd: packageRoot })).toBe(0);
    // A script that changed folder after npm started it reads from where it stands.
    const moved = capture(npmEnv);
    expect(await runCli(['--config', 'monitor.json'], { ...moved.io, cwd: join(packageRoot, 'sub') })).toBe(
      2,
    );
    expect(moved.out.stderr).toBe(
      `error: cannot read config file ${join(packageRoot, 'sub', 'monitor.json')} (ENOENT: no such file)\n`,
    );
    // Without npm: the working directory.
    const plain = capture({ TOK: TOKEN });
    expect(await runCli(['--config', 'monitor.json', '--json'], { ...plain.io, cwd: userDir })).toBe(0);
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
