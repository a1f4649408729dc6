// zod/mini: the same validation as classic zod in a fraction of the bundle (the Lambda's
// cold start pays for every kilobyte). Its messages come from english-messages.ts.
import * as z from 'zod/mini';
import { TARGET_KINDS, TOKEN_TYPES } from '../shared/categories.js';
import { looksLikeCredential } from '../shared/credential-like.js';
import { useEnglishMessages } from './english-messages.js';
import { findJsonSyntaxError } from './json-syntax.js';
import {
  isNotionUuid,
  normaliseBaseUrl,
  notionIdFrom,
  problemWithBaseUrl,
  problemWithSecretId,
} from './values.js';

const notATokenItself = (what: string) =>
  z.refine<string>(
    (s) => !looksLikeCredential(s),
    `${what} looks like a token or a key itself; put a name here, never the credential`,
  );

/** A check that reports what `problem` says is wrong with the value, if anything. */
const fromProblem = (problem: (value: string) => string | undefined) =>
  z.superRefine<string>((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value });
  });

/** Notion's API host; the simulator or a test overrides it. */
export const DEFAULT_NOTION_BASE_URL = 'https://api.notion.com';
/** The newest Notion-Version the monitor is written against. */
export const DEFAULT_NOTION_VERSION = '2026-03-11';
/** Per-request timeout. Long enough for a slow Notion, short enough to finish a run well inside a 5-minute schedule. */
export const DEFAULT_TIMEOUT_MS = 10_000;

const nonBlank = (what: string, ...checks: z.core.$ZodCheck<string>[]) =>
  z.string({ error: `${what} must be a string` }).check(
    z.minLength(1, `${what} must not be empty`),
    z.refine((s: string) => s.trim() === s, `${what} must not start or end with whitespace`),
    ...checks,
  );

const tokenSource = z.union(
  [
    z.strictObject({
      env: nonBlank(
        'env',
        z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env must be an environment variable name'),
        notATokenItself('env'),
      ),
    }),
    z.strictObject({
      secretId: nonBlank(
        'secretId',
        z.maxLength(2048, 'secretId must be at most 2048 characters'),
        fromProblem(problemWithSecretId),
        notATokenItself('secretId'),
      ),
      jsonKey: z.optional(nonBlank('jsonKey', notATokenItself('jsonKey'))),
    }),
  ],
  { error: 'token must be { "env": "VAR" } or { "secretId": "name-or-arn", "jsonKey"?: "field" }' },
);

const target = z.strictObject({
  kind: z.enum(TARGET_KINDS, { error: `kind must be one of ${TARGET_KINDS.join(', ')}` }),
  // Only a Notion id ever reaches a request path; a pasted Notion URL gives the id it ends with.
  id: z.pipe(
    nonBlank(
      'id',
      z.maxLength(2048, 'id must be at most 2048 characters'),
      z.refine(
        (s: string) => notionIdFrom(s) !== undefined,
        'id must be a Notion id: 32 hex digits, with or without dashes, or the Notion URL of the page or database',
      ),
    ),
    z.transform((s: string) => notionIdFrom(s) ?? s),
  ),
  label: z.optional(
    z
      .string({ error: 'label must be a string' })
      .check(z.maxLength(200, 'label must be at most 200 characters'), notATokenItself('label')),
  ),
});

const integration = z.strictObject({
  name: nonBlank(
    'name',
    z.maxLength(128, 'name must be at most 128 characters'),
    z.regex(
      /^[\w.:@+=-]+$/,
      'name may contain letters, digits and _ . : @ + = - only (it becomes a metric dimension)',
    ),
    notATokenItself('name'),
  ),
  token: tokenSource,
  expect: z.optional(
    z.strictObject({
      workspaceName: z.optional(z.string().check(z.minLength(1))),
      // A placeholder ("…", "TODO") would only ever mismatch: the id's shape is checked here.
      workspaceId: z.optional(
        z
          .string({ error: 'workspaceId must be a string' })
          .check(
            z.refine(
              isNotionUuid,
              "workspaceId must be the workspace's id: 32 hex digits, with or without dashes (the workspaceId of a report for a token of that workspace)",
            ),
          ),
      ),
      tokenType: z.optional(
        z.enum(TOKEN_TYPES, { error: `tokenType must be ${TOKEN_TYPES.map((t) => `"${t}"`).join(' or ')}` }),
      ),
    }),
  ),
  targets: z.optional(
    z
      .array(target, { error: 'targets must be a list' })
      .check(z.maxLength(50, 'targets must list at most 50 targets')),
  ),
});

const configSchema = z
  .strictObject({
    notionBaseUrl: z._default(
      z.pipe(
        z
          .url({ protocol: /^https?$/, error: 'notionBaseUrl must be an http(s) URL' })
          .check(fromProblem(problemWithBaseUrl)),
        z.transform(normaliseBaseUrl),
      ),
      DEFAULT_NOTION_BASE_URL,
    ),
    notionVersion: z._default(
      z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'notionVersion must look like 2026-03-11')),
      DEFAULT_NOTION_VERSION,
    ),
    timeoutMs: z._default(
      z
        .int({ error: 'timeoutMs must be a whole number of milliseconds' })
        .check(
          z.gte(100, 'timeoutMs must be at least 100'),
          z.lte(120_000, 'timeoutMs must be at most 120000'),
        ),
      DEFAULT_TIMEOUT_MS,
    ),
    integrations: z
      .array(integration)
      .check(z.minLength(1, 'integrations must list at least one integration')),
  })
  .check(
    z.superRefine((config, ctx) => {
      const seen = new Map<string, number>();
      config.integrations.forEach((i, index) => {
        const first = seen.get(i.name);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['integrations', index, 'name'],
            message: `duplicate name, also used by integrations[${first}]`,
            input: i.name,
          });
        } else seen.set(i.name, index);
      });
    }),
  );

/** A validated configuration: defaults filled, deeply readonly. */
export type MonitorConfig = DeepReadonly<z.output<typeof configSchema>>;
export type IntegrationConfig = MonitorConfig['integrations'][number];
export type TokenSource = IntegrationConfig['token'];
export type TargetConfig = NonNullable<IntegrationConfig['targets']>[number];

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The result of {@link parseConfig}: a typed config or every problem, each with its path. */
export type ConfigResult =
  | { readonly ok: true; readonly config: MonitorConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** `integrations[2].targets[0].id` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

/** Validates a parsed JSON value. Never throws. */
export function parseConfig(input: unknown): ConfigResult {
  useEnglishMessages();
  const result = configSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
  };
}

/**
 * Where the JSON broke and why, never V8's message itself: it quotes the input, and a
 * config or secret pasted in the wrong place may hold a token. With the text, the position
 * is found by {@link findJsonSyntaxError} (Node 20's message has none for some faults);
 * without it, only what V8's message says of the position.
 */
export function jsonErrorPosition(error: unknown, text?: string): string {
  const fault = text === undefined ? undefined : findJsonSyntaxError(text);
  if (fault !== undefined) return ` at line ${fault.line}, column ${fault.column}: ${fault.reason}`;
  const message = error instanceof Error ? error.message : '';
  const at = /position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(message);
  if (at?.[2] !== undefined) return ` (at line ${at[2]}, column ${at[3]})`;
  if (at?.[1] !== undefined) return ` (at character ${at[1]})`;
  if (/end of JSON input/i.test(message)) return ' (it ends too early)';
  return '';
}

/**
 * Parses JSON text, then validates it. `source` names the file or variable in messages. A
 * UTF-8 byte order mark (which some Windows editors write) is dropped first: JSON has none.
 */
export function parseConfigText(text: string, source: string): ConfigResult {
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [`${source}: not valid JSON${jsonErrorPosition(error, json)}`] };
  }
  const result = parseConfig(value);
  return result.ok ? result : { ok: false, problems: result.problems.map((p) => `${source}: ${p}`) };
}
