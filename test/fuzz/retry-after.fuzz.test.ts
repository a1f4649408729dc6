import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from '../../functions/engine/retry-after.js';
import { anyString } from './arbitraries.js';

const MAX_TIME = 8.64e15;
const now = fc.integer({ min: -MAX_TIME, max: MAX_TIME });
/** Around today, where a real Retry-After lands. */
const realisticNow = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
/** Optional whitespace as RFC 9110 defines it: SP and HTAB. */
const ows = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 3 });

// The grammar, written out again here rather than imported: RFC 9110 §10.2.3 and §5.6.7.
const DELAY_SECONDS = /^[0-9]+$/;
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/;

function expectWellFormed(r: number | undefined): void {
  if (r === undefined) return;
  expect(Number.isSafeInteger(r)).toBe(true);
  expect(r).toBeGreaterThanOrEqual(0);
  expect(r).toBeLessThanOrEqual(MAX_RETRY_AFTER_SECONDS);
  expect(Object.is(r, -0)).toBe(false);
}

/** What RFC 9110 says the header means: whole seconds from now, never negative; then the ceiling. */
const secondsUntil = (at: number, from: number) =>
  Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil((at - from) / 1000)));

/** Dates `Date#toUTCString` writes as an IMF-fixdate (four-digit years). */
const httpDate = (min: string, max: string) =>
  fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true });

const anyValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  anyString({ maxLength: 60 }),
  fc.stringMatching(/^\s*[-+]?\d{1,40}(\.\d*)?(e\d+)?\s*$/),
  fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toUTCString())),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toString()),
  fc.string({ unit: fc.constantFrom('0', '9', ' ', ',', ':', 'GMT', 'Mon', 'Jan', '-', '+', '.', 'e') }),
);

describe('parseRetryAfter (property-based)', () => {
  it('never throws; undefined or a whole number of seconds from 0 to one day', () => {
    fc.assert(
      fc.property(anyValue, now, (v, n) => expectWellFormed(parseRetryAfter(v, n))),
      { numRuns: 5000 },
    );
  });

  it('reads only the two documented forms: anything else is unparsed', () => {
    fc.assert(
      fc.property(anyValue, now, (v, n) => {
        const r = parseRetryAfter(v, n);
        if (r === undefined) return;
        const field = (v ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
        expect(DELAY_SECONDS.test(field) || IMF_FIXDATE.test(field)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('maps delay-seconds (SP/HTAB around allowed) to its number, at most one day', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,40}$/), ows, ows, now, (digits, a, b, n) => {
        expect(parseRetryAfter(a + digits + b, n)).toBe(Math.min(Number(digits), MAX_RETRY_AFTER_SECONDS));
      }),
      { numRuns: 4000 },
    );
  });

  it('maps an IMF-fixdate (years 0001-9999) to the seconds until it, at most one day, within 1 s', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          httpDate('0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'),
          httpDate('1970-01-01', '2100-01-01'),
        ),
        fc.oneof(now, realisticNow),
        (date, n) => {
          const r = parseRetryAfter(date.toUTCString(), n);
          expect(r).toBeDefined();
          expect(Math.abs((r ?? Number.NaN) - secondsUntil(date.getTime(), n))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 4000, examples: [[new Date('0030-01-01T00:00:00Z'), Date.UTC(2026, 0, 1)]] },
    );
  });

  it('a date a little ahead of now is the exact wait; past dates are 0', () => {
    fc.assert(
      fc.property(
        realisticNow,
        fc.integer({ min: -MAX_RETRY_AFTER_SECONDS, max: MAX_RETRY_AFTER_SECONDS }),
        (n, s) => {
          const whole = Math.floor(n / 1000) * 1000; // an IMF-fixdate has whole seconds
          const header = new Date(whole + s * 1000).toUTCString();
          expect(parseRetryAfter(header, whole)).toBe(Math.max(0, s));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
