import { describe, expect, it } from 'vitest';
import { lintToken } from '../../functions/engine/token-lint.js';

const GOOD = 'ntn_123456789012345678901234567890abcdefABCDEF';

function problems(token: string): string[] {
  return lintToken(token)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => f.problem);
}

describe('lintToken', () => {
  it.each([
    ['an ntn_ secret', GOOD],
    ['an older secret_ secret', 'secret_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'],
  ])('accepts %s as internal', (_, token) => {
    const r = lintToken(token);
    expect(r).toEqual({ ok: true, findings: [], looksLike: 'internal' });
  });

  it('accepts an opaque OAuth token with an informational note only', () => {
    const r = lintToken('7f3c2a1b-oauth-opaque-access-token');
    expect(r.ok).toBe(true);
    expect(r.looksLike).toBe('unknown');
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'info' })]);
  });

  it.each([
    ['empty', '', 'The token is empty.'],
    ['only whitespace', ' \n\t', 'The token is only whitespace.'],
    ['a trailing newline', `${GOOD}\n`, 'The token ends with a newline.'],
    ['a trailing CRLF', `${GOOD}\r\n`, 'The token ends with a line break (CR/LF).'],
    ['a trailing space', `${GOOD} `, 'The token ends with whitespace.'],
    ['a leading tab', `\t${GOOD}`, 'The token starts with a tab.'],
    ['double quotes', `"${GOOD}"`, 'The token is wrapped in quotes.'],
    ['single quotes', `'${GOOD}'`, 'The token is wrapped in quotes.'],
    ['a space inside', 'ntn_1234 5678', 'The token contains whitespace inside it.'],
    ['a newline inside', 'ntn_1234\n5678', 'The token contains whitespace inside it.'],
    [
      'a zero-width space',
      'ntn_1234\u200B5678',
      'The token contains invisible characters (zero-width space, BOM or similar).',
    ],
    [
      'a BOM',
      '\uFEFFntn_12345678',
      'The token contains invisible characters (zero-width space, BOM or similar).',
    ],
    ['non-ASCII', 'ntn_12345678é', 'The token contains non-ASCII characters.'],
    ['a control character', 'ntn_1234\u00075678', 'The token contains control characters.'],
    ['"Bearer " stored with it', `Bearer ${GOOD}`, 'The token has the scheme "Bearer" stored with it.'],
    ['"Token " stored with it', `Token ${GOOD}`, 'The token has the scheme "Token" stored with it.'],
    ['"Basic " stored with it', `basic ${GOOD}`, 'The token has the scheme "basic" stored with it.'],
    [
      '"Bearer Bearer"',
      `Bearer Bearer ${GOOD}`,
      'The token has the scheme stored with it twice ("Bearer Bearer"), so the header becomes "Bearer Bearer Bearer ...".',
    ],
  ])('rejects a token with %s', (_, token, problem) => {
    const r = lintToken(token);
    expect(r.ok).toBe(false);
    expect(problems(token)).toContain(problem);
  });

  it('a JSON object read whole (jsonKey missing) is caught before it is sent', () => {
    expect(problems('{"NOTION_TOKEN":"ntn_abc"}')).toEqual([
      'The token is a JSON object, not a token (a key/value secret read whole).',
    ]);
  });

  it('reports every problem at once', () => {
    expect(problems(`"Bearer ${GOOD}"\n`)).toEqual([
      'The token ends with a newline.',
      'The token is wrapped in quotes.',
      'The token has the scheme "Bearer" stored with it.',
    ]);
  });

  it('never repeats the token in a finding', () => {
    const token = 'Bearer ntn_UNIQUEsecretVALUE123456789\u200B\n';
    for (const f of lintToken(token).findings) {
      expect(`${f.problem} ${f.fix}`).not.toContain('UNIQUEsecretVALUE');
    }
  });

  it('accepts a 10 KB token made of valid characters', () => {
    expect(lintToken(`ntn_${'a'.repeat(10_240)}`).ok).toBe(true);
  });
});
