import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/run-cli.js';
import { type FaultRule, NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { leaksOf } from '../support/leak-oracle.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';

/** Each token walks one failing path; some of the answers echo the token back. */
const CASES: { name: string; token: string; fault?: FaultRule['fault']; known?: boolean }[] = [
  { name: 'revoked', token: 'ntn_LEAKrevokedBfZkRCFxfSQgC7VRwDv4' },
  { name: 'newline', token: 'ntn_LEAKnewline22222222222222222222\n' },
  { name: 'bearer-bearer', token: 'Bearer Bearer ntn_LEAKbearer333333333333333333' },
  { name: 'quoted', token: '"ntn_LEAKquotedg3CGbLpL5bJ7BvTLDs5Bed"' },
  { name: 'zero-width', token: 'ntn_LEAKzero\u200B55555555555555555555' },
  {
    name: 'echoing-proxy',
    token: 'ntn_LEAKproxyPJdRsjY5VJYyeQZufvVY8fWL',
    known: true,
    fault: {
      type: 'raw',
      status: 401,
      headers: { 'content-type': 'text/html' },
      body: '<html><title>Bad token ntn_LEAKproxy666666666666666666666666</title></html>',
    },
  },
  {
    name: 'echoing-notion',
    token: 'ntn_LEAKnotionCqH7Nw9MNXtCRxY5Nm6HGvs',
    known: true,
    fault: {
      type: 'error',
      status: 400,
      code: 'validation_error',
      message: 'token ntn_LEAKnotion77777777777777777777777 is odd',
    },
  },
  {
    name: 'echoing-limit',
    token: 'ntn_LEAKlimit7mgVrf7gGFbbBbjQChuLGBCW',
    known: true,
    fault: {
      type: 'error',
      status: 429,
      code: 'rate_limited',
      message: 'slow down ntn_LEAKlimit888888888888888888888888',
    },
  },
  {
    name: 'echo-cut-short',
    token: 'ntn_LEAKcutShortue2rpTGLxkeDsFjXzkVFyubzwEPbXvFmue2rpTGL',
    known: true,
    fault: {
      type: 'raw',
      status: 403,
      headers: {
        'content-type': 'text/html',
        server: 'gw ntn_LEAKcutShortCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC',
      },
      body: '<title>Access denied for credential Bearer ntn_LEAKcutShortCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC</title>',
    },
  },
  { name: 'json-object', token: '{"NOTION_TOKEN": "ntn_LEAKjsonObject5JdQQr3FL92uDcMuFbxe"}' },
  { name: 'hang', token: 'ntn_LEAKhangRNUs6cMuchhjeykAKjwt7UAKV', known: true, fault: { type: 'hang' } },
  { name: 'reset', token: 'ntn_LEAKresetP9faFzr9gGyrVq4TvmvvmPky', known: true, fault: { type: 'reset' } },
  { name: 'restricted', token: 'ntn_LEAKrstrctdxReKV7tfkxgvrCTwD9Bdc', known: true },
];

let sim: NotionSimulator | undefined;
afterEach(async () => {
  await sim?.close();
});

describe('no token ever leaves the engine', () => {
  it.each([[['--json']], [[]]])('not in stdout or stderr of a run with output flags %j', async (flags) => {
    sim = new NotionSimulator({
      integrations: CASES.filter((c) => c.known).map((c) => ({ token: c.token, restricted: [PAGE] })),
      faults: CASES.flatMap((c) => (c.fault ? [{ token: c.token, fault: c.fault }] : [])),
    });
    await sim.start();
    const dir = await mkdtemp(join(tmpdir(), 'leak-'));
    const file = join(dir, 'monitor.json');
    await writeFile(
      file,
      JSON.stringify({
        notionBaseUrl: sim.url,
        timeoutMs: 300,
        integrations: CASES.map((c, i) => ({
          name: c.name,
          token: { env: `TOKEN_${i}` },
          targets: [{ kind: 'page', id: PAGE }],
        })),
      }),
    );
    let output = '';
    const code = await runCli(['--config', file, ...flags], {
      stdout: (t) => {
        output += t;
      },
      stderr: (t) => {
        output += t;
      },
      env: Object.fromEntries(CASES.map((c, i) => [`TOKEN_${i}`, c.token])),
    });
    expect(code).toBe(1);
    // The run really went through the failing paths it claims to.
    expect(output).toContain(flags.length ? '"proxy_auth"' : 'proxy_auth');
    expect(output).toContain('[REDACTED]');
    for (const c of CASES) {
      const secret = c.token.replace(/^.*(ntn_LEAK\w+).*$/s, '$1');
      expect(output, c.name).not.toContain(secret);
      expect(output, c.name).not.toContain(secret.slice(0, 20));
    }
    // No 8 consecutive characters of any token, or of its encoded forms, wherever a message was cut.
    expect(
      leaksOf(
        CASES.map((c) => c.token),
        output,
      ),
    ).toEqual([]);
  });
});
