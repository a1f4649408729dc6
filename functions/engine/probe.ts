import { setMaxListeners } from 'node:events';
import type { IntegrationConfig, MonitorConfig, TargetConfig } from '../config/schema.js';
import type { CheckKind, Origin, TokenType } from '../shared/categories.js';
import { classifyOutcome, type Verdict } from './classify.js';
import { createNodeFetch } from './node-fetch.js';
import { type NotionRequestOptions, notionGet } from './notion-request.js';
import type { RequestOutcome } from './outcome.js';
import { createRedactor, fingerprint } from './redact.js';
import { remedyFor } from './remedies.js';
import {
  buildReport,
  type CheckResult,
  type IntegrationResult,
  type ProbeReport,
  worstCategory,
} from './report.js';
import { Semaphore } from './semaphore.js';
import { lintToken } from './token-lint.js';

/** A token as a token source resolved it: the value, or why there is none. */
export type ResolvedToken =
  | { readonly ok: true; readonly token: string; readonly ageDays?: number }
  | { readonly ok: false; readonly message: string };

/**
 * Resolves every integration's token; one integration's failure is its own entry, never
 * a throw. `signal` aborts at the run's deadline.
 */
export type TokenResolver = (
  integrations: readonly IntegrationConfig[],
  signal: AbortSignal,
) => Promise<ReadonlyMap<string, ResolvedToken>>;

/** Concurrency caps. Notion's limit is per integration, so the per-integration cap is small. */
export interface ProbeLimits {
  /** Requests in flight across the run. @default 40 */
  readonly requests?: number;
  /** Requests in flight for one integration. @default 3 */
  readonly perIntegration?: number;
}

/** The defaults of {@link ProbeLimits}, exported for the benchmark's limit computation. */
export const DEFAULT_LIMITS: Required<ProbeLimits> = { requests: 40, perIntegration: 3 };

/** Everything the engine needs from the outside world. */
export interface ProbeDependencies {
  readonly resolveTokens: TokenResolver;
  /**
   * @default a fetch on node:http with keep-alive agents shared across runs (Node's own
   * fetch turns a 407 into an opaque network error, and a proxy asking for credentials
   * is one of the faults this monitor exists to name).
   */
  readonly fetch?: typeof fetch;
  /** @default Date.now */
  readonly now?: () => number;
  /** Absolute time (ms, on `now`'s clock) when unfinished checks end as `timeout`. @default none */
  readonly deadlineAt?: number;
  readonly limits?: ProbeLimits;
}

interface BotInfo {
  readonly tokenType: TokenType | null;
  readonly workspaceName: string | null;
  readonly workspaceId: string | null;
}

/** Reads the bot out of a `users/me` body without trusting its shape. */
export function readBot(json: unknown): BotInfo | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const bot = (json as { bot?: unknown }).bot;
  if (bot === null || typeof bot !== 'object') return undefined;
  const b = bot as { owner?: { type?: unknown }; workspace_name?: unknown; workspace_id?: unknown };
  const ownerType = b.owner?.type;
  return {
    tokenType: ownerType === 'workspace' ? 'internal' : ownerType === 'user' ? 'oauth' : null,
    workspaceName: typeof b.workspace_name === 'string' ? b.workspace_name : null,
    workspaceId: typeof b.workspace_id === 'string' ? b.workspace_id : null,
  };
}

const TARGET_PATH: Record<TargetConfig['kind'], string> = {
  page: 'pages',
  database: 'databases',
  data_source: 'data_sources',
};

function check(kind: CheckKind, verdict: Verdict, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    check: kind,
    ...extra,
    ...verdict,
    ...(verdict.category !== 'ok' ? { remedy: remedyFor(verdict.category) } : {}),
  };
}

function local(category: Verdict['category'], message: string, origin: Origin = 'client'): Verdict {
  return { category, origin, message };
}

function skipped(kind: CheckKind, because: CheckResult, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    check: kind,
    ...extra,
    category: because.category,
    skipped: true,
    origin: 'client',
    message: `Skipped: the ${because.check} check failed (${because.category}).`,
  };
}

/**
 * Probes every integration in `config` and returns the report. Never throws for anything
 * an integration does; one integration's failure never stops the others.
 */
export async function runProbe(config: MonitorConfig, deps: ProbeDependencies): Promise<ProbeReport> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const global = new Semaphore(limits.requests);

  const deadline = new AbortController();
  // Every request in flight listens for the deadline: more than Node's default of 10 is expected.
  setMaxListeners(0, deadline.signal);
  let timer: NodeJS.Timeout | undefined;
  if (deps.deadlineAt !== undefined) {
    const ms = Math.max(0, deps.deadlineAt - startedAt);
    timer = setTimeout(() => deadline.abort(new DeadlineError()), ms);
  }

  try {
    const tokens = await deps.resolveTokens(config.integrations, deadline.signal);
    const redactor = createRedactor([...tokens.values()].flatMap((t) => (t.ok ? [t.token] : [])));
    const request: NotionRequestOptions = {
      baseUrl: config.notionBaseUrl,
      notionVersion: config.notionVersion,
      timeoutMs: config.timeoutMs,
      deadline: deadline.signal,
      fetch: deps.fetch ?? defaultFetch(),
      now,
    };
    const results = await Promise.all(
      config.integrations.map(async (integration) => {
        const resolved = tokens.get(integration.name) ?? {
          ok: false as const,
          message: 'No token was resolved for this integration.',
        };
        const result = await probeIntegration(integration, resolved, {
          request,
          global,
          perIntegration: limits.perIntegration,
        }).catch((error: unknown) => crashed(integration, resolved, error));
        return redactor.value(result);
      }),
    );
    return buildReport({
      startedAt,
      finishedAt: now(),
      notionVersion: config.notionVersion,
      integrations: results,
    });
  } finally {
    if (timer) clearTimeout(timer);
  }
}

let sharedFetch: typeof fetch | undefined;
/** Created on first use and kept, so warm Lambda invocations reuse their sockets. */
function defaultFetch(): typeof fetch {
  sharedFetch ??= createNodeFetch();
  return sharedFetch;
}

class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
  constructor() {
    super('The run deadline passed.');
  }
}

interface ProbeContext {
  readonly request: NotionRequestOptions;
  readonly global: Semaphore;
  readonly perIntegration: number;
}

async function send(path: string, token: string, ctx: ProbeContext, local: Semaphore): Promise<Sent> {
  return local.run(() =>
    ctx.global.run(async () => {
      const outcome: RequestOutcome = ctx.request.deadline.aborted
        ? { kind: 'timeout', reason: 'deadline', latencyMs: 0 }
        : await notionGet(path, token, ctx.request);
      return {
        verdict: classifyOutcome(outcome, ctx.request.now()),
        json: outcome.kind === 'success' ? outcome.json : undefined,
      };
    }),
  );
}

interface Sent {
  readonly verdict: Verdict;
  readonly json: unknown;
}

async function probeIntegration(
  integration: IntegrationConfig,
  resolved: ResolvedToken,
  ctx: ProbeContext,
): Promise<IntegrationResult> {
  const checks: CheckResult[] = [];
  const base = {
    name: integration.name,
    tokenType: null as TokenType | null,
    workspaceName: null as string | null,
    workspaceId: null as string | null,
  };
  const finish = (): IntegrationResult => ({
    ...base,
    tokenFingerprint: fingerprintOf(resolved),
    ...(resolved.ok && resolved.ageDays !== undefined ? { tokenAgeDays: resolved.ageDays } : {}),
    category: worstCategory(checks),
    checks,
  });
  const targets = integration.targets ?? [];
  const skipRest = (because: CheckResult) => {
    if (because.check === 'token_format') checks.push(skipped('auth', because));
    if (integration.expect?.workspaceName !== undefined || integration.expect?.workspaceId !== undefined) {
      checks.push(skipped('workspace', because));
    }
    if (integration.expect?.tokenType !== undefined) checks.push(skipped('token_type', because));
    for (const t of targets) checks.push(skipped('target', because, targetFields(t)));
  };

  // 1. token_format
  if (!resolved.ok) {
    const c = check('token_format', local('config', resolved.message));
    checks.push(c);
    skipRest(c);
    return finish();
  }
  const lint = lintToken(resolved.token);
  const errors = lint.findings.filter((f) => f.severity === 'error');
  const formatCheck = lint.ok
    ? check(
        'token_format',
        local(
          'ok',
          ['Token format looks right.', ...lint.findings.map((f) => `${f.problem} ${f.fix}`)].join(' '),
        ),
      )
    : {
        ...check('token_format', local('config', errors.map((f) => f.problem).join(' '))),
        remedy: errors.map((f) => f.fix).join(' '),
      };
  checks.push(formatCheck);
  if (!lint.ok) {
    skipRest(formatCheck);
    return finish();
  }

  // 2. auth
  const mine = new Semaphore(ctx.perIntegration);
  const { verdict: authVerdict, json: me } = await send('users/me', resolved.token, ctx, mine);
  let bot: BotInfo | undefined;
  let authCheck: CheckResult;
  if (authVerdict.category === 'ok') {
    bot = readBot(me);
    authCheck = bot
      ? check('auth', {
          ...authVerdict,
          message: `Authenticated as a ${bot.tokenType ?? 'unknown'} integration.`,
        })
      : check('auth', {
          ...authVerdict,
          category: 'server_error',
          message: 'users/me answered 200 without a bot object; this does not look like the Notion API.',
        });
  } else authCheck = check('auth', authVerdict);
  checks.push(authCheck);
  if (authCheck.category !== 'ok' || bot === undefined) {
    skipRest(authCheck);
    return finish();
  }
  Object.assign(base, bot);

  // 3. workspace and token_type expectations
  const expect = integration.expect;
  if (expect?.workspaceName !== undefined || expect?.workspaceId !== undefined) {
    const problems: string[] = [];
    if (expect.workspaceName !== undefined && expect.workspaceName !== bot.workspaceName) {
      problems.push(
        `workspace name is "${bot.workspaceName ?? '(none)'}", expected "${expect.workspaceName}"`,
      );
    }
    if (expect.workspaceId !== undefined && expect.workspaceId !== bot.workspaceId) {
      problems.push(`workspace id is ${bot.workspaceId ?? '(none)'}, expected ${expect.workspaceId}`);
    }
    checks.push(
      problems.length === 0
        ? check('workspace', local('ok', `Workspace "${bot.workspaceName ?? ''}" as expected.`, 'notion'))
        : check(
            'workspace',
            local('config', `The token belongs to another workspace: ${problems.join('; ')}.`, 'notion'),
          ),
    );
  }
  if (expect?.tokenType !== undefined) {
    checks.push(
      expect.tokenType === bot.tokenType
        ? check('token_type', local('ok', `Token type ${bot.tokenType} as expected.`, 'notion'))
        : check(
            'token_type',
            local(
              'config',
              `The token is ${bot.tokenType === null ? 'of an unknown type' : `an ${bot.tokenType} token`}, expected ${expect.tokenType}: the wrong secret is stored (a dev or personal token in place of production's?).`,
              'notion',
            ),
          ),
    );
  }

  // 4. targets
  const targetChecks = await Promise.all(
    targets.map(async (t) => {
      const { verdict: v } = await send(
        `${TARGET_PATH[t.kind]}/${encodeURIComponent(t.id)}`,
        resolved.token,
        ctx,
        mine,
      );
      const message =
        v.category === 'ok' ? `The ${t.kind.replace('_', ' ')} is shared and readable.` : v.message;
      return check('target', { ...v, message }, targetFields(t));
    }),
  );
  checks.push(...targetChecks);
  return finish();
}

function fingerprintOf(resolved: ResolvedToken): string {
  return resolved.ok ? fingerprint(resolved.token) : '(unresolved)';
}

function targetFields(t: TargetConfig): Partial<CheckResult> {
  return { target: t.id, ...(t.label !== undefined ? { label: t.label } : {}) };
}

/** A bug in the engine must still not take the other integrations down with it. */
function crashed(integration: IntegrationConfig, resolved: ResolvedToken, error: unknown): IntegrationResult {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    name: integration.name,
    category: 'config',
    tokenFingerprint: fingerprintOf(resolved),
    tokenType: null,
    workspaceName: null,
    workspaceId: null,
    checks: [
      {
        check: 'token_format',
        category: 'config',
        origin: 'client',
        message: `The probe failed internally: ${message}`,
      },
    ],
  };
}
