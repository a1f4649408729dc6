import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HELP_POINTER } from '../../functions/cli/args.js';
import { EXIT, runCli } from '../../functions/cli/run-cli.js';
import { createHttpRequest, httpRequest } from '../../functions/engine/http-request.js';
import type { NotionRequest } from '../../functions/engine/ports.js';
import { type CheckResult, decidingCheck } from '../../functions/engine/report.js';
import {
  createHandler,
  type HandlerResult,
  MetricsPublishError,
} from '../../functions/handler/create-handler.js';
import { InvocationError } from '../../functions/handler/invocation.js';
import { ConfigError } from '../../functions/handler/load-config.js';
import { assertNever, type Category } from '../../functions/shared/categories.js';
import { METRICS } from '../../functions/shared/metrics.js';
import { REASON_CATEGORY, type Reason } from '../../functions/shared/reasons.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  type SimulatedSecret,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import vitestConfig from '../../vitest.config.js';
import { startConnectProxy } from '../support/connect-proxy.js';
import { leaksOf } from '../support/leak-oracle.js';
import { hasOpenssl, makeSelfSignedCert, type SelfSignedCert } from '../support/self-signed-cert.js';
import { terminalControls } from '../support/terminal-controls.js';
import { HEALTHY_TOKEN, matrixToken } from './row-tokens.js';
import {
  type CliRow,
  type CliTableRow,
  type HandlerConfigRow,
  type HandlerEventRow,
  type HandlerRow,
  MATRIX_NOW,
  PAGE,
  RESTRICTED_PAGE,
  type Row,
  rows,
  secretsOf,
} from './rows.js';

const HEALTHY = 'healthy';
/** Our own words around at most TEXT_LIMITS.message characters quoted from an answer. */
const MAX_MESSAGE_CHARS = 700;
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

afterAll(() => {
  tls?.remove();
});

async function startSimulator(row: HandlerRow | null): Promise<NotionSimulator> {
  const knows = row !== null && row.token !== '' && row.notionKnows !== false;
  const sim = new NotionSimulator({
    integrations: [
      { token: HEALTHY_TOKEN, pages: [PAGE] },
      ...(knows ? [{ token: row.token, pages: [PAGE], restricted: [RESTRICTED_PAGE] }] : []),
      // Issue 13: the secret's current value is a token Notion knows, of another workspace.
      ...(row?.history?.currentWorkspace !== undefined && row.secretString !== undefined
        ? [{ token: row.secretString, pages: [PAGE], workspaceName: row.history.currentWorkspace }]
        : []),
    ],
    faults: (row?.notionFaults ?? []).map((f) => ({ ...f, token: row?.token ?? '' })),
  });
  await sim.start();
  cleanups.push(() => sim.close());
  return sim;
}

async function startAws(secrets: SimulatedSecret[], row?: HandlerRow): Promise<AwsEndpoint> {
  const aws = await startAwsEndpoint({ secrets, faults: [...(row?.awsFaults ?? [])] });
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

/** Where notionBaseUrl points, and the request function the faulted integration's requests take. */
interface Transport {
  readonly url: string;
  readonly faulted: NotionRequest;
}

async function transportOf(kind: NonNullable<HandlerRow['transport']>): Promise<Transport> {
  switch (kind) {
    case 'closed-port':
      return { url: await closedPortUrl(), faulted: httpRequest };
    // .invalid never resolves (RFC 6761): the lookup fails without reaching any server.
    case 'unresolvable-host':
      return { url: 'http://notion-monitor-test.invalid', faulted: httpRequest };
    case 'self-signed-tls':
      return { url: await selfSignedUrl(), faulted: httpRequest };
    case 'proxy-wants-credentials': {
      // The proxy answers 407 before it connects anywhere: nothing leaves loopback.
      const proxy = await startConnectProxy({ credentials: 'monitor:proxy-password' });
      cleanups.push(proxy.close);
      return {
        url: 'https://api.notion.com',
        faulted: createHttpRequest({ env: { HTTPS_PROXY: proxy.url } }),
      };
    }
    case 'proxy-blocks':
    case 'proxy-cannot-reach': {
      const status = kind === 'proxy-blocks' ? 403 : 502;
      const proxy = await startConnectProxy({ refuse: { status } });
      cleanups.push(proxy.close);
      return {
        url: 'https://api.notion.com',
        faulted: createHttpRequest({ env: { HTTPS_PROXY: proxy.url } }),
      };
    }
  }
}

/**
 * The engine's own request function, except that the healthy integration's requests go to the
 * simulator: notionBaseUrl is the faulty place for the run, and the healthy integration shows
 * that one integration's transport failure does not take the other down.
 */
function routeHealthyTo(simUrl: string, faulted: NotionRequest): NotionRequest {
  return (request) => {
    if (request.headers.authorization !== `Bearer ${HEALTHY_TOKEN}`) return faulted(request);
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
  readonly reason?: Reason;
  readonly checks: readonly CheckResult[];
}

/** The deciding check: the first failing one, or for an ok integration its last answered check. */
function decider(i: Probed): CheckResult | undefined {
  return (
    decidingCheck(i.checks) ?? [...i.checks].reverse().find((c) => !c.skipped && c.category === i.category)
  );
}

/**
 * Every check of every integration: an ok one has no reason, a failing (or skipped) one has a
 * reason of its own category; the integration's reason is its deciding check's.
 */
function expectReasonsAgree(probed: readonly Probed[]): void {
  for (const i of probed) {
    for (const c of i.checks) {
      const where = `${i.name}: ${c.check}`;
      if (c.category === 'ok') expect(c.reason, where).toBeUndefined();
      else expect(c.reason && REASON_CATEGORY[c.reason], where).toBe(c.category);
    }
    expect(i.reason, i.name).toBe(decidingCheck(i.checks)?.reason);
  }
}

/**
 * No fake secret in any of the texts, raw or JSON-escaped; and for every token of 16
 * characters or more, no 8 consecutive characters of it or of an encoded form (the leak oracle).
 */
function expectNoLeak(row: Row, texts: Readonly<Record<string, string>>): void {
  const secrets = secretsOf(row);
  for (const secret of secrets) {
    const forms = [secret, JSON.stringify(secret).slice(1, -1)];
    for (const [where, text] of Object.entries(texts)) {
      const leaked = forms.some((f) => text.includes(f));
      expect(leaked, `a secret of ${row.id} (length ${secret.length}) leaked into ${where}`).toBe(false);
    }
  }
  // The 8-character rule is about tokens: the ones stored, and those inside a stored
  // document (a JSON secret's key or value), not the document's own words (`NOTION_TOKEN`).
  const tokens = secrets.flatMap(
    (s) => s.match(/ntn_MATRIX[A-Za-z0-9]{14,}/g) ?? (/[{}=]/.test(s) ? [] : [s]),
  );
  for (const [where, text] of Object.entries(texts)) {
    expect(leaksOf(tokens, text), `pieces of a token of ${row.id} in ${where}`).toEqual([]);
  }
}

/** Whatever an answer sent, what the report keeps of it is cut to the documented lengths. */
function expectBoundedText(probed: readonly Probed[]): void {
  const longest = Math.max(...probed.flatMap((i) => i.checks.map((c) => c.message.length)));
  expect(longest, 'the longest check message').toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
}

function errorText(error: unknown): string {
  if (error === undefined) return '';
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

/** What a handler row sets up: the faulted integration next to a healthy one (and fillers). */
interface Scene {
  readonly row: HandlerRow;
  readonly sim: NotionSimulator;
  readonly aws: AwsEndpoint;
  readonly faultedName: string;
  readonly faultedSecret: string;
  readonly fillers: readonly { readonly name: string; readonly secretId: string }[];
}

/** What one invocation came to: the report returned, or the error thrown; and the log lines. */
interface Run {
  readonly result: HandlerResult | undefined;
  readonly thrown: unknown;
  readonly logs: readonly Record<string, unknown>[];
}

function sceneSecrets(scene: Omit<Scene, 'sim' | 'aws'>): SimulatedSecret[] {
  const { row } = scene;
  return [
    { name: HEALTHY_SECRET, secretString: HEALTHY_TOKEN },
    ...scene.fillers.map((f) => ({ name: f.secretId, secretString: HEALTHY_TOKEN })),
    {
      name: scene.faultedSecret,
      ...(row.secretBinary
        ? { secretBinary: new Uint8Array(Buffer.from(row.token)) }
        : { secretString: row.secretString ?? row.token }),
      ...(row.secretError ? { error: row.secretError } : {}),
      ...(row.history?.previous !== undefined ? { previous: { secretString: row.history.previous } } : {}),
    },
  ];
}

async function setUpScene(row: HandlerRow): Promise<Scene> {
  const fillers = Array.from({ length: row.fillers ?? 0 }, (_, i) => ({
    name: `filler-${i + 1}`,
    secretId: `matrix/filler-${i + 1}`,
  }));
  const names = { row, faultedName: `matrix-${row.id}`, faultedSecret: `matrix/${row.id}`, fillers };
  const sim = await startSimulator(row);
  const aws = await startAws(sceneSecrets(names), row);
  return { ...names, sim, aws };
}

function sceneConfig(scene: Scene, notionBaseUrl: string) {
  const { row } = scene;
  return {
    notionBaseUrl,
    timeoutMs: row.timeoutMs ?? 600,
    integrations: [
      {
        name: HEALTHY,
        token: row.healthyFrom === 'env' ? { env: HEALTHY_ENV } : { secretId: HEALTHY_SECRET },
        targets: [{ kind: 'page', id: PAGE }],
      },
      ...scene.fillers.map((f) => ({ name: f.name, token: { secretId: f.secretId } })),
      {
        name: scene.faultedName,
        token: { secretId: scene.faultedSecret, ...(row.jsonKey ? { jsonKey: row.jsonKey } : {}) },
        targets: [{ kind: 'page', id: row.target ?? PAGE }],
        ...(row.expect ? { expect: row.expect } : {}),
        ...(row.history?.expectWorkspace ? { expect: { workspaceName: row.history.expectWorkspace } } : {}),
      },
    ],
  };
}

/** Real SDK clients against the row's AWS endpoint, destroyed after the row. */
function awsClients(scene: Scene) {
  const { row, aws } = scene;
  const owned = <C extends { destroy(): void }>(c: C): C => {
    cleanups.push(() => c.destroy());
    return c;
  };
  const attempts = (n: number | undefined) => (n ? { maxAttempts: n } : {});
  return {
    secretsManager: () =>
      owned(
        new SecretsManagerClient({
          ...awsEndpointClientConfig(aws.url),
          ...attempts(row.secretsMaxAttempts),
        }),
      ),
    cloudWatch: () =>
      owned(
        new CloudWatchClient({ ...awsEndpointClientConfig(aws.url), ...attempts(row.cloudWatchMaxAttempts) }),
      ),
  };
}

async function invokeScene(scene: Scene): Promise<Run> {
  const { row, sim } = scene;
  const transport = row.transport ? await transportOf(row.transport) : undefined;
  const notionBaseUrl = transport?.url ?? sim.url;
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({
    env: {
      NOTION_MONITOR_CONFIG: `${row.configBom ? '\uFEFF' : ''}${JSON.stringify(sceneConfig(scene, notionBaseUrl))}`,
      [HEALTHY_ENV]: HEALTHY_TOKEN,
    },
    ...awsClients(scene),
    now: () => MATRIX_NOW,
    log: (entry) => logs.push(entry),
    ...(transport ? { request: routeHealthyTo(sim.url, transport.faulted) } : {}),
    ...(row.invocation ? { safetyMarginMs: row.invocation.safetyMarginMs } : {}),
    ...(row.resultLimitBytes ? { maxResultBytes: row.resultLimitBytes } : {}),
  });
  const remaining = row.invocation?.remainingMs ?? 60_000;
  const context = { getRemainingTimeInMillis: () => remaining, awsRequestId: `matrix-${row.id}` };
  try {
    return { result: await handler({ source: 'aws.scheduler' }, context), thrown: undefined, logs };
  } catch (thrown) {
    return { result: undefined, thrown, logs };
  }
}

/** The report as returned, or (publishing failed) as logged line by line before the throw. */
function probedOf(run: Run): readonly Probed[] {
  return (
    run.result?.integrations ??
    run.logs
      .filter((l) => l.message === 'integration probed')
      .map((l) => ({
        name: String(l.integration),
        category: l.category as Category,
        ...(l.reason !== undefined ? { reason: l.reason as Reason } : {}),
        checks: l.checks as CheckResult[],
      }))
  );
}

/** The run returned its report, published its metrics, and logged the same categories. */
function expectPublished(run: Run): void {
  expect(run.thrown, errorText(run.thrown)).toBeUndefined();
  expect(run.result?.metrics).toMatchObject({ ok: true });
  expect(run.logs.at(-1)).toMatchObject({ message: 'run finished', level: 'INFO', metrics: { ok: true } });
  const logged = run.logs
    .filter((l) => l.message === 'integration probed')
    .map((l) => [l.integration, l.category, l.reason]);
  expect(run.result?.integrations.map((i) => [i.name, i.category, i.reason])).toEqual(logged);
}

/** Publishing failed: the report was logged first, then MetricsPublishError was thrown naming the failure. */
function expectPublishFailed(run: Run, fails: string): void {
  expect(run.result).toBeUndefined();
  expect(run.thrown).toBeInstanceOf(MetricsPublishError);
  expect((run.thrown as Error).message).toContain(fails);
  expect(run.logs.at(-1)).toMatchObject({
    message: 'run finished',
    level: 'ERROR',
    metrics: { ok: false, error: expect.stringContaining(fails) },
  });
}

/**
 * The faulted integration's deciding check against the row's expected fragment. Soft: a wrong
 * message or status is reported, and the row's other guarantees are still checked.
 */
function expectDecidingCheck(row: HandlerRow, faulted: Probed | undefined): void {
  const { says, reason, ...fields } = row.expected;
  if (reason === undefined) throw new Error(`row ${row.id} must name its expected reason (null when ok)`);
  const check = faulted && decider(faulted);
  expect.soft({ ...check, category: faulted?.category }).toMatchObject({
    ...fields,
    ...(says === undefined ? {} : { message: expect.stringContaining(says) }),
  });
  // The reason, on the deciding check and on the integration (none when ok).
  expect.soft({ check: check?.reason ?? null, integration: faulted?.reason ?? null }).toEqual({
    check: reason,
    integration: reason,
  });
}

/**
 * Issue 13: a token Notion refused, or one our lint or an expectation refused, is compared with
 * its secret's previous version: one GetSecretValue. Nothing else reads one.
 */
function previousReadsExpected(row: HandlerRow): number {
  const { category, check } = row.expected;
  const explained = category === 'auth' || (category === 'config' && check === 'token_format');
  return explained && row.healthyFrom !== 'env' ? 1 : 0;
}

/** One call per 20 secret ids and one PutMetricData (unless the row says otherwise); each id asked for once. */
function expectAwsCalls(scene: Scene): void {
  const { row, aws } = scene;
  const batches = aws.callsOf('BatchGetSecretValue');
  expect({
    BatchGetSecretValue: batches.length,
    PutMetricData: aws.callsOf('PutMetricData').length,
    GetSecretValue: aws.callsOf('GetSecretValue').length,
  }).toEqual({
    BatchGetSecretValue: 1,
    PutMetricData: 1,
    GetSecretValue: previousReadsExpected(row),
    ...row.awsCalls,
  });
  for (const call of aws.callsOf('GetSecretValue')) {
    expect(call.input).toEqual({ SecretId: scene.faultedSecret, VersionStage: 'AWSPREVIOUS' });
  }
  const asked = batches.flatMap((c) => (c.input as { SecretIdList: string[] }).SecretIdList);
  // Read again in halves: each id is asked for in more than one call, but none is left out.
  const distinct = row.secretsReadAgain ? [...new Set(asked)] : asked;
  const configured = [
    ...(row.healthyFrom === 'env' ? [] : [HEALTHY_SECRET]),
    ...scene.fillers.map((f) => f.secretId),
    scene.faultedSecret,
  ];
  expect(distinct.sort()).toEqual(configured.sort());
}

/** The datums of a published run: exactly what its categories call for. */
function expectMetrics(scene: Scene, probed: readonly Probed[]): void {
  const { row, aws } = scene;
  const value = (name: string) => aws.datums.find((d) => d.metricName === name)?.value;
  const failing = probed.filter((i) => i.category !== 'ok');
  expect({
    heartbeat: value(METRICS.heartbeat),
    integrationsProbed: value(METRICS.integrationsProbed),
    failures: aws.datums.filter((d) => d.metricName === METRICS.failures).map((d) => [d.dimensions, d.value]),
    integrationFailures: aws.datums
      .filter((d) => d.metricName === METRICS.integrationFailures)
      .map((d) => d.dimensions),
    maxRetryAfter: value(METRICS.maxRetryAfter),
  }).toEqual({
    heartbeat: 1,
    integrationsProbed: probed.length,
    failures: failing.length === 0 ? [] : [[{ Category: row.expected.category }, 1]],
    // Sparse: one datum per failing integration, with its reason; none for a healthy one.
    integrationFailures: failing.map((i) => ({
      Integration: i.name,
      Category: i.category,
      Reason: row.expected.reason,
    })),
    maxRetryAfter: row.expected.retryAfterSeconds,
  });
}

/** The returned result fits the limit and says it was shortened; the log lines still hold every check. */
function expectShortened(limit: number, run: Run): void {
  expect(Buffer.byteLength(JSON.stringify(run.result), 'utf8')).toBeLessThanOrEqual(limit);
  expect(run.result?.shortened).toMatchObject({
    limitBytes: limit,
    seeTheRest: expect.stringContaining('filter'),
  });
  const logged = run.logs
    .filter((l) => l.message === 'integration probed')
    .map((l) => (l.checks as unknown[]).length);
  const returned = run.result?.integrations.map((i) => i.checks.length) ?? [];
  expect(logged.reduce((a, b) => a + b, 0)).toBeGreaterThan(returned.reduce((a, b) => a + b, 0));
  expect(run.logs.at(-1)?.returnShortened).toEqual(run.result?.shortened);
}

async function runHandlerRow(row: HandlerRow): Promise<void> {
  const scene = await setUpScene(row);
  const run = await invokeScene(scene);
  const probed = probedOf(run);
  expect(run.logs.at(-1)).toMatchObject({ message: 'run finished', requestId: `matrix-${row.id}` });
  if (row.publishFails === undefined) expectPublished(run);
  else expectPublishFailed(run, row.publishFails);

  // Only the faulted integration fails; the others (sharing the healthy token) all reached Notion:
  // users/me and the page for the healthy one, users/me for each filler.
  expect(probed.map((i) => [i.name, i.category])).toEqual([
    [HEALTHY, 'ok'],
    ...scene.fillers.map((f) => [f.name, 'ok']),
    [scene.faultedName, row.expected.category],
  ]);
  const healthyRequests = scene.sim.requests.filter((r) => r.authorization === `Bearer ${HEALTHY_TOKEN}`);
  expect(healthyRequests).toHaveLength(2 + scene.fillers.length);
  expectDecidingCheck(
    row,
    probed.find((i) => i.name === scene.faultedName),
  );
  expectReasonsAgree(probed);
  expectAwsCalls(scene);
  if (row.history?.note !== undefined) {
    const faulted = probed.find((i) => i.name === scene.faultedName);
    const { says, reason } = row.history.note;
    const deciding = faulted && decider(faulted);
    expect(faulted?.checks.at(-1)).toMatchObject({
      check: 'previous_version',
      category: deciding?.category,
      message: expect.stringContaining(says),
    });
    expect(faulted?.checks.at(-1)?.reason).toBe(reason ?? deciding?.reason);
  }
  expectBoundedText(probed);
  if (row.resultLimitBytes !== undefined) expectShortened(row.resultLimitBytes, run);
  if (row.publishFails === undefined) expectMetrics(scene, probed);
  else expect(scene.aws.datums).toEqual([]);

  expectNoLeak(row, {
    report: JSON.stringify(run.result ?? null),
    logs: JSON.stringify(run.logs),
    'AWS endpoint calls': JSON.stringify(scene.aws.calls),
    'AWS endpoint datums': JSON.stringify(scene.aws.datums),
    'thrown error': errorText(run.thrown),
  });
}

/** Configuration rows have no report to inspect: the message is what they are judged on. */
function saysOf(row: CliRow | HandlerConfigRow | HandlerEventRow | CliTableRow): string {
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
    expect(lines.slice(1)).toEqual([HELP_POINTER]);
  }
  expectNoLeak(row, { stdout, stderr });
}

async function runHandlerConfigRow(row: HandlerConfigRow): Promise<void> {
  const says = saysOf(row);
  const sim = await startSimulator(null);
  const aws = await startAws([{ name: HEALTHY_SECRET, secretString: HEALTHY_TOKEN }]);
  const logs: Record<string, unknown>[] = [];
  let clockReads = 0;
  const handler = createHandler({
    env: {
      NOTION_MONITOR_CONFIG: row.configText.replaceAll('{{notion}}', sim.url),
      [HEALTHY_ENV]: HEALTHY_TOKEN,
    },
    secretsManager: () => new SecretsManagerClient(awsEndpointClientConfig(aws.url)),
    cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(aws.url)),
    now: () => {
      clockReads += 1;
      return MATRIX_NOW;
    },
    log: (entry) => logs.push(entry),
  });
  let thrown: unknown;
  try {
    await handler({}, { getRemainingTimeInMillis: () => 60_000 });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  const message = (thrown as Error).message;
  expect(message.split('\n')).toEqual(['Invalid configuration:', expect.stringContaining(says)]);
  // config / client: refused before the run starts (its clock is never read), nothing sent to Notion or AWS.
  expect({ clockReads, notion: sim.requests.length, aws: aws.calls.length, logs }).toEqual({
    clockReads: 0,
    notion: 0,
    aws: 0,
    logs: [],
  });
  expectNoLeak(row, { 'thrown error': errorText(thrown), logs: JSON.stringify(logs) });
}

async function runHandlerEventRow(row: HandlerEventRow): Promise<void> {
  const says = saysOf(row);
  const sim = await startSimulator(null);
  const aws = await startAws([{ name: HEALTHY_SECRET, secretString: HEALTHY_TOKEN }]);
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({
    env: {
      NOTION_MONITOR_CONFIG: JSON.stringify({
        notionBaseUrl: sim.url,
        integrations: [
          { name: HEALTHY, token: { secretId: HEALTHY_SECRET }, targets: [{ kind: 'page', id: PAGE }] },
        ],
      }),
    },
    secretsManager: () => new SecretsManagerClient(awsEndpointClientConfig(aws.url)),
    cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(aws.url)),
    now: () => MATRIX_NOW,
    log: (entry) => logs.push(entry),
  });
  let thrown: unknown;
  try {
    await handler(row.event, { getRemainingTimeInMillis: () => 60_000 });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvocationError);
  expect.soft((thrown as Error).message).toContain(says);
  // Refused before the run: no secret read, nothing sent to Notion, no heartbeat published.
  expect({ notion: sim.requests.length, aws: aws.calls.length, logs }).toEqual({
    notion: 0,
    aws: 0,
    logs: [],
  });
  expectNoLeak(row, { 'thrown error': errorText(thrown) });
}

async function runCliTableRow(row: CliTableRow): Promise<void> {
  const token = matrixToken(row.id);
  const sim = new NotionSimulator({
    integrations: [
      { token: HEALTHY_TOKEN, pages: [PAGE] },
      { token, pages: [PAGE], workspaceName: row.workspaceName },
    ],
  });
  await sim.start();
  cleanups.push(() => sim.close());
  const dir = await mkdtemp(join(tmpdir(), 'fault-matrix-table-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'monitor.json');
  const faultedName = `matrix-${row.id}`;
  await writeFile(
    file,
    JSON.stringify({
      notionBaseUrl: sim.url,
      timeoutMs: 600,
      integrations: [
        { name: HEALTHY, token: { env: HEALTHY_ENV }, targets: [{ kind: 'page', id: PAGE }] },
        { name: faultedName, token: { env: 'MATRIX_TOKEN' }, targets: [{ kind: 'page', id: PAGE }] },
      ],
    }),
  );
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--config', file], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { MATRIX_TOKEN: token, [HEALTHY_ENV]: HEALTHY_TOKEN },
  });
  expect(code).toBe(row.expected.category === 'ok' ? EXIT.ok : EXIT.notOk);
  expect(terminalControls(stdout + stderr)).toEqual([]);
  const line = stdout.split('\n').find((l) => l.startsWith(faultedName));
  expect(line).toMatch(
    new RegExp(`^${faultedName}\\s+${row.expected.category}\\s+${row.expected.reason ?? '-'}\\s`),
  );
  expect.soft(line).toContain(saysOf(row));
  expect(sim.requests.filter((r) => r.authorization === `Bearer ${token}`).map((r) => r.path)).toEqual([
    '/v1/users/me',
    `/v1/pages/${PAGE}`,
  ]);
  expectNoLeak(row, { stdout, stderr });
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

  it('an unhandled rejection from any row fails the run: vitest reports it and the config does not ignore it', () => {
    expect(vitestConfig.test?.dangerouslyIgnoreUnhandledErrors).toBeUndefined();
  });

  it.each(rows.filter(runnable).map((row) => [row.fault, row] as const))('%s', async (_fault, row) => {
    switch (row.via) {
      case 'handler':
        return runHandlerRow(row);
      case 'cli':
        return runCliRow(row);
      case 'handler-config':
        return runHandlerConfigRow(row);
      case 'handler-event':
        return runHandlerEventRow(row);
      case 'cli-table':
        return runCliTableRow(row);
      default:
        return assertNever(row);
    }
  });

  it.skip.each(rows.filter((r) => !runnable(r)).map((row) => [row.fault, row] as const))(
    '%s (skipped: openssl is not installed)',
    () => {},
  );
});
