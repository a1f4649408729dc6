/**
 * A loopback stand-in for the Notion public API, for tests, the `npm start` demo and the
 * benchmark. It answers the few endpoints the monitor probes exactly as Notion documents them,
 * and can be told to misbehave the way real networks do (proxies, resets, stalls, truncation)
 * so the monitor's classification can be exercised without touching api.notion.com.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Socket } from 'node:net';

/** One integration (token) the simulator knows, and what has been shared with it. */
export interface SimulatedIntegration {
  /** The secret a caller sends as `Authorization: Bearer <token>`. */
  token: string;
  /** `workspace` (default) is an internal integration; `user` is a public (OAuth) one. */
  ownerType?: 'workspace' | 'user';
  /** Default `'Acme'`; `null` is what Notion reports for some OAuth installs. */
  workspaceName?: string | null;
  /** Default a fixed uuid, so every integration lives in the same workspace unless told otherwise. */
  workspaceId?: string;
  /** Default `'Simulated Integration'`. */
  botName?: string;
  /** Default a uuid derived from the token, so it is stable across runs. */
  botId?: string;
  /** Page ids shared with the integration (dashed or not, any case). */
  pages?: readonly string[];
  /** Database ids shared with the integration. */
  databases?: readonly string[];
  /** Data source ids shared with the integration. */
  dataSources?: readonly string[];
  /** Ids that answer 403 `restricted_resource` (whatever kind is asked for). */
  restricted?: readonly string[];
}

/** A way for the simulator (or something pretending to sit in front of it) to misbehave. */
export type SimulatedFault =
  /** A Notion-shaped JSON error with Notion's headers; `headers` are added on top. */
  | {
      type: 'error';
      status: number;
      code: string;
      message?: string;
      additionalData?: Record<string, string>;
      headers?: Record<string, string>;
    }
  /**
   * Notion's rate limit: `Retry-After` (default `'1'`) and `additional_data.rate_limit_reason`
   * (default `public_api_request_rate_limit`). Status 529 answers code `service_overload`.
   */
  | { type: 'rate_limited'; retryAfter?: string; reason?: string; status?: 429 | 529 }
  /**
   * An HTML page. `edge: true` is Notion's Cloudflare edge (`cf-ray`, no `x-notion-request-id`);
   * otherwise it is a proxy or gateway (neither header, `server: nginx`, and the matching
   * `proxy-authenticate` / `www-authenticate` challenge for 407 / 401).
   */
  | { type: 'html'; status: number; edge?: boolean; body?: string }
  /**
   * Exactly the given status, headers and body. Only Node's framing headers are added
   * (`connection`, `keep-alive`, and `content-length` when the rule sets no framing); no `date`.
   */
  | { type: 'raw'; status: number; headers?: Record<string, string>; body: string }
  /** Wait, then answer normally (other rules are not consulted again). */
  | { type: 'delay'; ms: number }
  /** Accept the request and never answer. */
  | { type: 'hang' }
  /** Destroy the socket before any header is sent. */
  | { type: 'reset' }
  /** Send 200 headers with the full `content-length` and part of a JSON body, then destroy the socket. */
  | { type: 'reset_mid_body' }
  /** Send 200 headers at once, then the body in `chunks` (default 10) pieces, one every `intervalMs`. */
  | { type: 'trickle'; intervalMs: number; chunks?: number }
  /** Send 200 with a `content-length` larger than the body, then close the connection cleanly. */
  | { type: 'truncated' }
  /** Send 200 with a valid users/me-like JSON body padded with whitespace to `bytes` bytes. */
  | { type: 'huge'; bytes: number };

/** When to apply a fault. Rules are tried in insertion order; the first one that matches wins. */
export interface FaultRule {
  /** Match only requests whose bearer token (what follows a leading `Bearer `) equals this. */
  token?: string;
  /** Match only when the URL path (without query) starts with this, e.g. `/v1/pages/`. */
  path?: string;
  /** Apply at most this many times (default unlimited). */
  times?: number;
  fault: SimulatedFault;
}

/** Everything a simulator starts with; integrations and faults can be added later too. */
export interface SimulatorOptions {
  integrations?: readonly SimulatedIntegration[];
  faults?: readonly FaultRule[];
  /** Added before every answer, to give benchmarks a realistic round trip. Default 0. */
  latencyMs?: number;
}

/** One request as it arrived, before any fault or validation applied. */
export interface RecordedRequest {
  method: string;
  /** The URL path without its query string. */
  path: string;
  authorization: string | undefined;
  notionVersion: string | undefined;
}

interface Integration {
  readonly me: Record<string, unknown>;
  readonly pages: ReadonlySet<string>;
  readonly databases: ReadonlySet<string>;
  readonly dataSources: ReadonlySet<string>;
  readonly restricted: ReadonlySet<string>;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

type Kind = 'page' | 'database' | 'data_source';

const DEFAULT_WORKSPACE_ID = '6d3f1e2a-9b4c-4f8e-a1d2-3c4b5a697887';
const JSON_TYPE = 'application/json; charset=utf-8';
const UUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const OBJECT_ROUTE = /^\/v1\/(pages|databases|data_sources)\/([^/]+)$/;
const ROUTE_KINDS: Readonly<Record<string, Kind>> = {
  pages: 'page',
  databases: 'database',
  data_sources: 'data_source',
};
// Notion's own wording for the codes it documents; anything else gets a neutral message.
const MESSAGES: Readonly<Record<string, string>> = {
  invalid_json: 'Error parsing JSON body.',
  invalid_request_url: 'Invalid request URL.',
  invalid_request: 'This request is not supported.',
  unauthorized: 'API token is invalid.',
  restricted_resource: 'API token does not have access to this resource.',
  conflict_error: 'Conflict occurred while saving. Please try again.',
  rate_limited: 'You have been rate limited. Please try again in a few minutes.',
  internal_server_error: 'Unexpected error occurred.',
  service_unavailable: 'Notion is unavailable. Please try again later.',
  gateway_timeout: 'Notion timed out while attempting to complete this request. Please try again later.',
};

function normalizeId(id: string): string {
  return id.replaceAll('-', '').toLowerCase();
}

function dashed(id: string): string {
  const h = normalizeId(id);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

// Stable ids keep snapshots and benchmark output reproducible across runs.
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}

function cfRay(): string {
  return `${randomBytes(8).toString('hex')}-IAD`;
}

function notionHeaders(requestId: string): Record<string, string> {
  return { 'content-type': JSON_TYPE, 'x-notion-request-id': requestId, 'cf-ray': cfRay() };
}

function buildIntegration(i: SimulatedIntegration): Integration {
  const owner =
    i.ownerType === 'user'
      ? { type: 'user', user: { object: 'user', id: uuidFrom(`owner:${i.token}`) } }
      : { type: 'workspace', workspace: true };
  const ids = (list: readonly string[] | undefined) => new Set((list ?? []).map(normalizeId));
  return {
    me: {
      object: 'user',
      id: i.botId ?? uuidFrom(`bot:${i.token}`),
      name: i.botName ?? 'Simulated Integration',
      avatar_url: null,
      type: 'bot',
      bot: {
        owner,
        workspace_name: i.workspaceName === undefined ? 'Acme' : i.workspaceName,
        workspace_id: i.workspaceId ?? DEFAULT_WORKSPACE_ID,
        workspace_limits: { max_file_upload_size_in_bytes: 5_368_709_120 },
      },
    },
    pages: ids(i.pages),
    databases: ids(i.databases),
    dataSources: ids(i.dataSources),
    restricted: ids(i.restricted),
  };
}

// What the body-mangling faults send: shaped like users/me so a client that survives the
// transport problem would still parse something plausible.
function sampleUserBody(requestId: string): string {
  return JSON.stringify({
    object: 'user',
    id: uuidFrom('bot:simulated'),
    name: 'Simulated Integration',
    avatar_url: null,
    type: 'bot',
    bot: {
      owner: { type: 'workspace', workspace: true },
      workspace_name: 'Acme',
      workspace_id: DEFAULT_WORKSPACE_ID,
      workspace_limits: { max_file_upload_size_in_bytes: 5_368_709_120 },
    },
    request_id: requestId,
  });
}

function errorBody(
  requestId: string,
  status: number,
  code: string,
  message?: string,
  additionalData?: Record<string, string>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    object: 'error',
    status,
    code,
    message: message ?? MESSAGES[code] ?? `Simulated ${code} error.`,
    request_id: requestId,
  };
  if (additionalData !== undefined) body.additional_data = additionalData;
  return body;
}

function htmlBody(status: number, edge: boolean, ray: string): string {
  const reason = STATUS_CODES[status] ?? 'Error';
  if (edge) {
    return `<!DOCTYPE html>\n<html lang="en-US"><head><title>api.notion.com | ${status}: ${reason}</title></head><body><h1>Error ${status}</h1><p>${reason}</p><p>Cloudflare Ray ID: ${ray.split('-')[0]}</p></body></html>\n`;
  }
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * A Notion API look-alike on 127.0.0.1. Create it, {@link NotionSimulator.start | start} it, point
 * a client at {@link NotionSimulator.url | url}, and {@link NotionSimulator.close | close} it when done.
 */
export class NotionSimulator {
  private readonly integrations = new Map<string, Integration>();
  private readonly rules: ActiveRule[] = [];
  private readonly latencyMs: number;
  private readonly recorded: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private closed = false;

  constructor(options: SimulatorOptions = {}) {
    for (const integration of options.integrations ?? []) this.addIntegration(integration);
    for (const rule of options.faults ?? []) this.addFault(rule);
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Starts listening on 127.0.0.1 on a free port; resolves to the base URL (no trailing slash). */
  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    if (this.server !== undefined || this.closed) throw new Error('NotionSimulator cannot be restarted');
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new Error('NotionSimulator has no TCP address');
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  /** The base URL, e.g. `http://127.0.0.1:12345`. Throws until {@link NotionSimulator.start} has resolved. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error('NotionSimulator has not been started');
    return this.baseUrl;
  }

  /** Every request received, in arrival order, including ones that were hung or reset. */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Appends a rule; it is tried after every rule added before it. */
  addFault(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Adds an integration, replacing any with the same token. */
  addIntegration(integration: SimulatedIntegration): void {
    this.integrations.set(integration.token, buildIntegration(integration));
  }

  /** Forgets the recorded requests (a benchmark calls this between rounds to stay lean). */
  resetRequests(): void {
    this.recorded.length = 0;
  }

  /** Closes the server, destroys every open socket (hung ones too) and clears pending timers so nothing keeps the process alive. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (server === undefined || !server.listening) return;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await done;
  }

  // Runs fn after ms unless the response closes first (client gave up) or the simulator closes.
  private after(res: ServerResponse, ms: number, fn: () => void): void {
    if (this.closed) return;
    const cancel = () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      res.off('close', cancel);
      if (!res.destroyed) fn();
    }, ms);
    this.timers.add(timer);
    res.once('close', cancel);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const authorization = req.headers.authorization;
    const version = req.headers['notion-version'];
    this.recorded.push({
      method: req.method ?? 'GET',
      path,
      authorization,
      notionVersion: Array.isArray(version) ? version[0] : version,
    });
    // Nothing reads request bodies; draining them keeps keep-alive connections usable.
    req.resume();
    const fault = this.takeFault(bearerToken(authorization), path);
    const go = () => this.respond(req, res, path, fault);
    if (this.latencyMs > 0) this.after(res, this.latencyMs, go);
    else go();
  }

  private takeFault(token: string | undefined, path: string): SimulatedFault | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.token !== undefined && rule.token !== token) continue;
      if (rule.path !== undefined && !path.startsWith(rule.path)) continue;
      active.remaining -= 1;
      return rule.fault;
    }
    return undefined;
  }

  private respond(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    fault: SimulatedFault | undefined,
  ) {
    if (fault === undefined) return this.answer(req, res, path);
    const requestId = randomUUID();
    switch (fault.type) {
      case 'delay':
        return this.after(res, fault.ms, () => this.answer(req, res, path));
      case 'hang':
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'error':
        return this.sendError(
          res,
          requestId,
          fault.status,
          fault.code,
          fault.message,
          fault.additionalData,
          fault.headers,
        );
      case 'rate_limited': {
        const status = fault.status ?? 429;
        return this.sendError(
          res,
          requestId,
          status,
          status === 529 ? 'service_overload' : 'rate_limited',
          status === 529 ? 'Notion is currently overloaded. Please try again later.' : undefined,
          { rate_limit_reason: fault.reason ?? 'public_api_request_rate_limit' },
          { 'retry-after': fault.retryAfter ?? '1' },
        );
      }
      case 'html':
        return this.sendHtml(res, fault.status, fault.edge ?? false, fault.body);
      case 'raw':
        // setHeader rather than writeHead lets Node frame the body with content-length
        // (not chunked) when the rule gives none, as most real servers would.
        res.sendDate = false;
        res.statusCode = fault.status;
        for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
        res.end(fault.body);
        return;
      case 'reset_mid_body': {
        const body = sampleUserBody(requestId);
        res.writeHead(200, { ...notionHeaders(requestId), 'content-length': Buffer.byteLength(body) });
        // Wait for the partial body to reach the kernel, or the reset could swallow it.
        res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
        return;
      }
      case 'truncated': {
        const body = sampleUserBody(requestId);
        res.writeHead(200, {
          ...notionHeaders(requestId),
          'content-length': Buffer.byteLength(body) + 64,
          // Makes Node end the socket after this response instead of keeping it alive.
          connection: 'close',
        });
        res.end(body);
        return;
      }
      case 'trickle':
        return this.trickle(res, requestId, fault.intervalMs, fault.chunks ?? 10);
      case 'huge':
        return this.huge(res, requestId, fault.bytes);
    }
  }

  private answer(req: IncomingMessage, res: ServerResponse, path: string): void {
    const requestId = randomUUID();
    const [status, body] = this.route(req, path, requestId);
    this.sendJson(res, requestId, status, body);
  }

  // The order of checks is Notion's: version, then token, then URL, then the object.
  private route(req: IncomingMessage, path: string, requestId: string): [number, Record<string, unknown>] {
    const fail = (status: number, code: string, message?: string): [number, Record<string, unknown>] => [
      status,
      errorBody(requestId, status, code, message),
    ];
    if (req.headers['notion-version'] === undefined) {
      return fail(
        400,
        'missing_version',
        'Notion-Version header failed validation: Notion-Version header should be defined, instead was undefined.',
      );
    }
    const token = bearerToken(req.headers.authorization);
    const integration = token === undefined ? undefined : this.integrations.get(token);
    if (integration === undefined) return fail(401, 'unauthorized');
    if (req.method !== 'GET') return fail(400, 'invalid_request_url');
    if (path === '/v1/users/me') return [200, { ...integration.me, request_id: requestId }];
    const match = OBJECT_ROUTE.exec(path);
    const kind = match?.[1] === undefined ? undefined : ROUTE_KINDS[match[1]];
    const rawId = match?.[2];
    if (kind === undefined || rawId === undefined) return fail(400, 'invalid_request_url');
    if (!UUID.test(rawId)) {
      return fail(
        400,
        'validation_error',
        `path failed validation: path.${kind}_id should be a valid uuid, instead was \`"${rawId}"\`.`,
      );
    }
    const id = normalizeId(rawId);
    const shared =
      kind === 'page'
        ? integration.pages
        : kind === 'database'
          ? integration.databases
          : integration.dataSources;
    if (shared.has(id)) return [200, { object: kind, id: dashed(id), request_id: requestId }];
    if (integration.restricted.has(id)) return fail(403, 'restricted_resource');
    const word = kind === 'data_source' ? 'data source' : kind;
    return fail(
      404,
      'object_not_found',
      `Could not find ${word} with ID: ${dashed(id)}. Make sure the relevant pages and databases are shared with your integration.`,
    );
  }

  private sendJson(
    res: ServerResponse,
    requestId: string,
    status: number,
    body: unknown,
    extraHeaders?: Record<string, string>,
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...notionHeaders(requestId),
      ...extraHeaders,
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private sendError(
    res: ServerResponse,
    requestId: string,
    status: number,
    code: string,
    message?: string,
    additionalData?: Record<string, string>,
    extraHeaders?: Record<string, string>,
  ): void {
    this.sendJson(
      res,
      requestId,
      status,
      errorBody(requestId, status, code, message, additionalData),
      extraHeaders,
    );
  }

  private sendHtml(res: ServerResponse, status: number, edge: boolean, body: string | undefined): void {
    const ray = cfRay();
    const text = body ?? htmlBody(status, edge, ray);
    const headers: Record<string, string | number> = edge
      ? { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare', 'cf-ray': ray }
      : { 'content-type': 'text/html', server: 'nginx' };
    if (!edge && status === 407) headers['proxy-authenticate'] = 'Basic realm="corp"';
    if (!edge && status === 401) headers['www-authenticate'] = 'Basic realm="gateway"';
    headers['content-length'] = Buffer.byteLength(text);
    res.writeHead(status, headers);
    res.end(text);
  }

  private trickle(res: ServerResponse, requestId: string, intervalMs: number, chunks: number): void {
    const body = Buffer.from(sampleUserBody(requestId));
    res.writeHead(200, { ...notionHeaders(requestId), 'content-length': body.length });
    res.flushHeaders();
    const size = Math.max(1, Math.ceil(body.length / Math.max(1, chunks)));
    let offset = 0;
    const next = () => {
      const end = Math.min(body.length, offset + size);
      const chunk = body.subarray(offset, end);
      offset = end;
      if (offset >= body.length) res.end(chunk);
      else {
        res.write(chunk);
        this.after(res, intervalMs, next);
      }
    };
    this.after(res, intervalMs, next);
  }

  private huge(res: ServerResponse, requestId: string, bytes: number): void {
    const json = sampleUserBody(requestId);
    const jsonLength = Buffer.byteLength(json);
    // Padding is trailing whitespace: still valid JSON, and it can be streamed without ever
    // holding `bytes` in memory.
    let padding = Math.max(0, bytes - jsonLength);
    res.writeHead(200, { ...notionHeaders(requestId), 'content-length': jsonLength + padding });
    res.write(json);
    const block = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (padding > 0) {
        if (res.destroyed || this.closed) return;
        const n = Math.min(padding, block.length);
        padding -= n;
        if (!res.write(n === block.length ? block : block.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  }
}

/** Convenience: `new NotionSimulator(options)`, already started. */
export async function startNotionSimulator(options?: SimulatorOptions): Promise<NotionSimulator> {
  const simulator = new NotionSimulator(options);
  await simulator.start();
  return simulator;
}
