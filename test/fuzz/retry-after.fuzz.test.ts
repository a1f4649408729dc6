import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../functions/engine/retry-after.js';
import { anyString, whitespace } from './arbitraries.js';

const MAX_TIME = 8.64e15;
const now = fc.integer({ min: -MAX_TIME, max: MAX_TIME });
/** Around today, where a real Retry-After lands. */
const realisticNow = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
const optionalSpace = fc.oneof(fc.constant(''), whitespace);

function expectWellFormed(r: number | undefined): void {
  if (r === undefined) return;
  expect(Number.isSafeInteger(r)).toBe(true);
  expect(r).toBeGreaterThanOrEqual(0);
  expect(Object.is(r, -0)).toBe(false);
}

/** What RFC 9110 says the header means: whole seconds from now, never negative. */
const secondsUntil = (at: number, from: number) => Math.max(0, Math.ceil((at - from) / 1000));

/** An IMF-fixdate as `Date#toUTCString` writes it. */
const httpDate = (min: string, max: string) =>
  fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true });

describe('parseRetryAfter (property-based)', () => {
  it('never throws; undefined or a non-negative safe integer', () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      anyString({ maxLength: 60 }),
      fc.stringMatching(/^\s*-?\d{1,40}(\.\d*)?(e\d+)?\s*$/),
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toUTCString())),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ unit: fc.constantFrom('0', '9', ' ', ',', ':', 'GMT', 'Mon', 'Jan', '-', '+', '.', 'e') }),
    );
    fc.assert(
      fc.property(value, now, (v, n) => expectWellFormed(parseRetryAfter(v, n))),
      { numRuns: 5000 },
    );
  });

  it('maps a digit string of up to 15 digits (whitespace around allowed) to its number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}$/), optionalSpace, optionalSpace, now, (digits, a, b, n) => {
        expect(parseRetryAfter(a + digits + b, n)).toBe(Number(digits));
      }),
      { numRuns: 4000 },
    );
  });

  it('maps any digit string to its number when that is a safe integer, else undefined', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,40}$/), now, (digits, n) => {
        const x = Number(digits);
        expect(parseRetryAfter(digits, n)).toBe(Number.isSafeInteger(x) ? x : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('maps an HTTP date (year 0100 onwards) to the seconds until it, within 1 s', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          httpDate('0100-01-01T00:00:00Z', '9999-12-31T23:59:59Z'),
          httpDate('1970-01-01', '2100-01-01'),
        ),
        fc.oneof(now, realisticNow),
        (date, n) => {
          const r = parseRetryAfter(date.toUTCString(), n);
          expect(r).toBeDefined();
          expect(Math.abs((r ?? Number.NaN) - secondsUntil(date.getTime(), n))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('maps any HTTP date with a four-digit year (0001-9999) to the seconds until it, within 1 s', () => {
    fc.assert(
      fc.property(
        httpDate('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'),
        fc.oneof(now, realisticNow),
        (date, n) => {
          const r = parseRetryAfter(date.toUTCString(), n);
          expect(r).toBeDefined();
          expect(Math.abs((r ?? Number.NaN) - secondsUntil(date.getTime(), n))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 2000, examples: [[new Date('0030-01-01T00:00:00Z'), Date.UTC(2026, 0, 1)]] },
    );
  });
});
