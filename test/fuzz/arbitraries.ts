/**
 * Shared fast-check arbitraries for the property-based tests in this folder.
 */
import fc from 'fast-check';
import { TARGET_KINDS, TOKEN_TYPES } from '../../functions/shared/categories.js';
import { looksLikeCredential } from '../../functions/shared/credential-like.js';

/** Strings of every flavour: printable graphemes, any code point, any byte, the default ASCII. */
export const anyString = (
  constraints: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string(constraints),
    fc.string({ ...constraints, unit: 'grapheme' }),
    fc.string({ ...constraints, unit: 'grapheme-composite' }),
    fc.string({ ...constraints, unit: 'binary' }),
    fc.string({ ...constraints, unit: 'binary-ascii' }),
  );

/** Every character JavaScript's `\s` matches (what `String#trim` removes). */
export const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00A0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200A',
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u3000',
  '\uFEFF',
] as const;

export const whitespace = fc.string({ unit: fc.constantFrom(...WHITESPACE), minLength: 1, maxLength: 4 });

/** `s` with `insert` spliced in at an arbitrary position. */
export const withInserted = (
  base: fc.Arbitrary<string>,
  insert: fc.Arbitrary<string>,
): fc.Arbitrary<string> =>
  fc.tuple(base, insert, fc.nat()).map(([s, x, at]) => {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    return s.slice(0, i) + x + s.slice(i);
  });

/** An internal integration secret as Notion issues them. */
export const ntnToken = fc.stringMatching(/^ntn_[A-Za-z0-9]{20,60}$/);

// ---------------------------------------------------------------------------------------------
// Valid configurations, built from the schema's rules in functions/config/schema.ts.

/** A string the schema's `nonBlank` accepts: non-empty, no leading or trailing whitespace. */
const nonBlank = (maxLength: number) =>
  anyString({ minLength: 1, maxLength }).filter(
    (s) => s.length >= 1 && s.length <= maxLength && s.trim() === s,
  );

/** What the schema refuses as a name, secret id or key: it may be a credential. */
const notCredential = (s: string) => !looksLikeCredential(s);

export const integrationName = fc.stringMatching(/^[\w.:@+=-]{1,40}$/).filter(notCredential);

export const envTokenSource = fc.record({
  env: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/).filter(notCredential),
});

export const secretTokenSource = fc.record(
  {
    secretId: fc
      .oneof(
        fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,80}$/),
        fc.stringMatching(/^arn:aws:secretsmanager:[a-z]{2}-[a-z]+-\d:\d{12}:secret:[\w/+=.@-]{1,40}$/),
      )
      .filter(notCredential),
    jsonKey: nonBlank(30).filter(notCredential),
  },
  { requiredKeys: ['secretId'] },
);

export const tokenSource = fc.oneof(envTokenSource, secretTokenSource);

/** A Notion id as the schema keeps it (a pasted URL becomes its id, so it is tested apart). */
export const targetId = fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9a-fA-F]{32}$/));

export const target = fc.record(
  {
    kind: fc.constantFrom(...TARGET_KINDS),
    id: targetId,
    label: anyString({ maxLength: 60 }),
  },
  { requiredKeys: ['kind', 'id'] },
);

export const expectation = fc.record(
  {
    workspaceName: anyString({ minLength: 1, maxLength: 30 }).filter((s) => s.length >= 1),
    workspaceId: fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9a-fA-F]{32}$/)),
    tokenType: fc.constantFrom(...TOKEN_TYPES),
  },
  { requiredKeys: [] },
);

export const integration = fc.record(
  {
    name: integrationName,
    token: tokenSource,
    expect: expectation,
    targets: fc.array(target, { maxLength: 6 }),
  },
  { requiredKeys: ['name', 'token'] },
);

/** A configuration `parseConfig` must accept. Optional top-level fields are sometimes omitted. */
export const validConfig = fc.record(
  {
    notionBaseUrl: fc.oneof(
      fc.constant('https://api.notion.com'),
      fc.constantFrom('http://127.0.0.1:8080', 'http://localhost:3000/notion'),
      // No query, fragment or user:password@ (refused); a trailing slash is dropped (see normalised).
      fc.webUrl({ validSchemes: ['http', 'https'] }),
    ),
    notionVersion: fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    timeoutMs: fc.integer({ min: 100, max: 120_000 }),
    integrations: fc.uniqueArray(integration, { minLength: 1, maxLength: 5, selector: (i) => i.name }),
  },
  { requiredKeys: ['integrations'] },
);

export type ValidConfig = typeof validConfig extends fc.Arbitrary<infer T> ? T : never;

/** Every path to a value (object property or array element) inside plain JSON-like data. */
export function valuePaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([...prefix, i], ...valuePaths(x, [...prefix, i]));
    });
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...valuePaths(x, [...prefix, k]));
  }
  return out;
}

/** Every path to an object (where a key could be added), including the root. */
export function objectPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push(...objectPaths(x, [...prefix, i]));
    });
  } else if (v !== null && typeof v === 'object') {
    out.push(prefix);
    for (const [k, x] of Object.entries(v)) out.push(...objectPaths(x, [...prefix, k]));
  }
  return out;
}

/** A deep copy of JSON-like data with `f` applied at `path`. */
export function updateAt(
  v: unknown,
  path: readonly (string | number)[],
  f: (old: unknown) => unknown,
): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return f(v);
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? updateAt(x, rest, f) : x));
  const o = v as Record<string, unknown>;
  return { ...o, [head]: updateAt(o[head as string], rest, f) };
}

/** `integrations[2].targets[0].id`, the way `formatPath` in the schema writes it. */
export function pathText(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? '(root)' : out;
}
