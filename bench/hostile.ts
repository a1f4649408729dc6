/**
 * The benchmark's trust rows (issue 10): hostile answers that used to exhaust memory, and
 * the cost of redaction when every integration fails. Each hostile run is the real handler
 * in a fresh process with the Node flags the construct sets for a 256 MB function.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startAwsEndpoint } from '../functions/simulator/aws-endpoint.js';
import {
  type FaultRule,
  NotionSimulator,
  type SimulatedIntegration,
} from '../functions/simulator/notion-simulator.js';
import { nodeOptionsFor } from '../infra/handler-bundling.js';

const run = promisify(execFile);
/** The function size the construct deploys by default. */
const DEPLOYED_MB = 256;
const PAGE = (n: number) => `59833787-2cf9-4fdf-8782-${n.toString(16).padStart(12, '0')}`;

export interface HostileRun {
  readonly name: string;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly integrations: number;
  readonly published: boolean;
  readonly returnBytes: number;
}

interface Scenario {
  readonly name: string;
  readonly tokens: readonly string[];
  readonly targets: number;
  readonly known: boolean;
  readonly faults: readonly FaultRule[];
}

const token = (scenario: string, i: number) =>
  `ntn_${Buffer.from(`${scenario}:${i}`).toString('hex').padEnd(40, 'a7c3e9').slice(0, 40)}`;

function tokens(scenario: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => token(scenario, i));
}

const NOTION_HEADERS = { 'content-type': 'application/json', 'x-notion-request-id': 'bench' };

/** The three answers the issue measured at 404-516 MB RSS or an out-of-memory exit. */
export function hostileScenarios(): Scenario[] {
  const hugeName = JSON.stringify({
    object: 'user',
    type: 'bot',
    bot: { owner: { type: 'workspace' }, workspace_name: 'W'.repeat(8_000_000) },
  });
  const page8MiB = `<html><title>Login</title>${' '.repeat(8 * 1024 * 1024 - 100)}</html>`;
  return [
    {
      name: '3 × users/me with an 8,000,000-character workspace_name',
      tokens: tokens('name', 3),
      targets: 0,
      known: true,
      faults: [
        {
          path: '/v1/users/me',
          fault: { type: 'raw', status: 200, headers: NOTION_HEADERS, body: hugeName },
        },
      ],
    },
    {
      name: '30 targets answering 404 with a 1 MB message',
      tokens: tokens('404', 1),
      targets: 30,
      known: true,
      faults: [
        {
          path: '/v1/pages/',
          fault: { type: 'error', status: 404, code: 'object_not_found', message: 'x'.repeat(1_000_000) },
        },
      ],
    },
    {
      name: '40 integrations each answered with an 8 MiB HTML 401',
      tokens: tokens('html', 40),
      targets: 0,
      known: true,
      faults: [
        { fault: { type: 'raw', status: 401, headers: { 'content-type': 'text/html' }, body: page8MiB } },
      ],
    },
  ];
}

/** Runs one scenario through the bundled handler child; the simulator and AWS endpoint run here. */
export async function runScenario(handlerChildJs: string, s: Scenario): Promise<HostileRun> {
  const integrations: SimulatedIntegration[] = s.known
    ? s.tokens.map((t) => ({ token: t, pages: Array.from({ length: s.targets }, (_, i) => PAGE(i)) }))
    : [];
  const sim = new NotionSimulator({ integrations, faults: s.faults });
  await sim.start();
  const aws = await startAwsEndpoint({ secrets: [] });
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-hostile-')), 'input.json');
    const env = Object.fromEntries(s.tokens.map((t, i) => [`BENCH_TOKEN_${i}`, t]));
    const config = {
      notionBaseUrl: sim.url,
      timeoutMs: 60_000,
      integrations: s.tokens.map((_, i) => ({
        name: `integration-${i}`,
        token: { env: `BENCH_TOKEN_${i}` },
        targets: Array.from({ length: s.targets }, (__, t) => ({ kind: 'page', id: PAGE(t) })),
      })),
    };
    writeFileSync(file, JSON.stringify({ config, env, awsUrl: aws.url }));
    const flags = nodeOptionsFor(DEPLOYED_MB).split(' ');
    const { stdout } = await run(process.execPath, [...flags, handlerChildJs, file], {
      maxBuffer: 1 << 20,
      timeout: 600_000,
    });
    const r = JSON.parse(stdout) as {
      wallMs: number;
      maxRssKb: number;
      integrations: number;
      published: boolean;
      returnBytes: number;
    };
    return {
      name: s.name,
      wallMs: Math.round(r.wallMs),
      peakRssMb: Number((r.maxRssKb / 1024).toFixed(1)),
      integrations: r.integrations,
      published: r.published,
      returnBytes: r.returnBytes,
    };
  } finally {
    await sim.close();
    await aws.close();
  }
}

/** `n` integrations without targets, all answered `ok` or all refused (`auth`): the cost of failing. */
export function authScenarios(n: number): [Scenario, Scenario] {
  const all = tokens('scale', n);
  return [
    { name: `${n} integrations, all ok`, tokens: all, targets: 0, known: true, faults: [] },
    { name: `${n} integrations, all auth`, tokens: all, targets: 0, known: false, faults: [] },
  ];
}
