// zod/mini: the same validation as classic zod in a fraction of the bundle (the Lambda's
// cold start pays for every kilobyte). Its messages come from english-messages.ts.
import * as z from 'zod/mini';
import { TARGET_KINDS, TOKEN_TYPES } from '../shared/categories.js';
import { looksLikeCredential } from '../shared/credential-like.js';
import { DEFAULT_WEBHOOK_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from '../shared/receivers.js';
import { useEnglishMessages } from './english-messages.js';
import { findJsonSyntaxError } from './json-syntax.js';
import {
  isNotionUuid,
  normaliseBaseUrl,
  notionIdFrom,
  problemWithBaseUrl,
  problemWithReceiverUrl,
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

/** A token's source; `field` names it in the message (`token`, `verificationToken`). */
const tokenSourceOf = (field: string) =>
  z.union(
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
    { error: `${field} must be { "env": "VAR" } or { "secretId": "name-or-arn", "jsonKey"?: "field" }` },
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

/** An integration's or a receiver's name: it becomes a metric dimension. */
const dimensionName = nonBlank(
  'name',
  z.maxLength(128, 'name must be at most 128 characters'),
  z.regex(
    /^[\w.:@+=-]+$/,
    'name may contain letters, digits and _ . : @ + = - only (it becomes a metric dimension)',
  ),
  notATokenItself('name'),
);

const integration = z.strictObject({
  name: dimensionName,
  token: tokenSourceOf('token'),
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

/** A webhook receiver to probe with signed synthetic events (functions/receiver/). */
const receiver = z.strictObject({
  name: dimensionName,
  url: nonBlank(
    'url',
    z.maxLength(2048, 'url must be at most 2048 characters'),
    fromProblem(problemWithReceiverUrl),
  ),
  verificationToken: tokenSourceOf('verificationToken'),
  eventType: z._default(
    z.enum(WEBHOOK_EVENT_TYPES, { error: `eventType must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }),
    DEFAULT_WEBHOOK_EVENT_TYPE,
  ),
  // A page (or database) the team dedicates to the monitor: a receiver that fetches the entity fetches it.
  entityId: z.optional(
    z
      .string({ error: 'entityId must be a string' })
      .check(z.refine(isNotionUuid, 'entityId must be a Notion id: 32 hex digits, with or without dashes')),
  ),
  expectForgedRejected: z._default(z.boolean({ error: 'expectForgedRejected must be true or false' }), true),
});

/** Each name used once in `list`; a repeat is reported at its own index. */
function uniqueNames(
  list: readonly { readonly name: string }[],
  key: 'integrations' | 'receivers',
  ctx: z.core.$RefinementCtx,
): void {
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [key, index, 'name'],
        message: `duplicate name, also used by ${key}[${first}]`,
        input: item.name,
      });
    } else seen.set(item.name, index);
  });
}

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
    // Optional: a config may probe only webhook receivers (at least one of the two lists is checked below).
    integrations: z._default(z.array(integration), []),
    receivers: z._default(
      z
        .array(receiver, { error: 'receivers must be a list' })
        .check(z.maxLength(50, 'receivers must list at most 50 receivers')),
      [],
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
      if (config.integrations.length === 0 && config.receivers.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['integrations'],
          message: 'integrations must list at least one integration (or receivers at least one receiver)',
          input: config.integrations,
        });
      }
      uniqueNames(config.integrations, 'integrations', ctx);
      uniqueNames(config.receivers, 'receivers', ctx);
    }),
  );

/** A validated configuration: defaults filled, deeply readonly. */
export type MonitorConfig = DeepReadonly<z.output<typeof configSchema>>;
export type IntegrationConfig = MonitorConfig['integrations'][number];
export type TokenSource = IntegrationConfig['token'];
export type TargetConfig = NonNullable<IntegrationConfig['targets']>[number];
export type ReceiverConfig = MonitorConfig['receivers'][number];

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
