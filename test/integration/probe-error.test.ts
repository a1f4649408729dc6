import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../functions/cli/run-cli.js';
import { httpRequest } from '../../functions/engine/http-request.js';
import type { NotionRequest } from '../../functions/engine/ports.js';
import { PROBE_ERROR_REMEDY } from '../../functions/engine/probe-error.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const GOOD = 'ntn_probeErrorGoodwA7j2WX57BWnjPBTVJAjRb1';
const BROKEN = 'ntn_probeErrorBrokenPdEtMxgukrhGcijStbuz2';

let sim: NotionSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('a bug in the engine, through the command line', () => {
  it('is shown as probe_error with its own remedy, never as a fault of the token; exit 1', async () => {
    sim = new NotionSimulator({ integrations: [{ token: GOOD }] });
    await sim.start();
    const dir = await mkdtemp(join(tmpdir(), 'probe-error-'));
    const file = join(dir, 'monitor.json');
    await writeFile(
      file,
      JSON.stringify({
        notionBaseUrl: sim.url,
        integrations: [
          { name: 'fine', token: { env: 'GOOD' } },
          { name: 'broken', token: { env: 'BROKEN' } },
        ],
      }),
    );
    // Breaks the request function's contract (it must never throw) for one token only.
    const request: NotionRequest = (r) => {
      if (r.headers.authorization === `Bearer ${BROKEN}`)
        throw new Error(`engine bug near ${r.headers.authorization}`);
      return httpRequest(r);
    };
    const out = { stdout: '', stderr: '' };
    const code = await runCli(['--config', file], {
      stdout: (t) => {
        out.stdout += t;
      },
      stderr: (t) => {
        out.stderr += t;
      },
      env: { GOOD, BROKEN },
      request,
    });
    expect(code).toBe(1);
    expect(out.stdout).toMatch(/^broken\s+probe_error\s/m);
    expect(out.stdout).toMatch(/^fine\s+ok\s/m);
    expect(out.stdout).toContain('probe (origin client): The monitor failed internally while probing');
    expect(out.stdout.replace(/\s+/g, ' ')).toContain(PROBE_ERROR_REMEDY);
    expect(out.stdout).not.toContain('fix the stored token');
    expect(out.stdout).not.toContain(BROKEN);
    expect(out.stdout).toContain('Summary: probe_error 1, ok 1');
  });
});
