import { afterEach, describe, expect, it } from 'vitest';
import { type MonitorConfig, parseConfig } from '../../functions/config/schema.js';
import { httpRequest } from '../../functions/engine/http-request.js';
import type { NotionRequest } from '../../functions/engine/ports.js';
import { type ProbeDependencies, runProbe } from '../../functions/engine/probe.js';
import type { IntegrationResult } from '../../functions/engine/report.js';
import {
  type FaultRule,
  NotionSimulator,
  type SimulatedIntegration,
} from '../../functions/simulator/notion-simulator.js';
import { createTokenResolver } from '../../functions/tokens/env-tokens.js';

const WS = 'a1b2c3d4-0000-4000-8000-000000000001';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const DB = '668d797c-76fa-4934-9b05-ad288df2d136';
const DS = 'b2e6a4c0-9d1f-4e8a-8c3b-7f5d2e1a0b9c';
const OTHER = '0a8b6c4d-2e1f-4a3b-9c8d-7e6f5a4b3c2d';
const TOKEN = 'ntn_integrationTestTokent4P8zEVpxeEJnZapJ9rW1';

let sim: NotionSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simulate(
  integrations: SimulatedIntegration[],
  faults: FaultRule[] = [],
): Promise<NotionSimulator> {
  sim = new NotionSimulator({ integrations, faults });
  await sim.start();
  return sim;
}

function config(url: string, integrations: unknown[], extra: Record<string, unknown> = {}): MonitorConfig {
  const r = parseConfig({ notionBaseUrl: url, timeoutMs: 1000, integrations, ...extra });
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.config;
}

function deps(env: Record<string, string>, extra: Partial<ProbeDependencies> = {}): ProbeDependencies {
  return { resolveTokens: createTokenResolver({ env }), ...extra };
}

async function probeOne(
  integration: Record<string, unknown>,
  token: string,
  faults: FaultRule[] = [],
  simulated: SimulatedIntegration[] = [
    { token: TOKEN, workspaceId: WS, pages: [PAGE], databases: [DB], dataSources: [DS] },
  ],
): Promise<IntegrationResult> {
  const s = await simulate(simulated, faults);
  const report = await runProbe(
    config(s.url, [{ name: 'it', token: { env: 'T' }, ...integration }]),
    deps({ T: token }),
  );
  const [result] = report.integrations;
  if (!result) throw new Error('no result');
  return result;
}

const target = (kind: string, id: string) => ({ kind, id });

describe('runProbe against the Notion simulator (real requests over loopback HTTP)', () => {
  it('a healthy internal integration is ok on every check, one request per check', async () => {
    const r = await probeOne(
      {
        expect: { workspaceName: 'Acme', workspaceId: WS, tokenType: 'internal' },
        targets: [target('page', PAGE), target('database', DB), target('data_source', DS)],
      },
      TOKEN,
    );
    expect(r).toMatchObject({
      category: 'ok',
      tokenType: 'internal',
      workspaceName: 'Acme',
      workspaceId: WS,
    });
    expect(r.tokenFingerprint).toBe(`ntn_…${TOKEN.slice(-4)}`);
    expect(r.checks.map((c) => [c.check, c.category])).toEqual([
      ['token_format', 'ok'],
      ['auth', 'ok'],
      ['workspace', 'ok'],
      ['token_type', 'ok'],
      ['target', 'ok'],
      ['target', 'ok'],
      ['target', 'ok'],
    ]);
    expect(r.checks[1]).toMatchObject({ origin: 'notion', httpStatus: 200, requestId: expect.any(String) });
    expect(sim?.requests.map((q) => q.path)).toEqual([
      '/v1/users/me',
      `/v1/pages/${PAGE}`,
      `/v1/databases/${DB}`,
      `/v1/data_sources/${DS}`,
    ]);
    expect(
      sim?.requests.every((q) => q.authorization === `Bearer ${TOKEN}` && q.notionVersion === '2026-03-11'),
    ).toBe(true);
  });

  it('reads an OAuth token type from the bot owner', async () => {
    const r = await probeOne(
      { expect: { tokenType: 'oauth' } },
      TOKEN,
      [],
      [{ token: TOKEN, ownerType: 'user' }],
    );
    expect(r).toMatchObject({ category: 'ok', tokenType: 'oauth' });
  });

  it.each([
    [WS.replaceAll('-', '').toUpperCase(), 'ok'],
    ['a1b2c3d4-0000-4000-8000-000000000002', 'config'],
  ])(
    'expect.workspaceId %s (the same id with other dashes or case is the same workspace): %s',
    async (workspaceId, category) => {
      const r = await probeOne({ expect: { workspaceId } }, TOKEN);
      expect(r.checks.find((c) => c.check === 'workspace')?.category).toBe(category);
    },
  );

  it('a token from another workspace or of another type is config', async () => {
    const r = await probeOne({ expect: { workspaceName: 'Prod', tokenType: 'oauth' } }, TOKEN);
    expect(r.category).toBe('config');
    expect(r.checks.find((c) => c.check === 'workspace')?.message).toContain('expected "Prod"');
    expect(r.checks.find((c) => c.check === 'token_type')).toMatchObject({
      category: 'config',
      remedy: expect.any(String),
    });
  });

  it('a revoked token is auth after one request, targets skipped', async () => {
    const r = await probeOne(
      { targets: [target('page', PAGE), target('database', DB)] },
      'ntn_revokedcDyvevqkzfDZd9',
    );
    expect(r.category).toBe('auth');
    expect(r.checks[1]).toMatchObject({
      check: 'auth',
      category: 'auth',
      origin: 'notion',
      httpStatus: 401,
      code: 'unauthorized',
    });
    expect(r.checks.slice(2).every((c) => c.skipped === true && c.check === 'target')).toBe(true);
    expect(sim?.requests).toHaveLength(1);
  });

  it.each([
    ['a trailing newline', `${TOKEN}\n`],
    ['Bearer Bearer', `Bearer Bearer ${TOKEN}`],
    ['quotes', `"${TOKEN}"`],
  ])('a token with %s is config and sends nothing', async (_, token) => {
    const r = await probeOne({ targets: [target('page', PAGE)] }, token);
    expect(r.category).toBe('config');
    expect(r.checks.map((c) => [c.check, c.skipped ?? false])).toEqual([
      ['token_format', false],
      ['auth', true],
      ['target', true],
    ]);
    expect(sim?.requests).toHaveLength(0);
  });

  it('an unset environment variable is a config secret check naming the variable; the rest is skipped', async () => {
    const s = await simulate([]);
    const report = await runProbe(
      config(s.url, [{ name: 'x', token: { env: 'NOPE' }, targets: [target('page', PAGE)] }]),
      deps({}),
    );
    const checks = report.integrations[0]?.checks ?? [];
    expect(checks[0]).toMatchObject({
      check: 'secret',
      category: 'config',
      origin: 'client',
      message: 'Environment variable NOPE is not set.',
    });
    expect(checks.map((c) => [c.check, c.skipped ?? false])).toEqual([
      ['secret', false],
      ['token_format', true],
      ['auth', true],
      ['target', true],
    ]);
    expect(checks[1]?.message).toBe('Skipped: the secret check failed (config).');
    expect(s.requests).toHaveLength(0);
  });

  it('an unshared page is not_found; a restricted one is forbidden; a validation_error is config', async () => {
    // The schema lets only Notion ids through, so Notion's validation_error is simulated.
    const refused = 'feedface-0000-4000-8000-000000000000';
    const r = await probeOne(
      {
        targets: [
          target('page', OTHER),
          target('database', 'c0ffee00-1234-4abc-8def-0123456789ab'),
          target('page', refused),
        ],
      },
      TOKEN,
      [{ path: `/v1/pages/${refused}`, fault: { type: 'error', status: 400, code: 'validation_error' } }],
      [{ token: TOKEN, restricted: ['c0ffee00-1234-4abc-8def-0123456789ab'] }],
    );
    const targets = r.checks.filter((c) => c.check === 'target');
    expect(targets.map((c) => [c.category, c.httpStatus, c.code])).toEqual([
      ['not_found', 404, 'object_not_found'],
      ['forbidden', 403, 'restricted_resource'],
      ['config', 400, 'validation_error'],
    ]);
    expect(r.category).toBe('config');
  });

  it('429 with Retry-After and rate_limit_reason is rate_limited, never auth', async () => {
    const r = await probeOne({}, TOKEN, [
      { fault: { type: 'rate_limited', retryAfter: '17', reason: 'public_api_space_request_rate_limit' } },
    ]);
    expect(r.checks[1]).toMatchObject({
      category: 'rate_limited',
      httpStatus: 429,
      code: 'rate_limited',
      retryAfterSeconds: 17,
      rateLimitReason: 'public_api_space_request_rate_limit',
    });
    expect(sim?.requests).toHaveLength(1);
  });

  it('529 service_overload is rate_limited', async () => {
    const r = await probeOne({}, TOKEN, [{ fault: { type: 'rate_limited', status: 529 } }]);
    expect(r.checks[1]).toMatchObject({
      category: 'rate_limited',
      httpStatus: 529,
      code: 'service_overload',
    });
  });

  it.each([
    [500, 'internal_server_error'],
    [503, 'service_unavailable'],
    [503, 'database_connection_unavailable'],
    [504, 'gateway_timeout'],
  ])('%i %s is server_error from Notion', async (status, code) => {
    const r = await probeOne({}, TOKEN, [{ fault: { type: 'error', status, code } }]);
    expect(r.checks[1]).toMatchObject({
      category: 'server_error',
      origin: 'notion',
      httpStatus: status,
      code,
    });
  });

  it('502 HTML from the edge is server_error with origin edge', async () => {
    const r = await probeOne({}, TOKEN, [{ fault: { type: 'html', status: 502, edge: true } }]);
    expect(r.checks[1]).toMatchObject({ category: 'server_error', origin: 'edge', httpStatus: 502 });
  });

  it.each([
    [401, false, 'intermediary'],
    [403, false, 'intermediary'],
    [403, true, 'edge'],
  ])('%i HTML (edge=%s) is proxy_auth from %s', async (status, edge, origin) => {
    const r = await probeOne({}, TOKEN, [{ fault: { type: 'html', status, edge } }]);
    expect(r).toMatchObject({ category: 'proxy_auth' });
    expect(r.checks[1]).toMatchObject({ category: 'proxy_auth', origin, httpStatus: status });
  });

  it("407 from a proxy is proxy_auth (Node's own fetch would hide it as a network error)", async () => {
    const r = await probeOne({}, TOKEN, [{ fault: { type: 'html', status: 407 } }]);
    expect(r.checks[1]).toMatchObject({ category: 'proxy_auth', origin: 'intermediary', httpStatus: 407 });
  });

  it('missing Notion-Version (stripped on the way) is config missing_version', async () => {
    const s = await simulate([{ token: TOKEN }]);
    const stripping: NotionRequest = (request) => {
      const { 'notion-version': _stripped, ...headers } = request.headers;
      return httpRequest({ ...request, headers });
    };
    const report = await runProbe(
      config(s.url, [{ name: 'x', token: { env: 'T' } }]),
      deps({ T: TOKEN }, { request: stripping }),
    );
    expect(report.integrations[0]?.checks[1]).toMatchObject({
      category: 'config',
      httpStatus: 400,
      code: 'missing_version',
    });
  });

  it('a short delay is fine; a hang ends as timeout at the request timeout', async () => {
    const ok = await probeOne({}, TOKEN, [{ fault: { type: 'delay', ms: 50 } }]);
    expect(ok.category).toBe('ok');
    await sim?.close();
    const hung = await probeOne({}, TOKEN, [{ fault: { type: 'hang' } }]);
    expect(hung.checks[1]).toMatchObject({ category: 'timeout', origin: 'client' });
    expect(hung.checks[1]?.message).toContain('request timeout');
  });

  it('a body that trickles past the timeout is timeout', async () => {
    const r = await probeOne({}, TOKEN, [{ fault: { type: 'trickle', intervalMs: 200, chunks: 50 } }]);
    expect(r.checks[1]).toMatchObject({ category: 'timeout' });
  });

  it.each(['reset', 'reset_mid_body', 'truncated'] as const)('%s is network', async (type) => {
    const r = await probeOne({}, TOKEN, [{ fault: { type } }]);
    expect(r.checks[1]).toMatchObject({ category: 'network', origin: 'client', code: expect.any(String) });
  });

  it('connection refused is network ECONNREFUSED', async () => {
    const s = await simulate([]);
    const url = s.url;
    await s.close();
    const report = await runProbe(config(url, [{ name: 'x', token: { env: 'T' } }]), deps({ T: TOKEN }));
    expect(report.integrations[0]?.checks[1]).toMatchObject({ category: 'network', code: 'ECONNREFUSED' });
  });

  it.each([
    [{ 'content-type': 'text/html' }, 'not_notion', 'intermediary'],
    [{ 'content-type': 'text/html', 'x-notion-request-id': 'req-1' }, 'server_error', 'notion'],
  ])('a 200 whose body is not JSON, with headers %j, is %s', async (headers, category, origin) => {
    const r = await probeOne({}, TOKEN, [
      { fault: { type: 'raw', status: 200, headers, body: '<html>hi</html>' } },
    ]);
    expect(r.checks[1]).toMatchObject({ category, httpStatus: 200, origin });
  });

  it('the run deadline ends unfinished checks as timeout and still returns the report', async () => {
    const s = await simulate(
      [{ token: TOKEN, pages: [PAGE] }, { token: 'ntn_secondRGwJPcxjUHGWdbrq3QBhR' }],
      [{ token: TOKEN, path: '/v1/pages/', fault: { type: 'hang' } }],
    );
    const cfg = config(
      s.url,
      [
        { name: 'hangs-on-target', token: { env: 'A' }, targets: [target('page', PAGE)] },
        { name: 'fine', token: { env: 'B' } },
      ],
      { timeoutMs: 60_000 },
    );
    const started = Date.now();
    const report = await runProbe(
      cfg,
      deps({ A: TOKEN, B: 'ntn_secondRGwJPcxjUHGWdbrq3QBhR' }, { deadlineAt: started + 400 }),
    );
    const [hanging, fine] = report.integrations;
    expect(hanging?.checks.map((c) => c.category)).toEqual(['ok', 'ok', 'timeout']);
    expect(hanging?.checks[2]?.message).toContain('run deadline');
    expect(fine?.category).toBe('ok');
    expect(report.summary).toMatchObject({ ok: 1, timeout: 1 });
  });

  it('one integration failing never stops the others', async () => {
    const s = await simulate(
      [{ token: TOKEN, pages: [PAGE] }],
      [{ token: 'ntn_proxied3xSBExJMKUczdDqu6', fault: { type: 'reset' } }],
    );
    const report = await runProbe(
      config(s.url, [
        { name: 'a', token: { env: 'A' }, targets: [target('page', PAGE)] },
        { name: 'b', token: { env: 'B' } },
        { name: 'c', token: { env: 'C' } },
      ]),
      deps({ A: TOKEN, B: 'ntn_proxied3xSBExJMKUczdDqu6', C: ' ' }),
    );
    expect(report.integrations.map((i) => i.category)).toEqual(['ok', 'network', 'config']);
  });

  it('keeps at most the configured number of requests in flight per integration', async () => {
    const pages = Array.from(
      { length: 8 },
      (_, i) => `59833787-2cf9-4fdf-8782-e53db20768${String(i).padStart(2, '0')}`,
    );
    const s = await simulate(
      [{ token: TOKEN, pages }],
      [{ path: '/v1/pages/', fault: { type: 'delay', ms: 30 } }],
    );
    let inFlight = 0;
    let peak = 0;
    const counting: NotionRequest = async (request) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await httpRequest(request);
      } finally {
        inFlight -= 1;
      }
    };
    const report = await runProbe(
      config(s.url, [{ name: 'x', token: { env: 'T' }, targets: pages.map((id) => target('page', id)) }]),
      deps({ T: TOKEN }, { request: counting }),
    );
    expect(report.integrations[0]?.category).toBe('ok');
    expect(peak).toBe(3);
    expect(s.requests).toHaveLength(9);
  });

  it('a bug in the engine is probe_error on a probe check, never a fault of the integration', async () => {
    const s = await simulate([{ token: TOKEN, pages: [PAGE] }]);
    const BROKEN = 'ntn_brokenEnginekPju23NNbf8NnNdi';
    let thrown = 0;
    // Breaks the request function's contract (it must never throw) for one token only.
    const throwing: NotionRequest = (request) => {
      if (request.headers.authorization !== `Bearer ${BROKEN}`) return httpRequest(request);
      thrown += 1;
      throw new TypeError(`cannot read properties of undefined (token ${request.headers.authorization})`);
    };
    const report = await runProbe(
      config(s.url, [
        { name: 'fine', token: { env: 'A' }, targets: [target('page', PAGE)] },
        { name: 'broken', token: { env: 'B' }, targets: [target('page', PAGE)] },
      ]),
      deps({ A: TOKEN, B: BROKEN }, { request: throwing }),
    );
    const [fine, broken] = report.integrations;
    expect(fine?.category).toBe('ok');
    expect(thrown).toBe(1);
    expect(broken).toMatchObject({
      category: 'probe_error',
      tokenFingerprint: `ntn_…${BROKEN.slice(-4)}`,
      tokenType: null,
    });
    expect(broken?.checks).toHaveLength(1);
    expect(broken?.checks[0]).toMatchObject({ check: 'probe', category: 'probe_error', origin: 'client' });
    expect(broken?.checks[0]?.message).toContain('TypeError: cannot read properties of undefined');
    expect(broken?.checks[0]?.remedy).toContain('nothing to rotate');
    expect(JSON.stringify(report)).not.toContain(BROKEN);
    expect(report.summary).toMatchObject({ ok: 1, probe_error: 1, config: 0 });
    expect(s.requests.map((r) => r.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });
});
