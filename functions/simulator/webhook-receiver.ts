/**
 * A loopback stand-in for a team's webhook receiver and what may sit in front of it (an API
 * Gateway authorizer, a CloudFront WAF rule, a body-rewriting proxy), for the demo and the
 * tests. It verifies `X-Notion-Signature` on node:crypto (HMAC-SHA256 of the raw body, keyed
 * with its verification token, compared in constant time) and records every request's raw
 * bytes, so a test can check the probe signed exactly what it sent. Never imported by the handler.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../shared/categories.js';
import { LoopbackServer } from './loopback-server.js';

/** How the stand-in answers. */
export type ReceiverBehaviour =
  /** Verifies the signature: 200 when it matches, 401 when not. What every receiver should do. */
  | 'verifies'
  /** API Gateway with an authorizer: `401 {"message":"Unauthorized"}` and `x-amzn-errortype`, before any code runs. */
  | 'gateway_401'
  /** A CloudFront WAF rule: `403` and CloudFront's HTML error page. */
  | 'waf_403'
  /** A proxy that parses the JSON and writes it again (indented) before the receiver verifies it. */
  | 'reserialising_proxy'
  /** `500` to everything. */
  | 'error_500'
  /** Never answers; {@link WebhookReceiver.close} drops the connection. */
  | 'hang'
  /** Checks only that a `sha256=` signature is there: a forged one passes. */
  | 'accepts_forged'
  /** `200` to everything, signed or not. */
  | 'accepts_all'
  /** Refuses with its verification token in a header and in the body (a debugging receiver): what the report quotes must be masked. */
  | 'echoes_token';

/** One request as the stand-in received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body's exact bytes. */
  readonly body: Buffer;
}

/** `sha256=<hex>` as a receiver computes it to compare. */
export function expectedSignature(body: Buffer, verificationToken: string): string {
  return `sha256=${createHmac('sha256', verificationToken).update(body).digest('hex')}`;
}

function signatureMatches(req: IncomingMessage, body: Buffer, token: string): boolean {
  const given = Buffer.from(String(req.headers['x-notion-signature'] ?? ''));
  const wanted = Buffer.from(expectedSignature(body, token));
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export class WebhookReceiver {
  private readonly server: LoopbackServer;
  private readonly received: ReceivedRequest[] = [];

  constructor(
    private readonly behaviour: ReceiverBehaviour,
    private readonly verificationToken: string,
  ) {
    this.server = new LoopbackServer('WebhookReceiver', (req, res) => this.handle(req, res));
  }

  /** Starts listening; resolves to its URL, `http://127.0.0.1:<port>/notion`. */
  async start(): Promise<string> {
    return `${await this.server.start()}/notion`;
  }

  get url(): string {
    return `${this.server.url}/notion`;
  }

  /** Every request received, in order. */
  get requests(): readonly ReceivedRequest[] {
    return this.received;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      this.answer(req, res, body);
    });
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const token = this.verificationToken;
    switch (this.behaviour) {
      case 'verifies':
        reply(res, signatureMatches(req, body, token));
        return;
      case 'gateway_401':
        res.writeHead(401, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'UnauthorizedException',
          'x-amzn-requestid': 'f1e2d3c4-0000-4000-8000-00000000abcd',
          'x-amz-apigw-id': 'Kq9ZtHxYoAMFabc=',
        });
        res.end('{"message":"Unauthorized"}');
        return;
      case 'waf_403':
        res.writeHead(403, {
          'content-type': 'text/html',
          server: 'CloudFront',
          'x-cache': 'Error from cloudfront',
          via: '1.1 5f0c0b6d.cloudfront.net (CloudFront)',
          'x-amz-cf-id': 'q7Zx3bJmT0a9wYcVnR2kLp4sHdGfE1uIoPaSd6FgHjKlZxCvBnM8Qw==',
        });
        res.end(
          '<!DOCTYPE HTML><html><head><title>ERROR: The request could not be satisfied</title></head><body><h1>403 ERROR</h1>Request blocked.</body></html>',
        );
        return;
      case 'reserialising_proxy': {
        const rewritten = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
        reply(res, signatureMatches(req, rewritten, token));
        return;
      }
      case 'error_500':
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error');
        return;
      case 'hang':
        return;
      case 'accepts_forged':
        reply(res, String(req.headers['x-notion-signature'] ?? '').startsWith('sha256='));
        return;
      case 'accepts_all':
        reply(res, true);
        return;
      case 'echoes_token':
        res.writeHead(401, { 'content-type': 'application/json', 'x-expected-key': token });
        res.end(JSON.stringify({ message: `signature does not match key ${token}` }));
        return;
      default:
        assertNever(this.behaviour);
    }
  }
}

/** 200 `ok` when accepted, 401 `invalid signature` when not. */
function reply(res: ServerResponse, accepted: boolean): void {
  if (accepted) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end('{"error":"invalid signature"}');
}

/** Starts a stand-in; resolves once it listens. */
export async function startWebhookReceiver(
  behaviour: ReceiverBehaviour,
  verificationToken: string,
): Promise<WebhookReceiver> {
  const receiver = new WebhookReceiver(behaviour, verificationToken);
  await receiver.start();
  return receiver;
}
