import { describe, expect, it } from 'vitest';
import type { RequestOutcome } from '../../functions/engine/outcome.js';
import { createRedactor } from '../../functions/engine/redact.js';
import { answeredBy } from '../../functions/receiver/answered-by.js';
import { classifyReceiverOutcome } from '../../functions/receiver/classify-receiver.js';
import { REASON_CATEGORY } from '../../functions/shared/reasons.js';

const answer = (status: number, headers: Record<string, string> = {}, body = ''): RequestOutcome => ({
  kind: 'answer',
  status,
  headers,
  body,
  bodyBytes: Buffer.byteLength(body),
  latencyMs: 12,
});
const none = (text: string) => text;

const CF_PAGE =
  '<!DOCTYPE HTML><html><head><title>ERROR: The request could not be satisfied</title></head><body>403 ERROR</body></html>';
const CF_STAMPS = { 'x-amz-cf-id': 'cf1', via: '1.1 abc.cloudfront.net (CloudFront)' };

describe('answeredBy: a front door only when it wrote the answer itself', () => {
  it.each([
    [{ 'x-amzn-errortype': 'UnauthorizedException' }, '', 'api_gateway'],
    // An HTTP API's own answer (its authorizer's 401): apigw-requestid with its {"message"} body.
    [{ 'apigw-requestid': 'Mc7UVioPPHcEKPA=' }, '{"message":"Unauthorized"}', 'api_gateway'],
    // The same header on the integration's answer, passed through.
    [{ 'apigw-requestid': 'Mc7UVioPPHcEKPA=' }, '{"error":"invalid signature"}', 'receiver'],
    // A REST API or a Lambda function URL passing the function's answer through.
    [{ 'x-amz-apigw-id': 'abc=' }, '', 'receiver'],
    [{ 'x-amzn-requestid': 'r-1' }, '', 'receiver'],
    [{ 'x-amzn-requestid': 'r-1', 'x-amz-cf-id': 'cf' }, '', 'receiver'],
    // CloudFront's own answers.
    [{ ...CF_STAMPS, server: 'CloudFront' }, '', 'cloudfront'],
    [{ ...CF_STAMPS, 'x-cache': 'Error from cloudfront' }, CF_PAGE, 'cloudfront'],
    [{ ...CF_STAMPS, 'x-amzn-waf-action': 'captcha' }, '', 'cloudfront'],
    // CloudFront stamps the origin's answers too, x-cache "Error from cloudfront" on its errors.
    [CF_STAMPS, '', 'receiver'],
    [{ ...CF_STAMPS, 'x-cache': 'Error from cloudfront', server: 'nginx' }, '{"error":"bad"}', 'receiver'],
    [{ server: 'awselb/2.0' }, '', 'load_balancer'],
    [{ server: 'nginx' }, '', 'receiver'],
    [{}, '', 'receiver'],
  ] as const)('%j %s is %s', (headers, body, who) => {
    expect(answeredBy(headers, body)).toBe(who);
  });
});

describe('who refused, for the common AWS set-ups', () => {
  it.each([
    [
      "the origin's own 401 behind CloudFront",
      answer(
        401,
        { ...CF_STAMPS, 'x-cache': 'Error from cloudfront', server: 'nginx' },
        '{"error":"invalid signature"}',
      ),
      'signature_rejected',
      'receiver',
      '401 from the receiver, passed through CloudFront',
    ],
    [
      "a Lambda function URL's own 401 (x-amzn-requestid only)",
      answer(401, { 'x-amzn-requestid': 'r-1' }, '{"error":"invalid signature"}'),
      'signature_rejected',
      'receiver',
      '401 from the receiver (',
    ],
    [
      "an HTTP API authorizer's 401",
      answer(401, { 'apigw-requestid': 'Mc7UVioPPHcEKPA=' }, '{"message":"Unauthorized"}'),
      'gateway_missing_auth',
      'api_gateway',
      '401 from API Gateway (apigw-requestid: Mc7UVioPPHcEKPA=; body {"message":"Unauthorized"})',
    ],
    [
      "a REST API passing the function's 403 through",
      answer(403, { 'x-amzn-requestid': 'r-1', 'x-amz-apigw-id': 'abc=' }, '{"error":"no"}'),
      'signature_rejected',
      'receiver',
      '403 from the receiver, passed through API Gateway',
    ],
    [
      'a CloudFront WAF block',
      answer(403, { ...CF_STAMPS, server: 'CloudFront', 'x-cache': 'Error from cloudfront' }, CF_PAGE),
      'waf_block',
      'cloudfront',
      '403 from CloudFront (server: CloudFront',
    ],
  ] as const)('%s', (_, outcome, reason, who, said) => {
    const verdict = classifyReceiverOutcome('signed_event', outcome, none);
    expect([verdict.category, verdict.reason, verdict.answeredBy]).toEqual([
      'receiver_rejected',
      reason,
      who,
    ]);
    expect(verdict.message).toContain(said);
  });
});

describe('classifyReceiverOutcome', () => {
  it.each([
    ['signed_event', answer(204), 'ok', undefined],
    [
      'signed_event',
      answer(401, { 'x-amzn-errortype': 'MissingAuthenticationTokenException' }),
      'receiver_rejected',
      'gateway_missing_auth',
    ],
    ['signed_event', answer(403, { 'x-amzn-requestid': 'r-1' }), 'receiver_rejected', 'signature_rejected'],
    ['signed_event', answer(403, { 'x-amz-cf-id': 'cf' }), 'receiver_rejected', 'signature_rejected'],
    ['signed_event', answer(403, { server: 'CloudFront' }), 'receiver_rejected', 'waf_block'],
    ['signed_event', answer(403, { 'x-amzn-waf-action': 'block' }), 'receiver_rejected', 'waf_block'],
    ['signed_event', answer(401, { server: 'awselb/2.0' }), 'receiver_rejected', 'load_balancer_rejected'],
    ['signed_event', answer(401), 'receiver_rejected', 'signature_rejected'],
    ['signed_event', answer(407), 'receiver_rejected', 'receiver_proxy_auth'],
    ['signed_event', answer(404), 'receiver_rejected', 'receiver_route_missing'],
    ['signed_event', answer(413), 'receiver_rejected', 'receiver_4xx'],
    ['signed_event', answer(408), 'timeout', 'receiver_timeout'],
    [
      'signed_event',
      answer(302, { location: 'https://elsewhere.example/' }),
      'receiver_rejected',
      'receiver_redirected',
    ],
    // A permanent redirect is a property of the URL: rejected on one run, never transient.
    [
      'signed_event',
      answer(308, { location: 'https://elsewhere.example/' }),
      'receiver_rejected',
      'receiver_redirected',
    ],
    ['signed_event', answer(503), 'receiver_error', 'receiver_5xx'],
    // AWS WAF Challenge (202) and CAPTCHA (405) interstitials: WAF blocked it; Notion cannot solve them.
    ['signed_event', answer(202, { 'x-amzn-waf-action': 'challenge' }), 'receiver_rejected', 'waf_block'],
    ['signed_event', answer(405, { 'x-amzn-waf-action': 'captcha' }), 'receiver_rejected', 'waf_block'],
    ['forged_event', answer(202, { 'x-amzn-waf-action': 'challenge' }), 'ok', undefined],
    ['forged_event', answer(200), 'receiver_insecure', 'forged_accepted'],
    ['forged_event', answer(401), 'ok', undefined],
    ['forged_event', answer(400), 'ok', undefined],
    ['signed_event', { kind: 'timeout', reason: 'deadline', latencyMs: 0 }, 'timeout', 'run_deadline'],
    [
      'signed_event',
      { kind: 'network', code: 'ENOTFOUND', detail: 'x', latencyMs: 3 },
      'network',
      'dns_failure',
    ],
    [
      'signed_event',
      { kind: 'network', code: 'CERT_HAS_EXPIRED', detail: 'x', latencyMs: 3 },
      'network',
      'tls_failure',
    ],
    [
      'signed_event',
      { kind: 'rejected', detail: 'bad header', latencyMs: 0 },
      'config',
      'receiver_request_not_sent',
    ],
  ] as const)('%s %j: %s %s', (event, outcome, category, reason) => {
    const verdict = classifyReceiverOutcome(event, outcome, none);
    expect(verdict.category).toBe(category);
    expect(verdict.reason).toBe(reason);
    if (reason !== undefined) expect(REASON_CATEGORY[reason]).toBe(category);
  });

  it('quotes the proof, masked with every token of the run (the verification token included)', () => {
    const token = 'vtokQm7Zr2Lx9PwT4bNc8HdJ3fYs6GaE1uKo5iVx0rWz';
    const mask = createRedactor([token]).text;
    const verdict = classifyReceiverOutcome(
      'signed_event',
      answer(
        401,
        { 'x-amzn-errortype': `Unauthorized ${token}`, 'x-amzn-requestid': 'req-7' },
        JSON.stringify({ message: `bad key ${token}` }),
      ),
      mask,
    );
    expect(verdict.message).toContain('401 from API Gateway');
    expect(verdict.message).toContain('x-amzn-requestid: req-7');
    expect(verdict.message).toContain('body {"message":"bad key');
    expect(verdict.message).not.toContain(token.slice(8, 16));
  });

  it('names an HTML page by its title, never its body', () => {
    const verdict = classifyReceiverOutcome(
      'signed_event',
      answer(
        403,
        { 'x-amz-cf-id': 'cf1' },
        '<html><head><title>Request blocked</title></head><body>secret stuff</body></html>',
      ),
      none,
    );
    expect(verdict.message).toContain('HTML page "Request blocked"');
    expect(verdict.message).not.toContain('secret stuff');
  });
});
