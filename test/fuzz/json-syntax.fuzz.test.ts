import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, JSON_SYNTAX_REASONS } from '../../functions/config/json-syntax.js';
import { anyString } from './arbitraries.js';

/** Pieces of JSON and of its usual mistakes, to build texts near the grammar's edges. */
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  'u',
  '0',
  '1',
  '-',
  '.',
  'e',
  '+',
  't',
  'n',
  'l',
  ' ',
];
const MORE = ['\n', '\r\n', '\t', '\x01', 'x', '"a"', 'true', 'null', '12', '-0.5e3', '\\u00', "'"];

const nearJson = fc.oneof(
  fc.array(fc.constantFrom(...PIECES, ...MORE), { maxLength: 24 }).map((a) => a.join('')),
  // A valid document with one character inserted, replaced or deleted.
  fc
    .tuple(
      fc.jsonValue(),
      fc.constantFrom(0, 2),
      fc.nat(),
      fc.constantFrom(...PIECES, ...MORE, ''),
      fc.boolean(),
    )
    .map(([value, indent, at, piece, replace]) => {
      const text = JSON.stringify(value, null, indent);
      const i = at % (text.length + 1);
      return text.slice(0, i) + piece + text.slice(i + (replace || piece === '' ? 1 : 0));
    }),
  anyString({ maxLength: 30 }),
);

describe('findJsonSyntaxError agrees with JSON.parse (property-based)', () => {
  it('finds a fault exactly when JSON.parse throws, at the position V8 names when it names one', () => {
    fc.assert(
      fc.property(nearJson, (text) => {
        let message: string | undefined;
        try {
          JSON.parse(text);
        } catch (error) {
          message = (error as Error).message;
        }
        const fault = findJsonSyntaxError(text);
        if (message === undefined) {
          expect(fault).toBeUndefined();
          return;
        }
        expect(fault).toBeDefined();
        const at = /position (\d+)/.exec(message)?.[1];
        if (at !== undefined) expect(fault?.offset).toBe(Number(at));
        else if (/end of JSON input/.test(message)) expect(fault?.offset).toBe(text.length);
        expect(fault?.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives one of its fixed reasons, never a piece of the text', () => {
    const known = new Set<string>(Object.values(JSON_SYNTAX_REASONS));
    fc.assert(
      fc.property(nearJson, (text) => {
        const reason = findJsonSyntaxError(text)?.reason;
        if (reason !== undefined) expect(known.has(reason)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
