import { SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import {
  callFailure,
  categoryOfCode,
  describeCallFailure,
  entryFailure,
  isMalformedAnswer,
  readBatchAnswer,
} from '../../functions/aws/secret-answer.js';
import { refersTo, tokenFromSecret } from '../../functions/aws/secret-tokens.js';
import { tokenFailure } from '../../functions/engine/ports.js';
import { REASON_CATEGORY } from '../../functions/shared/reasons.js';

const NOW = Date.parse('2026-11-25T00:00:00Z');
const CREATED = new Date('2026-11-15T00:00:00Z');
const TOKEN = 'ntn_fromSecretLmNPq5H8TfpCLiwndu6b4QE';

const value = (v: { SecretString?: unknown; SecretBinary?: Uint8Array; CreatedDate?: unknown }) => ({
  ok: true as const,
  value: { Name: 'prod/notion', CreatedDate: CREATED, ...v } as never,
});

/** No 8 consecutive characters of `secret` appear in `text` (the leak rule). */
function expectNoPieceOf(text: string, secret: string): void {
  for (let i = 0; i + 8 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 8));
}

const message = (r: ReturnType<typeof tokenFromSecret>) => (r.ok ? '' : r.message);
const PREFIXLESS = 'Xk9fQ2pLm7RtZ4vB8nW3yH6cJ1dG5sA0';

describe('tokenFromSecret', () => {
  it('the whole SecretString is the token, with its age in days', () => {
    expect(tokenFromSecret('prod/notion', undefined, value({ SecretString: TOKEN }), NOW)).toEqual({
      ok: true,
      token: TOKEN,
      ageDays: 10,
      // Which version it came from (issue 13), as the answer gave it.
      secret: { secretId: 'prod/notion', createdAt: new Date(NOW - 10 * 86_400_000).toISOString() },
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
  ])('%j with jsonKey %s is config, naming the secret, never the value', (v, key, message) => {
    const r = tokenFromSecret('prod/notion', key, value(v), NOW);
    expect(r).toMatchObject({ ok: false, category: 'config' });
    if (!r.ok) {
      expect(r.message).toContain('Secret prod/notion');
      expect(r.message).toContain(message);
      expect(r.message).not.toContain(TOKEN);
    }
  });

  it.each(['secret_not_found', 'secret_throttled'] as const)(
    'passes a %s lookup failure through',
    (reason) => {
      const failure = tokenFailure(reason, 'nope');
      expect(tokenFromSecret('x', undefined, failure, NOW)).toEqual({
        ok: false,
        category: REASON_CATEGORY[reason],
        reason,
        message: 'nope',
      });
    },
  );
});

describe('tokenFromSecret: keys that may be credentials are counted, never shown', () => {
  it.each([
    ['a token stored as the key', TOKEN, { [TOKEN]: '' }],
    ['the key/value form filled in the key box', TOKEN, { [`NOTION_TOKEN=${TOKEN}`]: 'x' }],
    ['a prefix-less token as the key', PREFIXLESS, { [PREFIXLESS]: '' }],
    ['a token with a space before it', TOKEN, { [` ${TOKEN}`]: '' }],
    ['a base64url token with separators', 'Ab3x_Yz9QkLm-2Np7Rs8Tu', { 'Ab3x_Yz9QkLm-2Np7Rs8Tu': '' }],
  ])('%s', (_, secret, record) => {
    const r = tokenFromSecret(
      'prod/notion',
      'NOTION_TOKEN',
      value({ SecretString: JSON.stringify(record) }),
      NOW,
    );
    expect(message(r)).toBe(
      'Secret prod/notion has no key "NOTION_TOKEN" (it has 1 key not shown (it may hold a credential)): was it overwritten by a deploy?',
    );
    expectNoPieceOf(message(r), secret);
  });

  it('keeps the hint for ordinary keys, and counts the rest', () => {
    const record = { token: 'a', NOTION_ACCESS_TOKEN: 'b', [TOKEN]: '', [PREFIXLESS]: '' };
    const r = tokenFromSecret(
      'prod/notion',
      'NOTION_TOKEN',
      value({ SecretString: JSON.stringify(record) }),
      NOW,
    );
    expect(message(r)).toContain(
      '(it has "token", "NOTION_ACCESS_TOKEN" and 2 keys not shown (they may hold a credential))',
    );
  });

  it('names at most 10 keys', () => {
    const record = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`KEY_${i}`, 'x']));
    const r = tokenFromSecret(
      'prod/notion',
      'NOTION_TOKEN',
      value({ SecretString: JSON.stringify(record) }),
      NOW,
    );
    expect(message(r)).toContain('"KEY_9" and 3 more)');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'jsonKey %s is a key of the secret only if the secret has it',
    (key) => {
      const missing = tokenFromSecret(
        'prod/notion',
        key,
        value({ SecretString: '{"NOTION_TOKEN":"x"}' }),
        NOW,
      );
      expect(message(missing)).toContain(`has no key "${key}" (it has "NOTION_TOKEN")`);
      const present = tokenFromSecret(
        'prod/notion',
        key,
        value({ SecretString: JSON.stringify({ [key]: TOKEN }) }),
        NOW,
      );
      expect(present).toMatchObject({ ok: true, token: TOKEN });
    },
  );
});

describe("tokenFromSecret: a malformed entry is this secret's problem", () => {
  it.each([
    [{ SecretString: 42 }, 'its SecretString is a number, not a string'],
    [{ SecretString: { token: TOKEN } }, 'its SecretString is a object, not a string'],
    [{ SecretString: TOKEN, CreatedDate: new Date(Number.NaN) }, 'its CreatedDate is not a plausible date'],
    [
      { SecretString: TOKEN, CreatedDate: new Date(1e20) /* past the last date: Invalid Date */ },
      'CreatedDate',
    ],
    [{ SecretString: TOKEN, CreatedDate: new Date('2010-01-01T00:00:00Z') }, 'CreatedDate'],
    [{ SecretString: TOKEN, CreatedDate: new Date('2026-11-27T00:00:00Z') }, 'CreatedDate'],
    [{ SecretString: TOKEN, CreatedDate: '2026-11-15' }, 'CreatedDate'],
  ])('%j', (v, problem) => {
    const r = tokenFromSecret('prod/notion', undefined, value(v), NOW);
    // An answer the monitor cannot read says nothing about the secret: not blamed on it.
    expect(r).toMatchObject({ ok: false, category: 'secret_unavailable' });
    expect(message(r)).toContain(
      "Secret prod/notion could not be read: Secrets Manager's answer is malformed (",
    );
    expect(message(r)).toContain(problem);
    expectNoPieceOf(message(r), TOKEN);
  });

  it('a CreatedDate up to a day ahead (clock skew) is age 0', () => {
    const r = tokenFromSecret(
      'prod/notion',
      undefined,
      value({ SecretString: TOKEN, CreatedDate: new Date(NOW + 3_600_000) }),
      NOW,
    );
    expect(r).toMatchObject({ ok: true, token: TOKEN, ageDays: 0 });
  });
});

describe("Secrets Manager's text is never printed", () => {
  it.each([
    ['ResourceNotFoundException', 'config', 'ResourceNotFoundException: the secret does not exist'],
    ['AccessDeniedException', 'config', "AccessDeniedException: the monitor's role may not read it"],
    ['DecryptionFailure', 'config', 'DecryptionFailure: its KMS key could not decrypt it'],
    ['ThrottlingException', 'secret_unavailable', 'ThrottlingException: Secrets Manager throttled the read.'],
    [
      'InternalServiceError',
      'secret_unavailable',
      'InternalServiceError: Secrets Manager failed on its side.',
    ],
    [TOKEN, 'secret_unavailable', 'could not be read: an unrecognised error.'],
    [`ResourceNotFoundException ${TOKEN}`, 'secret_unavailable', 'an unrecognised error'],
    [42, 'secret_unavailable', 'an unrecognised error'],
    [undefined, 'secret_unavailable', 'an unrecognised error'],
  ])('an Errors[] entry with ErrorCode %j is %s', (code, category, says) => {
    const failure = entryFailure('prod/notion', code);
    expect(failure.category).toBe(category);
    expect(failure.message).toContain('Secret prod/notion could not be read: ');
    expect(failure.message).toContain(says);
    expectNoPieceOf(failure.message, TOKEN);
  });

  it.each([
    [
      'ThrottlingException',
      400,
      'secret_unavailable',
      'Secrets Manager throttled the read; the token could not be read this run, and nothing says it is wrong.',
    ],
    ['InternalServiceError', 500, 'secret_unavailable', 'Secrets Manager failed on its side; the token'],
    ['ExpiredTokenException', 400, 'secret_unavailable', "AWS did not accept the monitor's credentials"],
    ['AccessDeniedException', 400, 'config', 'secretsmanager:BatchGetSecretValue on resource *'],
    [TOKEN, 403, 'secret_unavailable', '(an unrecognised error, HTTP 403); the token could not be read'],
  ])('a whole call failing with %s (HTTP %i) is %s', (name, status, category, says) => {
    const error = new SecretsManagerServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message: TOKEN,
    });
    const failure = callFailure('prod/notion', error);
    expect(failure.category).toBe(category);
    expect(failure.message).toContain(
      'Secret prod/notion could not be read: the BatchGetSecretValue call failed (',
    );
    expect(failure.message).toContain(says);
    expectNoPieceOf(failure.message, TOKEN);
  });

  it('a call that got no answer (network, timeout, abort, no credentials) is secret_unavailable', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(callFailure('prod/notion', refused)).toEqual({
      ok: false,
      category: 'secret_unavailable',
      reason: 'secret_unreachable',
      message:
        'Secret prod/notion could not be read: the BatchGetSecretValue call failed (ECONNREFUSED); the token could not be read this run, and nothing says it is wrong.',
    });
    expect(categoryOfCode('ThrottlingException')).toBe('secret_unavailable');
    expect(categoryOfCode('constructor')).toBe('secret_unavailable');
  });

  it('a thrown error: its name only when documented, never its message or copied body fields', () => {
    const hostile = new SecretsManagerServiceException({
      name: TOKEN,
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: TOKEN,
    });
    Object.assign(hostile, { code: 'ECONNREFUSED', Message: TOKEN });
    expect(describeCallFailure(hostile)).toBe('an unrecognised error, HTTP 400');
    const throttled = new SecretsManagerServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: TOKEN,
    });
    expect(describeCallFailure(throttled)).toBe('ThrottlingException, HTTP 400');
    const refused = Object.assign(new Error(`connect ECONNREFUSED ${TOKEN}`), { code: 'ECONNREFUSED' });
    expect(describeCallFailure(refused)).toBe('ECONNREFUSED');
    expect(describeCallFailure('a string')).toBe('an unrecognised error');
  });

  it('a 2xx answer the SDK could not read is malformed; a service error or no answer is not', () => {
    const unreadable = Object.assign(new TypeError('Expected real number'), {
      $metadata: { httpStatusCode: 200 },
    });
    expect(isMalformedAnswer(unreadable)).toBe(true);
    expect(isMalformedAnswer(new TypeError('x'))).toBe(false);
    expect(
      isMalformedAnswer(
        new SecretsManagerServiceException({
          name: 'X',
          $fault: 'server',
          $metadata: { httpStatusCode: 200 },
        }),
      ),
    ).toBe(false);
  });

  it('readBatchAnswer keeps what names a secret and refuses lists that are not lists', () => {
    const v = { Name: 'a', SecretString: 'x' };
    expect(
      readBatchAnswer({
        SecretValues: [v, null, 5, { Name: 7 }, { ARN: 'arn:x' }] as never,
        Errors: [{ SecretId: 'b', ErrorCode: 'DecryptionFailure' }, { SecretId: 3 }, null] as never,
      }),
    ).toEqual({
      values: [
        { name: 'a', arn: undefined, value: v },
        { name: undefined, arn: 'arn:x', value: { ARN: 'arn:x' } },
      ],
      errors: [{ secretId: 'b', code: 'DecryptionFailure' }],
    });
    expect(readBatchAnswer({ SecretValues: { a: 1 } as never })).toBeUndefined();
    expect(readBatchAnswer({ Errors: 'x' as never })).toBeUndefined();
    expect(readBatchAnswer({})).toEqual({ values: [], errors: [] });
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
