/**
 * The engine's only network I/O: one GET (or a receiver's POST) on `node:http` / `node:https`, turned into a
 * {@link RequestOutcome}. Not Node's `fetch`: undici turns a proxy's 407 into an opaque
 * `TypeError: fetch failed` (the fetch standard makes 407 a network error outside browsers),
 * and a proxy asking for credentials is one of the faults this monitor exists to name. Not
 * the official `@notionhq/client` either: a probe needs every answer's own status, headers
 * and raw body (the SDK drops them on success and on a body that is not JSON), no retries,
 * and an abort that destroys the socket; the SDK also weighs about half the handler bundle.
 *
 * Proxies: the standard variables (`HTTPS_PROXY`, `NO_PROXY`, ...; proxy-env.ts), read once;
 * an https request through a proxy goes through a CONNECT tunnel of its own, with TLS to
 * Notion inside it (proxy-tunnel.ts), so the token never reaches the proxy; an http request
 * through a proxy is refused. Direct requests use keep-alive agents shared across runs.
 *
 * Redirects are not followed (a 3xx is an answer like any other), no `accept-encoding` is
 * sent, and the body is read up to {@link MAX_BODY_BYTES}, of which only the first
 * 64 KiB (text-limits.ts) are kept; a request with `bodyRead: 'head'` (a receiver's event)
 * reads those 64 KiB at most and closes the connection (http-answer.ts). Header values and error text are masked with every token
 * of the run; the body is kept as sent (a JSON body must parse as Notion wrote it) and
 * classification masks what it quotes from it.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { assertNever } from '../shared/categories.js';
import { readAnswer } from './http-answer.js';
import { closedEarly, type Exchange, networkFailure, startExchange } from './http-exchange.js';
import type { RequestOutcome } from './outcome.js';
import type { NotionGet, NotionRequest } from './ports.js';
import { type ProxyServer, type ProxySettings, proxyFor, proxySettingsFrom } from './proxy-env.js';
import { openTunnel, type TunnelTarget, type TunnelTlsOptions } from './proxy-tunnel.js';

/** Largest body read; a longer one is a `network` outcome, never a partial answer. Only the first 64 KiB of it are kept. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Options of {@link createHttpRequest}; the defaults are what production uses. */
export interface HttpRequestOptions {
  /** @default a keep-alive agent shared by every request function built without one */
  readonly httpAgent?: http.Agent;
  /** @default a keep-alive agent shared by every request function built without one */
  readonly httpsAgent?: https.Agent;
  /** @default {@link MAX_BODY_BYTES} */
  readonly maxBodyBytes?: number;
  /**
   * Where the proxy variables (`HTTPS_PROXY`, `NO_PROXY`, ...) are read from, once, when
   * the request function is built; proxy-env.ts says how they are read.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * TLS settings inside a proxy tunnel; the direct path takes its own from `httpsAgent`.
   * @default Node's (its CA store, NODE_EXTRA_CA_CERTS included)
   */
  readonly tunnelTls?: TunnelTlsOptions;
}

// Module-level, so warm Lambda invocations reuse their sockets. Node unrefs idle keep-alive
// sockets, so they never keep a process (or an invocation's event loop) alive.
const sharedHttpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const sharedHttpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

interface Settings {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  readonly maxBodyBytes: number;
  readonly proxies: ProxySettings;
  readonly tunnelTls: TunnelTlsOptions;
}

/** Builds a request function; {@link httpRequest} is the production one. */
export function createHttpRequest(options: HttpRequestOptions = {}): NotionRequest {
  const settings: Settings = {
    httpAgent: options.httpAgent ?? sharedHttpAgent,
    httpsAgent: options.httpsAgent ?? sharedHttpsAgent,
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    proxies: proxySettingsFrom(options.env ?? process.env),
    tunnelTls: options.tunnelTls ?? {},
  };
  return (request) => new Promise<RequestOutcome>((resolve) => send(request, settings, resolve));
}

/**
 * The production request function: shared keep-alive agents, an 8 MiB body cap, the proxy
 * variables of the process's environment as they were when this module was loaded.
 */
export const httpRequest: NotionRequest = createHttpRequest();

/** How a request goes out, decided before anything is sent. */
type Plan =
  | { readonly kind: 'send'; readonly url: URL; readonly proxy?: ProxyServer }
  | { readonly kind: 'rejected'; readonly detail: string };

function send(request: NotionGet, settings: Settings, resolve: (outcome: RequestOutcome) => void): void {
  if (request.deadline.aborted) {
    resolve({ kind: 'timeout', reason: 'deadline', latencyMs: 0 });
    return;
  }
  const plan = planRoute(request, settings.proxies);
  if (plan.kind === 'rejected') {
    resolve({ kind: 'rejected', detail: request.mask(plan.detail), latencyMs: 0 });
    return;
  }
  const { url, proxy } = plan;
  const target = targetOf(url);
  const exchange = startExchange(
    request,
    {
      maxBodyBytes: settings.maxBodyBytes,
      mask: proxy ? (text) => proxy.mask(request.mask(text)) : request.mask,
      route: { target: target.authority, ...(proxy ? { proxy: proxy.shown } : {}) },
      oneShot: proxy !== undefined,
    },
    resolve,
  );
  if (proxy === undefined) {
    const agent = url.protocol === 'https:' ? settings.httpsAgent : settings.httpAgent;
    issue(request, url, { agent }, exchange);
    return;
  }
  openTunnel(proxy, target, settings.tunnelTls, exchange, (socket) =>
    issue(request, url, { createConnection: () => socket }, exchange),
  );
}

/**
 * Direct or through a proxy, or not at all: a proxy URL that cannot be used, an http:// URL
 * a proxy would carry in clear text (the token with it), a header Node would refuse (checked
 * before a CONNECT, so a tunnel is never opened for a request that cannot be sent).
 */
function planRoute(request: NotionGet, proxies: ProxySettings): Plan {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch (error) {
    return { kind: 'rejected', detail: messageOf(error) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'send', url };
  const setting = proxyFor(url, proxies);
  switch (setting.kind) {
    case 'none':
      return { kind: 'send', url };
    case 'invalid':
      return { kind: 'rejected', detail: `${setting.variable} ${setting.problem}.` };
    case 'proxy': {
      const { proxy } = setting;
      if (url.protocol === 'http:')
        return { kind: 'rejected', detail: clearTextRefusal(request, url, proxy) };
      const problem = headerProblem(request.headers);
      return problem === undefined ? { kind: 'send', url, proxy } : { kind: 'rejected', detail: problem };
    }
    default:
      return assertNever(setting);
  }
}

/** Why an http:// request is not sent through a proxy, in words for whom it was for. */
function clearTextRefusal(request: NotionGet, url: URL, proxy: ProxyServer): string {
  if (request.destination === 'receiver') {
    // Short: the classifier prefixes it and cuts the message at 300 characters.
    return `Receiver URL ${url.origin}${url.pathname} would go through the proxy ${proxy.shown} (${proxy.variable}) in clear text; the monitor does not do that. List ${url.hostname} in NO_PROXY (loopback is not exempt by itself, as in curl) or use https://.`;
  }
  return `${proxy.variable} names the proxy ${proxy.shown} for http:// URLs, and through a proxy an http:// request shows the token to it in clear text. Use an https:// notionBaseUrl, or list its host in NO_PROXY.`;
}

function headerProblem(headers: Readonly<Record<string, string>>): string | undefined {
  try {
    for (const [name, value] of Object.entries(headers)) {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    }
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The URL's host and port as a CONNECT line and a message show them. */
function targetOf(url: URL): TunnelTarget {
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, authority: `${url.hostname}:${port}` };
}

/** Sends the GET on an agent's socket (direct) or on a tunnel's TLS socket. */
function issue(
  request: NotionGet,
  url: URL,
  how: { readonly agent: http.Agent } | { readonly createConnection: () => Socket },
  exchange: Exchange,
): void {
  let req: http.ClientRequest;
  try {
    req = (url.protocol === 'https:' ? https : http).request(url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      ...how,
    });
  } catch (error) {
    // A URL or header value Node refuses to put on the wire: nothing was sent.
    exchange.abandon({ kind: 'rejected', detail: exchange.mask(messageOf(error)) });
    return;
  }
  exchange.hold(req);
  // Kept for the request's whole life: after a destroy() Node may still emit an error,
  // which must not become an uncaught exception.
  req.on('error', (error) => exchange.settle(networkFailure(error, exchange.mask)));
  req.on('upgrade', (res, socket) => {
    socket.destroy();
    exchange.settle({
      kind: 'network',
      code: 'ERR_UNEXPECTED_UPGRADE',
      detail: `HTTP ${res.statusCode} upgrade.`,
    });
  });
  let answered = false;
  req.on('response', (res) => {
    answered = true;
    readAnswer(res, exchange, request.bodyRead);
  });
  // The safety net: whatever closes the request before an answer must not leave it pending.
  req.on('close', () => {
    if (!answered) exchange.settle(closedEarly());
  });
  req.end(request.body);
}
