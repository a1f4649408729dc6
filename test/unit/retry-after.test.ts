import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from '../../functions/engine/retry-after.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['30', 30],
    [' 7 ', 7],
    ['\t7', 7],
    ['0', 0],
    ['007', 7],
    ['2026', 2026], // delay-seconds, not a year: the grammar has no other reading
    ['Wed, 25 Nov 2026 12:01:30 GMT', 90],
    ['Wed, 25 Nov 2026 11:59:00 GMT', 0],
    ['Wed, 25 Nov 2026 12:00:00 GMT', 0],
    ['Wed, 25 Nov 2026 12:00:60 GMT', 60], // a leap second
    ['Sat, 01 Jan 2000 00:00:00 GMT', 0],
  ])('reads %j as %d seconds', (value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds);
  });

  it.each([
    ['99999999999', 'delay-seconds beyond a day'],
    ['99999999999999999999999', 'more digits than a safe integer'],
    ['Fri, 31 Dec 9999 23:59:59 GMT', 'the year 9999'],
    ['Fri, 27 Nov 2026 12:00:00 GMT', 'two days ahead'],
  ])('bounds %j (%s) by one day', (value) => {
    expect(parseRetryAfter(value, NOW)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(MAX_RETRY_AFTER_SECONDS).toBe(86_400);
  });

  it.each([
    [undefined],
    [null],
    [''],
    [' '],
    ['-5'],
    ['+5'],
    ['1.5'],
    ['1e3'],
    ['5s'],
    ['0x10'],
    ['٣'], // a digit, but not an ASCII one
    ['\u00A05'], // no-break space is not optional whitespace
    ['soon'],
    ['a 1'],
    ['12 Dec'],
    ['2026-11-25T12:01:30Z'],
    ['Wed, 25 Nov 2026'],
    ['wed, 25 nov 2026 12:01:30 gmt'],
    ['Wed, 25 Nov 2026 12:01:30 UTC'],
    ['Wed, 25 Nov 2026 12:01:30 +0000'],
    ['Wed,  25 Nov 2026 12:01:30 GMT'],
    ['Wed, 5 Nov 2026 12:01:30 GMT'],
    ['Wed, 31 Feb 2026 12:01:30 GMT'],
    ['Wed, 25 Nov 2026 24:00:00 GMT'],
    ['Wed, 25 Nov 2026 12:60:00 GMT'],
    ['Wed, 25 Nov 26 12:01:30 GMT'],
    ['Wednesday, 25-Nov-26 12:01:30 GMT'], // RFC 850, obsolete
    ['Wed Nov 25 12:01:30 2026'], // asctime, obsolete
  ])('reports %j as unparsed', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});
