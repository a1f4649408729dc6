import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../functions/engine/classify.js';
import type { RequestOutcome } from '../../functions/engine/outcome.js';

const NOTION = { 'x-notion-request-id': 'req-1', 'cf-ray': '8f-IAD', 'content-type': 'application/json' };
const EDGE = { 'cf-ray': '8f-IAD', 'content-type': 'text/html' };
const PROXY = { server: 'nginx', 'content-type': 'text/html' };

function notionError(status: number, code: string, extra: Record<string, unknown> = {}): RequestOutcome {
  return {
    kind: 'answer',
    status,
    headers: NOTION,
    body: JSON.stringify({
      object: 'error',
      status,
      code,
      message: `msg ${code}`,
      request_id: 'req-1',
      ...extra,
    }),
    latencyMs: 12,
  };
}

function html(status: number, headers: Record<string, string>): RequestOutcome {
  return { kind: 'answer', status, headers, body: '<html><title>Denied</title></html>', latencyMs: 5 };
}

describe('classifyOutcome', () => {
  it.each([
    [401, 'unauthorized', 'auth'],
    [403, 'restricted_resource', 'forbidden'],
    [404, 'object_not_found', 'not_found'],
    [429, 'rate_limited', 'rate_limited'],
    [529, 'service_overload', 'rate_limited'],
    [500, 'internal_server_error', 'server_error'],
    [503, 'service_unavailable', 'server_error'],
    [503, 'database_connection_unavailable', 'server_error'],
    [504, 'gateway_timeout', 'server_error'],
    [400, 'missing_version', 'config'],
    [400, 'validation_error', 'config'],
    [400, 'invalid_request', 'config'],
    [400, 'invalid_json', 'config'],
    [400, 'invalid_request_url', 'config'],
    [409, 'conflict_error', 'config'],
    [418, 'teapot', 'config'],
  ])('Notion %i %s is %s, origin notion, with code and request id', (status, code, category) => {
    const v = classifyOutcome(notionError(status, code));
    expect(v).toMatchObject({ category, origin: 'notion', httpStatus: status, code, requestId: 'req-1' });
    expect(v.message).toContain(`msg ${code}`);
  });

  it('reads Retry-After (seconds) and the rate-limit reason', () => {
    const o = notionError(429, 'rate_limited', {
      additional_data: { rate_limit_reason: 'public_api_request_rate_limit' },
    });
    const v = classifyOutcome({ ...o, headers: { ...NOTION, 'retry-after': '42' } } as RequestOutcome);
    expect(v).toMatchObject({ retryAfterSeconds: 42, rateLimitReason: 'public_api_request_rate_limit' });
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    const o = {
      ...notionError(429, 'rate_limited'),
      headers: { ...NOTION, 'retry-after': 'Wed, 25 Nov 2026 12:02:00 GMT' },
    };
    expect(classifyOutcome(o as RequestOutcome, now).retryAfterSeconds).toBe(120);
  });

  it.each([
    [401, EDGE, 'edge'],
    [403, EDGE, 'edge'],
    [401, PROXY, 'intermediary'],
    [403, PROXY, 'intermediary'],
    [407, PROXY, 'intermediary'],
  ])('%i from an HTML %s page is proxy_auth', (status, headers, origin) => {
    expect(classifyOutcome(html(status, headers))).toMatchObject({
      category: 'proxy_auth',
      origin,
      httpStatus: status,
    });
  });

  it('a 401 whose JSON looks like Notion but lacks x-notion-request-id is still not Notion', () => {
    const o = notionError(401, 'unauthorized');
    const v = classifyOutcome({ ...o, headers: { 'content-type': 'application/json' } } as RequestOutcome);
    expect(v).toMatchObject({ category: 'proxy_auth', origin: 'intermediary' });
  });

  it('502 HTML from the edge is server_error from the edge, naming the page', () => {
    const v = classifyOutcome(html(502, EDGE));
    expect(v).toMatchObject({ category: 'server_error', origin: 'edge' });
    expect(v.message).toContain('"Denied"');
  });

  it('429 from a proxy is still rate_limited', () => {
    expect(classifyOutcome(html(429, PROXY))).toMatchObject({
      category: 'rate_limited',
      origin: 'intermediary',
    });
  });

  it('404 from something that is not Notion points at the base URL', () => {
    const v = classifyOutcome(html(404, PROXY));
    expect(v).toMatchObject({ category: 'config', origin: 'intermediary' });
    expect(v.message).toContain('notionBaseUrl');
  });

  it('408 is a timeout', () => {
    expect(classifyOutcome(html(408, PROXY)).category).toBe('timeout');
  });

  it('a 200 with a body that is not JSON is a server error', () => {
    const v = classifyOutcome({ kind: 'answer', status: 200, headers: NOTION, body: '', latencyMs: 1 });
    expect(v).toMatchObject({ category: 'server_error', origin: 'notion', httpStatus: 200 });
  });

  it('success is ok and keeps the request id', () => {
    expect(
      classifyOutcome({ kind: 'success', status: 200, headers: NOTION, json: {}, latencyMs: 3 }),
    ).toMatchObject({
      category: 'ok',
      origin: 'notion',
      requestId: 'req-1',
      latencyMs: 3,
    });
  });

  it.each([
    ['request', 'request timeout'],
    ['deadline', 'run deadline'],
  ] as const)('a %s timeout is timeout from the client', (reason, words) => {
    const v = classifyOutcome({ kind: 'timeout', reason, latencyMs: 100 });
    expect(v).toMatchObject({ category: 'timeout', origin: 'client' });
    expect(v.message).toContain(words);
  });

  it.each([
    ['ECONNREFUSED', 'Connection refused'],
    ['ENOTFOUND', 'DNS lookup failed'],
    ['ECONNRESET', 'Connection reset'],
    ['EPIPE', 'Connection reset'],
    ['ERR_BODY_TRUNCATED', 'truncated body'],
    ['ERR_BODY_TOO_LARGE', 'larger than the monitor reads'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS failure'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS failure'],
    ['EHOSTUNREACH', 'Network error'],
  ])('%s is network', (code, words) => {
    const v = classifyOutcome({ kind: 'network', code, detail: '', latencyMs: 1 });
    expect(v).toMatchObject({ category: 'network', origin: 'client', code });
    expect(v.message).toContain(words);
  });

  it('a request Node refused to send is config', () => {
    expect(classifyOutcome({ kind: 'rejected', detail: 'invalid header', latencyMs: 0 })).toMatchObject({
      category: 'config',
      origin: 'client',
    });
  });
});
