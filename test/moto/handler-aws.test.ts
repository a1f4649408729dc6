/**
 * AWS tier 2: the Lambda handler's Secrets Manager and CloudWatch paths against moto, a real
 * AWS emulator, instead of the loopback endpoint whose answers this repository wrote itself.
 * Faults stay with that endpoint (moto cannot throttle or hang on demand); this tier checks the
 * ordinary answers: how ids resolve, and that every metric lands with its dimensions and unit.
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler, type HandlerResult } from '../../functions/handler/create-handler.js';
import { DIMENSIONS, METRICS } from '../../functions/shared/metrics.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { startWebhookReceiver } from '../../functions/simulator/webhook-receiver.js';
import { MOTO_MISSING, MOTO_SERVER, type Moto, startMoto } from './moto-server.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const token = (n: number) => `ntn_motoTier${String(n).padStart(30, '0')}`;
const VERIFY = 'whkQ3vZx8LmT2pRn7YcK4bWd9HsF1gJaE6uVo5iNq0';

if (MOTO_SERVER === undefined) console.warn(MOTO_MISSING);

let moto: Moto;
let sim: NotionSimulator;
const clients: { destroy(): void }[] = [];

function client<C extends { destroy(): void }>(c: C): C {
  clients.push(c);
  return c;
}

/**
 * The SDK gzips PutMetricData bodies over 10 KiB (request compression), and moto 5.2 cannot
 * read gzip. Compression is a transport detail, checked against the loopback endpoint
 * (test/simulator/); here it is turned off in the test's client, not in the product.
 */
function cloudWatch(bodySizes?: number[]): CloudWatchClient {
  const cw = client(new CloudWatchClient({ ...moto.clientConfig, disableRequestCompression: true }));
  if (bodySizes) {
    cw.middlewareStack.add(
      (next) => async (args) => {
        const { headers } = args.request as { headers: Record<string, string> };
        if (headers['content-encoding'] === undefined) bodySizes.push(Number(headers['content-length']));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordBodySize' },
    );
  }
  return cw;
}

async function createSecrets(secrets: Record<string, string>): Promise<Record<string, string>> {
  const sm = client(new SecretsManagerClient(moto.clientConfig));
  const arns: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) {
    const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
    arns[name] = out.ARN ?? '';
  }
  return arns;
}

/** A Secrets Manager client that records the name of every command it sends in `commands`. */
function secretsManager(commands?: string[]): SecretsManagerClient {
  const sm = client(new SecretsManagerClient(moto.clientConfig));
  sm.middlewareStack.add(
    (next, context) => async (args) => {
      commands?.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommand' },
  );
  return sm;
}

async function invoke(
  integrations: unknown[],
  options: {
    namespace: string;
    event?: unknown;
    bodySizes?: number[];
    commands?: string[];
    receivers?: unknown[];
  },
): Promise<HandlerResult> {
  const config = {
    notionBaseUrl: sim.url,
    timeoutMs: 5_000,
    integrations,
    receivers: options.receivers ?? [],
  };
  const handler = createHandler({
    env: {
      NOTION_MONITOR_CONFIG: JSON.stringify(config),
      NOTION_MONITOR_NAMESPACE: options.namespace,
    },
    secretsManager: () => secretsManager(options.commands),
    cloudWatch: () => cloudWatch(options.bodySizes),
    log: () => {},
  });
  return handler(options.event ?? {}, { getRemainingTimeInMillis: () => 60_000 });
}

// CI sets REQUIRE_MOTO=1 (.ci/run): there the tier must run, never be skipped without notice.
it.runIf(process.env.REQUIRE_MOTO === '1')('moto_server is on the PATH where REQUIRE_MOTO=1', () => {
  expect(MOTO_SERVER, MOTO_MISSING).toBeDefined();
});

describe.skipIf(MOTO_SERVER === undefined)('the handler against moto (AWS tier 2)', () => {
  beforeAll(async () => {
    moto = await startMoto(MOTO_SERVER ?? 'moto_server');
    sim = new NotionSimulator({
      integrations: [1, 2, 3, 4, 5, 7].map((n) => ({ token: token(n), pages: [PAGE] })),
      faults: [{ token: token(7), fault: { type: 'rate_limited', retryAfter: '7' } }],
    });
    await sim.start();
  });

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await sim?.close();
    await moto?.stop();
  });

  it('BatchGetSecretValue: ids by name, full ARN, partial ARN and JSON key resolve; missing ones are config', async () => {
    const arns = await createSecrets({
      'moto/by-name': token(1),
      'moto/by-arn': token(2),
      'moto/notion': token(3),
      // A longer name sharing the partial ARN's prefix: it must not be taken for moto/notion.
      'moto/notion-prod': token(4),
      'moto/json': JSON.stringify({ NOTION_TOKEN: token(5), OTHER: 'x' }),
    });
    const partial = (arns['moto/notion'] ?? '').replace(/-[A-Za-z0-9]{6}$/, '');
    expect(partial).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:moto\/notion$/);
    const missingArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:moto/absent-AbCdEf';
    const result = await invoke(
      [
        { name: 'by-name', token: { secretId: 'moto/by-name' } },
        { name: 'full-arn', token: { secretId: arns['moto/by-arn'] } },
        { name: 'partial-arn', token: { secretId: partial } },
        { name: 'prod-by-name', token: { secretId: 'moto/notion-prod' } },
        { name: 'json-key', token: { secretId: 'moto/json', jsonKey: 'NOTION_TOKEN' } },
        { name: 'missing-name', token: { secretId: 'moto/absent' } },
        { name: 'missing-arn', token: { secretId: missingArn } },
      ],
      { namespace: 'MotoTier/Secrets', event: { publishMetrics: false } },
    );
    expect(result.integrations.map((i) => [i.name, i.category, i.tokenFingerprint, i.tokenAgeDays])).toEqual([
      ['by-name', 'ok', 'ntn_…0001', 0],
      ['full-arn', 'ok', 'ntn_…0002', 0],
      ['partial-arn', 'ok', 'ntn_…0003', 0],
      ['prod-by-name', 'ok', 'ntn_…0004', 0],
      ['json-key', 'ok', 'ntn_…0005', 0],
      ['missing-name', 'config', expect.any(String), undefined],
      ['missing-arn', 'config', expect.any(String), undefined],
    ]);
    const messages = result.integrations.slice(5).map((i) => i.checks[0]?.message);
    expect(messages).toEqual([
      expect.stringContaining('Secret moto/absent could not be read: ResourceNotFoundException'),
      expect.stringContaining(`Secret ${missingArn} could not be read: ResourceNotFoundException`),
    ]);
  });

  it('AWSPREVIOUS as moto keeps it: an overwrite, a revoked pair and a single version, one GetSecretValue per failing secret', async () => {
    // token(1) is known to the simulator; token(8) and token(9) are not (revoked).
    await createSecrets({
      'moto/history-overwritten': token(1),
      'moto/history-revoked': token(8),
      'moto/history-single': token(9),
    });
    const sm = secretsManager();
    await sm.send(
      new PutSecretValueCommand({ SecretId: 'moto/history-overwritten', SecretString: token(8) }),
    );
    await sm.send(new PutSecretValueCommand({ SecretId: 'moto/history-revoked', SecretString: token(9) }));
    const commands: string[] = [];
    const result = await invoke(
      [
        { name: 'overwritten', token: { secretId: 'moto/history-overwritten' } },
        { name: 'revoked', token: { secretId: 'moto/history-revoked' } },
        { name: 'single', token: { secretId: 'moto/history-single' } },
      ],
      { namespace: 'MotoTier/History', event: { publishMetrics: false }, commands },
    );
    expect(result.integrations.map((i) => [i.name, i.category, i.reason, i.checks.at(-1)?.reason])).toEqual([
      ['overwritten', 'config', 'secret_overwritten', 'notion_unauthorized'],
      ['revoked', 'auth', 'token_revoked', 'notion_unauthorized'],
      ['single', 'auth', 'notion_unauthorized', 'no_previous_version'],
    ]);
    expect(commands.sort()).toEqual([
      'BatchGetSecretValueCommand',
      'GetSecretValueCommand',
      'GetSecretValueCommand',
      'GetSecretValueCommand',
    ]);
    // The version ids and dates are moto's own: the previous one is what PutSecretValue replaced.
    const current = await sm.send(new GetSecretValueCommand({ SecretId: 'moto/history-overwritten' }));
    const previous = await sm.send(
      new GetSecretValueCommand({ SecretId: 'moto/history-overwritten', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(result.integrations[0]?.secret).toEqual({
      versionId: current.VersionId,
      createdAt: current.CreatedDate?.toISOString(),
    });
    expect(result.integrations[0]?.previousVersion).toMatchObject({
      versionId: previous.VersionId,
      fingerprint: 'ntn_…0001',
      category: 'ok',
    });
  });

  it('PutMetricData: every metric the handler publishes reads back with its dimensions, unit and value', async () => {
    await createSecrets({
      'moto/ok': token(1),
      'moto/revoked': token(6),
      'moto/throttled': token(7),
      'moto/verify': JSON.stringify({ VERIFICATION_TOKEN: VERIFY }),
    });
    // A webhook receiver behind an API Gateway authorizer: a failing receiver's metrics.
    const gateway = await startWebhookReceiver('gateway_401', VERIFY);
    const namespace = 'MotoTier/Metrics';
    const result = await invoke(
      [
        { name: 'ok', token: { secretId: 'moto/ok' }, targets: [{ kind: 'page', id: PAGE }] },
        { name: 'revoked', token: { secretId: 'moto/revoked' }, targets: [{ kind: 'page', id: PAGE }] },
        { name: 'throttled', token: { secretId: 'moto/throttled' } },
      ],
      {
        namespace,
        receivers: [
          {
            name: 'hooks',
            url: gateway.url,
            verificationToken: { secretId: 'moto/verify', jsonKey: 'VERIFICATION_TOKEN' },
          },
        ],
      },
    ).finally(() => gateway.close());
    expect(result.integrations.map((i) => i.category)).toEqual(['ok', 'auth', 'rate_limited']);
    expect(result.receivers.map((r) => [r.name, r.category, r.reason])).toEqual([
      ['hooks', 'receiver_rejected', 'gateway_missing_auth'],
    ]);
    expect(result.metrics).toMatchObject({ ok: true, calls: 1 });

    const expected = [
      [METRICS.heartbeat, {}, 'Count', 'Sum', 1],
      [METRICS.integrationsProbed, {}, 'Count', 'Sum', 3],
      // One latency sample per request that got an HTTP answer: 3 users/me, 1 page.
      [METRICS.checkLatency, { [DIMENSIONS.checkKind]: 'auth' }, 'Milliseconds', 'SampleCount', 3],
      [METRICS.checkLatency, { [DIMENSIONS.checkKind]: 'target' }, 'Milliseconds', 'SampleCount', 1],
      [METRICS.failures, { [DIMENSIONS.category]: 'auth' }, 'Count', 'Sum', 1],
      [METRICS.failures, { [DIMENSIONS.category]: 'rate_limited' }, 'Count', 'Sum', 1],
      [METRICS.failures, { [DIMENSIONS.category]: 'receiver_rejected' }, 'Count', 'Sum', 1],
      // The receiver's signed and forged events, both answered (401).
      [METRICS.checkLatency, { [DIMENSIONS.checkKind]: 'receiver' }, 'Milliseconds', 'SampleCount', 2],
      [
        METRICS.receiverFailures,
        {
          [DIMENSIONS.receiver]: 'hooks',
          [DIMENSIONS.category]: 'receiver_rejected',
          [DIMENSIONS.reason]: 'gateway_missing_auth',
        },
        'Count',
        'Sum',
        1,
      ],
      [
        METRICS.integrationFailures,
        {
          [DIMENSIONS.integration]: 'revoked',
          [DIMENSIONS.category]: 'auth',
          [DIMENSIONS.reason]: 'notion_unauthorized',
        },
        'Count',
        'Sum',
        1,
      ],
      [
        METRICS.integrationFailures,
        {
          [DIMENSIONS.integration]: 'throttled',
          [DIMENSIONS.category]: 'rate_limited',
          [DIMENSIONS.reason]: 'rate_limited_integration',
        },
        'Count',
        'Sum',
        1,
      ],
      [METRICS.maxRetryAfter, {}, 'Seconds', 'Maximum', 7],
    ] as const;
    // The list covers every metric the handler knows; the listed series are exactly these, so
    // the healthy integration has no IntegrationFailures series (sparse), and each failing
    // one has its Integration, Category and Reason.
    expect(new Set(expected.map(([name]) => name))).toEqual(new Set(Object.values(METRICS)));

    const listed = await listMetrics(namespace);
    expect(listed.sort()).toEqual(expected.map(([name, dims]) => seriesKey(name, dims)).sort());

    const startedAt = Date.parse(result.startedAt);
    const read = await readBack(namespace, startedAt, expected);
    expect(read).toEqual(
      expected.map(([name, dims, unit, stat, value]) => [seriesKey(name, dims), unit, stat, [value], []]),
    );
  });

  it('a PutMetricData body over 10 KiB is sent whole (uncompressed for moto) and every datum lands', async () => {
    const namespace = 'MotoTier/Large';
    const bodySizes: number[] = [];
    const integrations = Array.from({ length: 120 }, (_, i) => ({
      name: `absent-${String(i).padStart(3, '0')}`,
      token: { secretId: `moto/large/absent-${i}` },
    }));
    const result = await invoke(integrations, { namespace, bodySizes });
    expect(result.summary.config).toBe(120);
    expect(result.metrics).toMatchObject({ ok: true, calls: 1 });
    expect(bodySizes).toHaveLength(1);
    expect(bodySizes[0]).toBeGreaterThan(10 * 1024);
    const listed = await listMetrics(namespace);
    expect(listed.filter((k) => k.startsWith(`${METRICS.integrationFailures}{`))).toHaveLength(120);
    expect(listed).toContain(
      seriesKey(METRICS.integrationFailures, {
        [DIMENSIONS.integration]: 'absent-000',
        [DIMENSIONS.category]: 'config',
        [DIMENSIONS.reason]: 'secret_not_found',
      }),
    );
    expect(listed).toContain(seriesKey(METRICS.failures, { [DIMENSIONS.category]: 'config' }));
  });
});

function seriesKey(name: string, dimensions: Readonly<Record<string, string>>): string {
  const dims = Object.entries(dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return `${name}{${dims.join(',')}}`;
}

async function listMetrics(namespace: string): Promise<string[]> {
  const cw = cloudWatch();
  const keys: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cw.send(new ListMetricsCommand({ Namespace: namespace, NextToken: nextToken }));
    for (const m of page.Metrics ?? []) {
      const dims = Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']));
      keys.push(seriesKey(m.MetricName ?? '', dims));
    }
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return keys;
}

type Series = readonly [string, Readonly<Record<string, string>>, StandardUnit, string, number];

/**
 * Each series read with GetMetricData, once with its unit (one value: the unit matched) and
 * once with a unit it was not published with (no value: moto filters by unit, so the first
 * query could have failed).
 */
async function readBack(namespace: string, at: number, series: readonly Series[]) {
  const query = (id: string, [name, dims, , stat]: Series, asUnit: StandardUnit): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: name,
        Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: 60,
      Stat: stat,
      Unit: asUnit,
    },
  });
  const wrong = (unit: StandardUnit): StandardUnit => (unit === 'Count' ? 'Bytes' : 'Count');
  const queries = series.flatMap((s, i) => [query(`q${i}`, s, s[2]), query(`w${i}`, s, wrong(s[2]))]);
  const out = await cloudWatch().send(
    new GetMetricDataCommand({
      StartTime: new Date(at - 600_000),
      EndTime: new Date(at + 600_000),
      MetricDataQueries: queries,
    }),
  );
  const values = (id: string) => out.MetricDataResults?.find((r) => r.Id === id)?.Values;
  return series.map((s, i) => [seriesKey(s[0], s[1]), s[2], s[3], values(`q${i}`), values(`w${i}`)]);
}
