/**
 * Who answered a receiver's event, from the answer's headers, and the safe parts of the
 * answer that prove it (header values and a body's message or page title, masked with
 * every token of the run and cut). Pure.
 */
import { htmlTitle } from '../engine/html-title.js';
import { type Mask, outside, TEXT_LIMITS } from '../engine/text-limits.js';
import type { Answerer } from '../shared/receivers.js';

type Headers = Readonly<Record<string, string>>;

/**
 * First match wins: API Gateway behind CloudFront passes its own headers through, so an
 * answer with both is the gateway's; CloudFront's own answers (a WAF block) carry only its.
 */
export function answeredBy(headers: Headers): Exclude<Answerer, 'nobody'> {
  if (headers['x-amzn-errortype'] || headers['x-amz-apigw-id'] || headers['x-amzn-requestid'])
    return 'api_gateway';
  if (headers['x-amz-cf-id'] || /cloudfront/i.test(headers.via ?? '')) return 'cloudfront';
  if (/^awselb\//i.test(headers.server ?? '')) return 'load_balancer';
  return 'receiver';
}

/** The answerer in words. */
export function answererName(answerer: Answerer): string {
  const names: Readonly<Record<Answerer, string>> = {
    api_gateway: 'API Gateway',
    cloudfront: 'CloudFront',
    load_balancer: 'a load balancer',
    receiver: 'the receiver',
    nobody: 'nobody',
  };
  return names[answerer];
}

/** Headers that name who answered, quoted when present. */
const EVIDENCE: Readonly<Record<Exclude<Answerer, 'nobody'>, readonly string[]>> = {
  api_gateway: ['x-amzn-errortype', 'x-amz-apigw-id', 'x-amzn-requestid', 'x-amz-cf-id'],
  cloudfront: ['x-amz-cf-id', 'x-cache', 'via', 'server'],
  load_balancer: ['server'],
  receiver: ['server'],
};

/** `x-amzn-errortype: MissingAuthenticationTokenException, x-amz-cf-id: ...`, or `''`. */
export function headerEvidence(answerer: Exclude<Answerer, 'nobody'>, headers: Headers, mask: Mask): string {
  return EVIDENCE[answerer]
    .flatMap((name) => {
      const value = headers[name];
      return value ? [`${name}: ${outside(value, mask, TEXT_LIMITS.code)}`] : [];
    })
    .join(', ');
}

/**
 * What the body said: API Gateway's `{"message": "..."}`, an HTML page's title, or its
 * size and type; never the body itself (a receiver may echo anything).
 */
export function bodyEvidence(body: string, bodyBytes: number, headers: Headers, mask: Mask): string {
  if (bodyBytes === 0) return 'empty body';
  const title = htmlTitle(body, mask);
  if (title) return `HTML page "${title}"`;
  const message = jsonMessage(body);
  if (message !== undefined) return `body {"message":"${outside(message, mask, TEXT_LIMITS.title)}"}`;
  const type = headers['content-type']?.split(';')[0];
  return `${bodyBytes} bytes of ${type ? outside(type, mask, TEXT_LIMITS.code) : 'no content type'}`;
}

function jsonMessage(body: string): string | undefined {
  if (body.length > 4096) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const message =
      (parsed as Record<string, unknown>).message ?? (parsed as Record<string, unknown>).Message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
