import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, MASK } from '../../functions/engine/redact.js';
import { leaksOf } from '../support/leak-oracle.js';
import { anyString, ntnToken } from './arbitraries.js';

/** Characters of the mask mixed with ordinary ones, so secrets and text can overlap the mask. */
const maskish = (constraints: { minLength?: number; maxLength: number }) =>
  fc.string({ ...constraints, unit: fc.constantFrom('[', ']', 'R', 'E', 'D', 'A', 'C', 'T', 'x', ' ', '"') });

const secret = fc
  .oneof(
    ntnToken,
    anyString({ minLength: 8, maxLength: 40 }),
    maskish({ minLength: 8, maxLength: 16 }),
    // A piece of the mask repeated, with a character or two around it (a fuzzing dictionary).
    fc
      .tuple(
        fc.nat({ max: 9 }),
        fc.integer({ min: 4, max: 20 }),
        maskish({ maxLength: 2 }),
        maskish({ maxLength: 2 }),
      )
      .map(([at, n, a, b]) => a + MASK.repeat(3).slice(at, at + n) + b),
    fc
      .tuple(fc.constantFrom('Bearer ', ' ', '"', '\n'), ntnToken, fc.constantFrom('', '\n', '"', ' '))
      .map((p) => p.join('')),
  )
  .filter((s) => s.length >= 8);

const surrounding = fc.oneof(anyString({ maxLength: 40 }), maskish({ maxLength: 12 }));

/** Text with each secret occurring at least once (sometimes several times, or overlapping itself). */
const textAround = (secrets: readonly string[]) =>
  fc
    .array(fc.tuple(surrounding, fc.constantFrom(...secrets)), { minLength: 1, maxLength: 6 })
    .chain((parts) =>
      surrounding.map((tail) => `${parts.map(([a, s]) => a + s).join('')}${tail}${secrets.join('')}`),
    );

/** The ways a gateway, proxy or log line echoes a token: cut, shortened, encoded, re-cased. */
const echo = (token: string) =>
  fc
    .tuple(
      fc.constantFrom<(t: string) => string>(
        (t) => t,
        (t) => t.toUpperCase(),
        (t) => t.toLowerCase(),
        (t) => Buffer.from(t).toString('base64'),
        (t) => Buffer.from(`Bearer ${t}`).toString('base64'),
        (t) => Buffer.from(`x:${t}`).toString('base64url'),
        (t) => Buffer.from(t).toString('hex'),
        (t) => Buffer.from(t).toString('hex').toUpperCase(),
        (t) => Buffer.from(t).toString('hex').replace(/(..)/g, '%$1'),
        (t) => encodeURIComponent(t),
      ),
      fc.nat(),
      fc.integer({ min: 8, max: 200 }),
    )
    .map(([encode, from, length]) => {
      const e = encode(token);
      const start = from % Math.max(1, e.length - 8);
      return e.slice(start, start + length);
    });

describe('createRedactor (property-based)', () => {
  it('no 8 consecutive characters of a 16+ token, or of any encoded form, survive', () => {
    fc.assert(
      fc.property(
        fc.array(ntnToken, { minLength: 1, maxLength: 4 }).chain((tokens) =>
          fc
            .array(fc.tuple(surrounding, fc.constantFrom(...tokens).chain(echo)), {
              minLength: 1,
              maxLength: 5,
            })
            .map((parts) => ({ tokens, text: parts.map(([a, e]) => a + e).join('') })),
        ),
        ({ tokens, text }) => {
          const out = createRedactor(tokens).text(text);
          expect(leaksOf(tokens, out)).toEqual([]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('output never contains any secret of 8+ chars whole (any secret at all)', () => {
    fc.assert(
      fc.property(
        fc
          .array(secret, { minLength: 1, maxLength: 3 })
          .chain((secrets) => textAround(secrets).map((text) => ({ secrets, text }))),
        ({ secrets, text }) => {
          const out = createRedactor(secrets).text(text);
          for (const s of secrets) expect(out).not.toContain(s);
          expect(leaksOf(secrets, out)).toEqual([]);
        },
      ),
      { numRuns: 3000, examples: [[{ secrets: ['[REDACTE'], text: '[REDACTE' }]] },
    );
  });

  it('text that shares no 8-character run with any form of a token comes back unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(ntnToken, { minLength: 1, maxLength: 3 }),
        anyString({ maxLength: 120 }),
        (tokens, text) => {
          fc.pre(leaksOf(tokens, text.toLowerCase()).length === 0 && leaksOf(tokens, text).length === 0);
          expect(createRedactor(tokens).text(text)).toBe(text);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
