import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerResult } from '../../functions/handler/create-handler.js';
import { type AwsEndpoint, startAwsEndpoint } from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(import.meta.dirname, 'runs-child.ts');
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
afterEach(async () => {
  await sim?.close();
  await aws?.close();
});

interface ChildOutput {
  samples: { run: number; resources: string[]; heapUsed: number }[];
  durations: number[];
  last: HandlerResult;
}

async function runChild(env: Record<string, string>): Promise<ChildOutput> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 120_000,
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout) as ChildOutput;
}

function count(resources: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of resources) out[r] = (out[r] ?? 0) + 1;
  return out;
}

describe('time and resources', () => {
  it('200 integrations whose Notion never answers: the handler returns within its deadline plus 1 s, all timeout, metrics published', async () => {
    sim = new NotionSimulator({ faults: [{ fault: { type: 'hang' } }] });
    await sim.start();
    aws = await startAwsEndpoint({
      secrets: [{ name: 'hung/notion', secretString: 'ntn_hungTokenForResilienceghXkpkmge' }],
    });
    const config = {
      notionBaseUrl: sim.url,
      timeoutMs: 60_000,
      integrations: Array.from({ length: 200 }, (_, i) => ({
        name: `hung-${i}`,
        token: { secretId: 'hung/notion' },
        targets: [{ kind: 'page', id: PAGE }],
      })),
    };
    const out = await runChild({
      RUNS: '1',
      AWS_URL: aws.url,
      CONFIG: JSON.stringify(config),
      REMAINING_MS: '4000',
      MARGIN_MS: '2000',
    });
    // Deadline = remaining 4 s - margin 2 s; the handler must be back by deadline + 1 s.
    expect(out.durations[0]).toBeLessThan(3_000);
    expect(out.last.summary.timeout).toBe(200);
    expect(out.last.metrics).toMatchObject({ ok: true });
    expect(aws.datums.find((d) => d.metricName === 'Failures')).toMatchObject({
      dimensions: { Category: 'timeout' },
      value: 200,
    });
    // Nothing of the run is left holding the process: no timers, only idle keep-alive sockets at most.
    const left = count(out.samples.at(-1)?.resources ?? []);
    expect(left.Timeout ?? 0).toBe(0);
  });

  it('500 consecutive runs in one warm process: no growth in open handles, bounded heap', async () => {
    sim = new NotionSimulator({
      integrations: [{ token: 'ntn_warmProcess3mvrbfCEU2DQHArtbaLb', pages: [PAGE] }],
    });
    await sim.start();
    aws = await startAwsEndpoint({
      secrets: [{ name: 'warm/notion', secretString: 'ntn_warmProcess3mvrbfCEU2DQHArtbaLb' }],
    });
    const config = {
      notionBaseUrl: sim.url,
      integrations: [
        { name: 'ok', token: { secretId: 'warm/notion' }, targets: [{ kind: 'page', id: PAGE }] },
        {
          name: 'unshared',
          token: { secretId: 'warm/notion' },
          targets: [{ kind: 'page', id: '0a8b6c4d-2e1f-4a3b-9c8d-7e6f5a4b3c2d' }],
        },
        { name: 'missing', token: { secretId: 'warm/absent' } },
      ],
    };
    const out = await runChild({ RUNS: '500', AWS_URL: aws.url, CONFIG: JSON.stringify(config) });
    expect(out.last.integrations.map((i) => i.category)).toEqual(['ok', 'not_found', 'config']);
    expect(aws.callsOf('PutMetricData')).toHaveLength(500);
    const [warm, end] = out.samples;
    if (!warm || !end) throw new Error('missing samples');
    expect(end.run).toBe(500);
    const before = count(warm.resources);
    const after = count(end.resources);
    for (const kind of new Set([...Object.keys(before), ...Object.keys(after)])) {
      expect(after[kind] ?? 0, kind).toBeLessThanOrEqual((before[kind] ?? 0) + 2);
    }
    expect(end.heapUsed - warm.heapUsed).toBeLessThan(16 * 1024 * 1024);
  });

  it('the CLI exits on its own when 200 integrations hang, at its deadline', async () => {
    sim = new NotionSimulator({ faults: [{ fault: { type: 'hang' } }] });
    await sim.start();
    const dir = mkdtempSync(join(tmpdir(), 'hang-cli-'));
    const file = join(dir, 'monitor.json');
    writeFileSync(
      file,
      JSON.stringify({
        notionBaseUrl: sim.url,
        timeoutMs: 60_000,
        integrations: Array.from({ length: 200 }, (_, i) => ({ name: `hung-${i}`, token: { env: 'T' } })),
      }),
    );
    const result = await run(
      process.execPath,
      ['--import', 'tsx', 'functions/cli/main.ts', '--config', file, '--json', '--deadline', '2'],
      { cwd: ROOT, env: { ...process.env, T: 'ntn_cliHangetk7KFrcJvbG5Zzwcm4hnn' }, timeout: 30_000 },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number | string; stdout: string; killed?: boolean }) => ({
        code: e.code,
        stdout: e.stdout,
        killed: e.killed,
      }),
    );
    // Exit code 1 (not ok) from the process itself, not a kill by the safety timeout.
    expect(result).toMatchObject({ code: 1 });
    expect((JSON.parse(result.stdout) as HandlerResult).summary.timeout).toBe(200);
  });
});
