import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remedyFor } from '../../functions/engine/remedies.js';
import { PreflightInputError, preflight } from '../../functions/preflight.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const GOOD = 'ntn_pre7Kq2VxM9bLw4ZcR8tYe3HnJ6uD5fGsA1';
const UNKNOWN = 'ntn_pre3Xr8NwB5qTz2LmK7vHc4YgP9dJ6sFu1E';
const SHARED = '59833787-2cf9-4fdf-8782-e53db20768a5';
const UNSHARED = '7f3e2d1c-0b9a-4877-a665-544332211000';
/** The database the README's example reads. */
const README_DATABASE = '1f0c9a1e7b7d4c3e9f553c1a2b4d5e6f';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let sim: NotionSimulator;
beforeEach(async () => {
  sim = new NotionSimulator({
    integrations: [{ token: GOOD, pages: [SHARED], databases: [README_DATABASE], workspaceName: 'Acme' }],
  });
  await sim.start();
});
afterEach(() => sim.close());

const options = () => ({ notionBaseUrl: sim.url, timeoutMs: 2_000 });

describe('preflight against the Notion simulator over loopback', () => {
  it('ok: token lint, users/me, the expectations and a target, in two requests', async () => {
    const result = await preflight(
      {
        token: GOOD,
        expect: { workspaceName: 'Acme', tokenType: 'internal' },
        targets: [{ kind: 'page', id: SHARED }],
      },
      options(),
    );
    expect(result).toMatchObject({ ok: true, category: 'ok' });
    expect(result.reason).toBeUndefined();
    expect(result.checks.map((c) => [c.check, c.category])).toEqual([
      ['token_format', 'ok'],
      ['auth', 'ok'],
      ['workspace', 'ok'],
      ['token_type', 'ok'],
      ['target', 'ok'],
    ]);
    expect(sim.requests.map((r) => r.path)).toEqual(['/v1/users/me', `/v1/pages/${SHARED}`]);
  });

  it('auth: Notion refuses the token; one request, the rest skipped with the same reason', async () => {
    const result = await preflight({ token: UNKNOWN, targets: [{ kind: 'page', id: SHARED }] }, options());
    expect(result).toMatchObject({
      ok: false,
      category: 'auth',
      reason: 'notion_unauthorized',
      remedy: remedyFor('auth'),
      meaning: expect.stringContaining('401'),
    });
    expect(result.checks.at(-1)).toMatchObject({
      check: 'target',
      skipped: true,
      reason: 'notion_unauthorized',
    });
    expect(sim.requests).toHaveLength(1);
    expect(JSON.stringify(result)).not.toContain(UNKNOWN);
  });

  it('config: a trailing newline is named before anything is sent', async () => {
    const result = await preflight({ token: `${GOOD}\n` }, options());
    expect(result).toMatchObject({ ok: false, category: 'config', reason: 'token_trailing_newline' });
    expect(result.message).toContain('ends with a newline');
    expect(result.remedy).toContain('printf %s');
    expect(sim.requests).toHaveLength(0);
  });

  it('not_found: a target not shared with the integration', async () => {
    const result = await preflight({ token: GOOD, targets: [{ kind: 'page', id: UNSHARED }] }, options());
    expect(result).toMatchObject({
      ok: false,
      category: 'not_found',
      reason: 'object_not_found',
    });
    expect(result.message).toContain('404');
  });

  it('reads a token from a source through the token resolver, and names an unset variable', async () => {
    const result = await preflight({ token: { env: 'PREFLIGHT_TEST_UNSET_VARIABLE' } }, options());
    expect(result).toMatchObject({ ok: false, category: 'config', reason: 'env_missing' });
    expect(sim.requests).toHaveLength(0);
  });

  it('a request function that gets no answer is a result, never a throw', async () => {
    const result = await preflight({ token: GOOD }, { ...options(), notionBaseUrl: 'http://127.0.0.1:9' });
    expect(result).toMatchObject({ ok: false, category: 'network', reason: 'connection_refused' });
  });

  it.each([
    [
      { token: GOOD, targets: [{ kind: 'page', id: 'not-an-id' }] },
      {},
      /^invalid preflight input: targets\[0\]\.id: /,
    ],
    [{ token: GOOD }, { timeoutMs: 5 }, /options\.timeoutMs: /],
    [{ token: GOOD }, { notionBaseUrl: 'ftp://example' }, /options\.notionBaseUrl: /],
    [{ token: 42 }, {}, /^token must be a string/],
  ])('bad input %j %j is refused naming the field, and nothing is sent', async (input, extra, message) => {
    const run = preflight(input as never, { ...options(), ...extra });
    await expect(run).rejects.toBeInstanceOf(PreflightInputError);
    await expect(run).rejects.toThrow(message);
    expect(sim.requests).toHaveLength(0);
  });
});

/** The README's "Preflight in a worker" example, as written. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n### Preflight in a worker\n')[1] ?? '';
  return /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
}

function runExample(
  file: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', file];
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code ?? -1), stdout, stderr });
      },
    );
  });
}

describe("the README's preflight example", () => {
  it('runs as written from the clone: exit 0 for a healthy token, 1 naming category, reason and fix otherwise', async () => {
    const code = readmeExample();
    expect(code).toContain("from './functions/preflight.js'");
    // Inside the clone, where './functions/preflight.js' resolves as the README says.
    await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    const dir = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'preflight-example-'));
    try {
      // .mts: an ES module wherever it stands (the README's top-level await needs one).
      const file = join(dir, 'worker.mts');
      await writeFile(
        file,
        code.replace("'./functions/preflight.js'", JSON.stringify(join(ROOT, 'functions/preflight.ts'))),
      );
      const healthy = await runExample(file, { NOTION_TOKEN: GOOD, NOTION_BASE_URL: sim.url });
      expect(healthy).toMatchObject({ code: 0, stdout: 'Notion integration healthy\n' });
      const revoked = await runExample(file, { NOTION_TOKEN: UNKNOWN, NOTION_BASE_URL: sim.url });
      expect(revoked.code).toBe(1);
      expect(revoked.stderr).toContain(
        'Notion is not usable: auth (notion_unauthorized): 401 from the Notion API',
      );
      expect(revoked.stderr).toContain('Fix: Replay the token outside your stack');
      expect(revoked.stderr).not.toContain(UNKNOWN.slice(4, 12));
      expect(sim.requests.map((r) => r.path)).toEqual([
        '/v1/users/me',
        `/v1/databases/${README_DATABASE}`,
        '/v1/users/me',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
