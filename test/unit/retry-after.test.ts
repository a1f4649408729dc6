import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../functions/engine/retry-after.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['30', 30],
    [' 7 ', 7],
    ['0', 0],
    ['Wed, 25 Nov 2026 12:01:30 GMT', 90],
    ['Wed, 25 Nov 2026 11:59:00 GMT', 0],
  ])('reads %j as %d seconds', (value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds);
  });

  it.each([[undefined], [null], [''], ['-5'], ['1.5'], ['soon'], ['99999999999999999999999']])(
    'ignores %j',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );
});
