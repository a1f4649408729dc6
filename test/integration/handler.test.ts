import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../../functions/engine/http-request.js';
import type { NotionRequest } from '../../functions/engine/ports.js';
import { ProbeInternalError } from '../../functions/engine/probe-error.js';
import {
  createHandler,
  type HandlerDependencies,
  type HandlerResult,
} from '../../functions/handler/create-handler.js';
import {
  type AwsEndpoint,
  type AwsFaultRule,
  awsEndpointClientConfig,
  type SimulatedSecret,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import {
  type FaultRule,
  NotionSimulator,
  type SimulatedIntegration,
} from '../../functions/simulator/notion-simulator.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const GOOD = 'ntn_handlerGoodrsXEhZMKqHfpbyC2FPZ8H4HVrN1';
const JSONKEYED = 'ntn_handlerJsonsedwy4SgwiV9dLCTcgBHJAquX82';
const REVOKED = 'ntn_handlerRevokedExXtAPjpvHY3RjiSzL6rhraf3';

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
afterEach(async () => {
  await sim?.close();
  await aws?.close();
  sim = undefined;
  aws = undefined;
});

async function setUp(options: {
  secrets?: SimulatedSecret[];
  notion?: SimulatedIntegration[];
  faults?: FaultRule[];
  awsFaults?: AwsFaultRule[];
}) {
  sim = new NotionSimulator({
    integrations: options.notion ?? [
      { token: GOOD, pages: [PAGE] },
      { token: JSONKEYED, pages: [PAGE] },
    ],
    faults: options.faults ?? [],
  });
  await sim.start();
  aws = await startAwsEndpoint({
    secrets: options.secrets ?? [
      { name: 'prod/good', secretString: GOOD },
      { name: 'prod/app', secretString: JSON.stringify({ NOTION_TOKEN: JSONKEYED, OTHER: 'x' }) },
      { name: 'prod/revoked', secretString: REVOKED },
    ],
    faults: options.awsFaults,
  });
  return { sim, aws };
}

function monitorConfig(integrations: unknown[], extra: Record<string, unknown> = {}) {
  return JSON.stringify({ notionBaseUrl: sim?.url, timeoutMs: 1000, integrations, ...extra });
}

const DEFAULT_INTEGRATIONS = [
  { name: 'good', token: { secretId: 'prod/good' }, targets: [{ kind: 'page', id: PAGE }] },
  {
    name: 'json-keyed',
    token: { secretId: 'prod/app', jsonKey: 'NOTION_TOKEN' },
    targets: [{ kind: 'page', id: PAGE }],
  },
  { name: 'revoked', token: { secretId: 'prod/revoked' }, targets: [{ kind: 'page', id: PAGE }] },
];

function handlerWith(
  env: Record<string, string>,
  extra: Partial<HandlerDependencies> & { maxAttempts?: number } = {},
) {
  const logs: Record<string, unknown>[] = [];
  const url = aws?.url ?? '';
  const attempts = extra.maxAttempts !== undefined ? { maxAttempts: extra.maxAttempts } : {};
  const handler = createHandler({
    env,
    secretsManager: () => new SecretsManagerClient({ ...awsEndpointClientConfig(url), ...attempts }),
    cloudWatch: () => new CloudWatchClient({ ...awsEndpointClientConfig(url), ...attempts }),
    log: (e) => logs.push(e),
    ...extra,
  });
  return { handler, logs };
}

const context = (ms = 60_000) => ({ getRemainingTimeInMillis: () => ms, awsRequestId: 'req-123' });

describe('the Lambda handler', () => {
  it('a scheduled invocation reads secrets in one batch call, probes, publishes and returns the report', async () => {
    await setUp({});
    // A fixed clock: the endpoint's secrets were written on 2024-01-01 (its default CreatedDate).
    const { handler, logs } = handlerWith(
      { NOTION_MONITOR_CONFIG: monitorConfig(DEFAULT_INTEGRATIONS) },
      { now: () => Date.parse('2024-11-26T12:00:00Z') },
    );
    const result = await handler({ source: 'scheduler' }, context());

    expect(result.integrations.map((i) => [i.name, i.category])).toEqual([
      ['good', 'ok'],
      ['json-keyed', 'ok'],
      ['revoked', 'auth'],
    ]);
    expect(result.integrations.map((i) => i.tokenAgeDays)).toEqual([330, 330, 330]);
    expect(result.metrics).toMatchObject({ ok: true, namespace: 'NotionMonitor', calls: 1 });

    expect(aws?.callsOf('BatchGetSecretValue')).toHaveLength(1);
    expect(aws?.callsOf('BatchGetSecretValue')[0]?.input).toEqual({
      SecretIdList: ['prod/good', 'prod/app', 'prod/revoked'],
    });
    expect(aws?.callsOf('PutMetricData')).toHaveLength(1);

    const names = aws?.datums.map((d) => `${d.namespace}/${d.metricName}${JSON.stringify(d.dimensions)}`);
    expect(names).toEqual([
      'NotionMonitor/Heartbeat{}',
      'NotionMonitor/IntegrationsProbed{}',
      'NotionMonitor/CheckLatency{"CheckKind":"auth"}',
      'NotionMonitor/CheckLatency{"CheckKind":"target"}',
      'NotionMonitor/Failures{"Category":"auth"}',
      // Only the failing integration, with its reason: none for the healthy ones (sparse).
      'NotionMonitor/IntegrationFailures{"Integration":"revoked","Category":"auth","Reason":"notion_unauthorized"}',
    ]);
    expect(aws?.datums.find((d) => d.metricName === 'IntegrationsProbed')?.value).toBe(3);

    expect(
      logs
        .filter((l) => l.message === 'integration probed')
        .map((l) => [l.integration, l.category, l.reason]),
    ).toEqual([
      ['good', 'ok', undefined],
      ['json-keyed', 'ok', undefined],
      ['revoked', 'auth', 'notion_unauthorized'],
    ]);
    expect(result.integrations.map((i) => i.reason)).toEqual([undefined, undefined, 'notion_unauthorized']);
    expect(logs.at(-1)).toMatchObject({ message: 'run finished', requestId: 'req-123', level: 'INFO' });
    const everything = JSON.stringify({ result, logs, calls: aws?.calls, datums: aws?.datums });
    for (const t of [GOOD, JSONKEYED, REVOKED]) expect(everything).not.toContain(t);
  });

  it('a console event probes the named subset and can skip publishing', async () => {
    await setUp({});
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig(DEFAULT_INTEGRATIONS),
      NOTION_MONITOR_NAMESPACE: 'Custom/Space',
    });
    const result = await handler({ integrations: ['revoked'], publishMetrics: false }, context());
    expect(result.integrations.map((i) => i.name)).toEqual(['revoked']);
    expect(result.metrics).toEqual({ ok: true, skipped: true });
    expect(aws?.callsOf('PutMetricData')).toHaveLength(0);
    expect(aws?.callsOf('BatchGetSecretValue')[0]?.input).toEqual({ SecretIdList: ['prod/revoked'] });

    await handler({ integrations: ['good'] }, context());
    expect(aws?.datums[0]?.namespace).toBe('Custom/Space');
  });

  it.each([
    [{ integrations: ['nope'] }, 'Unknown integration "nope"; configured: good, json-keyed, revoked.'],
    [
      { integrations: 'good' },
      'Invalid event: integrations: integrations must be a list of integration names',
    ],
    [{ publishMetrics: 'no' }, 'Invalid event: publishMetrics: publishMetrics must be true or false'],
  ])('a bad console event %j fails fast with a clear message', async (event, message) => {
    await setUp({});
    const { handler } = handlerWith({ NOTION_MONITOR_CONFIG: monitorConfig(DEFAULT_INTEGRATIONS) });
    await expect(handler(event, context())).rejects.toMatchObject({
      name: 'InvocationError',
      message: expect.stringContaining(message),
    });
    expect(sim?.requests).toHaveLength(0);
  });

  it('an invalid config fails fast with the schema message and touches nothing', async () => {
    await setUp({});
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: JSON.stringify({ integrations: [{ name: 'x', token: { secretId: '' } }] }),
    });
    await expect(handler({}, context())).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringContaining('NOTION_MONITOR_CONFIG: integrations[0].token'),
    });
    await expect(handler({}, context())).rejects.toMatchObject({ name: 'ConfigError' });
    expect(aws?.calls).toHaveLength(0);
    expect(sim?.requests).toHaveLength(0);
  });

  it('a missing config names both sources', async () => {
    const { handler } = handlerWith({});
    await expect(handler({}, context())).rejects.toThrow(
      /NOTION_MONITOR_CONFIG .*NOTION_MONITOR_CONFIG_FILE/,
    );
  });

  it('reads a bundled config file for configs over the 4 KB environment limit', async () => {
    await setUp({});
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/bundle-`);
    const many = Array.from({ length: 60 }, (_, i) => ({
      name: `integration-${i}`,
      token: { secretId: 'prod/good' },
      targets: [{ kind: 'page', id: PAGE, label: 'A page with a long enough label to take space' }],
    }));
    const text = monitorConfig(many);
    expect(text.length).toBeGreaterThan(4096);
    await writeFile(`${dir}/monitor.json`, text);
    const { handler } = handlerWith({ NOTION_MONITOR_CONFIG_FILE: 'monitor.json', LAMBDA_TASK_ROOT: dir });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.summary.ok).toBe(60);
    // 60 integrations share one secret id: fetched once.
    expect(aws?.callsOf('BatchGetSecretValue')).toHaveLength(1);
  });

  it('per-secret failures make only their integration config, naming the secret', async () => {
    await setUp({
      secrets: [
        { name: 'prod/good', secretString: GOOD },
        { name: 'gone', error: 'ResourceNotFoundException' },
        { name: 'denied', error: 'AccessDeniedException' },
        { name: 'kms', error: 'DecryptionFailure' },
        { name: 'binary', secretBinary: new Uint8Array([1, 2, 3]) },
        { name: 'not-json', secretString: GOOD },
        { name: 'no-key', secretString: JSON.stringify({ TOKEN: GOOD }) },
      ],
    });
    const integrations = [
      { name: 'good', token: { secretId: 'prod/good' } },
      { name: 'gone', token: { secretId: 'gone' } },
      { name: 'denied', token: { secretId: 'denied' } },
      { name: 'kms', token: { secretId: 'kms' } },
      { name: 'binary', token: { secretId: 'binary' } },
      { name: 'not-json', token: { secretId: 'not-json', jsonKey: 'NOTION_TOKEN' } },
      { name: 'no-key', token: { secretId: 'no-key', jsonKey: 'NOTION_TOKEN' } },
    ];
    const { handler } = handlerWith({ NOTION_MONITOR_CONFIG: monitorConfig(integrations) });
    const result = await handler({}, context());
    const messages = Object.fromEntries(
      result.integrations.map((i) => [i.name, [i.category, i.checks[0]?.message]]),
    );
    expect(messages).toEqual({
      good: ['ok', 'Token format looks right.'],
      gone: ['config', expect.stringContaining('Secret gone could not be read: ResourceNotFoundException')],
      denied: ['config', expect.stringContaining('Secret denied could not be read: AccessDeniedException')],
      kms: ['config', expect.stringContaining('Secret kms could not be read: DecryptionFailure')],
      binary: ['config', expect.stringContaining('Secret binary has only a binary value')],
      'not-json': ['config', expect.stringContaining('Secret not-json is not a JSON object')],
      'no-key': [
        'config',
        expect.stringContaining('Secret no-key has no key "NOTION_TOKEN" (it has "TOKEN")'),
      ],
    });
    expect(aws?.datums.find((d) => d.metricName === 'Failures')).toMatchObject({
      dimensions: { Category: 'config' },
      value: 6,
    });
    expect(JSON.stringify(result)).not.toContain(GOOD);
  });

  it('matches answers to ids exactly: a partial ARN never takes a longer-named secret, and one secret can serve two ids', async () => {
    const other = 'ntn_handlerOtherSecretCMThiQxADPNTzEpy354';
    await setUp({
      secrets: [
        { name: 'notion', secretString: GOOD },
        { name: 'notion-prod', secretString: other },
      ],
      notion: [{ token: GOOD }, { token: other }],
    });
    const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}`;
    const integrations = [
      { name: 'partial-arn', token: { secretId: arn('notion') } },
      { name: 'by-name', token: { secretId: 'notion-prod' } },
      { name: 'full-arn', token: { secretId: arn('notion-prod-AbCdEf') } },
    ];
    const { handler } = handlerWith({ NOTION_MONITOR_CONFIG: monitorConfig(integrations) });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.integrations.map((i) => [i.name, i.category, i.tokenFingerprint])).toEqual([
      ['partial-arn', 'ok', `ntn_…${GOOD.slice(-4)}`],
      ['by-name', 'ok', `ntn_…${other.slice(-4)}`],
      ['full-arn', 'ok', `ntn_…${other.slice(-4)}`],
    ]);
  });

  it('21 secrets take two batch calls of at most 20 ids', async () => {
    const secrets = Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, secretString: GOOD }));
    await setUp({ secrets });
    const integrations = secrets.map((s) => ({ name: s.name, token: { secretId: s.name } }));
    const { handler } = handlerWith({ NOTION_MONITOR_CONFIG: monitorConfig(integrations) });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.summary.ok).toBe(21);
    const calls = aws
      ?.callsOf('BatchGetSecretValue')
      .map((c) => (c.input as { SecretIdList: string[] }).SecretIdList.length);
    expect(calls?.sort()).toEqual([1, 20]);
  });

  it('a throttled batch call makes its integrations secret_unavailable (not config) and the run still publishes', async () => {
    await setUp({ awsFaults: [{ operation: 'BatchGetSecretValue', fault: { kind: 'throttle' } }] });
    const integrations = [...DEFAULT_INTEGRATIONS, { name: 'from-env', token: { env: 'TOK' } }];
    const { handler } = handlerWith(
      { NOTION_MONITOR_CONFIG: monitorConfig(integrations), TOK: GOOD },
      { maxAttempts: 1 },
    );
    const result = await handler({}, context());
    expect(result.integrations.map((i) => i.category)).toEqual([
      'secret_unavailable',
      'secret_unavailable',
      'secret_unavailable',
      'ok',
    ]);
    expect(result.integrations[0]?.checks[0]).toMatchObject({
      check: 'secret',
      category: 'secret_unavailable',
      message: expect.stringContaining(
        'could not be read: the BatchGetSecretValue call failed (ThrottlingException',
      ),
    });
    expect(aws?.callsOf('PutMetricData')).toHaveLength(1);
  });

  it('a PutMetricData failure is retried by the SDK, logged with the report, then thrown', async () => {
    await setUp({ awsFaults: [{ operation: 'PutMetricData', fault: { kind: 'internal' } }] });
    const { handler, logs } = handlerWith({ NOTION_MONITOR_CONFIG: monitorConfig(DEFAULT_INTEGRATIONS) });
    await expect(handler({}, context())).rejects.toMatchObject({
      name: 'MetricsPublishError',
      message: expect.stringContaining('InternalServiceFault'),
    });
    expect(aws?.callsOf('PutMetricData')).toHaveLength(3);
    expect(logs.filter((l) => l.message === 'integration probed')).toHaveLength(3);
    expect(logs.at(-1)).toMatchObject({ message: 'run finished', level: 'ERROR', metrics: { ok: false } });
  });

  it.each([
    ['access_denied', 'AccessDenied'],
    ['throttle', 'Throttling'],
  ] as const)('PutMetricData %s surfaces as an error naming it', async (kind, name) => {
    await setUp({ awsFaults: [{ operation: 'PutMetricData', fault: { kind } }] });
    const { handler } = handlerWith(
      { NOTION_MONITOR_CONFIG: monitorConfig(DEFAULT_INTEGRATIONS) },
      { maxAttempts: 1 },
    );
    await expect(handler({}, context())).rejects.toMatchObject({ message: expect.stringContaining(name) });
  });

  it('a hung Notion never outlives the Lambda: the deadline is the remaining time minus the margin', async () => {
    await setUp({ faults: [{ fault: { type: 'hang' } }] });
    const { handler } = handlerWith(
      { NOTION_MONITOR_CONFIG: monitorConfig(DEFAULT_INTEGRATIONS, { timeoutMs: 60_000 }) },
      { safetyMarginMs: 1_000 },
    );
    const result: HandlerResult = await handler({}, context(1_800));
    expect(result.integrations.map((i) => i.category)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(result.integrations[0]?.checks[1]?.message).toContain('run deadline');
    expect(result.metrics.ok).toBe(true);
    expect(aws?.datums.find((d) => d.metricName === 'Failures')).toMatchObject({ value: 3 });
  });

  it('a bug in the engine fails the invocation after the report is logged and published, without a category alarm', async () => {
    await setUp({});
    // Breaks the request function's contract (it must never throw) for one token only.
    const throwing: NotionRequest = (request) => {
      if (request.headers.authorization === `Bearer ${REVOKED}`) throw new RangeError('engine bug');
      return httpRequest(request);
    };
    const { handler, logs } = handlerWith(
      { NOTION_MONITOR_CONFIG: monitorConfig(DEFAULT_INTEGRATIONS) },
      { request: throwing },
    );
    const error = await handler({}, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeInternalError);
    expect((error as Error).message).toContain('1 integration(s): revoked');
    expect((error as Error).cause).toEqual([
      { integration: 'revoked', message: expect.stringContaining('RangeError: engine bug') },
    ]);
    expect(
      logs.filter((l) => l.message === 'integration probed').map((l) => [l.integration, l.category]),
    ).toEqual([
      ['good', 'ok'],
      ['json-keyed', 'ok'],
      ['revoked', 'probe_error'],
    ]);
    expect(logs.at(-1)).toMatchObject({ message: 'run finished', metrics: { ok: true } });
    expect(aws?.callsOf('PutMetricData')).toHaveLength(1);
    const names = aws?.datums.map((d) => `${d.metricName}${JSON.stringify(d.dimensions)}`);
    expect(names).toContain('Heartbeat{}');
    expect(names?.filter((n) => n.startsWith('Failures'))).toEqual([]);
    expect(names).toContain(
      'IntegrationFailures{"Integration":"revoked","Category":"probe_error","Reason":"probe_internal_error"}',
    );
    expect(JSON.stringify({ logs, error, cause: (error as Error).cause })).not.toContain(REVOKED);
  });
});
