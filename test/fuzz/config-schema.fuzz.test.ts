import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConfigResult,
  DEFAULT_NOTION_BASE_URL,
  DEFAULT_NOTION_VERSION,
  DEFAULT_TIMEOUT_MS,
  parseConfig,
  parseConfigText,
} from '../../functions/config/schema.js';
import { TARGET_KINDS } from '../../functions/shared/categories.js';
import {
  anyString,
  ntnToken,
  objectPaths,
  pathText,
  updateAt,
  type ValidConfig,
  validConfig,
  valuePaths,
} from './arbitraries.js';

/** `(root)`, `integrations`, `integrations[0].token`, `integrations[2].targets[10].id`, then `: ` and a message. */
const PROBLEM = /^(?:\(root\)|[A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*): \S/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;
const SOURCE = 'NOTION_MONITOR_CONFIG';

/** The shape every result must have, whatever the input. */
function expectWellFormed(result: ConfigResult, source?: string): void {
  expect(typeof result).toBe('object');
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(['config', 'ok']);
    expect(result.config.integrations.length).toBeGreaterThan(0);
    return;
  }
  expect(Object.keys(result).sort()).toEqual(['ok', 'problems']);
  expect(Array.isArray(result.problems)).toBe(true);
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(typeof p).toBe('string');
    expect(p).not.toMatch(LINE_BREAK);
    if (source === undefined) expect(p).toMatch(PROBLEM);
    else {
      expect(p.startsWith(`${source}: `)).toBe(true);
      const rest = p.slice(source.length + 2);
      expect(rest.startsWith('not valid JSON') || PROBLEM.test(rest)).toBe(true);
    }
  }
}

const withDefaults = (c: ValidConfig) => ({
  notionBaseUrl: DEFAULT_NOTION_BASE_URL,
  notionVersion: DEFAULT_NOTION_VERSION,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  receivers: [],
  ...c,
  // The client appends /v1/..., so trailing slashes are dropped.
  ...(c.notionBaseUrl !== undefined ? { notionBaseUrl: c.notionBaseUrl.replace(/\/+$/, '') } : {}),
});

// ---------------------------------------------------------------------------------------------
// Targeted mutations: one field of a valid config made invalid, and the path the problem must name.

interface Mutation {
  readonly what: string;
  readonly value: unknown;
  /** The problem must name this path (or a path below it). */
  readonly path: readonly (string | number)[];
}

const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { minLength: 1, maxLength: 2 }),
);
const notAnObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]));
const edgeSpace = fc.constantFrom(' ', '\t', '\n', '\u00A0', '\uFEFF', '\u2028');
const rootKeys = new Set(['notionBaseUrl', 'notionVersion', 'timeoutMs', 'integrations']);
const unknownKey = (known: readonly string[]) =>
  anyString({ maxLength: 20 }).filter((k) => !known.includes(k));

// Built once: `fc.stringMatching` and friends are costly to construct, and `mutations` runs per case.
const unknownRootKey = fc.tuple(unknownKey([...rootKeys]), fc.jsonValue({ maxDepth: 2 }));
const unknownIntegrationKey = fc.tuple(
  unknownKey(['expect', 'name', 'targets', 'token']),
  fc.jsonValue({ maxDepth: 2 }),
);
const unknownTargetKey = unknownKey(['kind', 'id', 'label']);
const badBaseUrl = fc.oneof(
  fc.constantFrom(
    'ftp://api.notion.com',
    'api.notion.com',
    'not a url',
    'https:api.notion.com',
    '',
    'file:///etc',
    'https://api.notion.com/#',
    'https://api.notion.com#v1',
    'https://api.notion.com/?x=1',
    'https://api.notion.com?',
    'https://user:pass@api.notion.com',
    'https://user@api.notion.com',
  ),
  fc.webUrl({ validSchemes: ['https'], withFragments: true }).map((u) => `${u}#f`),
  fc.webUrl({ validSchemes: ['https'], withQueryParameters: true }).map((u) => `${u}?q`),
  notAString,
);
const badVersion = fc.oneof(
  anyString().filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
  notAString,
);
const badTimeout = fc.oneof(
  fc.integer({ max: 99 }),
  fc.integer({ min: 120_001 }),
  fc.double({ min: 100, max: 120_000, noNaN: true }).filter((x) => !Number.isInteger(x)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, '1000', null, true),
);
const badName = fc.oneof(
  fc.constant(''),
  fc.constant('x'.repeat(129)),
  fc.stringMatching(/^[\w.:@+=-]{0,5}[ /#?!$%^&*(){}<>,;"'~`|\\[\]][\w.:@+=-]{0,5}$/),
  edgeSpace.map((s) => `${s}name`),
  notAString,
);
const badTokenSource = fc.oneof(
  notAnObject,
  fc.constant({}),
  fc.constant({ env: 'A', secretId: 'b' }),
  ntnToken,
);
const badEnv = fc.oneof(
  fc.stringMatching(/^[0-9-][A-Za-z0-9_]{0,8}$/),
  fc.constantFrom('', 'MY-VAR', 'A B', 'A\n'),
  notAString,
);
const badSecretId = fc.oneof(
  fc.constant(''),
  edgeSpace.map((s) => `arn${s}`),
  fc.constant('x'.repeat(2049)),
  // IAM wildcards, anywhere in a name or an ARN.
  fc
    .tuple(
      fc.stringMatching(/^[\w/+=.@-]{0,10}$/),
      fc.constantFrom('*', '?'),
      fc.stringMatching(/^[\w/+=.@-]{0,10}$/),
    )
    .map(([a, w, b]) => a + w + b),
  fc.constantFrom(
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:*',
    'arn:aws:secretsmanager:*:*:secret:x',
  ),
  fc.constantFrom('prod notion', 'prod#notion', 'arn:aws:s3:::bucket'),
);
const badExpect = fc.oneof(
  notAnObject,
  fc.constant({ tokenType: 'bot' }),
  fc.constant({ workspaceName: '' }),
);
const badTargets = fc.oneof(
  notAString,
  fc.constant(Array.from({ length: 51 }, () => ({ kind: 'page', id: 'a' }))),
);
const badKind = fc.oneof(
  anyString().filter((s) => !(TARGET_KINDS as readonly string[]).includes(s)),
  notAString,
);
const badId = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '.',
    '..',
    'not-a-notion-id',
    'a'.repeat(101),
    '59833787-2cf9-4fdf-8782-e53db20768a',
    'https://www.notion.so/',
  ),
  fc.uuid().map((u) => `${u}/`),
  fc.stringMatching(/^[0-9a-f]{0,8}(\/|\?|#|\\|\.\.| |\t|\n)[0-9a-f]{0,8}$/),
  notAString,
);
const badLabel = fc.oneof(fc.constant('l'.repeat(201)), notAString);

function mutations(c: ValidConfig): fc.Arbitrary<Mutation> {
  const n = c.integrations.length;
  const i = fc.nat({ max: n - 1 });
  const set = (path: (string | number)[], v: unknown, what: string): Mutation => ({
    what,
    value: updateAt(c, path, () => v),
    path,
  });
  const addKey = (path: (string | number)[], key: string, v: unknown, what: string): Mutation => ({
    what,
    value: updateAt(c, path, (o) => ({ ...(o as object), [key]: v })),
    path,
  });
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constant({
      what: 'integrations missing',
      value: Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'integrations')),
      path: ['integrations'],
    }),
    fc.constant(set(['integrations'], [], 'integrations empty')),
    notAString.map((v) => set(['integrations'], v, 'integrations not an array')),
    unknownRootKey.map(([k, v]) => addKey([], k, v, 'unknown root key')),
    badBaseUrl.map((v) => set(['notionBaseUrl'], v, 'bad notionBaseUrl')),
    badVersion.map((v) => set(['notionVersion'], v, 'bad notionVersion')),
    badTimeout.map((v) => set(['timeoutMs'], v, 'bad timeoutMs')),
    fc.tuple(i, notAnObject).map(([k, v]) => set(['integrations', k], v, 'integration not an object')),
    fc.tuple(i, badName).map(([k, v]) => set(['integrations', k, 'name'], v, 'bad name')),
    fc.tuple(i, badTokenSource).map(([k, v]) => set(['integrations', k, 'token'], v, 'bad token source')),
    fc.tuple(i, badEnv).map(([k, v]) => set(['integrations', k, 'token'], { env: v }, 'bad env name')),
    fc
      .tuple(i, badSecretId)
      .map(([k, v]) => set(['integrations', k, 'token'], { secretId: v }, 'bad secretId')),
    fc
      .tuple(i, unknownIntegrationKey)
      .map(([k, [key, v]]) => addKey(['integrations', k], key, v, 'unknown integration key')),
    fc.tuple(i, badExpect).map(([k, v]) => set(['integrations', k, 'expect'], v, 'bad expect')),
    fc.tuple(i, badTargets).map(([k, v]) => set(['integrations', k, 'targets'], v, 'bad targets')),
  ];
  if (n >= 2) {
    options.push(
      fc
        .tuple(i, i)
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => {
          const dup = c.integrations[Math.min(a, b)]?.name;
          return set(['integrations', Math.max(a, b), 'name'], dup, 'duplicate name');
        }),
    );
  }
  const targeted = c.integrations.flatMap((integ, k) =>
    (integ.targets ?? []).map((_, t) => ['integrations', k, 'targets', t] as (string | number)[]),
  );
  if (targeted.length > 0) {
    const tp = fc.constantFrom(...targeted);
    options.push(
      fc.tuple(tp, badKind).map(([p, v]) => set([...p, 'kind'], v, 'bad target kind')),
      fc.tuple(tp, badId).map(([p, v]) => set([...p, 'id'], v, 'bad target id')),
      fc.tuple(tp, badLabel).map(([p, v]) => set([...p, 'label'], v, 'bad target label')),
      fc.tuple(tp, unknownTargetKey).map(([p, key]) => addKey(p, key, 1, 'unknown target key')),
    );
  }
  return fc.oneof(...options);
}

/** A valid config with one value anywhere replaced by anything, or one key deleted. */
function anyMutation(c: ValidConfig): fc.Arbitrary<unknown> {
  const paths = valuePaths(c);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...paths), fc.anything({ maxDepth: 2 }))
      .map(([p, v]) => updateAt(c, p, () => v)),
    fc.constantFrom(...paths).map((p) =>
      updateAt(c, p.slice(0, -1), (o) => {
        if (Array.isArray(o)) return o.filter((_, i) => i !== p[p.length - 1]);
        const copy = { ...(o as Record<string, unknown>) };
        delete copy[p[p.length - 1] as string];
        return copy;
      }),
    ),
  );
}

describe('parseConfig (property-based)', () => {
  it('never throws and is well-formed for fc.anything()', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          withUnicodeString: true,
        }),
        (v) => expectWellFormed(parseConfig(v)),
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws and is well-formed for fc.json() / fc.string() as text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), anyString({ maxLength: 200 })), (text) =>
        expectWellFormed(parseConfigText(text, SOURCE), SOURCE),
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts generated valid configs and fills the defaults (round trip)', () => {
    fc.assert(
      fc.property(validConfig, (c) => {
        const r = parseConfig(c);
        expectWellFormed(r);
        if (!r.ok) throw new Error(`rejected a valid config: ${r.problems.join(' | ')}`);
        // (Through JSON: the generator sometimes builds null-prototype objects; the output is plain.)
        expect(r.config).toStrictEqual(JSON.parse(JSON.stringify(withDefaults(c))));
        // Parsing is idempotent, and the text form parses to the same thing.
        expect(parseConfig(r.config)).toStrictEqual(r);
        expect(parseConfigText(JSON.stringify(c), SOURCE)).toStrictEqual(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a valid config with one field made invalid, naming that field', () => {
    fc.assert(
      fc.property(
        validConfig.chain((c) => mutations(c)),
        (m) => {
          const r = parseConfig(m.value);
          expectWellFormed(r);
          if (r.ok) throw new Error(`accepted after mutation "${m.what}"`);
          const at = pathText(m.path);
          const named = r.problems.some((p) =>
            [': ', '.', '['].some((sep) => p.startsWith(at + sep) || (at === '(root)' && p.startsWith(at))),
          );
          if (!named) throw new Error(`"${m.what}" not reported at ${at}: ${r.problems.join(' | ')}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws and is well-formed for a valid config with any one value replaced or removed', () => {
    fc.assert(
      fc.property(
        validConfig.chain((c) => anyMutation(c)),
        (v) => {
          expectWellFormed(parseConfig(v));
          // Through JSON text too (when the mutation survives JSON at all).
          let text: string | undefined;
          try {
            text = JSON.stringify(v);
          } catch {
            text = undefined; // BigInt
          }
          if (text !== undefined) expectWellFormed(parseConfigText(text, SOURCE), SOURCE);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A token pasted anywhere in the config text never comes back in a problem.

function expectNoLeak(result: ConfigResult, token: string): void {
  if (!result.ok) for (const p of result.problems) expect(p).not.toContain(token);
}

/** The JSON text of a valid config with the token put in as one value, and the path it went to. */
const configTextWithTokenValue = validConfig.chain((c) =>
  fc.tuple(fc.constantFrom(...valuePaths(c)), ntnToken).map(([p, token]) => ({
    token,
    text: JSON.stringify(updateAt(c, p, () => token)),
  })),
);

/** Broken JSON around a token: truncated, a character inserted or deleted, or junk around it. */
const brokenTextWithToken = fc.oneof(
  fc.tuple(configTextWithTokenValue, fc.nat()).map(([{ token, text }, at]) => ({
    token,
    text: text.slice(0, at % (text.length + 1)),
  })),
  fc
    .tuple(configTextWithTokenValue, fc.nat(), fc.constantFrom('', '"', '{', '}', ',', ':', 'x', '\\', '\n'))
    .map(([{ token, text }, at, ch]) => {
      const i = at % (text.length + 1);
      return { token, text: text.slice(0, i) + ch + text.slice(i + (ch === '' ? 1 : 0)) };
    }),
  fc.tuple(anyString({ maxLength: 40 }), ntnToken, anyString({ maxLength: 40 })).map(([a, token, b]) => ({
    token,
    text: a + token + b,
  })),
  fc
    .tuple(ntnToken, fc.constantFrom('{"token": %}', '{"integrations": [%]}', '%', '"%', '{"%": 1', '[%'))
    .map(([token, shape]) => ({ token, text: shape.replace('%', token) })),
);

describe('parseConfigText never echoes a token (property-based)', () => {
  it('JSON syntax errors never quote the input', () => {
    fc.assert(
      fc.property(brokenTextWithToken, ({ token, text }) => {
        const r = parseConfigText(text, SOURCE);
        expectWellFormed(r, SOURCE);
        expectNoLeak(r, token);
      }),
      { numRuns: 2000 },
    );
  });

  it('schema problems never quote a token put in place of any value', () => {
    fc.assert(
      fc.property(configTextWithTokenValue, ({ token, text }) => {
        const r = parseConfigText(text, SOURCE);
        expectWellFormed(r, SOURCE);
        expectNoLeak(r, token);
      }),
      { numRuns: 2000 },
    );
  });

  it('schema problems never quote a token used as an unknown key', () => {
    const tokenAsKey = validConfig.chain((c) =>
      fc.tuple(ntnToken, fc.constantFrom(...objectPaths(c))).map(([token, p]) => ({
        token,
        text: JSON.stringify(updateAt(c, p, (o) => ({ ...(o as object), [token]: 1 }))),
      })),
    );
    fc.assert(
      fc.property(tokenAsKey, ({ token, text }) => {
        const r = parseConfigText(text, SOURCE);
        expectWellFormed(r, SOURCE);
        expectNoLeak(r, token);
      }),
      { numRuns: 2000 },
    );
  });

  it('schema problems never quote a token used as a duplicated integration name', () => {
    const tokenAsDuplicateName = validConfig.chain((c) =>
      fc.tuple(ntnToken, fc.nat({ max: c.integrations.length - 1 })).map(([token, at]) => {
        const named = c.integrations.map((i, k) => (k === at ? { ...i, name: token } : i));
        return {
          token,
          text: JSON.stringify({ ...c, integrations: [...named, { ...named[at], name: token }] }),
        };
      }),
    );
    fc.assert(
      fc.property(tokenAsDuplicateName, ({ token, text }) => {
        const r = parseConfigText(text, SOURCE);
        expectWellFormed(r, SOURCE);
        expectNoLeak(r, token);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Tokens without a prefix, Notion URLs as ids, and text as editors save it.

/** A random credential without any prefix: letters and digits, no separator, 16 to 60 of them. */
const prefixlessToken = fc.stringMatching(/^[A-Za-z0-9]{16,60}$/);

/** No 8 consecutive characters of `token` appear in `text` (the leak rule). */
function expectNoPieceOf(text: string, token: string): void {
  for (let i = 0; i + 8 <= token.length; i++) expect(text).not.toContain(token.slice(i, i + 8));
}

describe('parseConfig, hostile and pasted values (property-based)', () => {
  it('never quotes any part of a prefix-less token used as an unknown key', () => {
    const tokenAsKey = validConfig.chain((c) =>
      fc.tuple(prefixlessToken, fc.constantFrom(...objectPaths(c))).map(([token, p]) => ({
        token,
        value: updateAt(c, p, (o) => ({ ...(o as object), [token]: 1 })),
      })),
    );
    fc.assert(
      fc.property(tokenAsKey, ({ token, value }) => {
        const r = parseConfig(value);
        expectWellFormed(r);
        if (r.ok) throw new Error('accepted an unknown key');
        expectNoPieceOf(r.problems.join('\n'), token);
      }),
      { numRuns: 1000 },
    );
  });

  it('takes the id from a pasted Notion URL of a page or a database', () => {
    const url = fc
      .tuple(
        fc.stringMatching(/^[0-9a-f]{32}$/),
        fc.stringMatching(/^[0-9a-f]{32}$/),
        fc.constantFrom('https://www.notion.so/acme/', 'https://acme.notion.site/', 'https://www.notion.so/'),
        fc.constantFrom('', 'Inbound-tickets-', 'My-page-'),
        fc.constantFrom('', '?v=VIEW', '?pvs=4', '#heading'),
      )
      .map(([id, view, prefix, slug, tail]) => ({
        id,
        text: `${prefix}${slug}${id}${tail.replace('VIEW', view)}`,
      }));
    fc.assert(
      fc.property(url, ({ id, text }) => {
        const r = parseConfig({
          integrations: [{ name: 'a', token: { env: 'T' }, targets: [{ kind: 'page', id: text }] }],
        });
        if (!r.ok) throw new Error(r.problems.join(' | '));
        expect(r.config.integrations[0]?.targets?.[0]?.id).toBe(id);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a config saved with a UTF-8 byte order mark like one without', () => {
    fc.assert(
      fc.property(validConfig, (c) => {
        const text = JSON.stringify(c);
        expect(parseConfigText(`\uFEFF${text}`, SOURCE)).toStrictEqual(parseConfigText(text, SOURCE));
      }),
      { numRuns: 300 },
    );
  });
});
