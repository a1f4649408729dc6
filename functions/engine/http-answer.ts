/**
 * Reading one HTTP answer into an {@link Outcome}: the body up to the cap (only its first
 * {@link KEEP_BODY_BYTES} kept), a body cut short told apart from a truncated one, and the
 * header values masked with every token of the run.
 */
import type http from 'node:http';
import type { Exchange } from './http-exchange.js';
import type { Outcome } from './outcome.js';
import type { BodyRead } from './ports.js';
import { KEEP_BODY_BYTES } from './text-limits.js';

/**
 * Reads the answer's body as `read` says: `whole` up to the cap (longer is a `network`
 * outcome), for Notion's answers; `head` at most {@link KEEP_BODY_BYTES}, then the
 * connection is closed, for answers decided on their status and headers (a receiver's: a
 * 2xx with a huge or endless body is still a 2xx); a `head` body still arriving at the
 * request timeout is settled as the answer so far.
 */
export function readAnswer(res: http.IncomingMessage, exchange: Exchange, read: BodyRead = 'whole'): void {
  const { maxBodyBytes, settle, abandon } = exchange;
  const declared = declaredLength(res.headers['content-length']);
  if (read === 'whole' && declared !== undefined && declared > maxBodyBytes) {
    abandon(tooLarge(maxBodyBytes));
    return;
  }
  // Only the first KEEP_BODY_BYTES are held; the rest is counted and dropped as it arrives.
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let received = 0;
  const soFar = (): Outcome =>
    answerOf(
      res.statusCode ?? 0,
      maskedHeaders(res.headers, exchange.mask),
      Buffer.concat(kept).toString('utf8'),
      Math.max(received, declared ?? 0),
    );
  if (read === 'head') exchange.atTimeout(soFar);
  res.on('data', (chunk: Buffer) => {
    received += chunk.byteLength;
    if (read === 'whole' && received > maxBodyBytes) {
      abandon(tooLarge(maxBodyBytes));
      return;
    }
    if (keptBytes < KEEP_BODY_BYTES) {
      const part = chunk.subarray(0, KEEP_BODY_BYTES - keptBytes);
      kept.push(part);
      keptBytes += part.byteLength;
    }
    // Enough to decide on: stop reading and close the connection (never back to the agent).
    if (read === 'head' && keptBytes >= KEEP_BODY_BYTES) abandon(soFar());
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

export function maskedHeaders(
  headers: http.IncomingHttpHeaders,
  mask: (text: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = mask(Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

export function declaredLength(header: string | undefined): number | undefined {
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
