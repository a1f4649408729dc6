import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../functions/engine/redact.js';
import { anyString, ntnToken } from './arbitraries.js';

const MASK = '[REDACTED]';

/** Characters of the mask mixed with ordinary ones, so secrets and text can overlap the mask. */
const maskish = (constraints: { minLength?: number; maxLength: number }) =>
  fc.string({ ...constraints, unit: fc.constantFrom('[', ']', 'R', 'E', 'D', 'A', 'C', 'T', 'x', ' ', '"') });

/**
 * A secret that shares nothing with the mask: no bracket (so it cannot straddle a mask's
 * edge) and not `REDACTED` itself (the only bracket-free piece of the mask of 8+ chars).
 */
const independentOfMask = (s: string) => !s.includes('[') && !s.includes(']') && !MASK.includes(s);

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

describe('createRedactor (property-based)', () => {
  it('output never contains any secret of 8+ chars (secrets independent of the mask)', () => {
    fc.assert(
      fc.property(
        fc
          .array(secret.filter(independentOfMask), { minLength: 1, maxLength: 3 })
          .chain((secrets) => textAround(secrets).map((text) => ({ secrets, text }))),
        ({ secrets, text }) => {
          const out = createRedactor(secrets).text(text);
          for (const s of secrets) expect(out).not.toContain(s);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('text without any secret comes back unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        anyString({ maxLength: 80 }),
        (secrets, text) => {
          const needles = secrets
            .flatMap((s) => [s, s.trim(), ...s.split(/[\s"'`]+/u)])
            .filter((n) => n.length >= 8);
          fc.pre(needles.every((n) => !text.includes(n)));
          expect(createRedactor(secrets).text(text)).toBe(text);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('output never contains any secret of 8+ chars (any secret at all)', () => {
    fc.assert(
      fc.property(
        fc
          .array(secret, { minLength: 1, maxLength: 3 })
          .chain((secrets) => textAround(secrets).map((text) => ({ secrets, text }))),
        ({ secrets, text }) => {
          const out = createRedactor(secrets).text(text);
          for (const s of secrets) expect(out).not.toContain(s);
        },
      ),
      { numRuns: 3000, examples: [[{ secrets: ['[REDACTE'], text: '[REDACTE' }]] },
    );
  });
});
