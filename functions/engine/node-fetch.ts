/**
 * A minimal `fetch` on top of `node:http` / `node:https`, for the Notion SDK's `fetch` option.
 *
 * Node's global fetch (undici) turns every HTTP 407 into an opaque `TypeError: fetch failed` (the
 * fetch standard makes 407 a network error outside browsers), so a proxy asking for credentials
 * looks exactly like a dropped connection. This fetch hands back every status from 200 to 599 as a
 * real `Response`, and otherwise fails the way undici does, so callers can classify errors the same
 * way: transport failures reject with `TypeError('fetch failed')` whose `cause` is the Node error
 * (with its `code`), a body cut short rejects `text()` with `TypeError('terminated')`, and an
 * aborted signal rejects with `signal.reason` untouched.
 *
 * Deliberately not implemented: redirects (3xx come back as they are, like `redirect: 'manual'`
 * without the opaque filtering), content decoding (no `accept-encoding` is sent, and a compressed
 * body is returned as received), cookies, caches, and `Request` objects as input.
 */
import http from 'node:http';
import https from 'node:https';

/** Options for createNodeFetch. */
export interface NodeFetchOptions {
  /** @default keep-alive agents shared by every fetch created without agents (module-level, so warm Lambda invocations reuse sockets) */
  readonly httpAgent?: http.Agent;
  readonly httpsAgent?: https.Agent;
  /** Max body bytes read; beyond it the body read rejects with a clear error. @default 8 MiB */
  readonly maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

// Node's agents unref idle keep-alive sockets, so these never keep the process (or a Lambda
// invocation's event loop) alive; test/node-fetch.test.ts checks that in a child process.
const defaultHttpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const defaultHttpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

type CodedError = Error & { code: string };

function codedError(message: string, code: string): CodedError {
  return Object.assign(new Error(message), { code });
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function toUrl(input: unknown): URL {
  if (input instanceof URL) return input;
  if (typeof input === 'string') {
    try {
      return new URL(input);
    } catch (error) {
      throw new TypeError(`Failed to parse URL from ${input}`, { cause: error });
    }
  }
  if (typeof Request !== 'undefined' && input instanceof Request) {
    throw new TypeError('createNodeFetch does not accept Request objects; pass a URL string or URL');
  }
  throw new TypeError('createNodeFetch expects a URL string or URL');
}

interface RequestBody {
  readonly bytes: Uint8Array;
  readonly contentType: string | null;
}

// Strings and bytes go straight through; anything else fetch accepts (URLSearchParams, FormData,
// Blob, streams) is serialized by the platform's own Response, which also supplies the
// content-type (with the multipart boundary) that fetch would have sent.
async function readBody(body: RequestInit['body']): Promise<RequestBody | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    return { bytes: Buffer.from(body, 'utf8'), contentType: 'text/plain;charset=UTF-8' };
  }
  if (body instanceof Uint8Array) return { bytes: body, contentType: null };
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body), contentType: null };
  if (ArrayBuffer.isView(body)) {
    return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType: null };
  }
  const serialized = new Response(body);
  return {
    bytes: new Uint8Array(await serialized.arrayBuffer()),
    contentType: serialized.headers.get('content-type'),
  };
}

function responseHeaders(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const value = rawHeaders[i + 1];
    if (name === undefined || value === undefined) continue;
    try {
      // append joins repeats with ', ' and keeps set-cookie lines apart for getSetCookie().
      headers.append(name, value);
    } catch {
      // A header the Headers class refuses (Node's parser is more lenient) is dropped, not fatal.
    }
  }
  return headers;
}

function buildResponse(
  body: ReadableStream<Uint8Array> | null,
  status: number,
  statusText: string,
  headers: Headers,
): Response {
  try {
    return new Response(body, { status, statusText, headers });
  } catch {
    // Only the reason phrase can be refused here (status is checked before): drop it.
    return new Response(body, { status, headers });
  }
}

// The server meant to close the connection after this response: a short body then is the
// server lying about content-length, not the connection dropping under us (undici's rule too).
function closesAfterResponse(res: http.IncomingMessage): boolean {
  const connection = res.headers.connection?.toLowerCase() ?? '';
  if (res.httpVersion === '1.0') return !connection.includes('keep-alive');
  return connection.split(',').some((token) => token.trim() === 'close');
}

/**
 * Creates a fetch that resolves with a real `Response` for every status from 200 to 599
 * (407 included), never follows redirects, and reads bodies incrementally up to `maxBodyBytes`.
 * The `agent` field the Notion SDK puts in `init` is ignored: agents come from `options`.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const httpAgent = options.httpAgent ?? defaultHttpAgent;
  const httpsAgent = options.httpsAgent ?? defaultHttpsAgent;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(maxBodyBytes >= 0)) throw new RangeError('maxBodyBytes must be a non-negative number');

  async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = toUrl(input);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);

    const isHttps = url.protocol === 'https:';
    if (!isHttps && url.protocol !== 'http:') {
      throw fetchFailed(codedError(`unsupported URL scheme ${url.protocol}`, 'ERR_UNSUPPORTED_SCHEME'));
    }
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    const body = await readBody(init.body);
    if (signal?.aborted) throw abortReason(signal);
    if (body !== undefined) {
      if (body.contentType !== null && !headers.has('content-type'))
        headers.set('content-type', body.contentType);
      headers.set('content-length', String(body.bytes.byteLength));
    } else if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      headers.set('content-length', '0');
    }
    if (!headers.has('accept')) headers.set('accept', '*/*');
    const outgoing: Record<string, string> = {};
    for (const [name, value] of headers) outgoing[name] = value;

    return new Promise<Response>((resolve, reject) => {
      let settled = false; // the returned promise
      let bodyDone = false; // the response body (closed, errored or cancelled)
      let transportError: unknown;
      let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
      let failBody: ((error: unknown) => void) | undefined;

      const cleanup = () => signal?.removeEventListener('abort', onAbort);

      const req = (isHttps ? https : http).request(url, {
        method,
        headers: outgoing,
        agent: isHttps ? httpsAgent : httpAgent,
      });

      function onAbort() {
        if (signal === undefined) return;
        const reason = abortReason(signal);
        if (!settled) {
          settled = true;
          cleanup();
          reject(reason);
          req.destroy();
        } else {
          failBody?.(reason);
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true });

      // Kept for the request's whole life: socket errors arrive here even mid-body, and after a
      // destroy() Node may still emit one that must not become an uncaught exception.
      req.on('error', (error) => {
        transportError ??= error;
        if (settled) return;
        settled = true;
        cleanup();
        reject(fetchFailed(error));
      });

      const invalidStatus = (status: number) => {
        if (settled) return;
        settled = true;
        cleanup();
        const message = `HTTP status ${status} is outside 200-599`;
        reject(
          new TypeError(`fetch failed: ${message}`, { cause: codedError(message, 'ERR_INVALID_STATUS') }),
        );
        req.destroy();
      };
      // A 101 (or an answer to CONNECT) hands the socket over instead of emitting 'response'.
      const onHandover = (res: http.IncomingMessage, socket: { destroy(): void }) => {
        socket.destroy();
        invalidStatus(res.statusCode ?? 0);
      };
      req.on('upgrade', onHandover);
      req.on('connect', onHandover);
      // Safety net: whatever closes the request before an answer must not leave fetch pending.
      req.on('close', () => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(fetchFailed(transportError ?? codedError('socket closed before a response', 'ECONNRESET')));
      });

      req.on('response', (res) => {
        res.on('error', () => {
          // Classified in the 'close' handler below; listening keeps it from being thrown.
        });
        if (settled) {
          res.destroy();
          return;
        }
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) {
          invalidStatus(status);
          return;
        }
        settled = true;
        const headers = responseHeaders(res.rawHeaders);
        const statusText = res.statusMessage ?? '';

        if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') {
          cleanup();
          res.resume(); // frees the socket for the agent
          resolve(buildResponse(null, status, statusText, headers));
          return;
        }

        const declaredLength = Number(res.headers['content-length'] ?? Number.NaN);
        const contentLength = Number.isSafeInteger(declaredLength) ? declaredLength : undefined;
        let received = 0;

        const finish = (error?: unknown) => {
          if (bodyDone) return;
          bodyDone = true;
          cleanup();
          if (error === undefined) {
            controller?.close();
            return;
          }
          controller?.error(error);
          req.destroy(); // also destroys the socket, so it never returns to the agent
        };
        failBody = finish;
        const tooLarge = () =>
          codedError(
            `response body exceeds maxBodyBytes (${maxBodyBytes} bytes) from ${url.origin}`,
            'ERR_BODY_TOO_LARGE',
          );

        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            controller = c;
            if (contentLength !== undefined && contentLength > maxBodyBytes) {
              finish(tooLarge());
              return;
            }
            res.on('data', (chunk: Buffer) => {
              if (bodyDone) return;
              received += chunk.byteLength;
              if (received > maxBodyBytes) {
                finish(tooLarge());
                return;
              }
              c.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
              if ((c.desiredSize ?? 0) <= 0) res.pause();
            });
            res.on('end', () => {
              if (contentLength !== undefined && received !== contentLength) {
                finish(
                  new TypeError('terminated', {
                    cause: codedError(
                      `response body is ${received} bytes, content-length says ${contentLength}`,
                      'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
                    ),
                  }),
                );
              } else {
                finish();
              }
            });
            res.on('close', () => {
              if (bodyDone) return;
              // Closed before the message completed: the connection went away mid-body.
              let cause: unknown = transportError;
              if (cause === undefined) {
                cause =
                  contentLength !== undefined && received < contentLength && closesAfterResponse(res)
                    ? codedError(
                        `connection closed after ${received} of ${contentLength} body bytes`,
                        'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
                      )
                    : codedError(
                        `connection closed by the other side after ${received} body bytes`,
                        'ECONNRESET',
                      );
              }
              finish(new TypeError('terminated', { cause }));
            });
          },
          pull() {
            res.resume();
          },
          cancel() {
            if (bodyDone) return;
            bodyDone = true;
            cleanup();
            req.destroy();
          },
        });

        const response = buildResponse(stream, status, statusText, headers);
        Object.defineProperty(response, 'url', { value: url.href, enumerable: true });
        resolve(response);
      });

      if (body === undefined) req.end();
      else req.end(body.bytes);
    });
  }

  return nodeFetch as typeof fetch;
}
