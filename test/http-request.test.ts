import { spawn } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyOutcome } from '../functions/engine/classify.js';
import { createHttpRequest, httpRequest, MAX_BODY_BYTES } from '../functions/engine/http-request.js';
import type { RequestOutcome } from '../functions/engine/outcome.js';
import type { NotionGet } from '../functions/engine/ports.js';
import { createRedactor } from '../functions/engine/redact.js';
import { KEEP_BODY_BYTES } from '../functions/engine/text-limits.js';
import {
  type NotionSimulator,
  type SimulatorOptions,
  startNotionSimulator,
} from '../functions/simulator/notion-simulator.js';
import { hasOpenssl, makeSelfSignedCert, type SelfSignedCert } from './support/self-signed-cert.js';

const VERSION = '2026-03-11';
const TOKEN = 'ntn_requestTestTokenUA9BFzX5fqytj2i1';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const MISSING_PAGE = '0b1d4d0e-0000-4000-8000-000000000001';
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

/** The request the engine would build for `path` (on the simulator unless `base` is given). */
function get(path: string, extra: Partial<NotionGet> = {}, base = sim?.url): NotionGet {
  return {
    url: `${base}${path}`,
    headers: { authorization: `Bearer ${TOKEN}`, 'notion-version': VERSION, accept: 'application/json' },
    mask: createRedactor([TOKEN]).text,
    timeoutMs: 5_000,
    deadline: new AbortController().signal,
    ...extra,
  };
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

function expectKind<K extends RequestOutcome['kind']>(
  outcome: RequestOutcome,
  kind: K,
): Extract<RequestOutcome, { kind: K }> {
  expect(outcome.kind, JSON.stringify(outcome).slice(0, 300)).toBe(kind);
  return outcome as Extract<RequestOutcome, { kind: K }>;
}

describe('httpRequest against the Notion simulator', () => {
  it('a 200 JSON answer is a success with its status, headers and body, sent as built', async () => {
    await launch();
    const outcome = expectKind(await httpRequest(get('/v1/users/me')), 'success');
    expect(outcome.status).toBe(200);
    expect(outcome.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(outcome.headers['x-notion-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.json).toMatchObject({ object: 'user', type: 'bot' });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(sim?.requests).toHaveLength(1);
    expect(sim?.requests[0]).toMatchObject({ authorization: `Bearer ${TOKEN}`, notionVersion: VERSION });
  });

  it('a 404 is an answer carrying the raw body and the headers', async () => {
    await launch();
    const outcome = expectKind(await httpRequest(get(`/v1/pages/${MISSING_PAGE}`)), 'answer');
    expect(outcome.status).toBe(404);
    expect(outcome.headers['x-notion-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(outcome.body)).toMatchObject({ object: 'error', code: 'object_not_found' });
  });

  it("shows a proxy's 407 with its proxy-authenticate header (Node's fetch would hide it)", async () => {
    await launch({ faults: [{ fault: { type: 'html', status: 407 } }] });
    const outcome = expectKind(await httpRequest(get('/v1/users/me')), 'answer');
    expect(outcome.status).toBe(407);
    expect(outcome.headers['proxy-authenticate']).toBe('Basic realm="corp"');
    expect(outcome.headers.server).toBe('nginx');
    expect(outcome.body).toContain('407');
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
    const outcome = expectKind(await httpRequest(get('/v1/users/me')), 'answer');
    expect(outcome.status).toBe(302);
    expect(outcome.headers.location).toBe('/v1/users/other');
    expect(sim?.requests).toHaveLength(1);
  });

  it.each([
    ['an HTML page', 200, '<html>portal</html>'],
    ['an empty body', 204, ''],
  ])('a 2xx with %s is an answer with an empty body', async (_, status, body) => {
    await launch({
      faults: [{ fault: { type: 'raw', status, headers: { 'content-type': 'text/html' }, body } }],
    });
    const outcome = expectKind(await httpRequest(get('/v1/users/me')), 'answer');
    expect(outcome).toMatchObject({ status, body: '' });
    expect(outcome.headers['content-type']).toBe('text/html');
  });

  it('a reset before any header is network ECONNRESET', async () => {
    await launch({ faults: [{ fault: { type: 'reset' } }] });
    expect(await httpRequest(get('/v1/users/me'))).toMatchObject({ kind: 'network', code: 'ECONNRESET' });
  });

  it('a connection dropped mid-body is network ECONNRESET, not a partial answer', async () => {
    await launch({ faults: [{ fault: { type: 'reset_mid_body' } }] });
    expect(await httpRequest(get('/v1/users/me'))).toMatchObject({ kind: 'network', code: 'ECONNRESET' });
  });

  it('a body shorter than its content-length is network ERR_BODY_TRUNCATED', async () => {
    await launch({ faults: [{ fault: { type: 'truncated' } }] });
    const outcome = expectKind(await httpRequest(get('/v1/users/me')), 'network');
    expect(outcome.code).toBe('ERR_BODY_TRUNCATED');
    expect(outcome.detail).toMatch(/ended after \d+ of \d+ bytes/);
  });

  it('sends nothing once the deadline has passed', async () => {
    await launch();
    const outcome = await httpRequest(get('/v1/users/me', { deadline: AbortSignal.abort() }));
    expect(outcome).toEqual({ kind: 'timeout', reason: 'deadline', latencyMs: 0 });
    expect(sim?.requests).toHaveLength(0);
  });

  it('aborts a hung request at its timeout: the socket is destroyed and no listener is left', async () => {
    await launch({ faults: [{ fault: { type: 'hang' } }] });
    const agent = testAgent();
    const deadline = new AbortController();
    const request = createHttpRequest({ httpAgent: agent });
    const outcome = await request(get('/v1/users/me', { timeoutMs: 200, deadline: deadline.signal }));
    expect(outcome).toMatchObject({ kind: 'timeout', reason: 'request' });
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
    expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0);
    // A lingering client socket would keep the server from closing.
    await expect(sim?.close()).resolves.toBeUndefined();
  });

  it('times out a body that trickles past the timeout, and frees its socket', async () => {
    await launch({ faults: [{ fault: { type: 'trickle', intervalMs: 100, chunks: 50 } }] });
    const agent = testAgent();
    const outcome = await createHttpRequest({ httpAgent: agent })(get('/v1/users/me', { timeoutMs: 300 }));
    expect(outcome).toMatchObject({ kind: 'timeout', reason: 'request' });
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
  });

  it('ends a request in flight as a deadline timeout when the run deadline fires', async () => {
    await launch({ faults: [{ fault: { type: 'trickle', intervalMs: 50, chunks: 50 } }] });
    const agent = testAgent();
    const deadline = new AbortController();
    const pending = createHttpRequest({ httpAgent: agent })(
      get('/v1/users/me', { deadline: deadline.signal }),
    );
    await vi.waitFor(() => expect(sim?.requests).toHaveLength(1));
    deadline.abort();
    expect(await pending).toMatchObject({ kind: 'timeout', reason: 'deadline' });
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
    expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0);
  });

  it('keeps 64 KiB of a body: a longer 2xx that starts like JSON is a success without its JSON', async () => {
    await launch({
      faults: [
        { path: '/v1/users/me', fault: { type: 'huge', bytes: KEEP_BODY_BYTES } },
        { path: '/v1/pages/', fault: { type: 'huge', bytes: 300_000 } },
      ],
    });
    expect(await httpRequest(get('/v1/users/me'))).toMatchObject({
      kind: 'success',
      json: { object: 'user' },
      bodyBytes: KEEP_BODY_BYTES,
    });
    const large = expectKind(await httpRequest(get(`/v1/pages/${PAGE}`)), 'success');
    expect(large).toMatchObject({ json: undefined, bodyBytes: 300_000 });
  });

  it('caps bodies at 8 MiB by default: one byte more is network ERR_BODY_TOO_LARGE', async () => {
    await launch({
      faults: [
        { path: '/v1/users/me', fault: { type: 'huge', bytes: MAX_BODY_BYTES } },
        { path: '/v1/pages/', fault: { type: 'huge', bytes: MAX_BODY_BYTES + 1 } },
      ],
    });
    expect(MAX_BODY_BYTES).toBe(8 * 1024 * 1024);
    expect((await httpRequest(get('/v1/users/me'))).kind).toBe('success');
    expect(await httpRequest(get(`/v1/pages/${PAGE}`))).toMatchObject({
      kind: 'network',
      code: 'ERR_BODY_TOO_LARGE',
    });
  });

  it('stops reading a chunked body past the cap and destroys its socket', async () => {
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
    const outcome = await createHttpRequest({ httpAgent: agent, maxBodyBytes: 64 * 1024 })(
      get('/v1/users/me'),
    );
    expect(outcome).toMatchObject({ kind: 'network', code: 'ERR_BODY_TOO_LARGE' });
    expect((outcome as { detail: string }).detail).toContain(String(64 * 1024));
    await vi.waitFor(() => expect(socketCount(agent)).toBe(0));
  });

  it('reuses one keep-alive socket for 200 sequential requests and leaves no listener behind', async () => {
    await launch({ faults: [{ path: '/v1/empty', fault: { type: 'raw', status: 204, body: '' } }] });
    const agent = testAgent();
    const request = createHttpRequest({ httpAgent: agent });
    const deadline = new AbortController();
    const paths = ['/v1/users/me', `/v1/pages/${MISSING_PAGE}`, '/v1/empty'];
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const outcome = await request(get(paths[i % paths.length] ?? '', { deadline: deadline.signal }));
      if ('status' in outcome) statuses.add(outcome.status);
    }
    expect([...statuses].sort()).toEqual([200, 204, 404]);
    expect(socketCount(agent)).toBe(1);
    expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0);
  });
});

describe('httpRequest masks every token of the run in header values; the body stays as sent', () => {
  it('masks header values with the run mask and keeps the body for classification to mask', async () => {
    const server = http.createServer((req, res) => {
      const echoed = String(req.headers.authorization);
      res.setHeader('x-echo', echoed);
      res.setHeader('content-type', 'application/json');
      // The token sits past any length a message would be cut to.
      const pad = ' '.repeat(20_000);
      res.statusCode = req.url === '/ok' ? 200 : 401;
      res.end(`{"pad":"${pad}","seen":"${echoed}"}`);
    });
    const base = `http://127.0.0.1:${await listen(server)}`;
    const failed = expectKind(await httpRequest(get('/denied', {}, base)), 'answer');
    const ok = expectKind(await httpRequest(get('/ok', {}, base)), 'success');
    for (const outcome of [failed, ok]) expect(outcome.headers['x-echo']).toBe('Bearer [REDACTED]');
    // A JSON body must parse as Notion wrote it (a short secret could be a key of it);
    // classification and the bot reader mask what they quote from it, before cutting.
    expect(ok.json).toMatchObject({ seen: `Bearer ${TOKEN}` });
    expect(classifyOutcome(failed, 0, createRedactor([TOKEN]).text).message).not.toContain(
      TOKEN.slice(4, 12),
    );
  });
});

describe('httpRequest transport failures', () => {
  it('a refused connection is network ECONNREFUSED', async () => {
    const server = http.createServer();
    const port = await new Promise<number>((done) =>
      server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)),
    );
    await new Promise<void>((done) => server.close(() => done()));
    const outcome = await httpRequest(get('/v1/users/me', {}, `http://127.0.0.1:${port}`));
    expect(outcome).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', target: `127.0.0.1:${port}` });
    expect(outcome).not.toHaveProperty('proxy');
    expect(classifyOutcome(outcome).message).toBe(`Connection refused by 127.0.0.1:${port} (ECONNREFUSED).`);
  });

  it('a DNS failure is network ENOTFOUND (or EAI_AGAIN without a resolver)', async () => {
    const outcome = expectKind(
      await httpRequest(get('/v1/users/me', {}, 'http://notion-monitor-test.invalid')),
      'network',
    );
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(outcome.code);
    expect(outcome.target).toBe('notion-monitor-test.invalid:80');
  });

  it('a header value Node refuses is rejected, nothing is sent, and the token is not quoted', async () => {
    await launch();
    const token = `${TOKEN}\nX-Injected: 1`;
    const outcome = expectKind(
      await httpRequest(
        get('/v1/users/me', {
          mask: createRedactor([token]).text,
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
      'rejected',
    );
    expect(outcome.detail).not.toContain(TOKEN);
    expect(await httpRequest(get('/x', {}, 'ftp://127.0.0.1'))).toMatchObject({ kind: 'rejected' });
    expect(sim?.requests).toHaveLength(0);
  });
});

describe('the shared default agents', () => {
  it('keep the socket alive between requests yet let the process exit on its own', async () => {
    const ports: number[] = [];
    const server = http.createServer((req, res) => {
      ports.push(req.socket.remotePort ?? -1);
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    // Longer than the safety net below: only an unref'd idle socket lets the child exit in time.
    server.keepAliveTimeout = 120_000;
    const port = await listen(server);

    const dir = mkdtempSync(join(tmpdir(), 'http-request-exit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(dir, 'child.mts');
    const moduleUrl = pathToFileURL(join(REPO_ROOT, 'functions/engine/http-request.ts')).href;
    writeFileSync(
      script,
      [
        `import { httpRequest } from ${JSON.stringify(moduleUrl)};`,
        'const request = { url: process.argv[2], headers: {}, mask: (t) => t, timeoutMs: 5000, deadline: new AbortController().signal };',
        'for (let i = 0; i < 2; i++) console.log((await httpRequest(request)).kind);',
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

    expect(result.out).toBe('success\nsuccess\n');
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });
});

describe.skipIf(!hasOpenssl)('httpRequest over TLS', () => {
  let made: SelfSignedCert | undefined;

  beforeAll(() => {
    made = makeSelfSignedCert();
  });

  afterAll(() => made?.remove());

  async function tlsServer(): Promise<string> {
    const server = https.createServer({ key: made?.key, cert: made?.cert }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"secure":true}');
    });
    return `https://127.0.0.1:${await listen(server)}`;
  }

  function trustingAgent(options: https.AgentOptions = {}): https.Agent {
    const agent = new https.Agent({ ca: made?.cert, ...options });
    cleanups.push(() => agent.destroy());
    return agent;
  }

  it('a self-signed certificate is network with its TLS code', async () => {
    const outcome = await httpRequest(get('/', {}, await tlsServer()));
    expect(outcome).toMatchObject({ kind: 'network', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('a trusted certificate for another name is network ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const request = createHttpRequest({ httpsAgent: trustingAgent() });
    expect(await request(get('/', {}, await tlsServer()))).toMatchObject({
      kind: 'network',
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('a trusted certificate with a matching name is a success', async () => {
    const request = createHttpRequest({ httpsAgent: trustingAgent({ servername: 'localhost' }) });
    expect(await request(get('/', {}, await tlsServer()))).toMatchObject({
      kind: 'success',
      status: 200,
      json: { secure: true },
    });
  });
});
