import {
  Client,
  isHTTPResponseError,
  isNotionClientError,
  LogLevel,
  RequestTimeoutError,
} from '@notionhq/client';
import type { RequestOutcome } from './outcome.js';
import { createRedactor } from './redact.js';

/** What the engine needs to send one request. */
export interface NotionRequestOptions {
  readonly baseUrl: string;
  readonly notionVersion: string;
  /** Per-request timeout; the underlying request is aborted, not just raced. */
  readonly timeoutMs: number;
  /** Aborts when the run's deadline passes. */
  readonly deadline: AbortSignal;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

function headerRecord(headers: Headers, mask: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = mask(value);
  });
  return out;
}

/** Node's fetch wraps the real cause (ECONNREFUSED, a TLS code, a socket error) in `cause`. */
function systemCode(error: unknown): { code: string; detail: string } | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('notionhq_')) {
      return { code, detail: String((e as { message?: unknown }).message ?? '') };
    }
    const nested = (e as { errors?: unknown }).errors;
    if (Array.isArray(nested) && nested.length > 0) e = nested[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * Sends one GET through the official client with retries off and an aborting `fetch`,
 * and turns whatever happens into a {@link RequestOutcome}. Never throws.
 *
 * A client per request costs about 10 µs and lets the wrapped `fetch` see this request's
 * own status and headers, which the SDK drops on success and on unparsable bodies.
 */
export async function notionGet(
  path: string,
  token: string,
  options: NotionRequestOptions,
): Promise<RequestOutcome> {
  // Masked here, before anything is parsed or cut short: a proxy that echoes the
  // Authorization header must not leave half a token behind a truncated message.
  const mask = createRedactor([token]).text;
  const started = options.now();
  const elapsed = () => Math.max(0, Math.round(options.now() - started));
  // One controller per request, released in `finally`: AbortSignal.any/timeout would keep
  // every request (client, response, body) reachable from the run's deadline signal and
  // from an unfired timer until they fire, which at 1,000 integrations is most of the heap.
  const controller = new AbortController();
  const { signal } = controller;
  const onDeadline = () => controller.abort(options.deadline.reason);
  if (options.deadline.aborted) onDeadline();
  else options.deadline.addEventListener('abort', onDeadline, { once: true });
  const timer = setTimeout(
    () => controller.abort(new DOMException('The request timed out.', 'TimeoutError')),
    options.timeoutMs,
  );
  let answered: Response | undefined;
  const client = new Client({
    auth: token,
    baseUrl: options.baseUrl,
    notionVersion: options.notionVersion,
    timeoutMs: options.timeoutMs,
    retry: false,
    logLevel: LogLevel.ERROR,
    // The SDK's console logger would print request details outside our redaction.
    logger: () => {},
    fetch: async (url, init) => {
      const response = await options.fetch(url, { ...(init as RequestInit), signal });
      answered = response;
      return response;
    },
  });

  try {
    const json: unknown = await client.request({ path, method: 'get' });
    return {
      kind: 'success',
      status: answered?.status ?? 200,
      headers: answered ? headerRecord(answered.headers, mask) : {},
      json,
      latencyMs: elapsed(),
    };
  } catch (error) {
    if (isHTTPResponseError(error)) {
      return {
        kind: 'answer',
        status: error.status,
        headers: answered ? headerRecord(answered.headers, mask) : {},
        body: mask(error.body),
        latencyMs: elapsed(),
      };
    }
    if (RequestTimeoutError.isRequestTimeoutError(error) || isAbort(error) || signal.aborted) {
      return {
        kind: 'timeout',
        reason: options.deadline.aborted ? 'deadline' : 'request',
        latencyMs: elapsed(),
      };
    }
    if (isNotionClientError(error)) {
      return { kind: 'rejected', detail: mask(error.message), latencyMs: elapsed() };
    }
    if (error instanceof SyntaxError && answered !== undefined) {
      // A 2xx whose body is not JSON: the SDK's JSON.parse threw.
      return {
        kind: 'answer',
        status: answered.status,
        headers: headerRecord(answered.headers, mask),
        body: '',
        latencyMs: elapsed(),
      };
    }
    const sys = systemCode(error);
    return {
      kind: 'network',
      code: sys?.code ?? 'UNKNOWN',
      detail: mask(sys?.detail ?? (error instanceof Error ? error.message : String(error))),
      latencyMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    options.deadline.removeEventListener('abort', onDeadline);
  }
}
