import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintToken, type TokenLintResult } from '../../functions/engine/token-lint.js';
import { anyString, ntnToken, WHITESPACE, whitespace, withInserted } from './arbitraries.js';

function expectWellFormed(r: TokenLintResult): void {
  expect(typeof r.ok).toBe('boolean');
  expect(['internal', 'unknown']).toContain(r.looksLike);
  for (const f of r.findings) {
    expect(['error', 'info']).toContain(f.severity);
    expect(f.problem.length).toBeGreaterThan(0);
    expect(f.fix.length).toBeGreaterThan(0);
  }
  // ok iff no finding is an error.
  expect(r.ok).toBe(r.findings.every((f) => f.severity !== 'error'));
}

/** Any string, sometimes built from the characters the lint cares about. */
const tokenish = fc.oneof(
  anyString({ maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom(
      ...WHITESPACE,
      '\u200B',
      '\u200D',
      '\u00AD',
      '\u2060',
      '\u202E',
      '\u0000',
      '\u007F',
      '"',
      "'",
      '`',
      '{',
      '}',
      'Bearer ',
      'token ',
      'Basic',
      'ntn_',
      'secret_',
      'a',
      'Z',
      '0',
      'é',
    ),
    maxLength: 12,
  }),
);

describe('lintToken (property-based)', () => {
  it('never throws, is well-formed and stable for any string', () => {
    fc.assert(
      fc.property(tokenish, (token) => {
        const r = lintToken(token);
        expectWellFormed(r);
        expect(lintToken(token)).toStrictEqual(r);
      }),
      { numRuns: 4000 },
    );
  });

  it('never throws for very long strings (up to 64 KiB)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 4000, maxLength: 16_000 }),
          fc
            .tuple(tokenish, fc.integer({ min: 100, max: 800 }))
            .map(([s, n]) => s.repeat(n).slice(0, 65_536)),
          fc.tuple(ntnToken, fc.integer({ min: 1, max: 64_000 })).map(([t, n]) => t + 'A'.repeat(n)),
        ),
        (token) => expectWellFormed(lintToken(token)),
      ),
      { numRuns: 60 },
    );
  });

  it('never echoes a token of 8+ random alphanumerics, however it is wrapped', () => {
    const wrapped = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9]{8,64}$/),
        fc.constantFrom(
          (t: string) => t,
          (t: string) => ` ${t}\n`,
          (t: string) => `"${t}"`,
          (t: string) => `'${t}'\r\n`,
          (t: string) => `Bearer ${t}`,
          (t: string) => `Bearer Bearer ${t}`,
          (t: string) => `token ${t}`,
          (t: string) => `{"NOTION_TOKEN":"${t}"}`,
          (t: string) => `\uFEFF${t}`,
          (t: string) => `${t}\u200B`,
          (t: string) => `${t} ${t}`,
          (t: string) => `${t}é`,
          (t: string) => `${t}\u0007`,
        ),
      )
      .map(([t, wrap]) => ({ token: t, stored: wrap(t) }));
    fc.assert(
      fc.property(wrapped, ({ token, stored }) => {
        for (const f of lintToken(stored).findings) {
          expect(f.problem).not.toContain(token);
          expect(f.fix).not.toContain(token);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is not ok with leading or trailing whitespace', () => {
    fc.assert(
      fc.property(
        anyString({ maxLength: 60 }),
        whitespace,
        fc.constantFrom('leading', 'trailing', 'both'),
        (s, ws, where) => {
          const token = where === 'leading' ? ws + s : where === 'trailing' ? s + ws : ws + s + ws;
          expect(lintToken(token).ok).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is not ok with a newline, CR, U+200B or U+FEFF anywhere', () => {
    fc.assert(
      fc.property(
        withInserted(tokenish, fc.constantFrom('\n', '\r', '\r\n', '\u200B', '\uFEFF')),
        (token) => {
          expect(lintToken(token).ok).toBe(false);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('is not ok with a "Bearer " prefix (any case)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Bearer ', 'bearer ', 'BEARER ', 'Bearer  ', 'Bearer\t'),
        fc.oneof(ntnToken, anyString({ maxLength: 60 })),
        (prefix, rest) => {
          expect(lintToken(prefix + rest).ok).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('accepts ntn_ + 20..60 alphanumerics as internal, with no findings', () => {
    fc.assert(
      fc.property(ntnToken, (token) => {
        expect(lintToken(token)).toStrictEqual({ ok: true, findings: [], looksLike: 'internal' });
      }),
      { numRuns: 3000 },
    );
  });
});
