import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NotionSimulator,
  type SimulatorOptions,
  startNotionSimulator,
} from '../../functions/simulator/notion-simulator.js';

const VERSION = '2022-06-28';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RAY_RE = /^[0-9a-f]{16}-IAD$/;
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const DATABASE = 'a1d8501e-1ac1-43e9-a6bd-ea9fe6c8822b';
const DATA_SOURCE = 'c174b72c-d782-432f-8dc0-b647e1c96df6';
const RESTRICTED = 'b55c9c91-384d-452b-81db-d1ef79372b75';
const UNSHARED = '0b1d4d0e-0000-4000-8000-000000000001';

let sim: NotionSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function launch(options: SimulatorOptions = {}): Promise<NotionSimulator> {
  sim = await startNotionSimulator({
    integrations: [
      {
        token: 'secret_internal',
        botName: 'Monitor',
        pages: [PAGE],
        databases: [DATABASE],
        dataSources: [DATA_SOURCE],
        restricted: [RESTRICTED],
      },
      { token: 'ntn_oauth', ownerType: 'user', workspaceName: null, workspaceId: 'ws-oauth' },
      { token: 'x' },
    ],
    ...options,
  });
  return sim;
}

interface CallOptions {
  token?: string | null;
  authorization?: string;
  version?: string | null;
  method?: string;
  signal?: AbortSignal;
}

function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? 'secret_internal' : options.token;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  const version = options.version === undefined ? VERSION : options.version;
  if (version !== null) headers['notion-version'] = version;
  if (sim === undefined) throw new Error('launch() first');
  const init: RequestInit = { method: options.method ?? 'GET', headers };
  if (options.signal !== undefined) init.signal = options.signal;
  return fetch(`${sim.url}${path}`, init);
}

function expectNotionHeaders(res: Response): string {
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(res.headers.get('cf-ray')).toMatch(RAY_RE);
  const requestId = res.headers.get('x-notion-request-id');
  expect(requestId).toMatch(UUID_RE);
  return requestId ?? '';
}

async function expectError(res: Response, status: number, code: string, message?: string) {
  expect(res.status).toBe(status);
  const requestId = expectNotionHeaders(res);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ object: 'error', status, code, request_id: requestId });
  if (message !== undefined) expect(body.message).toBe(message);
  return body;
}

// node:http sees what fetch hides (fetch refuses to expose a 407 at all).
function rawGet(path: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${sim?.url}${path}`, { headers: { 'notion-version': VERSION } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

// Fails fast instead of letting a stuck promise run into vitest's 30 s test timeout.
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('NotionSimulator lifecycle', () => {
  it('throws on url before start and serves on 127.0.0.1 after', async () => {
    const fresh = new NotionSimulator();
    expect(() => fresh.url).toThrow(/not been started/);
    const url = await fresh.start();
    sim = fresh;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fresh.url).toBe(url);
  });

  it('closes despite an idle keep-alive connection', async () => {
    await launch();
    const res = await call('/v1/users/me');
    await res.text();
    expect(res.headers.get('connection')).toBe('keep-alive');
    await within(sim?.close() ?? Promise.resolve(), 5_000);
  });

  it('adds integrations and faults after start', async () => {
    await launch();
    sim?.addIntegration({ token: 'late', botName: 'Late' });
    expect(((await (await call('/v1/users/me', { token: 'late' })).json()) as { name: string }).name).toBe(
      'Late',
    );
    sim?.addFault({ token: 'late', fault: { type: 'error', status: 500, code: 'internal_server_error' } });
    await expectError(await call('/v1/users/me', { token: 'late' }), 500, 'internal_server_error');
  });

  it('still answers normally with latencyMs', async () => {
    await launch({ latencyMs: 20 });
    expect((await call('/v1/users/me')).status).toBe(200);
  });
});

describe('normal answers', () => {
  it('GET /v1/users/me for an internal integration', async () => {
    await launch();
    const res = await call('/v1/users/me');
    expect(res.status).toBe(200);
    const requestId = expectNotionHeaders(res);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      object: 'user',
      id: expect.stringMatching(UUID_RE),
      name: 'Monitor',
      avatar_url: null,
      type: 'bot',
      bot: {
        owner: { type: 'workspace', workspace: true },
        workspace_name: 'Acme',
        workspace_id: expect.stringMatching(UUID_RE),
        workspace_limits: { max_file_upload_size_in_bytes: 5368709120 },
      },
      request_id: requestId,
    });
  });

  it('GET /v1/users/me for an OAuth integration', async () => {
    await launch();
    const res = await call('/v1/users/me', { token: 'ntn_oauth' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { bot: Record<string, unknown> };
    expect(body.bot).toMatchObject({
      owner: { type: 'user', user: { object: 'user', id: expect.stringMatching(UUID_RE) } },
      workspace_name: null,
      workspace_id: 'ws-oauth',
    });
  });

  it.each([
    ['pages', 'page', PAGE],
    ['databases', 'database', DATABASE],
    ['data_sources', 'data_source', DATA_SOURCE],
  ])(
    'GET /v1/%s/{id} answers 200 for a shared object, dashed or not, any case',
    async (route, object, id) => {
      await launch();
      for (const form of [id, id.replaceAll('-', ''), id.toUpperCase()]) {
        const res = await call(`/v1/${route}/${form}`);
        expect(res.status).toBe(200);
        const requestId = expectNotionHeaders(res);
        expect(await res.json()).toEqual({ object, id, request_id: requestId });
      }
    },
  );

  it.each([
    ['pages', 'page'],
    ['databases', 'database'],
    ['data_sources', 'data source'],
  ])('GET /v1/%s/{id} answers 404 object_not_found when not shared', async (route, word) => {
    await launch();
    await expectError(
      await call(`/v1/${route}/${UNSHARED.replaceAll('-', '')}`),
      404,
      'object_not_found',
      `Could not find ${word} with ID: ${UNSHARED}. Make sure the relevant pages and databases are shared with your integration.`,
    );
  });

  it('answers 404 for an object shared with another integration only', async () => {
    await launch();
    await expectError(await call(`/v1/pages/${PAGE}`, { token: 'ntn_oauth' }), 404, 'object_not_found');
  });

  it('answers 403 restricted_resource for a restricted id', async () => {
    await launch();
    await expectError(
      await call(`/v1/databases/${RESTRICTED}`),
      403,
      'restricted_resource',
      'API token does not have access to this resource.',
    );
  });

  it.each([
    ['pages', 'page_id'],
    ['databases', 'database_id'],
    ['data_sources', 'data_source_id'],
  ])('GET /v1/%s/{bad id} answers 400 validation_error', async (route, param) => {
    await launch();
    await expectError(
      await call(`/v1/${route}/not-a-uuid`),
      400,
      'validation_error',
      `path failed validation: path.${param} should be a valid uuid, instead was \`"not-a-uuid"\`.`,
    );
  });

  it('answers 400 missing_version before checking the token', async () => {
    await launch();
    await expectError(
      await call('/v1/users/me', { token: 'nobody', version: null }),
      400,
      'missing_version',
      'Notion-Version header failed validation: Notion-Version header should be defined, instead was undefined.',
    );
  });

  it('answers 401 unauthorized for an unknown or missing token', async () => {
    await launch();
    await expectError(
      await call('/v1/users/me', { token: 'nobody' }),
      401,
      'unauthorized',
      'API token is invalid.',
    );
    await expectError(await call('/v1/users/me', { token: null }), 401, 'unauthorized');
    await expectError(await call('/v1/users/me', { authorization: 'secret_internal' }), 401, 'unauthorized');
  });

  it('reads the token after the first "Bearer ", so "Bearer Bearer x" is token "Bearer x"', async () => {
    await launch();
    expect((await call('/v1/users/me', { token: 'x' })).status).toBe(200);
    await expectError(await call('/v1/users/me', { authorization: 'Bearer Bearer x' }), 401, 'unauthorized');
  });

  it('answers 400 invalid_request_url for unknown paths and non-GET methods', async () => {
    await launch();
    for (const path of ['/v1/users', '/v1/blocks/x', '/v1/pages/', `/v1/pages/${PAGE}/extra`, '/']) {
      await expectError(await call(path), 400, 'invalid_request_url', 'Invalid request URL.');
    }
    await expectError(await call('/v1/users/me', { method: 'POST' }), 400, 'invalid_request_url');
  });
});

describe('faults', () => {
  it('rate_limited answers 429 with Retry-After and rate_limit_reason', async () => {
    await launch({ faults: [{ path: '/v1/users/me', fault: { type: 'rate_limited' } }] });
    const res = await call('/v1/users/me');
    expect(res.headers.get('retry-after')).toBe('1');
    const body = await expectError(
      res,
      429,
      'rate_limited',
      'You have been rate limited. Please try again in a few minutes.',
    );
    expect(body.additional_data).toEqual({ rate_limit_reason: 'public_api_request_rate_limit' });
  });

  it('rate_limited passes a custom Retry-After and reason through', async () => {
    await launch({
      faults: [
        { fault: { type: 'rate_limited', retryAfter: '2.5', reason: 'public_api_space_request_rate_limit' } },
      ],
    });
    const res = await call('/v1/users/me');
    expect(res.headers.get('retry-after')).toBe('2.5');
    const body = await expectError(res, 429, 'rate_limited');
    expect(body.additional_data).toEqual({ rate_limit_reason: 'public_api_space_request_rate_limit' });
  });

  it('rate_limited with status 529 answers service_overload', async () => {
    await launch({ faults: [{ fault: { type: 'rate_limited', status: 529, retryAfter: '7' } }] });
    const res = await call('/v1/users/me');
    expect(res.headers.get('retry-after')).toBe('7');
    await expectError(res, 529, 'service_overload');
  });

  it('error answers a Notion-shaped error with extra data and headers, before auth', async () => {
    await launch({
      faults: [
        {
          fault: {
            type: 'error',
            status: 502,
            code: 'bad_gateway',
            message: 'Upstream failed.',
            additionalData: { hint: 'retry' },
            headers: { 'x-extra': 'yes' },
          },
        },
      ],
    });
    const res = await call('/v1/users/me', { token: 'nobody', version: null });
    expect(res.headers.get('x-extra')).toBe('yes');
    const body = await expectError(res, 502, 'bad_gateway', 'Upstream failed.');
    expect(body.additional_data).toEqual({ hint: 'retry' });
  });

  it('html with edge=true looks like Cloudflare: cf-ray but no x-notion-request-id', async () => {
    await launch({ faults: [{ fault: { type: 'html', status: 502, edge: true } }] });
    const res = await call('/v1/users/me');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cf-ray')).toMatch(RAY_RE);
    expect(res.headers.get('x-notion-request-id')).toBeNull();
    expect(res.headers.get('server')).toBe('cloudflare');
    expect(await res.text()).toMatch(/<html/);
  });

  it('html from an intermediary has neither Notion header and the right challenge', async () => {
    await launch({
      faults: [
        { path: '/v1/users/me', fault: { type: 'html', status: 407 } },
        { path: '/v1/pages/', fault: { type: 'html', status: 401, body: '<p>denied</p>' } },
        { path: '/v1/databases/', fault: { type: 'html', status: 503, edge: false } },
      ],
    });
    const gateway = await call(`/v1/pages/${PAGE}`);
    expect(gateway.status).toBe(401);
    expect(gateway.headers.get('www-authenticate')).toBe('Basic realm="gateway"');
    expect(await gateway.text()).toBe('<p>denied</p>');
    const unavailable = await call(`/v1/databases/${DATABASE}`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('proxy-authenticate')).toBeNull();
    expect(unavailable.headers.get('www-authenticate')).toBeNull();
    expect(await unavailable.text()).toMatch(/nginx/);
    for (const res of [gateway, unavailable]) {
      expect(res.headers.get('server')).toBe('nginx');
      expect(res.headers.get('cf-ray')).toBeNull();
      expect(res.headers.get('x-notion-request-id')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const proxy = await rawGet('/v1/users/me');
    expect(proxy.status).toBe(407);
    expect(proxy.headers).toMatchObject({ 'proxy-authenticate': 'Basic realm="corp"', server: 'nginx' });
    expect(proxy.headers['x-notion-request-id']).toBeUndefined();
    expect(proxy.headers['cf-ray']).toBeUndefined();
  });

  it('407 is a bare network error to Node fetch: no status, no headers, an empty cause', async () => {
    await launch({ faults: [{ fault: { type: 'html', status: 407 } }] });
    // The fetch spec turns 407 into a network error outside a browser window, so a caller
    // using fetch cannot tell a proxy challenge from a dropped connection by status.
    const error = await call('/v1/users/me').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect((error as TypeError).cause).toBeInstanceOf(Error);
    expect(((error as TypeError).cause as Error).message).toBe('');
    expect(((error as TypeError).cause as { code?: unknown }).code).toBeUndefined();
    expect(sim?.requests).toHaveLength(1);
  });

  it('raw answers exactly the given status, headers and body', async () => {
    await launch({
      faults: [
        { fault: { type: 'raw', status: 418, headers: { 'content-type': 'text/plain' }, body: 'teapot' } },
      ],
    });
    const res = await call('/v1/users/me');
    expect(res.status).toBe(418);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('x-notion-request-id')).toBeNull();
    expect(res.headers.get('cf-ray')).toBeNull();
    expect(res.headers.get('date')).toBeNull();
    expect(await res.text()).toBe('teapot');
  });

  it('delay waits and then answers normally, validation included', async () => {
    await launch({ faults: [{ fault: { type: 'delay', ms: 30 } }] });
    expect((await call('/v1/users/me')).status).toBe(200);
    await expectError(await call('/v1/users/me', { version: null }), 400, 'missing_version');
  });

  it('hang never answers, and close() still resolves', async () => {
    await launch({ faults: [{ fault: { type: 'hang' } }] });
    await expect(call('/v1/users/me', { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    // A second hung request whose client is still waiting when the server goes away.
    const pending = call('/v1/users/me');
    pending.catch(() => undefined);
    await within(
      (async () => {
        while ((sim?.requests.length ?? 0) < 2) await new Promise((r) => setTimeout(r, 5));
      })(),
      5_000,
    );
    await within(sim?.close() ?? Promise.resolve(), 5_000);
    await expect(pending).rejects.toThrow(TypeError);
  });

  it('reset makes fetch reject before any response', async () => {
    await launch({ faults: [{ fault: { type: 'reset' } }] });
    await expect(call('/v1/users/me')).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { code: 'UND_ERR_SOCKET' },
    });
  });

  it('reset_mid_body gives 200 headers, then res.text() rejects with "terminated"', async () => {
    await launch({ faults: [{ fault: { type: 'reset_mid_body' } }] });
    const res = await call('/v1/users/me');
    expect(res.status).toBe(200);
    expectNotionHeaders(res);
    await expect(res.text()).rejects.toMatchObject({
      name: 'TypeError',
      message: 'terminated',
      cause: { code: 'UND_ERR_SOCKET' },
    });
  });

  it('truncated makes Node fetch reject the body with a content-length mismatch', async () => {
    await launch({ faults: [{ fault: { type: 'truncated' } }] });
    const res = await call('/v1/users/me');
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    // Node's fetch (undici) does not hand back the short body: it errors the stream.
    await expect(res.text()).rejects.toMatchObject({
      name: 'TypeError',
      message: 'terminated',
      cause: { code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' },
    });
  });

  it('trickle sends headers at once and the body slowly', async () => {
    await launch({ faults: [{ fault: { type: 'trickle', intervalMs: 200, chunks: 50 } }] });
    const signal = AbortSignal.timeout(500);
    const res = await call('/v1/users/me', { signal });
    expect(res.status).toBe(200);
    expectNotionHeaders(res);
    await expect(res.text()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('trickle eventually delivers the whole body', async () => {
    await launch({ faults: [{ fault: { type: 'trickle', intervalMs: 5, chunks: 4 } }] });
    const res = await call('/v1/users/me');
    expect(((await res.json()) as { object: string }).object).toBe('user');
  });

  it('huge sends a valid users/me-like body of the requested size', async () => {
    const bytes = 3_000_000;
    await launch({ faults: [{ fault: { type: 'huge', bytes } }] });
    const res = await call('/v1/users/me');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes));
    const text = await res.text();
    expect(text.length).toBe(bytes);
    expect(JSON.parse(text)).toMatchObject({ object: 'user', type: 'bot' });
  });

  it('applies a rule at most `times` times, first matching rule winning', async () => {
    await launch({
      faults: [
        { token: 'ntn_oauth', fault: { type: 'error', status: 500, code: 'internal_server_error' } },
        { path: '/v1/users/me', times: 2, fault: { type: 'rate_limited' } },
        {
          path: '/v1/users/me',
          times: 1,
          fault: { type: 'error', status: 503, code: 'service_unavailable' },
        },
      ],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('/v1/users/me')).status);
    expect(statuses).toEqual([429, 429, 503, 200]);
    expect((await call(`/v1/pages/${PAGE}`)).status).toBe(200);
    expect((await call('/v1/users/me', { token: 'ntn_oauth' })).status).toBe(500);
  });
});

describe('request recording', () => {
  it('records every request at arrival, hung and reset ones included', async () => {
    await launch({
      faults: [
        { path: '/v1/pages/', fault: { type: 'hang' } },
        { path: '/v1/databases/', fault: { type: 'reset' } },
      ],
    });
    await call('/v1/users/me?x=1', { token: 'x' });
    await call(`/v1/pages/${PAGE}`, { signal: AbortSignal.timeout(200) }).catch(() => undefined);
    await call(`/v1/databases/${DATABASE}`, { version: null, token: null }).catch(() => undefined);
    await call('/v1/search', { method: 'POST', authorization: 'Bearer Bearer x' });
    expect(sim?.requests).toEqual([
      { method: 'GET', path: '/v1/users/me', authorization: 'Bearer x', notionVersion: VERSION },
      {
        method: 'GET',
        path: `/v1/pages/${PAGE}`,
        authorization: 'Bearer secret_internal',
        notionVersion: VERSION,
      },
      {
        method: 'GET',
        path: `/v1/databases/${DATABASE}`,
        authorization: undefined,
        notionVersion: undefined,
      },
      { method: 'POST', path: '/v1/search', authorization: 'Bearer Bearer x', notionVersion: VERSION },
    ]);
    sim?.resetRequests();
    expect(sim?.requests).toEqual([]);
  });
});
