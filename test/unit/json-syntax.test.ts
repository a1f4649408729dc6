import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineAndColumn } from '../../functions/config/json-syntax.js';
import { parseConfigText } from '../../functions/config/schema.js';

describe('findJsonSyntaxError: where JSON breaks, on every Node version', () => {
  it.each([
    // Faults Node 20's JSON.parse gives no position for.
    ['{"integrations": [1,]}', 1, 21, 'trailing comma'],
    ['{"a": nope}', 1, 8, 'expected a value'],
    ['{"a": \'x\'}', 1, 7, 'expected a value'],
    ['{"a": 1}}', 1, 9, 'more text after the end'],
    // And the ones it does give a position for, now with line and column.
    ['{\n  "a": 1,\n}', 3, 1, 'trailing comma'],
    ['{\r\n  "a": 1\r\n  "b": 2\r\n}', 3, 3, 'expected "," or "}"'],
    ['{a: 1}', 1, 2, 'property name in double quotes'],
    ['{"a" 1}', 1, 6, 'expected ":"'],
    ['["a\tb"]', 1, 4, 'control character'],
    ['["\\x"]', 1, 4, 'invalid escape'],
    ['["\\u12g4"]', 1, 7, 'invalid escape'],
    ['[-]', 1, 3, 'invalid number'],
    ['[1.]', 1, 4, 'invalid number'],
    ['[1e+]', 1, 5, 'invalid number'],
    ['[tru]', 1, 5, 'expected a value'],
    ['{"integrations": [', 1, 19, 'ends too early'],
    ['{"a": "b', 1, 9, 'ends too early'],
    ['  \n ', 2, 2, 'the text is empty'],
  ])('%j: line %i, column %i (%s)', (text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const fault = findJsonSyntaxError(text);
    expect(fault).toMatchObject({ line, column });
    expect(fault?.reason).toContain(reason);
  });

  it.each(['{}', '[]', ' {"a": [1, -0.5e-3, "\\u00e9\\n", true, false, null, {}]} ', '"x"', '0'])(
    'finds nothing wrong in valid JSON %j',
    (text) => {
      expect(findJsonSyntaxError(text)).toBeUndefined();
    },
  );

  it('scans a 1 MiB list nested a million deep without overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(1024 * 1024))).toMatchObject({ offset: 1024 * 1024 });
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    expect(findJsonSyntaxError(deep)).toBeUndefined();
  });

  it('counts LF, CR LF and a lone CR as one line break each', () => {
    expect(lineAndColumn('a\nb\r\nc\rd', 7)).toEqual({ line: 4, column: 1 });
    expect(lineAndColumn('ab', 1)).toEqual({ line: 1, column: 2 });
  });
});

describe('a config that is not JSON', () => {
  it('names the line and column and what is wrong, never the text', () => {
    const token = 'ntn_SECRET1234567890abcdefghijklmnop';
    const r = parseConfigText(
      `{\n  "integrations": [\n    {"token": {"env": ${token}}}\n  ]\n}`,
      'monitor.json',
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        'monitor.json: not valid JSON at line 3, column 24: expected a value: a string in double quotes, a number, true, false, null, an object or a list',
      ],
    });
  });

  it('counts positions after a byte order mark as an editor does (the mark is no column)', () => {
    expect(parseConfigText('\uFEFF{,}', 'm.json')).toMatchObject({
      problems: [expect.stringContaining('at line 1, column 2:')],
    });
  });
});
