import { spawn } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, isHTTPResponseError } from '@notionhq/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createNodeFetch } from '../functions/engine/node-fetch.js';
import {
  type NotionSimulator,
  type SimulatorOptions,
  startNotionSimulator,
} from '../functions/simulator/notion-simulator.js';
import { hasOpenssl, makeSelfSignedCert, type SelfSignedCert } from './support/self-signed-cert.js';

const VERSION = '2026-03-11';
const TOKEN = 'ntn_fetch_test';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const HEADERS = { 'Notion-Version': VERSION, Authorization: `Bearer ${TOKEN}` };
const REPO_ROOT = resolve(import.meta.dirname, '..');

let sim: NotionSimulator | undefined;
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function launch(options: SimulatorOptions = {}): Promise<NotionSimulator> {
  sim = await startNotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }], ...options });
  return sim;
}

/** A private keep-alive agent whose sockets a test can count; destroyed after the test. */
function testAgent(): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  cleanups.push(() => agent.destroy());
  return agent;
}

function socketCount(agent: http.Agent): number {
  const count = (pool: NodeJS.ReadOnlyDict<unknown[]>) =>
    Object.values(pool).reduce((n, list) => n + (list?.length ?? 0), 0);
  return count(agent.sockets) + count(agent.freeSockets);
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function causeCode(error: unknown): unknown {
  return (error as { cause?: { code?: unknown } }).cause?.code;
}

async function listen<S extends http.Server | https.Server>(server: S): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  );
  return (server.address() as AddressInfo).port;
}

describe('createNodeFetch against the Notion simulator', () => {
  it('answers 200 with a JSON body and Notion headers', async () => {
    await launch();
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers).toBeInstanceOf(Headers);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.url).toBe(`${sim?.url}/v1/users/me`);
    expect(JSON.parse(await res.text())).toMatchObject({ object: 'user', type: 'bot' });
  });

  it('answers 404 as a response whose headers are readable', async () => {
    await launch();
    const res = await createNodeFetch()(`${sim?.url}/v1/pages/0b1d4d0e-0000-4000-8000-000000000001`, {
      headers: HEADERS,
    });
    expect(res.status).toBe(404);
    expect(res.ok).toBe(false);
    expect(res.headers.get('x-notion-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toMatchObject({ object: 'error', code: 'object_not_found' });
  });

  it('accepts URL objects and headers as Headers, pairs or a record', async () => {
    await launch();
    const fetch = createNodeFetch();
    const url = new URL('/v1/users/me', sim?.url);
    const forms: Array<ConstructorParameters<typeof Headers>[0]> = [
      new Headers(HEADERS),
      Object.entries(HEADERS),
      HEADERS,
    ];
    for (const headers of forms) {
      const res = await fetch(url, { headers });
      expect(res.status).toBe(200);
      await res.text();
    }
    expect(sim?.requests.map((r) => [r.authorization, r.notionVersion])).toEqual(
      forms.map(() => [`Bearer ${TOKEN}`, VERSION]),
    );
  });

  it('shows a proxy 407 (html fault) as status 407 with its proxy-authenticate header', async () => {
    await launch({ faults: [{ fault: { type: 'html', status: 407 } }] });
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res.status).toBe(407);
    expect(res.headers.get('proxy-authenticate')).toBe('Basic realm="corp"');
    expect(res.headers.get('server')).toBe('nginx');
    expect(await res.text()).toContain('407');
  });

  it('shows a raw 407 as is', async () => {
    await launch({
      faults: [
        {
          fault: {
            type: 'raw',
            status: 407,
            headers: { 'proxy-authenticate': 'Negotiate', 'content-type': 'text/plain' },
            body: 'Proxy Authentication Required',
          },
        },
      ],
    });
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res.status).toBe(407);
    expect(res.headers.get('proxy-authenticate')).toBe('Negotiate');
    expect(await res.text()).toBe('Proxy Authentication Required');
  });

  it('does not follow redirects', async () => {
    await launch({
      faults: [
        {
          path: '/v1/users/me',
          fault: { type: 'raw', status: 302, headers: { location: '/v1/users/other' }, body: '' },
        },
      ],
    });
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/v1/users/other');
    await res.text();
    expect(sim?.requests).toHaveLength(1);
  });

  it.each([204, 205, 304])('gives status %i a null body', async (status) => {
    await launch({ faults: [{ fault: { type: 'raw', status, body: '' } }] });
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res.status).toBe(status);
    expect(res.body).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('rejects a status outside 200-599 with ERR_INVALID_STATUS', async () => {
    await launch({ faults: [{ fault: { type: 'raw', status: 600, body: 'odd' } }] });
    const error = await rejectionOf(createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS }));
    expect(error).toBeInstanceOf(TypeError);
    expect(causeCode(error)).toBe('ERR_INVALID_STATUS');
    expect((error as Error).message).toContain('600');
    expect(((error as Error).cause as Error).message).toContain('600');
  });

  it('rejects a reset before headers like undici: TypeError("fetch failed") with the Node error as cause', async () => {
    await launch({ faults: [{ fault: { type: 'reset' } }] });
    const error = await rejectionOf(createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).name).toBe('TypeError');
    expect((error as Error).message).toBe('fetch failed');
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(causeCode(error)).toEqual(expect.any(String));
    expect(causeCode(error)).toBe('ECONNRESET');
  });

  it('rejects text() with "terminated" / ECONNRESET when the connection drops mid-body', async () => {
    await launch({ faults: [{ fault: { type: 'reset_mid_body' } }] });
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res.status).toBe(200);
    const error = await rejectionOf(res.text());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
    expect(causeCode(error)).toBe('ECONNRESET');
  });

  it('rejects text() with a content-length mismatch when the server ends cleanly but short', async () => {
    await launch({ faults: [{ fault: { type: 'truncated' } }] });
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res.status).toBe(200);
    const error = await rejectionOf(res.text());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
    expect(causeCode(error)).toBe('UND_ERR_RES_CONTENT_LENGTH_MISMATCH');
  });

  it('rejects with the signal reason when it is already aborted, without sending anything', async () => {
    await launch();
    const reason = new Error('already gone');
    const error = await rejectionOf(
      createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS, signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(sim?.requests).toHaveLength(0);
  });

  it('rejects a hung request with the TimeoutError of AbortSignal.timeout and frees its socket', async () => {
    await launch({ faults: [{ fault: { type: 'hang' } }] });
    const agent = testAgent();
    const error = await rejectionOf(
      createNodeFetch({ httpAgent: agent })(`${sim?.url}/v1/users/me`, {
        headers: HEADERS,
        signal: AbortSignal.timeout(200),
      }),
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
    await expect(sim?.close()).resolves.toBeUndefined();
  });

  it('resolves a trickling response at once, then rejects text() with the TimeoutError', async () => {
    await launch({ faults: [{ fault: { type: 'trickle', intervalMs: 100, chunks: 50 } }] });
    const agent = testAgent();
    const signal = AbortSignal.timeout(300);
    const res = await createNodeFetch({ httpAgent: agent })(`${sim?.url}/v1/users/me`, {
      headers: HEADERS,
      signal,
    });
    expect(res.status).toBe(200);
    const error = await rejectionOf(res.text());
    expect((error as DOMException).name).toBe('TimeoutError');
    expect(error).toBe(signal.reason);
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
  });

  it('rejects text() with the exact abort reason when aborted mid-body', async () => {
    await launch({ faults: [{ fault: { type: 'trickle', intervalMs: 50, chunks: 50 } }] });
    const controller = new AbortController();
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, {
      headers: HEADERS,
      signal: controller.signal,
    });
    const reason = new Error('stop reading');
    const reading = rejectionOf(res.text());
    controller.abort(reason);
    expect(await reading).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('reads a large body under the limit completely', async () => {
    await launch({ faults: [{ fault: { type: 'huge', bytes: 300_000 } }] });
    const res = await createNodeFetch()(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    const text = await res.text();
    expect(text).toHaveLength(300_000);
    expect(JSON.parse(text)).toMatchObject({ object: 'user' });
  });

  it('rejects a body whose content-length exceeds maxBodyBytes with ERR_BODY_TOO_LARGE', async () => {
    await launch({ faults: [{ fault: { type: 'huge', bytes: 2_000_000 } }] });
    const agent = testAgent();
    const fetch = createNodeFetch({ httpAgent: agent, maxBodyBytes: 64 * 1024 });
    const res = await fetch(`${sim?.url}/v1/users/me`, { headers: HEADERS });
    expect(res.status).toBe(200);
    const error = await rejectionOf(res.text());
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: unknown }).code).toBe('ERR_BODY_TOO_LARGE');
    expect((error as Error).message).toContain(String(64 * 1024));
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
  });

  it('counts bytes of a chunked body and stops past maxBodyBytes with ERR_BODY_TOO_LARGE', async () => {
    await launch({
      faults: [
        {
          fault: {
            type: 'raw',
            status: 200,
            headers: { 'transfer-encoding': 'chunked' },
            body: 'x'.repeat(500_000),
          },
        },
      ],
    });
    const agent = testAgent();
    const res = await createNodeFetch({ httpAgent: agent, maxBodyBytes: 64 * 1024 })(
      `${sim?.url}/v1/users/me`,
      { headers: HEADERS },
    );
    expect(res.headers.get('content-length')).toBeNull();
    const error = await rejectionOf(res.text());
    expect((error as { code?: unknown }).code).toBe('ERR_BODY_TOO_LARGE');
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
  });

  it('leaves a handful of sockets and no abort listeners after 200 sequential requests', async () => {
    await launch({ faults: [{ path: '/v1/empty', fault: { type: 'raw', status: 204, body: '' } }] });
    const agent = testAgent();
    const fetch = createNodeFetch({ httpAgent: agent });
    const controller = new AbortController();
    const paths = ['/v1/users/me', '/v1/pages/0b1d4d0e-0000-4000-8000-000000000001', '/v1/empty'];
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${sim?.url}${paths[i % paths.length]}`, {
        headers: HEADERS,
        signal: controller.signal,
      });
      statuses.add(res.status);
      await res.text();
    }
    expect([...statuses].sort()).toEqual([200, 204, 404]);
    expect(socketCount(agent)).toBeLessThanOrEqual(2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('createNodeFetch transport failures', () => {
  it('rejects a refused connection with cause.code ECONNREFUSED', async () => {
    const server = http.createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((done) => server.close(() => done()));
    const error = await rejectionOf(createNodeFetch()(`http://127.0.0.1:${port}/v1/users/me`));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(causeCode(error)).toBe('ECONNREFUSED');
  });

  it('rejects a DNS failure with cause.code ENOTFOUND (or EAI_AGAIN without a resolver)', async () => {
    const error = await rejectionOf(createNodeFetch()('http://nonexistent.invalid/v1/users/me'));
    expect(error).toBeInstanceOf(TypeError);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(causeCode(error));
  });

  it('rejects Request objects and unsupported schemes with a TypeError', async () => {
    const fetch = createNodeFetch();
    await expect(fetch(new Request('http://127.0.0.1/'))).rejects.toThrow(TypeError);
    await expect(fetch('not a url')).rejects.toThrow(/Failed to parse URL/);
    const error = await rejectionOf(fetch('ftp://127.0.0.1/x'));
    expect(error).toBeInstanceOf(TypeError);
    expect(causeCode(error)).toBe('ERR_UNSUPPORTED_SCHEME');
  });
});

describe('createNodeFetch request encoding', () => {
  interface Echo {
    method: string;
    headers: http.IncomingHttpHeaders;
    body: string;
  }

  async function echoServer(): Promise<string> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const echo: Echo = {
          method: req.method ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(echo));
      });
    });
    return `http://127.0.0.1:${await listen(server)}`;
  }

  it('sends method, headers and string, byte and form bodies; ignores the SDK agent field', async () => {
    const url = await echoServer();
    const fetch = createNodeFetch();
    const send = async (init: RequestInit) => (await (await fetch(`${url}/x`, init)).json()) as Echo;

    const json = await send({
      method: 'patch',
      headers: { 'content-type': 'application/json' },
      body: '{"a":"é"}',
      agent: new http.Agent(),
    } as RequestInit);
    expect(json.method).toBe('PATCH');
    expect(json.body).toBe('{"a":"é"}');
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.headers['content-length']).toBe(String(Buffer.byteLength('{"a":"é"}')));

    const bytes = await send({ method: 'POST', body: new TextEncoder().encode('raw bytes') });
    expect(bytes.body).toBe('raw bytes');

    const form = await send({ method: 'POST', body: new URLSearchParams({ q: 'a b' }) });
    expect(form.body).toBe('q=a+b');
    expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');

    const get = await send({});
    expect(get.method).toBe('GET');
    expect(get.body).toBe('');
    expect(get.headers.accept).toBe('*/*');
  });
});

describe('the default agents', () => {
  it('keep the socket alive between requests yet let the process exit on its own', async () => {
    const ports: number[] = [];
    const server = http.createServer((req, res) => {
      ports.push(req.socket.remotePort ?? -1);
      res.end('ok');
    });
    // Longer than the safety net below: only an unref'd idle socket lets the child exit in time.
    server.keepAliveTimeout = 120_000;
    const port = await listen(server);

    const dir = mkdtempSync(join(tmpdir(), 'node-fetch-exit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(dir, 'child.mts');
    const moduleUrl = pathToFileURL(join(REPO_ROOT, 'functions/engine/node-fetch.ts')).href;
    writeFileSync(
      script,
      [
        `import { createNodeFetch } from ${JSON.stringify(moduleUrl)};`,
        'const fetch = createNodeFetch();',
        'for (let i = 0; i < 2; i++) {',
        '  const res = await fetch(process.argv[2]);',
        '  console.log(res.status, await res.text());',
        '}',
      ].join('\n'),
    );

    const result = await new Promise<{ code: number | null; signal: string | null; out: string }>(
      (done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, `http://127.0.0.1:${port}/`], {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        // Safety net only, so a regression fails the test instead of hanging it.
        const safety = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.on('error', fail);
        child.on('exit', (code, signal) => {
          clearTimeout(safety);
          done({ code, signal, out });
        });
      },
    );

    expect(result.out).toBe('200 ok\n200 ok\n');
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });
});

describe.skipIf(!hasOpenssl)('createNodeFetch over TLS', () => {
  let key = '';
  let cert = '';
  let made: SelfSignedCert | undefined;

  beforeAll(() => {
    made = makeSelfSignedCert();
    ({ key, cert } = made);
  });

  afterAll(() => made?.remove());

  async function tlsServer(): Promise<string> {
    const server = https.createServer({ key, cert }, (_req, res) => res.end('secure'));
    return `https://127.0.0.1:${await listen(server)}/`;
  }

  it('rejects a self-signed certificate with its TLS code', async () => {
    const url = await tlsServer();
    const error = await rejectionOf(createNodeFetch()(url));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(causeCode(error)).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('rejects a trusted certificate for another name with ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const url = await tlsServer();
    const agent = new https.Agent({ ca: cert });
    cleanups.push(() => agent.destroy());
    const error = await rejectionOf(createNodeFetch({ httpsAgent: agent })(url));
    expect(causeCode(error)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('succeeds when the certificate is trusted and the name matches', async () => {
    const url = await tlsServer();
    const agent = new https.Agent({ ca: cert, servername: 'localhost', keepAlive: true });
    cleanups.push(() => agent.destroy());
    const res = await createNodeFetch({ httpsAgent: agent })(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('secure');
  });
});

describe('with the real @notionhq/client', () => {
  function client(): Client {
    return new Client({
      auth: TOKEN,
      baseUrl: sim?.url,
      fetch: createNodeFetch(),
      retry: false,
      notionVersion: VERSION,
      logger: () => {},
    });
  }

  it('requests users/me successfully', async () => {
    await launch();
    const me = await client().request({ path: 'users/me', method: 'get' });
    expect(me).toMatchObject({ object: 'user', type: 'bot' });
    expect(sim?.requests[0]).toMatchObject({ notionVersion: VERSION, authorization: `Bearer ${TOKEN}` });
  });

  it('surfaces a proxy 407 as an HTTP response error with status 407', async () => {
    await launch({ faults: [{ fault: { type: 'html', status: 407 } }] });
    const error = await rejectionOf(client().request({ path: 'users/me', method: 'get' }));
    expect(isHTTPResponseError(error)).toBe(true);
    if (!isHTTPResponseError(error)) return;
    expect(error.status).toBe(407);
    expect(error.body).toContain('407');
  });
});
