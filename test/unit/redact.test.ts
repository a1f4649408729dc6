import { describe, expect, it } from 'vitest';
import { createRedactor, fingerprint } from '../../functions/engine/redact.js';

describe('fingerprint', () => {
  it('shows at most the first and last four characters', () => {
    expect(fingerprint('ntn_abcdefghijklmnopwxyz')).toBe('ntn_…wxyz');
  });
  it('shows less of a short token and nothing of a tiny one', () => {
    expect(fingerprint('abcdefgh')).toBe('ab…gh');
    expect(fingerprint('abc')).toBe('… (3 chars)');
    expect(fingerprint('')).toBe('(empty)');
  });
  it('ignores surrounding whitespace', () => {
    expect(fingerprint('ntn_abcdefghijklmnopwxyz\n')).toBe('ntn_…wxyz');
  });
});

describe('createRedactor', () => {
  const token = 'ntn_SECRETsecretSECRET1234';
  const r = createRedactor([`Bearer ${token}\n`]);

  it('masks the stored value, its trimmed form and its secret part', () => {
    expect(r.text(`header was Bearer ${token}`)).toBe('header was [REDACTED]');
    expect(r.text(`echo: ${token}!`)).toBe('echo: [REDACTED]!');
  });

  it('longTokens masks by the windows of long tokens only, never a short secret whole', () => {
    const both = createRedactor([token, 'auth']);
    expect(both.text('auth failed')).toBe('[REDACTED] failed');
    expect(both.longTokens('auth failed')).toBe('auth failed');
    expect(both.longTokens(`echo ${token.slice(0, 12)}`)).toBe('echo [REDACTED]');
  });

  it('does not mask very short secrets, which would mask ordinary words', () => {
    expect(createRedactor(['ab']).text('abc')).toBe('abc');
  });
});
