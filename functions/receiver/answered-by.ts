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
 * Who generated the answer, on evidence that the front door wrote it itself; first match
 * wins. CloudFront stamps `x-amz-cf-id` and `via: ... cloudfront` on the origin's answers
 * too, and `x-amzn-requestid` comes with every answer of API Gateway (the integration's
 * passed through included) and of a Lambda function URL, so none of those alone proves the
 * front door refused: an answer passed through is the receiver's ({@link frontDoor} names
 * what it passed through).
 *
 * - `api_gateway`: `x-amzn-errortype` (a REST API's own error), or `apigw-requestid` with
 *   its `{"message": ...}` body (an HTTP API's own answer, such as its authorizer's
 *   `401 {"message":"Unauthorized"}`).
 * - `cloudfront`: `server: CloudFront` (its own error answers), `x-amzn-waf-action` behind
 *   CloudFront, or `x-cache: Error from cloudfront` with CloudFront's error page (titled
 *   "ERROR: The request could not be satisfied"); `x-cache` alone is also set on the
 *   origin's errors.
 * - `load_balancer`: `server: awselb/...`.
 */
export function answeredBy(headers: Headers, body = ''): Exclude<Answerer, 'nobody'> {
  if (headers['x-amzn-errortype']) return 'api_gateway';
  if (headers['apigw-requestid'] && jsonMessage(body) !== undefined) return 'api_gateway';
  if (cloudFrontWrote(headers, body)) return 'cloudfront';
  if (/^awselb\//i.test(headers.server ?? '')) return 'load_balancer';
  return 'receiver';
}

const CLOUDFRONT_ERROR_PAGE = /<title[^>]*>\s*ERROR: The request could not be satisfied/i;

function cloudFrontWrote(headers: Headers, body: string): boolean {
  if (/^cloudfront$/i.test(headers.server?.trim() ?? '')) return true;
  const behindCloudFront = Boolean(headers['x-amz-cf-id']) || /cloudfront/i.test(headers.via ?? '');
  if (behindCloudFront && headers['x-amzn-waf-action']) return true;
  return /^Error from cloudfront/i.test(headers['x-cache'] ?? '') && CLOUDFRONT_ERROR_PAGE.test(body);
}

/** What an answer the receiver wrote itself passed through, in words, or `undefined`. */
export function frontDoor(headers: Headers): string | undefined {
  const doors = [
    ...(headers['x-amz-cf-id'] || /cloudfront/i.test(headers.via ?? '') ? ['CloudFront'] : []),
    ...(headers['apigw-requestid'] || headers['x-amz-apigw-id'] ? ['API Gateway'] : []),
    ...(/^awselb\//i.test(headers.server ?? '') ? ['a load balancer'] : []),
  ];
  return doors.length === 0 ? undefined : doors.join(' and ');
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
  api_gateway: ['x-amzn-errortype', 'apigw-requestid', 'x-amz-apigw-id', 'x-amzn-requestid', 'x-amz-cf-id'],
  cloudfront: ['server', 'x-amzn-waf-action', 'x-cache', 'x-amz-cf-id', 'via'],
  load_balancer: ['server'],
  // What it passed through, so a reader sees the front door was not the one refusing.
  receiver: ['server', 'x-amz-cf-id', 'apigw-requestid', 'x-amzn-requestid'],
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
