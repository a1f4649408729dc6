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

  it('never quotes the broken JSON back, which may hold a token', () => {
    const r = parseConfigText('{"integrations": [{"token": {"env": ntn_SECRET123456789}}]}', 'cfg');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([expect.stringMatching(/^cfg: not valid JSON( \(at .*\))?$/)]);
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
