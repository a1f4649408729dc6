import { describe, expect, it } from 'vitest';
import { refersTo, tokenFromSecret } from '../../functions/aws/secret-tokens.js';

const NOW = Date.parse('2026-11-25T00:00:00Z');
const CREATED = new Date('2026-11-15T00:00:00Z');
const TOKEN = 'ntn_fromSecret00000000000000000000000';

const value = (v: { SecretString?: string; SecretBinary?: Uint8Array }) => ({
  ok: true as const,
  value: { Name: 'prod/notion', CreatedDate: CREATED, ...v },
});

describe('tokenFromSecret', () => {
  it('the whole SecretString is the token, with its age in days', () => {
    expect(tokenFromSecret('prod/notion', undefined, value({ SecretString: TOKEN }), NOW)).toEqual({
      ok: true,
      token: TOKEN,
      ageDays: 10,
    });
  });

  it('jsonKey picks the field', () => {
    const r = tokenFromSecret(
      'prod/notion',
      'NOTION_TOKEN',
      value({ SecretString: JSON.stringify({ NOTION_TOKEN: TOKEN }) }),
      NOW,
    );
    expect(r).toMatchObject({ ok: true, token: TOKEN });
  });

  it.each([
    [
      { SecretString: `not json ${TOKEN}` },
      'NOTION_TOKEN',
      'is not a JSON object, but jsonKey "NOTION_TOKEN" is set',
    ],
    [
      { SecretString: JSON.stringify({ OTHER: TOKEN }) },
      'NOTION_TOKEN',
      'has no key "NOTION_TOKEN" (it has "OTHER")',
    ],
    [{ SecretString: JSON.stringify([TOKEN]) }, 'NOTION_TOKEN', 'is JSON but not an object'],
    [{ SecretString: JSON.stringify({ NOTION_TOKEN: 42 }) }, 'NOTION_TOKEN', 'holds a number, not a string'],
    [{ SecretBinary: new Uint8Array([1, 2]) }, undefined, 'has only a binary value'],
  ])('%j with jsonKey %s fails naming the secret, never the value', (v, key, message) => {
    const r = tokenFromSecret('prod/notion', key, value(v), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('Secret prod/notion');
      expect(r.message).toContain(message);
      expect(r.message).not.toContain(TOKEN);
    }
  });

  it('passes a lookup failure through', () => {
    expect(tokenFromSecret('x', undefined, { ok: false, message: 'nope' }, NOW)).toEqual({
      ok: false,
      message: 'nope',
    });
  });
});

describe('refersTo', () => {
  const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:notion-prod-AbCdEf';
  it.each([
    ['notion-prod', true],
    [ARN, true],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:notion-prod', true],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:notion', false],
    ['notion', false],
  ])('%s names notion-prod: %s', (id, expected) => {
    expect(refersTo(id, 'notion-prod', ARN)).toBe(expected);
  });
});
