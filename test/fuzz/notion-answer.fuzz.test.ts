import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type NotionErrorBody,
  originOf,
  parseNotionErrorBody,
} from '../../functions/engine/notion-answer.js';
import { anyString } from './arbitraries.js';

function expectWellFormed(r: NotionErrorBody | undefined): void {
  if (r === undefined) return;
  expect(typeof r.code).toBe('string');
  expect(typeof r.message).toBe('string');
  if ('requestId' in r) expect(typeof r.requestId).toBe('string');
  if ('rateLimitReason' in r) expect(typeof r.rateLimitReason).toBe('string');
  for (const k of Object.keys(r)) expect(['code', 'message', 'requestId', 'rateLimitReason']).toContain(k);
}

/** A Notion error body from arbitrary field values, and what the parser must read from it. */
const errorBody = fc
  .record(
    {
      code: anyString({ maxLength: 40 }),
      message: anyString({ maxLength: 200 }),
      request_id: fc.oneof(fc.uuid(), anyString({ maxLength: 40 })),
      rate_limit_reason: anyString({ maxLength: 40 }),
      status: fc.integer({ min: 100, max: 599 }),
      extra: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    },
    { requiredKeys: ['code', 'status', 'extra'] },
  )
  .map(({ code, message, request_id, rate_limit_reason, status, extra }) => {
    const RESERVED = ['object', 'status', 'code', 'message', 'request_id', 'additional_data'];
    const body: Record<string, unknown> = {
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => !RESERVED.includes(k))),
      object: 'error',
      status,
      code,
      ...(message !== undefined ? { message } : {}),
      ...(request_id !== undefined ? { request_id } : {}),
      ...(rate_limit_reason !== undefined ? { additional_data: { rate_limit_reason } } : {}),
    };
    const expected: NotionErrorBody = {
      code,
      message: message ?? '',
      ...(request_id !== undefined ? { requestId: request_id } : {}),
      ...(rate_limit_reason !== undefined ? { rateLimitReason: rate_limit_reason } : {}),
    };
    return { body, expected };
  });

/** Anything that might arrive as an error body: text, JSON of any shape, error bodies cut short. */
const anyBody = fc.oneof(
  anyString({ maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
  fc.tuple(errorBody, fc.nat()).map(([{ body }, at]) => {
    const text = JSON.stringify(body);
    return text.slice(0, at % (text.length + 1));
  }),
  fc
    .tuple(
      errorBody,
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('code', 'message', 'request_id', 'object'),
    )
    .map(([{ body }, v, key]) => JSON.stringify({ ...body, [key]: v })),
  fc
    .tuple(errorBody, fc.jsonValue({ maxDepth: 2 }))
    .map(([{ body }, v]) => JSON.stringify({ ...body, additional_data: v })),
);

describe('parseNotionErrorBody (property-based)', () => {
  it('never throws and returns undefined or { code: string, message: string, ... }', () => {
    fc.assert(
      fc.property(anyBody, (body) => expectWellFormed(parseNotionErrorBody(body))),
      { numRuns: 3000 },
    );
  });

  it('never throws for huge strings (up to ~100 KB and past the 1 MB cut-off)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 10_000, maxLength: 30_000 }),
          fc
            .tuple(anyBody, fc.integer({ min: 1, max: 100_000 }))
            .map(([b, n]) => b.repeat(Math.ceil(n / Math.max(1, b.length))).slice(0, 100_000)),
          fc
            .tuple(errorBody, fc.integer({ min: 10_000, max: 1_100_000 }))
            .map(([{ body }, n]) => JSON.stringify({ ...body, message: 'm'.repeat(n) })),
          fc.integer({ min: 1, max: 20_000 }).map((n) => '['.repeat(n)),
        ),
        (body) => expectWellFormed(parseNotionErrorBody(body)),
      ),
      { numRuns: 60 },
    );
  });

  it('round-trips a well-formed error body built from arbitrary fields', () => {
    fc.assert(
      fc.property(errorBody, ({ body, expected }) => {
        expect(parseNotionErrorBody(JSON.stringify(body))).toStrictEqual(expected);
        // Pretty-printed is the same body.
        expect(parseNotionErrorBody(JSON.stringify(body, null, 2))).toStrictEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('is undefined unless the body is a JSON object with object "error" and a string code', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        const isError =
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          (v as Record<string, unknown>).object === 'error' &&
          typeof (v as Record<string, unknown>).code === 'string';
        const r = parseNotionErrorBody(JSON.stringify(v));
        expect(r !== undefined).toBe(isError);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('originOf (property-based)', () => {
  const headerValue = fc.option(fc.oneof(fc.constant(''), anyString({ maxLength: 30 })), { nil: undefined });
  it('is notion iff x-notion-request-id is non-empty, else edge iff cf-ray is non-empty', () => {
    fc.assert(
      fc.property(
        headerValue,
        headerValue,
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
        (requestId, cfRay, others) => {
          const headers = new Map(Object.entries(others));
          headers.delete('x-notion-request-id');
          headers.delete('cf-ray');
          if (requestId !== undefined) headers.set('x-notion-request-id', requestId);
          if (cfRay !== undefined) headers.set('cf-ray', cfRay);
          const origin = originOf((n) => headers.get(n));
          const expected = requestId ? 'notion' : cfRay ? 'edge' : 'intermediary';
          expect(origin).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
