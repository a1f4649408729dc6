/**
 * What the handler returns stays under a limit whatever the run (Lambda fails a console
 * Test whose response is over 6 MB): the real handler, the real SDK clients, the Notion
 * simulator and the AWS endpoint, with the limit injected small so a small run reaches it.
 * The full-size case (2,500 integrations x 5 targets) is test/unit/fit-result.test.ts.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler, type HandlerResult } from '../../functions/handler/create-handler.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const COUNT = 40;
const TARGETS = 5;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const tokenOf = (n: number) => `ntn_sizeCase${String(n).padStart(3, '0')}Qw7Rz2Kp5Mx9Lc3Nv8Hd`;
const pageOf = (n: number, t: number) =>
  `59833787-2cf9-4fdf-8782-e53db2${String(n * 10 + t).padStart(6, '0')}`;

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
afterEach(async () => {
  await sim?.close();
  await aws?.close();
  sim = undefined;
  aws = undefined;
});

/** 40 integrations whose tokens work and none of whose 5 pages is shared: every target is not_found. */
async function allFailing() {
  const ids = Array.from({ length: COUNT }, (_, n) => n);
  sim = new NotionSimulator({ integrations: ids.map((n) => ({ token: tokenOf(n) })) });
  await sim.start();
  aws = await startAwsEndpoint({
    secrets: ids.map((n) => ({ name: `prod/notion-${n}`, secretString: tokenOf(n) })),
  });
  const config = JSON.stringify({
    notionBaseUrl: sim.url,
    timeoutMs: 2_000,
    integrations: ids.map((n) => ({
      name: `integration-${n}`,
      token: { secretId: `prod/notion-${n}` },
      targets: Array.from({ length: TARGETS }, (_, t) => ({ kind: 'page', id: pageOf(n, t) })),
    })),
  });
  const url = aws.url;
  return (maxResultBytes?: number) => {
    const logs: Record<string, unknown>[] = [];
    const handler = createHandler({
      env: { NOTION_MONITOR_CONFIG: config },
      secretsManager: () => new SecretsManagerClient(awsEndpointClientConfig(url)),
      cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(url)),
      log: (e) => logs.push(e),
      now: () => Date.parse('2024-11-26T12:00:00Z'),
      ...(maxResultBytes !== undefined ? { maxResultBytes } : {}),
    });
    const run = handler({}, { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-size' });
    return run.then((result) => ({ result, logs }));
  };
}

function expectFullDetailLogged(logs: Record<string, unknown>[]): void {
  const lines = logs.filter((l) => l.message === 'integration probed');
  expect(lines.map((l) => l.integration)).toEqual(
    Array.from({ length: COUNT }, (_, n) => `integration-${n}`),
  );
  for (const line of lines) {
    const checks = line.checks as { check: string; category: string; message: string }[];
    expect(checks.map((c) => c.check)).toEqual(['token_format', 'auth', ...Array(TARGETS).fill('target')]);
    expect(checks.filter((c) => c.category === 'not_found')).toHaveLength(TARGETS);
  }
}

describe('the returned result has a size limit; the log lines keep every detail', () => {
  it('shortened in steps to fit each limit, always with the summary, the metrics and a note on where the rest is', async () => {
    const run = await allFailing();
    const whole = await run();
    const full: HandlerResult = whole.result;
    expect(full.shortened).toBeUndefined();
    expect(full.summary.not_found).toBe(COUNT);
    expect(full.metrics).toMatchObject({ ok: true, calls: 1 });
    expectFullDetailLogged(whole.logs);

    const fullBytes = bytes(full);
    const seen = new Set<string>();
    // Runs differ by a few bytes (latencies, request ids), so the first limit is well under the full size.
    for (const limit of [fullBytes - 1_000, Math.round(fullBytes / 3), Math.round(fullBytes / 12), 2_000]) {
      const { result, logs } = await run(limit);
      expect(bytes(result)).toBeLessThanOrEqual(limit);
      expect(result.summary).toEqual(full.summary);
      expect(result.metrics).toMatchObject({ ok: true, calls: 1 });
      expect(result.shortened?.limitBytes).toBe(limit);
      expect(Math.abs((result.shortened?.fullBytes ?? 0) - fullBytes)).toBeLessThan(500);
      expect(result.shortened?.seeTheRest).toContain(
        'filter requestId = "req-size" and message = "integration probed"',
      );
      if (result.shortened?.dropped.at(-1) !== 'integrations') {
        expect(result.integrations.map((i) => [i.name, i.category])).toEqual(
          full.integrations.map((i) => [i.name, i.category]),
        );
      } else {
        expect(result.integrations.length + (result.shortened?.omittedIntegrations ?? 0)).toBe(COUNT);
      }
      seen.add(result.shortened?.dropped.at(-1) ?? '');
      // The log lines do not shrink with the returned result; the run's line says it was shortened.
      expectFullDetailLogged(logs);
      expect(logs.find((l) => l.message === 'run finished')?.returnShortened).toEqual(result.shortened);
    }
    // The limits above reach the first step, a middle one and the last.
    expect(seen.has('remedies')).toBe(true);
    expect(seen.has('integrations')).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // Each run read the secrets in two calls (40 ids, 20 a call) and published once.
    expect(aws?.callsOf('BatchGetSecretValue')).toHaveLength(5 * 2);
    expect(aws?.callsOf('PutMetricData')).toHaveLength(5);
  });
});
