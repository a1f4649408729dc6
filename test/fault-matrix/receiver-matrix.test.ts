import { createServer } from 'node:net';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { remedyFor } from '../../functions/engine/remedies.js';
import { createHandler, type HandlerResult } from '../../functions/handler/create-handler.js';
import type { ReceiverResult } from '../../functions/receiver/receiver-result.js';
import { RECEIVER_CATEGORIES } from '../../functions/shared/categories.js';
import { METRICS } from '../../functions/shared/metrics.js';
import { REASON_CATEGORY } from '../../functions/shared/reasons.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../functions/simulator/webhook-receiver.js';
import { leaksOf } from '../support/leak-oracle.js';
import { type ReceiverRow, receiverRows, verificationToken } from './receiver-rows.js';

const NOW = Date.parse('2026-03-11T12:00:00.000Z');
const HEALTHY = 'healthy-receiver';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/notion`;
}

interface Scene {
  readonly faulted: WebhookReceiver | undefined;
  readonly healthy: WebhookReceiver;
  readonly aws: AwsEndpoint;
  readonly url: string;
}

async function setUp(row: ReceiverRow): Promise<Scene> {
  const token = verificationToken(row.id);
  const faulted =
    row.behaviour === 'closed-port' ? undefined : await startWebhookReceiver(row.behaviour, token);
  const healthy = await startWebhookReceiver('verifies', verificationToken(HEALTHY));
  const aws = await startAwsEndpoint({
    secrets: [
      {
        name: 'hooks/healthy',
        secretString: JSON.stringify({ VERIFICATION_TOKEN: verificationToken(HEALTHY) }),
      },
      {
        name: `hooks/${row.id}`,
        secretString: JSON.stringify({ [row.keyMissing ? 'WEBHOOK_SECRET' : 'VERIFICATION_TOKEN']: token }),
        createdDate: new Date(NOW - (row.writtenAgoMs ?? 400 * 86_400_000)),
      },
    ],
  });
  for (const closeable of [faulted, healthy, aws]) if (closeable) cleanups.push(() => closeable.close());
  return { faulted, healthy, aws, url: faulted?.url ?? (await closedPortUrl()) };
}

async function invoke(row: ReceiverRow, scene: Scene) {
  const logs: Record<string, unknown>[] = [];
  const config = {
    timeoutMs: 600,
    receivers: [
      {
        name: HEALTHY,
        url: scene.healthy.url,
        verificationToken: { secretId: 'hooks/healthy', jsonKey: 'VERIFICATION_TOKEN' },
      },
      {
        name: row.id,
        url: scene.url,
        verificationToken: { secretId: `hooks/${row.id}`, jsonKey: 'VERIFICATION_TOKEN' },
      },
    ],
  };
  const clients = {
    secretsManager: () => {
      const c = new SecretsManagerClient(awsEndpointClientConfig(scene.aws.url));
      cleanups.push(() => c.destroy());
      return c;
    },
    cloudWatch: () => {
      const c = new CloudWatchClient(awsEndpointClientConfig(scene.aws.url));
      cleanups.push(() => c.destroy());
      return c;
    },
  };
  const handler = createHandler({
    env: { NOTION_MONITOR_CONFIG: JSON.stringify(config) },
    ...clients,
    now: () => NOW,
    log: (entry) => logs.push(entry),
  });
  const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: `matrix-${row.id}` };
  const result: HandlerResult = await handler({ source: 'aws.scheduler' }, context);
  return { result, logs };
}

function deciding(r: ReceiverResult) {
  if (r.category === 'ok') return r.checks.at(-1);
  return r.checks.find((c) => c.category === r.category && !c.skipped);
}

function expectMetrics(row: ReceiverRow, aws: AwsEndpoint): void {
  const failing = row.expected.category !== 'ok';
  expect(
    aws.datums.filter((d) => d.metricName === METRICS.failures).map((d) => [d.dimensions, d.value]),
  ).toEqual(failing ? [[{ Category: row.expected.category }, 1]] : []);
  expect(
    aws.datums.filter((d) => d.metricName === METRICS.receiverFailures).map((d) => d.dimensions),
  ).toEqual(
    failing ? [{ Receiver: row.id, Category: row.expected.category, Reason: row.expected.reason }] : [],
  );
  expect(aws.datums.filter((d) => d.metricName === METRICS.integrationFailures)).toEqual([]);
  const latency = aws.datums.filter((d) => d.metricName === METRICS.checkLatency);
  expect(latency.map((d) => d.dimensions)).toEqual([{ CheckKind: 'receiver' }]);
}

describe('receiver fault matrix', () => {
  it('covers every receiver category, each reason in its category', () => {
    const categories = new Set(receiverRows.map((r) => r.expected.category));
    for (const c of [...RECEIVER_CATEGORIES, 'timeout', 'network', 'config', 'ok'] as const)
      expect(categories).toContain(c);
    for (const r of receiverRows)
      if (r.expected.reason !== undefined)
        expect(REASON_CATEGORY[r.expected.reason]).toBe(r.expected.category);
  });

  it.each(receiverRows.map((r) => [r.fault, r] as const))('%s', async (_fault, row) => {
    const scene = await setUp(row);
    const { result, logs } = await invoke(row, scene);
    const faulted = result.receivers.find((r) => r.name === row.id);
    if (faulted === undefined) throw new Error('the faulted receiver is not in the report');
    const { expected } = row;

    expect(faulted).toMatchObject({ category: expected.category });
    expect(faulted.reason).toBe(expected.reason);
    const check = deciding(faulted);
    expect(check).toMatchObject({
      check: expected.check,
      category: expected.category,
      answeredBy: expected.answeredBy,
      ...(expected.httpStatus !== undefined ? { httpStatus: expected.httpStatus } : {}),
    });
    if (expected.says !== undefined) expect(check?.message).toContain(expected.says);
    if (expected.category !== 'ok' && expected.category !== 'probe_error') {
      expect(check?.remedy).toBe(remedyFor(expected.category));
    }
    for (const c of faulted.checks) {
      expect(c.message.length).toBeGreaterThan(0);
      if (c.category !== 'ok') expect(c.reason, `${c.check} carries a reason`).toBeDefined();
      if (c.httpStatus !== undefined) expect(c.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(faulted.note !== undefined).toBe(expected.note === true);
    expect(scene.faulted?.requests.length ?? 0).toBe(expected.requests);

    // The healthy neighbour is untouched, and both tokens came from one batch call.
    expect(result.receivers.find((r) => r.name === HEALTHY)?.category).toBe('ok');
    expect(scene.healthy.requests).toHaveLength(2);
    expect(scene.aws.callsOf('BatchGetSecretValue')).toHaveLength(1);
    expect(result.summary[expected.category]).toBe(expected.category === 'ok' ? 2 : 1);
    expectMetrics(row, scene.aws);
    expect(logs.filter((l) => l.message === 'receiver probed').map((l) => [l.receiver, l.category])).toEqual([
      [HEALTHY, 'ok'],
      [row.id, expected.category],
    ]);

    // No piece of either verification token in anything the run put out.
    const texts = {
      result: JSON.stringify(result),
      logs: JSON.stringify(logs),
      metrics: JSON.stringify(scene.aws.datums),
    };
    for (const [where, text] of Object.entries(texts)) {
      expect(leaksOf([verificationToken(row.id), verificationToken(HEALTHY)], text), where).toEqual([]);
    }
  });
});
