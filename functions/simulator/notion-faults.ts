/**
 * Fault injection: the rules that pick a fault for a request, and what each fault does to
 * the answer (errors, proxies, stalls, resets, truncated, trickling or huge bodies).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../shared/categories.js';
import { notionHeaders, sampleUserBody, sendError, sendHtml } from './notion-responses.js';
import type { FaultRule, SimulatedFault } from './notion-types.js';

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

/** The rules in insertion order, each with what is left of its `times`. */
export class FaultRules {
  private readonly rules: ActiveRule[] = [];

  /** Appends a rule; it is tried after every rule added before it. */
  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** The first rule matching the request, used up once; `undefined` when none matches. */
  take(token: string | undefined, path: string): SimulatedFault | undefined {
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
}

/** What a fault needs from the server around it. */
export interface FaultContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Runs `fn` after `ms` unless the response closes first (the client gave up) or the simulator closes. */
  readonly after: (ms: number, fn: () => void) => void;
  readonly isClosed: () => boolean;
  /** Answers as Notion would, with no fault. */
  readonly answer: () => void;
}

/** Answers the request the way `fault` says. */
export function respondWithFault(ctx: FaultContext, fault: SimulatedFault): void {
  const requestId = randomUUID();
  switch (fault.type) {
    case 'delay':
      ctx.after(fault.ms, ctx.answer);
      return;
    case 'hang':
      return;
    case 'reset':
      ctx.req.socket.destroy();
      return;
    case 'error':
      sendError(ctx.res, requestId, fault, fault.headers);
      return;
    case 'rate_limited':
      rateLimited(ctx.res, requestId, fault);
      return;
    case 'html':
      sendHtml(ctx.res, fault.status, fault.edge ?? false, fault.body);
      return;
    case 'raw':
      raw(ctx.res, fault);
      return;
    case 'reset_mid_body':
      resetMidBody(ctx.res, requestId);
      return;
    case 'truncated':
      truncated(ctx.res, requestId);
      return;
    case 'trickle':
      trickle(ctx, requestId, fault.intervalMs, fault.chunks ?? 10);
      return;
    case 'huge':
      huge(ctx, requestId, fault.bytes);
      return;
    default:
      assertNever(fault);
  }
}

type FaultOf<T extends SimulatedFault['type']> = Extract<SimulatedFault, { type: T }>;

function rateLimited(res: ServerResponse, requestId: string, fault: FaultOf<'rate_limited'>): void {
  const status = fault.status ?? 429;
  const overloaded = status === 529;
  sendError(
    res,
    requestId,
    {
      status,
      code: overloaded ? 'service_overload' : 'rate_limited',
      message: overloaded ? 'Notion is currently overloaded. Please try again later.' : undefined,
      additionalData: { rate_limit_reason: fault.reason ?? 'public_api_request_rate_limit' },
    },
    { 'retry-after': fault.retryAfter ?? '1' },
  );
}

function raw(res: ServerResponse, fault: FaultOf<'raw'>): void {
  // setHeader rather than writeHead lets Node frame the body with content-length
  // (not chunked) when the rule gives none, as most real servers would.
  res.sendDate = false;
  res.statusCode = fault.status;
  for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
  res.end(fault.body);
}

function resetMidBody(res: ServerResponse, requestId: string): void {
  const body = sampleUserBody(requestId);
  res.writeHead(200, { ...notionHeaders(requestId), 'content-length': Buffer.byteLength(body) });
  // Wait for the partial body to reach the kernel, or the reset could swallow it.
  res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
}

function truncated(res: ServerResponse, requestId: string): void {
  const body = sampleUserBody(requestId);
  res.writeHead(200, {
    ...notionHeaders(requestId),
    'content-length': Buffer.byteLength(body) + 64,
    // Makes Node end the socket after this response instead of keeping it alive.
    connection: 'close',
  });
  res.end(body);
}

function trickle(ctx: FaultContext, requestId: string, intervalMs: number, chunks: number): void {
  const { res } = ctx;
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
      ctx.after(intervalMs, next);
    }
  };
  ctx.after(intervalMs, next);
}

function huge(ctx: FaultContext, requestId: string, bytes: number): void {
  const { res } = ctx;
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
      if (res.destroyed || ctx.isClosed()) return;
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
