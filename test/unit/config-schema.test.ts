import { describe, expect, it } from 'vitest';
import { parseConfig, parseConfigText } from '../../functions/config/schema.js';

const valid = {
  integrations: [
    {
      name: 'sync',
      token: { env: 'NOTION_TOKEN' },
      targets: [{ kind: 'page', id: '59833787-2cf9-4fdf-8782-e53db20768a5' }],
    },
  ],
};

describe('parseConfig', () => {
  it('fills the defaults', () => {
    const r = parseConfig(valid);
    expect(r.ok && r.config).toMatchObject({
      notionBaseUrl: 'https://api.notion.com',
      notionVersion: '2026-03-11',
      timeoutMs: 10_000,
    });
  });

  it('accepts Secrets Manager tokens with an optional JSON key', () => {
    const r = parseConfig({
      integrations: [{ name: 'a', token: { secretId: 'prod/notion', jsonKey: 'NOTION_TOKEN' } }],
    });
    expect(r.ok).toBe(true);
  });

  it.each(['1f0c9a1e-7b7d-4c3e-9f55-3c1a2b4d5e6f', '1F0C9A1E7B7D4C3E9F553C1A2B4D5E6F'])(
    'accepts expect.workspaceId %s, a Notion id with or without dashes, as given',
    (workspaceId) => {
      const r = parseConfig({ integrations: [{ name: 'a', token: { env: 'A' }, expect: { workspaceId } }] });
      expect(r.ok && r.config.integrations[0]?.expect?.workspaceId).toBe(workspaceId);
    },
  );

  it.each(['…', 'TODO', 'acme', '', '1f0c9a1e-7b7d-4c3e-9f55'])(
    'refuses expect.workspaceId %j: a placeholder would only ever mismatch',
    (workspaceId) => {
      const r = parseConfig({ integrations: [{ name: 'a', token: { env: 'A' }, expect: { workspaceId } }] });
      expect(r.ok ? [] : r.problems).toEqual([
        "integrations[0].expect.workspaceId: workspaceId must be the workspace's id: 32 hex digits, with or without dashes (the workspaceId of a report for a token of that workspace)",
      ]);
    },
  );

  it.each([
    [{}, 'integrations: '],
    [{ integrations: [] }, 'integrations: integrations must list at least one integration'],
    [{ integrations: [{ name: 'a', token: {} }] }, 'integrations[0].token: token must be'],
    [{ integrations: [{ name: 'a', token: { env: '1X' } }] }, 'integrations[0].token'],
    [
      { integrations: [{ name: 'a', token: { env: 'A' }, targets: [{ kind: 'block', id: 'x' }] }] },
      'integrations[0].targets[0].kind: kind must be one of page, database, data_source',
    ],
    [
      { integrations: [{ name: 'a', token: { env: 'A' }, targets: [{ kind: 'page', id: '../users' }] }] },
      'integrations[0].targets[0].id: id must be a Notion id',
    ],
    [
      { integrations: [{ name: 'a', token: { env: 'A' }, expect: { tokenType: 'personal' } }] },
      'integrations[0].expect.tokenType: tokenType must be "internal" or "oauth"',
    ],
    [
      {
        integrations: [
          { name: 'a', token: { env: 'A' } },
          { name: 'a', token: { env: 'B' } },
        ],
      },
      'integrations[1].name: duplicate name, also used by integrations[0]',
    ],
    [{ ...valid, notionBaseUrl: 'ftp://x' }, 'notionBaseUrl: notionBaseUrl must be an http(s) URL'],
    [{ ...valid, notionVersion: 'latest' }, 'notionVersion: notionVersion must look like 2026-03-11'],
    [{ ...valid, timeoutMs: 5 }, 'timeoutMs: '],
    [{ ...valid, extra: true }, '(root): '],
    [
      { integrations: [{ name: 'has space', token: { env: 'A' } }] },
      'integrations[0].name: name may contain',
    ],
  ])('reports %j with its path', (input, message) => {
    const r = parseConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => p.startsWith(message))).toBe(true);
  });

  it('refuses a token pasted as a target label, without quoting it', () => {
    const token = 'ntn_4f8a2b9c1d7e3f6a0b5c8d2e9f1a4b7c3d6e0f2a5b8';
    const parsed = parseConfig({
      integrations: [
        {
          name: 'a',
          token: { env: 'A' },
          targets: [{ kind: 'page', id: '59833787-2cf9-4fdf-8782-e53db20768a5', label: token }],
        },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.join('\n')).toContain('integrations[0].targets[0].label');
      expect(parsed.problems.join('\n')).not.toContain('4f8a2b9c');
    }
  });

  it('never quotes the broken JSON back, which may hold a token', () => {
    const r = parseConfigText('{"integrations": [{"token": {"env": ntn_SECRET123456789}}]}', 'cfg');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        expect.stringMatching(/^cfg: not valid JSON at line 1, column 38: expected a value/),
      ]);
      expect(r.problems.join()).not.toContain('ntn_');
    }
  });

  it('names the source and never throws on bad JSON', () => {
    const r = parseConfigText('{ nope', 'monitor.json');
    expect(r).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^monitor\.json: not valid JSON/)],
    });
  });
});

const PREFIXLESS = 'Xk9fQ2pLm7RtZ4vB8nW3yH6cJ1dG5sA0';
const withTarget = (id: string) => ({
  integrations: [{ name: 'a', token: { env: 'A' }, targets: [{ kind: 'page', id }] }],
});
const withSecret = (secretId: string) => ({ integrations: [{ name: 'a', token: { secretId } }] });
const problemsOf = (input: unknown) => {
  const r = parseConfig(input);
  return r.ok ? [] : r.problems;
};

describe('parseConfig: values that would change a request or a grant', () => {
  it.each([
    '.',
    '..',
    'not-a-notion-id',
    '59833787-2cf9-4fdf-8782-e53db20768a',
    'https://www.notion.so/acme/',
  ])('refuses the target id %j: only a Notion id reaches a request path', (id) => {
    expect(problemsOf(withTarget(id))).toEqual([
      'integrations[0].targets[0].id: id must be a Notion id: 32 hex digits, with or without dashes, or the Notion URL of the page or database',
    ]);
  });

  it.each([
    ['59833787-2cf9-4fdf-8782-e53db20768a5', '59833787-2cf9-4fdf-8782-e53db20768a5'],
    ['598337872cf94fdf8782e53db20768a5', '598337872cf94fdf8782e53db20768a5'],
    [
      'https://www.notion.so/acme/Inbound-tickets-668d797c76fa4934 9b05ad288df2d136?v=0123456789abcdef0123456789abcdef'.replace(
        ' ',
        '',
      ),
      '668d797c76fa49349b05ad288df2d136',
    ],
  ])('keeps the id %j as %j', (id, kept) => {
    const r = parseConfig(withTarget(id));
    expect(r.ok && r.config.integrations[0]?.targets?.[0]?.id).toBe(kept);
  });

  it.each([
    ['https://api.notion.com/#', 'notionBaseUrl: notionBaseUrl must not have a "#" fragment'],
    ['https://api.notion.com?x=1', 'notionBaseUrl: notionBaseUrl must not have a "?" query'],
    ['https://user:hunter22@api.notion.com', 'notionBaseUrl: notionBaseUrl must not hold "user:password@"'],
  ])('refuses notionBaseUrl %j', (notionBaseUrl, says) => {
    const problems = problemsOf({ ...valid, notionBaseUrl });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(says);
    expect(problems.join()).not.toContain('hunter22');
  });

  it.each([
    ['https://api.notion.com/', 'https://api.notion.com'],
    ['http://127.0.0.1:8080/notion//', 'http://127.0.0.1:8080/notion'],
  ])('drops the trailing slash of %j (the client appends /v1/...)', (notionBaseUrl, kept) => {
    const r = parseConfig({ ...valid, notionBaseUrl });
    expect(r.ok && r.config.notionBaseUrl).toBe(kept);
  });

  it.each(['prod/*', 'prod/notion-?', '*', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:notion-*'])(
    'refuses the secretId %j: it would be an IAM wildcard',
    (secretId) => {
      expect(problemsOf(withSecret(secretId))).toEqual([
        'integrations[0].token.secretId: secretId must not contain "*" or "?": secret names cannot, and in the IAM policy they would match other secrets',
      ]);
    },
  );

  it.each([
    ['prod notion', 'secretId must be a secret name'],
    ['arn:aws:s3:::bucket/key', 'secretId must be a secret name or a Secrets Manager ARN'],
  ])('refuses the secretId %j', (secretId, says) => {
    expect(problemsOf(withSecret(secretId)).join()).toContain(says);
  });

  it.each([
    'prod/notion-crm_sync+v2=x.y@z',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/notion-AbCdEf',
    'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:notion',
  ])('accepts the secretId %j', (secretId) => {
    expect(problemsOf(withSecret(secretId))).toEqual([]);
  });
});

describe('parseConfig: messages', () => {
  it('a name over the limit says the limit', () => {
    expect(problemsOf({ integrations: [{ name: 'n'.repeat(129), token: { env: 'A' } }] })).toEqual([
      'integrations[0].name: name must be at most 128 characters',
    ]);
  });

  it('reads a config saved with a UTF-8 byte order mark', () => {
    expect(parseConfigText(`\uFEFF${JSON.stringify(valid)}`, 'cfg')).toEqual(parseConfig(valid));
  });

  it.each([
    ['a Notion token', 'ntn_SECRET1234567890abcdefghijklmn'],
    ['a prefix-less token', PREFIXLESS],
    ['the key/value form typed into a key', 'NOTION_TOKEN=ntn_SECRET1234567890'],
  ])('never quotes %s used as an unknown key; quotes a typo', (_, key) => {
    const problems = problemsOf({ ...valid, [key]: 1, notionBaseURL: 'x' }).join('\n');
    expect(problems).toBe(
      '(root): unknown keys (one not shown: it may hold a credential), "notionBaseURL" (did you mean "notionBaseUrl"?)',
    );
  });

  it('suggests the key a typo was meant to be, at any depth', () => {
    const { integrations, ...rest } = valid;
    expect(problemsOf({ ...rest, intgrations: integrations })).toEqual([
      '(root): unknown key "intgrations" (did you mean "integrations"?)',
      'integrations: integrations must list at least one integration (or receivers at least one receiver)',
    ]);
    expect(
      problemsOf({ integrations: [{ name: 'a', token: { env: 'A' }, target: [], expcet: {} }] }),
    ).toEqual([
      'integrations[0]: unknown keys "target" (did you mean "targets"?), "expcet" (did you mean "expect"?)',
    ]);
  });

  it('suggests no key the file already has, and nothing for a key it does not quote', () => {
    expect(problemsOf({ ...valid, timeoutMs: 100, timeoutMS: 100 })).toEqual([
      '(root): unknown key "timeoutMS"',
    ]);
    expect(problemsOf({ ...valid, 'timeoutMs!': 100 })).toEqual([
      '(root): unknown key (one not shown: it may hold a credential)',
    ]);
  });

  it.each([
    ['name', { name: PREFIXLESS, token: { env: 'A' } }],
    ['secretId', { name: 'a', token: { secretId: PREFIXLESS } }],
    ['jsonKey', { name: 'a', token: { secretId: 's', jsonKey: 'ntn_SECRET1234567890abcdef' } }],
    ['env', { name: 'a', token: { env: PREFIXLESS } }],
  ])('refuses a credential as the %s, unquoted', (field, integration) => {
    const problems = problemsOf({ integrations: [integration] }).join('\n');
    expect(problems).toContain(`${field} looks like a token or a key itself`);
    expect(problems).not.toContain(PREFIXLESS.slice(0, 8));
    expect(problems).not.toContain('ntn_SECR');
  });
});
