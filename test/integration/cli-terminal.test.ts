/**
 * The command line against what a terminal, a pipe or a file system can do to it: text
 * from outside holding terminal controls, a reader that goes away (`| head`), and config
 * paths that are not files to read. Through runCli, or the CLI as a real process.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES } from '../../functions/cli/config-file.js';
import { runCli } from '../../functions/cli/run-cli.js';
import type { ProbeReport } from '../../functions/engine/report.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { tempDir, writeConfig } from '../support/config-file.js';
import { terminalControls } from '../support/terminal-controls.js';

const TOKEN = 'ntn_terminalTestq8Rw2ZkP5mXv9LcB3nYd7Hs4Tf6Jg';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const OTHER_PAGE = '668d797c-76fa-4934-9b05-ad288df2d136';
function capture(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (t: string) => {
      out.stdout += t;
    },
    stderr: (t: string) => {
      out.stderr += t;
    },
    env,
  };
  return { out, io };
}

let sim: NotionSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('the table shows text from outside, never lets the terminal obey it', () => {
  it('escapes, OSC titles, hidden text, CR/LF, C1 controls and bidi overrides are printed as escapes', async () => {
    const hostileName =
      'Acme\u001b[2J\u001b]0;pwned\u0007\u001b[8mhidden\r\nforged line\u009b31m\u202eevil\u0000\u007f';
    sim = new NotionSimulator({
      integrations: [{ token: TOKEN, workspaceName: hostileName, pages: [PAGE] }],
      faults: [
        {
          path: `/v1/pages/${OTHER_PAGE.replaceAll('-', '')}`,
          fault: {
            type: 'error',
            status: 404,
            code: 'object_not_found',
            message: 'gone\u001b[31m\r\nok: fine\u2066',
          },
        },
      ],
    });
    await sim.start();
    const file = await writeConfig({
      notionBaseUrl: sim.url,
      integrations: [
        {
          name: 'hostile',
          token: { env: 'TOK' },
          expect: { workspaceName: 'Acme' },
          targets: [
            { kind: 'page', id: PAGE, label: 'tab\there\u001b[1A' },
            { kind: 'page', id: OTHER_PAGE },
          ],
        },
      ],
    });
    const { out, io } = capture({ TOK: TOKEN });
    expect(await runCli(['--config', file], io)).toBe(1);

    expect(terminalControls(out.stdout)).toEqual([]);
    // Shown, as escapes, where they were: the workspace column and the mismatch message.
    expect(out.stdout).toContain(
      'Acme\\x1B[2J\\x1B]0;pwned\\x07\\x1B[8mhidden\\x0D\\x0Aforged line\\x9B31m\\u202Eevil\\x00\\x7F',
    );
    // No line was forged: every line is one the table wrote.
    expect(
      out.stdout.split('\n').filter((l) => l.startsWith('forged line') || l.startsWith('ok: fine')),
    ).toEqual([]);

    // The JSON output keeps the text as it came, escaped: JSON.stringify escapes C0, the rest
    // (DEL, C1, bidi) is written as \u escapes, which parse back to the same characters.
    const json = capture({ TOK: TOKEN });
    expect(await runCli(['--config', file, '--json'], json.io)).toBe(1);
    expect(terminalControls(json.out.stdout)).toEqual([]);
    const report = JSON.parse(json.out.stdout) as ProbeReport;
    expect(report.integrations[0]?.workspaceName).toBe(hostileName);
  });
});

/** Runs the CLI as a process with its stdout piped into `head -c 10`; its exit code and stderr. */
async function runIntoHead(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  const script = '"$0" --import tsx functions/cli/main.ts "$@" | head -c 10 >/dev/null; exit $PIPESTATUS';
  try {
    const { stderr } = await promisify(execFile)('bash', ['-c', script, process.execPath, ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stderr: e.stderr ?? '' };
  }
}

describe('a reader that goes away (| head)', () => {
  // Both outputs are far over a pipe's 64 KiB buffer, so the CLI is still writing when head exits.
  it('all ok, --json: exits 0, quietly', async () => {
    const tokens = Array.from(
      { length: 200 },
      (_, i) => `ntn_headOk${String(i).padStart(3, '0')}Wq8Rz2Kp5Mx9Lc3Nv7`,
    );
    sim = new NotionSimulator({ integrations: tokens.map((token) => ({ token, pages: [PAGE] })) });
    await sim.start();
    const file = await writeConfig({
      notionBaseUrl: sim.url,
      integrations: tokens.map((_, i) => ({
        name: `ok-${i}`,
        token: { env: `TOK_${i}` },
        targets: [{ kind: 'page', id: PAGE }],
      })),
    });
    const env = Object.fromEntries(tokens.map((t, i) => [`TOK_${i}`, t]));
    const full = capture(env);
    expect(await runCli(['--config', file, '--json'], full.io)).toBe(0);
    expect(Buffer.byteLength(full.out.stdout)).toBeGreaterThan(128 * 1024);

    const { code, stderr } = await runIntoHead(['--config', file, '--json'], env);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(0);
  });

  it('some not ok, the table: exits 1 (the run said so), quietly', async () => {
    const file = await writeConfig({
      integrations: Array.from({ length: 400 }, (_, i) => ({
        name: `unset-${i}`,
        token: { env: `UNSET_${i}` },
      })),
    });
    const full = capture();
    expect(await runCli(['--config', file], full.io)).toBe(1);
    expect(Buffer.byteLength(full.out.stdout)).toBeGreaterThan(128 * 1024);

    const { code, stderr } = await runIntoHead(['--config', file], {});
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(1);
  });
});

describe('config paths that are not a file to read', () => {
  async function refused(path: string, message: string): Promise<void> {
    const { out, io } = capture();
    expect(await runCli(['--config', path], io)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stdout).toBe('');
  }

  it('a FIFO is refused at once (reading it would wait for a writer forever)', async () => {
    const fifo = join(await tempDir(), 'monitor.json');
    execFileSync('mkfifo', [fifo]);
    await refused(fifo, `config file ${fifo} is a FIFO (named pipe), not a regular file`);
  });

  it('/dev/zero is refused at once (it never ends)', async () => {
    await refused('/dev/zero', 'config file /dev/zero is a character device, not a regular file');
  });

  it('a directory is refused', async () => {
    const dir = join(await tempDir(), 'monitor.json');
    await mkdir(dir);
    await refused(dir, `config file ${dir} is a directory, not a regular file`);
  });

  it('a file over 1 MiB is refused; one of exactly 1 MiB is read', async () => {
    const config = JSON.stringify({ integrations: [{ name: 'a', token: { env: 'UNSET_A' } }] });
    const over = await writeConfig(config.padEnd(MAX_CONFIG_BYTES + 1, ' '));
    await refused(over, `config file ${over} is over 1048576 bytes (1 MiB)`);

    const atCap = await writeConfig(config.padEnd(MAX_CONFIG_BYTES, ' '));
    const { out, io } = capture();
    expect(await runCli(['--config', atCap, '--json'], io)).toBe(1);
    expect((JSON.parse(out.stdout) as ProbeReport).integrations[0]?.name).toBe('a');
  });

  it('a missing file still says ENOENT', async () => {
    await refused(
      '/does/not/exist.json',
      'cannot read config file /does/not/exist.json (ENOENT: no such file)',
    );
  });
});
