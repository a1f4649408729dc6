import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decidingCheck } from '../../functions/cli/render-table.js';
import { EXIT, runCli } from '../../functions/cli/run-cli.js';
import { httpRequest } from '../../functions/engine/http-request.js';
import type { NotionRequest } from '../../functions/engine/ports.js';
import type { CheckResult, IntegrationResult } from '../../functions/engine/report.js';
import {
  createHandler,
  type HandlerResult,
  MetricsPublishError,
} from '../../functions/handler/create-handler.js';
import { ConfigError } from '../../functions/handler/load-config.js';
import type { Category } from '../../functions/shared/categories.js';
import { METRICS } from '../../functions/shared/metrics.js';
import { type FakeAws, type FakeSecret, fakeAwsClientConfig, startFakeAws } from '../support/aws-server.js';
import { NotionSimulator } from '../support/notion-simulator.js';
import { hasOpenssl, makeSelfSignedCert, type SelfSignedCert } from '../support/self-signed-cert.js';
import {
  type CliRow,
  type HandlerConfigRow,
  type HandlerRow,
  HEALTHY_TOKEN,
  matrixToken,
  PAGE,
  RESTRICTED_PAGE,
  type Row,
  rows,
  secretsOf,
} from './rows.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};
process.on('unhandledRejection', onUnhandled);

const HEALTHY = 'healthy';
const HEALTHY_SECRET = 'matrix/healthy';
const HEALTHY_ENV = 'MATRIX_HEALTHY_TOKEN';

/** Everything a row started; closed after it whatever happened. */
const cleanups: (() => unknown)[] = [];
let tls: SelfSignedCert | undefined;

beforeAll(() => {
  if (hasOpenssl) tls = makeSelfSignedCert();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  tls?.remove();
  // A late rejection from the last row would land here.
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

async function startSimulator(row: HandlerRow | null): Promise<NotionSimulator> {
  const knows = row !== null && row.token !== '' && row.notionKnows !== false;
  const sim = new NotionSimulator({
    integrations: [
      { token: HEALTHY_TOKEN, pages: [PAGE] },
      ...(knows ? [{ token: row.token, pages: [PAGE], restricted: [RESTRICTED_PAGE] }] : []),
    ],
    faults: (row?.notionFaults ?? []).map((f) => ({ ...f, token: row?.token ?? '' })),
  });
  await sim.start();
  cleanups.push(() => sim.close());
  return sim;
}

async function startAws(secrets: FakeSecret[], row?: HandlerRow): Promise<FakeAws> {
  const aws = await startFakeAws({ secrets, faults: [...(row?.awsFaults ?? [])] });
  cleanups.push(() => aws.close());
  return aws;
}

/** A port that was just free: nothing listens on it, so connecting is refused. */
async function closedPortUrl(): Promise<string> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function selfSignedUrl(): Promise<string> {
  if (tls === undefined) throw new Error('no certificate (openssl missing)');
  const server: HttpsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, (_req, res) =>
    res.end('{}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function transportUrl(kind: NonNullable<HandlerRow['transport']>): Promise<string> {
  switch (kind) {
    case 'closed-port':
      return closedPortUrl();
    // .invalid never resolves (RFC 6761): the lookup fails without reaching any server.
    case 'unresolvable-host':
      return 'http://notion-monitor-test.invalid';
    case 'self-signed-tls':
      return selfSignedUrl();
  }
}

/**
 * The engine's own request function, except that the healthy integration's requests go to the
 * simulator: notionBaseUrl is the faulty place for the run, and the healthy integration shows
 * that one integration's transport failure does not take the other down.
 */
function routeHealthyTo(simUrl: string): NotionRequest {
  return (request) => {
    if (request.token !== HEALTHY_TOKEN) return httpRequest(request);
    const url = new URL(request.url);
    const sim = new URL(simUrl);
    url.protocol = sim.protocol;
    url.host = sim.host;
    return httpRequest({ ...request, url: url.href });
  };
}

interface Probed {
  readonly name: string;
  readonly category: Category;
  readonly checks: readonly CheckResult[];
}

/** The deciding check: the first failing one, or for an ok integration its last answered check. */
function decider(i: Probed): CheckResult | undefined {
  return (
    decidingCheck(i as IntegrationResult) ??
    [...i.checks].reverse().find((c) => !c.skipped && c.category === i.category)
  );
}

/** No fake secret in any of the texts, raw or JSON-escaped. */
function expectNoLeak(row: Row, texts: Readonly<Record<string, string>>): void {
  for (const secret of secretsOf(row)) {
    const forms = [secret, JSON.stringify(secret).slice(1, -1)];
    for (const [where, text] of Object.entries(texts)) {
      const leaked = forms.some((f) => text.includes(f));
      expect(leaked, `a secret of ${row.id} (length ${secret.length}) leaked into ${where}`).toBe(false);
    }
  }
}

function errorText(error: unknown): string {
  if (error === undefined) return '';
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

async function runHandlerRow(row: HandlerRow): Promise<void> {
  const faultedName = `matrix-${row.id}`;
  const faultedSecret = `matrix/${row.id}`;
  const fillers = Array.from({ length: row.fillers ?? 0 }, (_, i) => ({
    name: `filler-${i + 1}`,
    secretId: `matrix/filler-${i + 1}`,
  }));

  const sim = await startSimulator(row);
  const aws = await startAws(
    [
      { name: HEALTHY_SECRET, secretString: HEALTHY_TOKEN },
      ...fillers.map((f) => ({ name: f.secretId, secretString: HEALTHY_TOKEN })),
      {
        name: faultedSecret,
        ...(row.secretBinary
          ? { secretBinary: new Uint8Array(Buffer.from(row.token)) }
          : { secretString: row.secretString ?? row.token }),
        ...(row.secretError ? { error: row.secretError } : {}),
      },
    ],
    row,
  );
  const notionBaseUrl = row.transport ? await transportUrl(row.transport) : sim.url;
  const config = {
    notionBaseUrl,
    timeoutMs: row.timeoutMs ?? 600,
    integrations: [
      {
        name: HEALTHY,
        token: row.healthyFrom === 'env' ? { env: HEALTHY_ENV } : { secretId: HEALTHY_SECRET },
        targets: [{ kind: 'page', id: PAGE }],
      },
      ...fillers.map((f) => ({ name: f.name, token: { secretId: f.secretId } })),
      {
        name: faultedName,
        token: { secretId: faultedSecret, ...(row.jsonKey ? { jsonKey: row.jsonKey } : {}) },
        targets: [{ kind: 'page', id: row.target ?? PAGE }],
      },
    ],
  };

  const logs: Record<string, unknown>[] = [];
  const client = <C extends { destroy(): void }>(c: C): C => {
    cleanups.push(() => c.destroy());
    return c;
  };
  const handler = createHandler({
    env: { NOTION_MONITOR_CONFIG: JSON.stringify(config), [HEALTHY_ENV]: HEALTHY_TOKEN },
    secretsManager: () =>
      client(
        new SecretsManagerClient({
          ...fakeAwsClientConfig(aws.url),
          ...(row.secretsMaxAttempts ? { maxAttempts: row.secretsMaxAttempts } : {}),
        }),
      ),
    cloudWatch: () =>
      client(
        new CloudWatchClient({
          ...fakeAwsClientConfig(aws.url),
          ...(row.cloudWatchMaxAttempts ? { maxAttempts: row.cloudWatchMaxAttempts } : {}),
        }),
      ),
    log: (entry) => logs.push(entry),
    ...(row.transport ? { request: routeHealthyTo(sim.url) } : {}),
    ...(row.invocation ? { safetyMarginMs: row.invocation.safetyMarginMs } : {}),
  });
  const remaining = row.invocation?.remainingMs ?? 60_000;

  let result: HandlerResult | undefined;
  let thrown: unknown;
  const started = Date.now();
  try {
    result = await handler(
      { source: 'aws.scheduler' },
      { getRemainingTimeInMillis: () => remaining, awsRequestId: `matrix-${row.id}` },
    );
  } catch (error) {
    thrown = error;
  }
  const elapsed = Date.now() - started;

  // The report: returned, or (publishing failed) logged line by line before the throw.
  const probedLogs = logs.filter((l) => l.message === 'integration probed');
  const fromLogs: Probed[] = probedLogs.map((l) => ({
    name: String(l.integration),
    category: l.category as Category,
    checks: l.checks as CheckResult[],
  }));
  const runLog = logs.at(-1);
  expect(runLog).toMatchObject({ message: 'run finished', requestId: `matrix-${row.id}` });

  if (row.publishFails !== undefined) {
    expect(result).toBeUndefined();
    expect(thrown).toBeInstanceOf(MetricsPublishError);
    expect((thrown as Error).message).toContain(row.publishFails);
    expect(runLog).toMatchObject({ level: 'ERROR', metrics: { ok: false } });
    expect((runLog?.metrics as { error?: string } | undefined)?.error).toBeTruthy();
    // Publishing gave up inside the Lambda's time, not after it.
    expect(elapsed).toBeLessThan(remaining);
  } else {
    expect(thrown, errorText(thrown)).toBeUndefined();
    expect(result).toBeDefined();
    expect(result?.metrics).toMatchObject({ ok: true });
    expect(runLog).toMatchObject({ metrics: { ok: true } });
    expect(result?.integrations.map((i) => [i.name, i.category])).toEqual(
      fromLogs.map((i) => [i.name, i.category]),
    );
  }
  const probed: readonly Probed[] = result?.integrations ?? fromLogs;
  expect(probed.map((i) => i.name)).toEqual([HEALTHY, ...fillers.map((f) => f.name), faultedName]);

  // The faulted integration: category, and who gave the answer it rests on.
  const faulted = probed.find((i) => i.name === faultedName);
  const check = faulted && decider(faulted);
  expect(faulted?.category).toBe(row.expected.category);
  expect(check?.origin).toBe(row.expected.origin);
  // Messages are checked softly: a wrong wording is reported, and the row's other
  // guarantees (isolation, metrics, no leak) are still checked.
  if (row.expected.says !== undefined) expect.soft(check?.message).toContain(row.expected.says);
  // A Secrets Manager failure names the secret (never its value), whatever went wrong.
  if (row.group === 'Secrets Manager') expect.soft(check?.message).toContain(faultedSecret);
  if (row.expected.httpStatus !== undefined) expect(check?.httpStatus).toBe(row.expected.httpStatus);
  if (row.expected.code !== undefined) expect(check?.code).toBe(row.expected.code);
  if (row.expected.retryAfterSeconds !== undefined) {
    const { min, max } = row.expected.retryAfterSeconds;
    expect(check?.retryAfterSeconds).toBeGreaterThanOrEqual(min);
    expect(check?.retryAfterSeconds).toBeLessThanOrEqual(max);
  }

  // Everything else in the same run is unaffected.
  for (const other of probed.filter((i) => i !== faulted)) {
    expect([other.name, other.category]).toEqual([other.name, 'ok']);
  }
  if (row.transport) {
    expect(sim.requests.some((r) => r.authorization === `Bearer ${HEALTHY_TOKEN}`)).toBe(true);
  }

  // CloudWatch: what was published (or attempted).
  const puts = aws.callsOf('PutMetricData');
  expect(puts.length).toBeGreaterThanOrEqual(1);
  if (row.awsCalls?.PutMetricData !== undefined) expect(puts).toHaveLength(row.awsCalls.PutMetricData);
  if (row.awsCalls?.BatchGetSecretValue !== undefined) {
    const batches = aws.callsOf('BatchGetSecretValue');
    expect(batches).toHaveLength(row.awsCalls.BatchGetSecretValue);
    const sizes = batches.map((c) => (c.input as { SecretIdList: string[] }).SecretIdList.length);
    expect(sizes.every((n) => n <= 20)).toBe(true);
    // Every secret id was asked for exactly once.
    const secretIds = (row.healthyFrom === 'env' ? 0 : 1) + fillers.length + 1;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(secretIds);
  }
  if (row.publishFails === undefined) {
    const datum = (name: string, dimensions: Record<string, string> = {}) =>
      aws.datums.find(
        (d) => d.metricName === name && JSON.stringify(d.dimensions) === JSON.stringify(dimensions),
      );
    expect(datum(METRICS.heartbeat)?.value).toBe(1);
    expect(datum(METRICS.integrationsProbed)?.value).toBe(probed.length);
    if (row.expected.category === 'ok') {
      expect(aws.datums.filter((d) => d.metricName === METRICS.failures)).toEqual([]);
    } else {
      expect(datum(METRICS.failures, { Category: row.expected.category })?.value).toBe(1);
      expect(
        datum(METRICS.integrationFailures, { Integration: faultedName, Category: row.expected.category }),
      ).toBeDefined();
      expect(aws.datums.filter((d) => d.metricName === METRICS.failures)).toHaveLength(1);
    }
    if (row.expected.retryAfterSeconds !== undefined) {
      expect(datum(METRICS.maxRetryAfter)?.value).toBe(check?.retryAfterSeconds);
    }
  }

  expectNoLeak(row, {
    report: JSON.stringify(result ?? null),
    logs: JSON.stringify(logs),
    'FakeAws calls': JSON.stringify(aws.calls),
    'FakeAws datums': JSON.stringify(aws.datums),
    'thrown error': errorText(thrown),
  });
}

/** Configuration rows have no report to inspect: the message is what they are judged on. */
function saysOf(row: CliRow | HandlerConfigRow): string {
  if (row.expected.says === undefined) throw new Error(`row ${row.id} must say what the message names`);
  return row.expected.says;
}

async function runCliRow(row: CliRow): Promise<void> {
  const says = saysOf(row);
  const sim = await startSimulator(null);
  const dir = await mkdtemp(join(tmpdir(), 'fault-matrix-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'monitor.json');
  await writeFile(file, row.configText.replaceAll('{{notion}}', sim.url));
  const argv = (row.argv ?? ['--config', '{{config}}']).map((a) => a.replaceAll('{{config}}', file));

  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { MATRIX_TOKEN: matrixToken(row.id), [HEALTHY_ENV]: HEALTHY_TOKEN },
  });

  // config / client: refused locally, exit 2, nothing sent.
  expect(code).toBe(EXIT.usage);
  expect(stdout).toBe('');
  expect(sim.requests).toHaveLength(0);
  const lines = stderr.trimEnd().split('\n');
  if (lines[0] === 'error: invalid configuration') {
    // One clear message: exactly one problem, naming the file and the field.
    const problems = lines.slice(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${file}: `);
    expect.soft(problems[0]).toContain(says);
  } else {
    expect(lines[0]).toMatch(/^error: /);
    expect.soft(lines[0]).toContain(says);
    expect(stderr).toContain('Usage: npm start');
  }
  expectNoLeak(row, { stdout, stderr });
}

async function runHandlerConfigRow(row: HandlerConfigRow): Promise<void> {
  const says = saysOf(row);
  const sim = await startSimulator(null);
  const aws = await startAws([{ name: HEALTHY_SECRET, secretString: HEALTHY_TOKEN }]);
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({
    env: {
      NOTION_MONITOR_CONFIG: row.configText.replaceAll('{{notion}}', sim.url),
      [HEALTHY_ENV]: HEALTHY_TOKEN,
    },
    secretsManager: () => new SecretsManagerClient(fakeAwsClientConfig(aws.url)),
    cloudWatch: () => new CloudWatchClient(fakeAwsClientConfig(aws.url)),
    log: (entry) => logs.push(entry),
  });
  const started = Date.now();
  let thrown: unknown;
  try {
    await handler({}, { getRemainingTimeInMillis: () => 60_000 });
  } catch (error) {
    thrown = error;
  }
  // config / client: a fast failure, nothing sent to Notion or AWS.
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(thrown).toBeInstanceOf(ConfigError);
  const message = (thrown as Error).message;
  expect(message.split('\n')).toEqual(['Invalid configuration:', expect.stringContaining(says)]);
  expect(sim.requests).toHaveLength(0);
  expect(aws.calls).toHaveLength(0);
  expectNoLeak(row, { 'thrown error': errorText(thrown), logs: JSON.stringify(logs) });
}

function runnable(row: Row): boolean {
  return !(row.via === 'handler' && row.transport === 'self-signed-tls' && !hasOpenssl);
}

describe('fault matrix', () => {
  it('has at least 40 rows with unique ids and names', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.fault)).size).toBe(rows.length);
  });

  it.each(rows.filter(runnable).map((row) => [row.fault, row] as const))('%s', async (_fault, row) => {
    const before = unhandled.length;
    if (row.via === 'handler') await runHandlerRow(row);
    else if (row.via === 'cli') await runCliRow(row);
    else await runHandlerConfigRow(row);
    // Give a stray rejection from this row the chance to surface here rather than later.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled.slice(before)).toEqual([]);
  });

  it.skip.each(rows.filter((r) => !runnable(r)).map((row) => [row.fault, row] as const))(
    '%s (skipped: openssl is not installed)',
    () => {},
  );
});
