/**
 * The engine's only network I/O: one GET on `node:http` / `node:https`, turned into a
 * {@link RequestOutcome}. Not Node's `fetch`: undici turns a proxy's 407 into an opaque
 * `TypeError: fetch failed` (the fetch standard makes 407 a network error outside browsers),
 * and a proxy asking for credentials is one of the faults this monitor exists to name. Not
 * the official `@notionhq/client` either: a probe needs every answer's own status, headers
 * and raw body (the SDK drops them on success and on a body that is not JSON), no retries,
 * and an abort that destroys the socket; the SDK also weighs about half the handler bundle.
 *
 * Redirects are not followed (a 3xx is an answer like any other), no `accept-encoding` is
 * sent, and the body is read up to {@link MAX_BODY_BYTES}, of which only the first
 * {@link KEEP_BODY_BYTES} are kept. Header values and error text are masked with every token
 * of the run; the body is kept as sent (a JSON body must parse as Notion wrote it) and
 * classification masks what it quotes from it.
 */
import http from 'node:http';
import https from 'node:https';
import type { Outcome, RequestOutcome } from './outcome.js';
import type { NotionGet, NotionRequest } from './ports.js';
import { KEEP_BODY_BYTES } from './text-limits.js';

/** Largest body read; a longer one is a `network` outcome, never a partial answer. Only {@link KEEP_BODY_BYTES} of it are kept. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Options of {@link createHttpRequest}; the defaults are what production uses. */
export interface HttpRequestOptions {
  /** @default a keep-alive agent shared by every request function built without one */
  readonly httpAgent?: http.Agent;
  /** @default a keep-alive agent shared by every request function built without one */
  readonly httpsAgent?: https.Agent;
  /** @default {@link MAX_BODY_BYTES} */
  readonly maxBodyBytes?: number;
}

// Module-level, so warm Lambda invocations reuse their sockets. Node unrefs idle keep-alive
// sockets, so they never keep a process (or an invocation's event loop) alive.
const sharedHttpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const sharedHttpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

interface Exchange {
  readonly maxBodyBytes: number;
  readonly mask: (text: string) => string;
  /** Ends the exchange with this outcome (the first call wins). */
  readonly settle: (outcome: Outcome) => void;
  /** Ends the exchange and destroys its socket, so it never goes back to the agent. */
  readonly abandon: (outcome: Outcome) => void;
}

/** Builds a request function; {@link httpRequest} is the production one. */
export function createHttpRequest(options: HttpRequestOptions = {}): NotionRequest {
  const httpAgent = options.httpAgent ?? sharedHttpAgent;
  const httpsAgent = options.httpsAgent ?? sharedHttpsAgent;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return (request) =>
    new Promise<RequestOutcome>((resolve) => send(request, { httpAgent, httpsAgent, maxBodyBytes }, resolve));
}

/** The production request function: shared keep-alive agents, an 8 MiB body cap. */
export const httpRequest: NotionRequest = createHttpRequest();

function send(
  request: NotionGet,
  settings: Required<HttpRequestOptions>,
  resolve: (outcome: RequestOutcome) => void,
): void {
  if (request.deadline.aborted) {
    resolve({ kind: 'timeout', reason: 'deadline', latencyMs: 0 });
    return;
  }
  const { mask } = request;
  const req = open(request, settings);
  if (!(req instanceof http.ClientRequest)) {
    // A URL or header value Node refuses to put on the wire: nothing was sent.
    resolve({ kind: 'rejected', detail: mask(req.message), latencyMs: 0 });
    return;
  }
  const exchange = startExchange(request, req, mask, settings.maxBodyBytes, resolve);
  // Kept for the request's whole life: after a destroy() Node may still emit an error,
  // which must not become an uncaught exception.
  req.on('error', (error) => exchange.settle(networkFailure(error, mask)));
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
    readAnswer(res, exchange);
  });
  // The safety net: whatever closes the request before an answer must not leave it pending.
  req.on('close', () => {
    if (!answered) exchange.settle(closedEarly());
  });
  req.end();
}

/** The request, or what Node refused about it (it throws synchronously for a bad URL or header). */
function open(request: NotionGet, settings: Required<HttpRequestOptions>): http.ClientRequest | Error {
  try {
    const url = new URL(request.url);
    const isHttps = url.protocol === 'https:';
    return (isHttps ? https : http).request(url, {
      method: 'GET',
      headers: request.headers,
      agent: isHttps ? settings.httpsAgent : settings.httpAgent,
    });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Starts the clock on a request: its own timer and a listener on the run's deadline, both
 * released when the exchange settles, so nothing of a request outlives it.
 */
function startExchange(
  request: NotionGet,
  req: http.ClientRequest,
  mask: (text: string) => string,
  maxBodyBytes: number,
  resolve: (outcome: RequestOutcome) => void,
): Exchange {
  const started = performance.now();
  let settled = false;
  const settle = (outcome: Outcome): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    request.deadline.removeEventListener('abort', onDeadline);
    resolve({ ...outcome, latencyMs: Math.max(0, Math.round(performance.now() - started)) });
  };
  const abandon = (outcome: Outcome): void => {
    settle(outcome);
    req.destroy();
  };
  const onDeadline = () => abandon({ kind: 'timeout', reason: 'deadline' });
  const timer = setTimeout(() => abandon({ kind: 'timeout', reason: 'request' }), request.timeoutMs);
  request.deadline.addEventListener('abort', onDeadline, { once: true });
  return { maxBodyBytes, mask, settle, abandon };
}

function readAnswer(res: http.IncomingMessage, exchange: Exchange): void {
  const { maxBodyBytes, settle, abandon } = exchange;
  const declared = declaredLength(res.headers['content-length']);
  if (declared !== undefined && declared > maxBodyBytes) {
    abandon(tooLarge(maxBodyBytes));
    return;
  }
  // Only the first KEEP_BODY_BYTES are held; the rest is counted and dropped as it arrives.
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let received = 0;
  res.on('data', (chunk: Buffer) => {
    received += chunk.byteLength;
    if (received > maxBodyBytes) {
      abandon(tooLarge(maxBodyBytes));
      return;
    }
    if (keptBytes < KEEP_BODY_BYTES) {
      const part = chunk.subarray(0, KEEP_BODY_BYTES - keptBytes);
      kept.push(part);
      keptBytes += part.byteLength;
    }
  });
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    const headers = maskedHeaders(res.headers, exchange.mask);
    settle(answerOf(status, headers, Buffer.concat(kept).toString('utf8'), received));
  });
  // A connection lost mid-body errors the response (or just closes it) without an 'end'.
  const cutShort = () => {
    if (!res.complete) settle(bodyCutShort(res, received, declared));
  };
  res.on('error', cutShort);
  res.on('close', cutShort);
}

/**
 * A 2xx with a JSON body is a success; any other status, or a 2xx that is not JSON, is an
 * answer. A 2xx body longer than what is kept is a success without its JSON when it starts
 * like a JSON object (a large page or database object; only `users/me` needs its body).
 */
function answerOf(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
  bodyBytes: number,
): Outcome {
  if (status < 200 || status > 299) return { kind: 'answer', status, headers, body, bodyBytes };
  if (bodyBytes > KEEP_BODY_BYTES) {
    return body.trimStart().startsWith('{')
      ? { kind: 'success', status, headers, json: undefined, bodyBytes }
      : { kind: 'answer', status, headers, body: '', bodyBytes };
  }
  try {
    return { kind: 'success', status, headers, json: JSON.parse(body) as unknown, bodyBytes };
  } catch {
    // Classified on status and content type; the page itself is not needed.
    return { kind: 'answer', status, headers, body: '', bodyBytes };
  }
}

function maskedHeaders(
  headers: http.IncomingHttpHeaders,
  mask: (text: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = mask(Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

function declaredLength(header: string | undefined): number | undefined {
  const n = Number(header ?? Number.NaN);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function tooLarge(maxBodyBytes: number): Outcome {
  return {
    kind: 'network',
    code: 'ERR_BODY_TOO_LARGE',
    detail: `The body is larger than ${maxBodyBytes} bytes.`,
  };
}

function closedEarly(): Outcome {
  return { kind: 'network', code: 'ECONNRESET', detail: 'The connection closed before an answer.' };
}

/**
 * A body cut short. When the server said it would close the connection after this answer,
 * a short body is the server lying about its length (truncated), not the connection
 * dropping under us (reset).
 */
function bodyCutShort(res: http.IncomingMessage, received: number, declared: number | undefined): Outcome {
  if (declared !== undefined && received < declared && closesAfterAnswer(res)) {
    return {
      kind: 'network',
      code: 'ERR_BODY_TRUNCATED',
      detail: `The body ended after ${received} of ${declared} bytes.`,
    };
  }
  return {
    kind: 'network',
    code: 'ECONNRESET',
    detail: `The connection closed after ${received} body bytes.`,
  };
}

function closesAfterAnswer(res: http.IncomingMessage): boolean {
  const connection = res.headers.connection?.toLowerCase() ?? '';
  if (res.httpVersion === '1.0') return !connection.includes('keep-alive');
  return connection.split(',').some((token) => token.trim() === 'close');
}

/** A system or TLS error (DNS, connect, reset, certificate): its `code` names it. */
function networkFailure(error: Error, mask: (text: string) => string): Outcome {
  const code = (error as NodeJS.ErrnoException).code;
  return { kind: 'network', code: typeof code === 'string' ? code : 'UNKNOWN', detail: mask(error.message) };
}
