/**
 * The request function through a real CONNECT proxy of our own on loopback, with TLS to the
 * Notion simulator inside the tunnel (a TLS front with a self-signed certificate for
 * `localhost`). What the proxy received is recorded byte for byte: the token must never be
 * among what it could read.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../functions/config/schema.js';
import { classifyOutcome } from '../functions/engine/classify.js';
import { createHttpRequest, type HttpRequestOptions } from '../functions/engine/http-request.js';
import type { RequestOutcome } from '../functions/engine/outcome.js';
import type { NotionGet } from '../functions/engine/ports.js';
import { runProbe } from '../functions/engine/probe.js';
import { createRedactor } from '../functions/engine/redact.js';
import { type NotionSimulator, startNotionSimulator } from '../functions/simulator/notion-simulator.js';
import { createTokenResolver } from '../functions/tokens/env-tokens.js';
import { type ConnectProxy, type ConnectProxyOptions, startConnectProxy } from './support/connect-proxy.js';
import { leaksOf } from './support/leak-oracle.js';
import { hasOpenssl, makeSelfSignedCert, type SelfSignedCert } from './support/self-signed-cert.js';

const TOKEN = 'ntn_proxyTestTokenQ8wLm3Zr7Kd2Vx9Bn4';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const REPO_ROOT = resolve(import.meta.dirname, '..');
const PROXY_USER = 'monitor';
const PROXY_PASSWORD = 'pr0xy-Pa55word-Zq';

let cert: SelfSignedCert | undefined;
let sim: NotionSimulator | undefined;
/** `https://localhost:PORT`: the simulator behind TLS. */
let notion = '';
const cleanups: Array<() => unknown> = [];

async function tlsFront(port: number): Promise<string> {
  const server = tls.createServer({ key: cert?.key, cert: cert?.cert }, (clear) => {
    const upstream = net.connect(port, '127.0.0.1');
    clear.on('error', () => upstream.destroy());
    upstream.on('error', () => clear.destroy());
    clear.pipe(upstream).pipe(clear);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
  return `https://localhost:${(server.address() as net.AddressInfo).port}`;
}

beforeAll(async () => {
  if (!hasOpenssl) return;
  cert = makeSelfSignedCert();
  sim = await startNotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
  notion = await tlsFront(Number(new URL(sim.url).port));
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await sim?.close();
  cert?.remove();
});

const perTest: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of perTest.splice(0).reverse()) await cleanup();
  sim?.resetRequests();
});

async function proxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const started = await startConnectProxy(options);
  perTest.push(started.close);
  return started;
}

/** `http://user:password@127.0.0.1:port` */
function withCredentials(p: ConnectProxy, user = PROXY_USER, password = PROXY_PASSWORD): string {
  return `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${p.port}`;
}

/** A request function reading `env` as its environment and trusting the test certificate. */
function requestWith(env: Record<string, string>, options: HttpRequestOptions = {}) {
  const httpsAgent = new https.Agent({ keepAlive: true, ca: cert?.cert });
  perTest.push(() => httpsAgent.destroy());
  return createHttpRequest({ env, tunnelTls: { ca: cert?.cert }, httpsAgent, ...options });
}

function get(path: string, base = notion, extra: Partial<NotionGet> = {}): NotionGet {
  return {
    url: `${base}${path}`,
    headers: { authorization: `Bearer ${TOKEN}`, 'notion-version': '2026-03-11', accept: 'application/json' },
    mask: createRedactor([TOKEN]).text,
    timeoutMs: 5_000,
    deadline: new AbortController().signal,
    ...extra,
  };
}

/** The token in none of its forms among what the proxy could read, nor in clear anywhere. */
function expectProxyNeverSawToken(p: ConnectProxy): void {
  for (const connection of p.connections) {
    const before = connection.beforeTunnel.toString('latin1');
    expect(leaksOf([TOKEN], before)).toEqual([]);
    expect(before.toLowerCase()).not.toContain('authorization: bearer');
    const everything = connection.received().toString('latin1');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('Bearer');
  }
}

const verdictOf = (outcome: RequestOutcome) => classifyOutcome(outcome, 0, createRedactor([TOKEN]).text);

describe.skipIf(!hasOpenssl)('requests through a CONNECT proxy', () => {
  it('tunnel to Notion: the proxy sees the CONNECT and TLS records, never the token', async () => {
    const open = await proxy();
    const request = requestWith({ HTTPS_PROXY: open.url });
    const outcome = await request(get('/v1/users/me'));
    expect(outcome).toMatchObject({ kind: 'success', status: 200, json: { object: 'user', type: 'bot' } });
    expect(open.connections).toHaveLength(1);
    const [connection] = open.connections;
    const authority = new URL(notion).host;
    expect(connection?.target).toBe(authority);
    expect(connection?.beforeTunnel.toString('latin1')).toBe(
      `CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\nConnection: close\r\n\r\n`,
    );
    // Notion got the token, inside TLS.
    expect(sim?.requests[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expectProxyNeverSawToken(open);
    // One tunnel per request, closed when it ends.
    await vi.waitFor(() => expect(connection?.open()).toBe(false));
  });

  it('sends the proxy URL credentials as Proxy-Authorization on the CONNECT only', async () => {
    const guarded = await proxy({ credentials: `${PROXY_USER}:${PROXY_PASSWORD}` });
    const request = requestWith({ HTTPS_PROXY: withCredentials(guarded) });
    expect(await request(get('/v1/users/me'))).toMatchObject({ kind: 'success', status: 200 });
    const before = guarded.connections[0]?.beforeTunnel.toString('latin1') ?? '';
    const basic = Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64');
    expect(before).toContain(`proxy-authorization: Basic ${basic}\r\n`);
    expect(guarded.connections[0]?.status).toBe(200);
    expectProxyNeverSawToken(guarded);
    // Notion never sees the proxy's credentials.
    expect(JSON.stringify(sim?.requests)).not.toContain(basic);
  });

  it("a proxy's 407 on CONNECT stays visible: an answer from the proxy, proxy_auth, Notion never reached", async () => {
    const guarded = await proxy({ credentials: `${PROXY_USER}:${PROXY_PASSWORD}` });
    const request = requestWith({ HTTPS_PROXY: guarded.url });
    const outcome = await request(get('/v1/users/me'));
    expect(outcome).toMatchObject({
      kind: 'proxy_refused',
      status: 407,
      target: new URL(notion).host,
      proxy: `127.0.0.1:${guarded.port}`,
      variable: 'HTTPS_PROXY',
      sentCredentials: false,
    });
    const refused = outcome as Extract<RequestOutcome, { kind: 'proxy_refused' }>;
    expect(refused.headers['proxy-authenticate']).toBe('Basic realm="test"');
    expect(refused.body).toContain('<title>Proxy login required</title>');
    const verdict = verdictOf(outcome);
    expect(verdict).toMatchObject({ category: 'proxy_auth', origin: 'intermediary', httpStatus: 407 });
    expect(verdict.message).toContain(
      `the proxy 127.0.0.1:${guarded.port} (from HTTPS_PROXY, server: test-proxy)`,
    );
    expect(verdict.message).toContain('HTTPS_PROXY has none');
    expect(verdict.message).toContain('"Proxy login required"');
    expect(sim?.requests).toHaveLength(0);
    expectProxyNeverSawToken(guarded);
  });

  it('wrong proxy credentials: 407 says they were refused, and never shows them', async () => {
    const guarded = await proxy({ credentials: `${PROXY_USER}:${PROXY_PASSWORD}` });
    const url = withCredentials(guarded, PROXY_USER, 'wrong-Password-77');
    const outcome = await requestWith({ https_proxy: url })(get('/v1/users/me'));
    expect(outcome).toMatchObject({
      kind: 'proxy_refused',
      status: 407,
      sentCredentials: true,
      variable: 'https_proxy',
    });
    const verdict = verdictOf(outcome);
    expect(verdict.message).toContain('it refused the user and password of the proxy URL');
    const shown = JSON.stringify([outcome, verdict]);
    for (const secret of [
      'wrong-Password-77',
      Buffer.from(`${PROXY_USER}:wrong-Password-77`).toString('base64'),
    ])
      expect(shown).not.toContain(secret);
  });

  it("a proxy's refusal is the proxy's even when it forges Notion's headers", async () => {
    const forging = await proxy({
      refuse: { status: 401, headers: { 'x-notion-request-id': 'forged-id', 'cf-ray': 'forged' } },
    });
    const verdict = verdictOf(await requestWith({ HTTPS_PROXY: forging.url })(get('/v1/users/me')));
    expect(verdict).toMatchObject({ category: 'proxy_auth', origin: 'intermediary', httpStatus: 401 });
    expect(verdict.category).not.toBe('auth');
  });

  it.each([
    [403, 'proxy_auth', 'its policy blocks the request'],
    [502, 'network', 'the proxy could not or would not reach Notion'],
    [503, 'network', 'the proxy could not or would not reach Notion'],
  ] as const)('a CONNECT refused with %i is %s from the intermediary', async (status, category, says) => {
    const refusing = await proxy({
      refuse: {
        status,
        headers: { 'content-type': 'text/html' },
        body: `<html><title>Blocked by policy ${status}</title></html>`,
      },
    });
    const outcome = await requestWith({ HTTPS_PROXY: refusing.url })(get('/v1/users/me'));
    expect(outcome).toMatchObject({ kind: 'proxy_refused', status });
    const verdict = verdictOf(outcome);
    expect(verdict).toMatchObject({ category, origin: 'intermediary', httpStatus: status });
    expect(verdict.message).toContain(says);
    expect(verdict.message).toContain(`"Blocked by policy ${status}"`);
    expect(sim?.requests).toHaveLength(0);
  });

  it('NO_PROXY sends a listed host directly (the proxy sees nothing), an unlisted port still goes through it', async () => {
    const open = await proxy();
    const { port } = new URL(notion);
    const direct = requestWith({ HTTPS_PROXY: open.url, NO_PROXY: 'example.test, .localhost' });
    expect(await direct(get('/v1/users/me'))).toMatchObject({ kind: 'success', status: 200 });
    expect(open.connections).toHaveLength(0);
    const byPort = requestWith({ HTTPS_PROXY: open.url, no_proxy: `localhost:${Number(port) + 1}` });
    expect(await byPort(get('/v1/users/me'))).toMatchObject({ kind: 'success', status: 200 });
    expect(open.connections).toHaveLength(1);
  });

  it('a proxy nobody listens on: network, naming the proxy and the target', async () => {
    const closed = await proxy();
    await closed.close();
    const outcome = await requestWith({ HTTPS_PROXY: closed.url })(get('/v1/users/me'));
    expect(outcome).toMatchObject({
      kind: 'network',
      code: 'ECONNREFUSED',
      proxy: `127.0.0.1:${closed.port}`,
      target: new URL(notion).host,
    });
    expect(verdictOf(outcome).message).toBe(
      `Connection refused by the proxy 127.0.0.1:${closed.port} (on the way to ${new URL(notion).host}) (ECONNREFUSED).`,
    );
  });

  it('a proxy that intercepts TLS with a certificate the monitor does not trust gets no token', async () => {
    const open = await proxy();
    // Node's own CA store: the test certificate is not trusted, as an interception one would not be.
    const request = createHttpRequest({ env: { HTTPS_PROXY: open.url } });
    const outcome = await request(get('/v1/users/me'));
    expect(outcome).toMatchObject({ kind: 'network', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(verdictOf(outcome).message).toBe(
      `TLS failure with ${new URL(notion).host} through the proxy 127.0.0.1:${open.port} (DEPTH_ZERO_SELF_SIGNED_CERT).`,
    );
    expect(sim?.requests).toHaveLength(0);
    expectProxyNeverSawToken(open);
  });

  it('a proxy that never answers the CONNECT: timeout, and its connection is destroyed', async () => {
    let accepted = 0;
    let closed = 0;
    const silent = net.createServer((socket) => {
      accepted += 1;
      socket.on('close', () => {
        closed += 1;
      });
      // Read and drop what comes (the CONNECT), answer nothing.
      socket.resume();
    });
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    perTest.push(() => new Promise<void>((done) => silent.close(() => done())));
    const port = (silent.address() as net.AddressInfo).port;
    const outcome = await requestWith({ HTTPS_PROXY: `http://127.0.0.1:${port}` })(
      get('/v1/users/me', notion, { timeoutMs: 200 }),
    );
    expect(outcome).toMatchObject({ kind: 'timeout', reason: 'request' });
    expect(accepted).toBe(1);
    await vi.waitFor(() => expect(closed).toBe(1));
  });

  it('Notion hanging inside the tunnel: timeout, and the tunnel is torn down', async () => {
    sim?.addFault({ path: '/v1/blocks/', fault: { type: 'hang' } });
    const open = await proxy();
    const outcome = await requestWith({ HTTPS_PROXY: open.url })(
      get(`/v1/blocks/${PAGE}`, notion, { timeoutMs: 300 }),
    );
    expect(outcome).toMatchObject({ kind: 'timeout', reason: 'request' });
    await vi.waitFor(() => expect(open.connections[0]?.open()).toBe(false));
    expect(sim?.requests).toHaveLength(1);
  });

  it('refuses an http:// URL through a proxy: nothing is sent, to the proxy or anyone', async () => {
    const open = await proxy();
    const request = requestWith({ HTTP_PROXY: open.url });
    const outcome = await request(get('/v1/users/me', sim?.url));
    expect(outcome).toMatchObject({ kind: 'rejected' });
    const verdict = verdictOf(outcome);
    expect(verdict).toMatchObject({ category: 'config', origin: 'client' });
    expect(verdict.message).toContain('HTTP_PROXY names the proxy');
    expect(verdict.message).toContain('clear text');
    expect(open.connections).toHaveLength(0);
    expect(sim?.requests).toHaveLength(0);
    // Listed in NO_PROXY, the same URL goes directly.
    const bypassed = requestWith({ HTTP_PROXY: open.url, NO_PROXY: '127.0.0.1' });
    expect(await bypassed(get('/v1/users/me', sim?.url))).toMatchObject({ kind: 'success' });
  });

  it('an unusable HTTPS_PROXY is config, and its value (a password) is never quoted', async () => {
    const outcome = await requestWith({ HTTPS_PROXY: 'socks5://user:s3cret-Value-99@127.0.0.1:1080' })(
      get('/v1/users/me'),
    );
    const verdict = verdictOf(outcome);
    expect(verdict).toMatchObject({ category: 'config', origin: 'client' });
    expect(verdict.message).toContain('HTTPS_PROXY uses socks5://');
    expect(verdict.message).not.toContain('s3cret');
    expect(sim?.requests).toHaveLength(0);
  });

  it('a header Node would refuse is rejected before any CONNECT', async () => {
    const open = await proxy();
    const token = `${TOKEN}\r\nX-Injected: 1`;
    const outcome = await requestWith({ HTTPS_PROXY: open.url })(
      get('/v1/users/me', notion, {
        headers: { authorization: `Bearer ${token}` },
        mask: createRedactor([token]).text,
      }),
    );
    expect(outcome).toMatchObject({ kind: 'rejected' });
    expect(JSON.stringify(outcome)).not.toContain(TOKEN.slice(4, 12));
    expect(open.connections).toHaveLength(0);
  });

  it('20 requests: 20 tunnels, each closed when its request ends; the token never crosses in clear', async () => {
    const open = await proxy();
    const request = requestWith({ HTTPS_PROXY: open.url });
    for (let i = 0; i < 20; i++) {
      const outcome = await request(get(i % 2 === 0 ? '/v1/users/me' : `/v1/pages/${PAGE}`));
      expect(outcome.kind).toBe('success');
    }
    expect(open.connections).toHaveLength(20);
    await vi.waitFor(() => expect(open.connections.filter((c) => c.open())).toHaveLength(0));
    expectProxyNeverSawToken(open);
    expect(sim?.requests).toHaveLength(20);
  });
});

describe.skipIf(!hasOpenssl)('a proxy asking for credentials, end to end', () => {
  it('through runProbe: the integration is proxy_auth with the 407, its targets skipped', async () => {
    const guarded = await proxy({ credentials: `${PROXY_USER}:${PROXY_PASSWORD}` });
    const parsed = parseConfig({
      notionBaseUrl: notion,
      integrations: [
        { name: 'behind-proxy', token: { env: 'NOTION_TOKEN' }, targets: [{ kind: 'page', id: PAGE }] },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const probe = (env: Record<string, string>) =>
      runProbe(parsed.config, {
        resolveTokens: createTokenResolver({ env: { NOTION_TOKEN: TOKEN } }),
        request: requestWith(env),
      });
    const refused = await probe({ HTTPS_PROXY: guarded.url });
    const integration = refused.integrations[0];
    expect(integration?.category).toBe('proxy_auth');
    expect(integration?.checks.find((c) => c.check === 'auth')).toMatchObject({
      category: 'proxy_auth',
      origin: 'intermediary',
      httpStatus: 407,
    });
    expect(integration?.checks.find((c) => c.check === 'target')).toMatchObject({ skipped: true });
    expect(leaksOf([TOKEN, PROXY_PASSWORD], JSON.stringify(refused))).toEqual([]);
    const allowed = await probe({ HTTPS_PROXY: withCredentials(guarded) });
    expect(allowed.integrations[0]?.category).toBe('ok');
    expect(JSON.stringify(allowed)).not.toContain(PROXY_PASSWORD);
    expectProxyNeverSawToken(guarded);
  });

  it('through the CLI, the proxy taken from the process environment', async () => {
    const guarded = await proxy({ credentials: `${PROXY_USER}:${PROXY_PASSWORD}` });
    const dir = mkdtempSync(join(tmpdir(), 'proxy-cli-'));
    perTest.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = join(dir, 'monitor.json');
    const certFile = join(dir, 'ca.pem');
    writeFileSync(certFile, cert?.cert ?? '');
    writeFileSync(
      config,
      JSON.stringify({
        notionBaseUrl: notion,
        integrations: [{ name: 'cli-bot', token: { env: 'NOTION_TOKEN' } }],
      }),
    );
    const run = (proxyUrl: string) =>
      runCli(['--config', config, '--json'], {
        NOTION_TOKEN: TOKEN,
        HTTPS_PROXY: proxyUrl,
        // How a user trusts a TLS-intercepting proxy's CA, or here the test certificate.
        NODE_EXTRA_CA_CERTS: certFile,
      });
    const refused = await run(guarded.url);
    expect(refused.code).toBe(1);
    const report = JSON.parse(refused.stdout) as { integrations: { category: string; checks: unknown[] }[] };
    expect(report.integrations[0]?.category).toBe('proxy_auth');
    expect(report.integrations[0]?.checks[1]).toMatchObject({
      check: 'auth',
      httpStatus: 407,
      origin: 'intermediary',
    });
    const allowed = await run(withCredentials(guarded));
    expect(allowed.code).toBe(0);
    for (const out of [refused, allowed]) {
      expect(leaksOf([TOKEN, PROXY_PASSWORD], out.stdout + out.stderr)).toEqual([]);
      expect(out.stdout + out.stderr).not.toContain(PROXY_PASSWORD);
    }
    expectProxyNeverSawToken(guarded);
  });
});

describe('the demo', () => {
  it("talks to its own simulator directly, whatever the machine's HTTP_PROXY says", async () => {
    const run = await runCli([], { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' });
    expect(run.stderr).toContain('Demo self-check passed');
    expect(run.code).toBe(0);
  });
});

/** The CLI as its own process, with exactly this environment (no proxy of the machine's). */
function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'functions/cli/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Safety net only, so a regression fails the test instead of hanging it.
    const safety = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearTimeout(safety);
      done({ code, stdout, stderr });
    });
  });
}
