/**
 * `preflight`: the monitor's checks for one integration, for a worker to call at startup
 * (a sync job, a webhook receiver, a bot) before it takes work that would certainly fail.
 * The same engine as the scheduled probe (`runProbe`, one integration): token lint,
 * `users/me`, the expectations, the targets; the answer is the category, the reason and what
 * to do. One stable module: import it from `functions/preflight.ts`.
 *
 * It never throws for what Notion, a proxy or the token source answered: that is the result.
 * It throws {@link PreflightInputError} only for input it cannot run with, naming the field.
 */
import { type IntegrationConfig, type MonitorConfig, parseConfig } from './config/schema.js';
import type { NotionRequest, TokenResolver } from './engine/ports.js';
import { runProbe } from './engine/probe.js';
import { REASON_TEXTS } from './engine/reason-texts.js';
import {
  type CheckResult,
  decidingCheck,
  type IntegrationResult,
  type Outcome,
  outcomeOf,
} from './engine/report.js';
import { createTokenResolver } from './tokens/env-tokens.js';

export type { CheckResult, IntegrationResult } from './engine/report.js';
export type { Category } from './shared/categories.js';
export type { Reason } from './shared/reasons.js';

/** The token as the config names it: an environment variable, or a Secrets Manager secret. */
export type PreflightTokenSource =
  | { readonly env: string }
  | { readonly secretId: string; readonly jsonKey?: string };

/** What to check: the token (or where to read it), and optionally what it must be and reach. */
export interface PreflightInput {
  /** The token itself (never printed), or where to read it ({@link PreflightOptions.resolveTokens}). */
  readonly token: string | PreflightTokenSource;
  /** Names the integration in the result. @default 'preflight' */
  readonly name?: string;
  /** As in the config file: the workspace and token type the token must have. */
  readonly expect?: IntegrationConfig['expect'];
  /** As in the config file: pages, databases or data sources the integration must read. */
  readonly targets?: IntegrationConfig['targets'];
}

/** Where and how the checks run; every field has a production default. */
export interface PreflightOptions {
  /** @default https://api.notion.com */
  readonly notionBaseUrl?: string | undefined;
  /** @default the monitor's Notion-Version (DEFAULT_NOTION_VERSION) */
  readonly notionVersion?: string | undefined;
  /** Per request. @default 10000 */
  readonly timeoutMs?: number | undefined;
  /** Ends unfinished checks as `timeout` (`run_deadline`) after this long. @default none */
  readonly deadlineMs?: number;
  /** Sends one request. @default the engine's own request function (node:http, proxy variables honoured) */
  readonly request?: NotionRequest;
  /**
   * Reads a token given as a source. @default environment variables of this process only; pass
   * `createTokenResolver({ env, secrets: createSecretsResolver({ client }) })` for `secretId`.
   */
  readonly resolveTokens?: TokenResolver;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * The verdict: `ok`, or the category and reason of the deciding check, with what it said and
 * what to do. `checks` holds every check, as the report shows them.
 */
export type PreflightResult = Outcome & {
  readonly ok: boolean;
  /** The deciding check's message (for `ok`, the last check's). */
  readonly message: string;
  /** What to do: the deciding check's remedy (a failed token lint's own fix). */
  readonly remedy?: string;
  /** The reason's meaning and fix, one sentence each (the README's reasons table). */
  readonly meaning?: string;
  readonly fix?: string;
  readonly checks: readonly CheckResult[];
  readonly integration: IntegrationResult;
};

/** Input preflight cannot run with; the message names the field. */
export class PreflightInputError extends TypeError {
  override readonly name = 'PreflightInputError';
}

// The token as given is handed to the engine under this variable name, never through process.env.
const TOKEN_VARIABLE = 'NOTION_PREFLIGHT_TOKEN';

/** Runs the checks for one integration. Resolves with the verdict; rejects only on bad input. */
export async function preflight(
  input: PreflightInput,
  options: PreflightOptions = {},
): Promise<PreflightResult> {
  const config = preflightConfig(input, options);
  const now = options.now ?? Date.now;
  const report = await runProbe(config, {
    resolveTokens: resolverFor(input.token, options.resolveTokens),
    now,
    ...(options.request !== undefined ? { request: options.request } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineAt: now() + options.deadlineMs } : {}),
  });
  const integration = report.integrations[0];
  // runProbe returns one result per configured integration, and preflight configures one.
  if (integration === undefined) throw new Error('preflight: the probe returned no result');
  return resultOf(integration);
}

function resultOf(integration: IntegrationResult): PreflightResult {
  const deciding = decidingCheck(integration.checks) ?? integration.checks.at(-1);
  const common = {
    message: deciding?.message ?? '',
    checks: integration.checks,
    integration,
  };
  if (integration.category === 'ok') return { ok: true, category: 'ok', ...common };
  const { meaning, fix } = REASON_TEXTS[integration.reason];
  return {
    ok: false,
    ...outcomeOf(integration),
    ...common,
    ...(deciding?.remedy !== undefined ? { remedy: deciding.remedy } : {}),
    meaning,
    fix,
  };
}

/** The one-integration config, validated like a config file's; throws naming the field. */
function preflightConfig(input: PreflightInput, options: PreflightOptions): MonitorConfig {
  if (typeof input !== 'object' || input === null) throw new PreflightInputError('input must be an object');
  const token = typeof input.token === 'string' ? { env: TOKEN_VARIABLE } : input.token;
  if (typeof token !== 'object' || token === null) {
    throw new PreflightInputError(
      'token must be a string, { "env": "VAR" } or { "secretId": "name-or-arn", "jsonKey"?: "field" }',
    );
  }
  const parsed = parseConfig({
    ...definedOnly({
      notionBaseUrl: options.notionBaseUrl,
      notionVersion: options.notionVersion,
      timeoutMs: options.timeoutMs,
    }),
    integrations: [
      {
        name: input.name ?? 'preflight',
        token,
        ...definedOnly({ expect: input.expect, targets: input.targets }),
      },
    ],
  });
  if (parsed.ok) return parsed.config;
  throw new PreflightInputError(`invalid preflight input: ${parsed.problems.map(fieldOf).join('; ')}`);
}

/** A problem's path as the caller wrote it: `targets[0].id`, `options.timeoutMs`. */
function fieldOf(problem: string): string {
  const inIntegration = 'integrations[0].';
  if (problem.startsWith(inIntegration)) return problem.slice(inIntegration.length);
  return problem.startsWith('integrations') ? problem : `options.${problem}`;
}

function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A token given as a string is handed over as it is; a source is read by the resolver. */
function resolverFor(
  token: PreflightInput['token'],
  resolveTokens: TokenResolver | undefined,
): TokenResolver {
  if (typeof token === 'string') {
    return createTokenResolver({ env: { [TOKEN_VARIABLE]: token } });
  }
  return resolveTokens ?? createTokenResolver({ env: process.env });
}
