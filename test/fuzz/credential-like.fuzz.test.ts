import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/schema.js';
import { InvocationError, parseInvocation } from '../../functions/handler/invocation.js';
import { isQuotable, looksLikeCredential, SHORTEST_TOKEN } from '../../functions/shared/credential-like.js';
import { anyString, ntnToken } from './arbitraries.js';

/** A random credential without a prefix: letters and digits, no separator, 16 to 60 of them. */
const prefixlessToken = fc.stringMatching(/^[A-Za-z0-9]{16,60}$/);
/** What a person pastes: the token alone, behind a scheme, or as KEY=token. */
const pasted = fc
  .tuple(fc.oneof(ntnToken, prefixlessToken), fc.constantFrom('%', 'Bearer %', 'NOTION_TOKEN=%', ' %', '"%"'))
  .map(([token, shape]) => ({ token, text: shape.replace('%', token) }));

/** No 8 consecutive characters of `token` appear in `text` (the leak rule). */
function expectNoPieceOf(text: string, token: string): void {
  for (let i = 0; i + 8 <= token.length; i++) expect(text).not.toContain(token.slice(i, i + 8));
}

const WORDS = [
  'notion',
  'webhook',
  'receiver',
  'crm',
  'sync',
  'prod',
  'team',
  'sales',
  'bot',
  'import',
  'daily',
];
/** Names as people write them: words in camelCase, kebab, snake or SCREAMING_SNAKE, maybe a short number. */
const humanName = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }),
    fc.constantFrom('camel', '-', '_', 'SNAKE'),
    fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 2030 }).map(String)),
  )
  .map(([words, style, n]) => {
    const joined =
      style === 'camel'
        ? words.map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1))).join('')
        : style === 'SNAKE'
          ? words.join('_').toUpperCase()
          : words.join(style);
    return n === '' ? joined : `${joined}${style === 'camel' ? '' : '-'}${n}`;
  });

describe('the credential guard (property-based)', () => {
  it('a pasted token is a credential, and never quotable', () => {
    fc.assert(
      fc.property(pasted, ({ text }) => {
        expect(isQuotable(text)).toBe(false);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(ntnToken, (token) => {
        expect(looksLikeCredential(token)).toBe(true);
      }),
    );
  });

  it('quotable text is short, one safe line, and no credential', () => {
    fc.assert(
      fc.property(anyString({ maxLength: 60 }), (text) => {
        if (!isQuotable(text)) return;
        expect(text.length).toBeLessThanOrEqual(40);
        expect(text).toMatch(/^[A-Za-z0-9_.:@+=/-]+$/);
        expect(looksLikeCredential(text)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('text of 16 characters or more without a separator is never quotable', () => {
    fc.assert(
      fc.property(fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${SHORTEST_TOKEN},80}$`)), (text) => {
        expect(isQuotable(text)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('names written from words are not credentials, so the schema accepts them', () => {
    fc.assert(
      fc.property(humanName, (name) => {
        expect(looksLikeCredential(name)).toBe(false);
        expect(parseConfig({ integrations: [{ name, token: { env: 'A' } }] }).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a console event never quotes a pasted token back', () => {
    const parsed = parseConfig({ integrations: [{ name: 'good', token: { env: 'A' } }] });
    if (!parsed.ok) throw new Error(parsed.problems.join());
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pasted, fc.constant({ token: '', text: 'good' })), { minLength: 1 }),
        (list) => {
          try {
            parseInvocation({ integrations: list.map((p) => p.text) }, parsed.config.integrations);
          } catch (error) {
            if (!(error instanceof InvocationError)) throw error;
            for (const { token } of list) if (token !== '') expectNoPieceOf(error.message, token);
            return;
          }
          expect(list.every((p) => p.text === 'good')).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
