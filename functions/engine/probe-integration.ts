import type { IntegrationConfig, TargetConfig } from '../config/schema.js';
import { sameNotionId } from '../config/values.js';
import { TARGET_PATHS } from '../shared/categories.js';
import { failureOf } from '../shared/reasons.js';
import { type BotInfo, NO_BOT, readBot } from './bot.js';
import { checkOf, failedVerdict, okVerdict, skippedCheck, targetFields } from './check-result.js';
import type { ResolvedToken } from './ports.js';
import { fingerprint } from './redact.js';
import { type CheckResult, type IntegrationResult, integrationOutcome } from './report.js';
import { createSender, type RunContext, type Send } from './sender.js';
import { lintToken } from './token-lint.js';

type TokenFormat =
  | { readonly passed: true; readonly check: CheckResult; readonly token: string }
  | { readonly passed: false; readonly check: CheckResult };

type Auth =
  | { readonly passed: true; readonly check: CheckResult; readonly bot: BotInfo }
  | { readonly passed: false; readonly check: CheckResult };

/**
 * Probes one integration: the token as read (a `secret` check only when it could not be),
 * its format, then auth (`users/me`), then the expectations the config states, then the
 * targets. A failed step skips the ones after it, so a dead token costs one request and a
 * malformed or unreadable one none.
 */
export async function probeIntegration(
  integration: IntegrationConfig,
  resolved: ResolvedToken,
  run: RunContext,
): Promise<IntegrationResult> {
  const format = checkTokenFormat(resolved);
  if (!format.passed) {
    return integrationResult(integration, resolved, NO_BOT, [
      format.check,
      ...skippedAfter(integration, format.check),
    ]);
  }
  const send = createSender(format.token, run);
  const auth = await checkAuth(send, run.mask);
  if (!auth.passed) {
    return integrationResult(integration, resolved, NO_BOT, [
      format.check,
      auth.check,
      ...skippedAfter(integration, auth.check),
    ]);
  }
  const targetChecks = await checkTargets(integration.targets ?? [], send);
  return integrationResult(integration, resolved, auth.bot, [
    format.check,
    auth.check,
    ...checkExpectations(integration.expect, auth.bot),
    ...targetChecks,
  ]);
}

/**
 * Step 1, offline: the token was read (else a `secret` check says why, in the category its
 * source decided) and looks like something Notion would accept.
 */
export function checkTokenFormat(resolved: ResolvedToken): TokenFormat {
  if (!resolved.ok) {
    return { passed: false, check: checkOf('secret', failedVerdict(resolved.reason, resolved.message)) };
  }
  const lint = lintToken(resolved.token);
  if (lint.ok) {
    const notes = lint.findings.map((f) => `${f.problem} ${f.fix}`);
    const message = ['Token format looks right.', ...notes].join(' ');
    return { passed: true, token: resolved.token, check: checkOf('token_format', okVerdict(message)) };
  }
  const errors = lint.findings.filter((f) => f.severity === 'error');
  // The reason is the first error's: the lint reports the token's edges before its inside.
  const failed = checkOf('token_format', failedVerdict(lint.reason, errors.map((f) => f.problem).join(' ')));
  // The lint's own fix is more specific than the config category's runbook.
  return { passed: false, check: { ...failed, remedy: errors.map((f) => f.fix).join(' ') } };
}

/** Step 2: `users/me` answers with a bot, in the documented shape. */
export async function checkAuth(send: Send, mask: (text: string) => string): Promise<Auth> {
  const { verdict, json, bodyBytes } = await send('users/me');
  if (verdict.category !== 'ok') return { passed: false, check: checkOf('auth', verdict) };
  const bot = readBot(json, mask);
  if (bot === undefined) {
    const what =
      json === undefined
        ? `a body of ${bodyBytes ?? 'unknown'} bytes (Notion's is about 1 KB)`
        : 'JSON that is not a bot user (object "user", type "bot", bot.owner.type "workspace" or "user")';
    const message = `users/me answered ${verdict.httpStatus ?? 200} with ${what}; this does not look like the Notion API.`;
    // Notion's own headers make it Notion's failure; without them something else answered.
    const reason = verdict.origin === 'intermediary' ? 'not_notion_answer' : 'notion_unexpected_shape';
    return { passed: false, check: checkOf('auth', { ...verdict, ...failureOf(reason), message }) };
  }
  // "an internal" and "an oauth" alike; tokenType is never null for a bot read this way.
  const message = `Authenticated as an ${bot.tokenType} integration.`;
  return { passed: true, bot, check: checkOf('auth', { ...verdict, message }) };
}

/** Step 3: the workspace and token type are the ones the config expects, when it says. */
export function checkExpectations(expect: IntegrationConfig['expect'], bot: BotInfo): CheckResult[] {
  const checks: CheckResult[] = [];
  if (expect?.workspaceName !== undefined || expect?.workspaceId !== undefined) {
    const problems: string[] = [];
    if (expect.workspaceName !== undefined && expect.workspaceName !== bot.workspaceName) {
      problems.push(
        `workspace name is "${bot.workspaceName ?? '(none)'}", expected "${expect.workspaceName}"`,
      );
    }
    if (
      expect.workspaceId !== undefined &&
      (bot.workspaceId === null || !sameNotionId(expect.workspaceId, bot.workspaceId))
    ) {
      problems.push(`workspace id is ${bot.workspaceId ?? '(none)'}, expected ${expect.workspaceId}`);
    }
    const verdict =
      problems.length === 0
        ? okVerdict(`Workspace "${bot.workspaceName ?? ''}" as expected.`, 'notion')
        : failedVerdict(
            'workspace_mismatch',
            `The token belongs to another workspace: ${problems.join('; ')}.`,
            'notion',
          );
    checks.push(checkOf('workspace', verdict));
  }
  if (expect?.tokenType !== undefined) {
    const actual = bot.tokenType === null ? 'of an unknown type' : `an ${bot.tokenType} token`;
    const verdict =
      expect.tokenType === bot.tokenType
        ? okVerdict(`Token type ${bot.tokenType} as expected.`, 'notion')
        : failedVerdict(
            'token_type_mismatch',
            `The token is ${actual}, expected ${expect.tokenType}: the wrong secret is stored (a dev or personal token in place of production's?).`,
            'notion',
          );
    checks.push(checkOf('token_type', verdict));
  }
  return checks;
}

/** Step 4: every target is shared with the integration and readable. */
function checkTargets(targets: readonly TargetConfig[], send: Send): Promise<CheckResult[]> {
  return Promise.all(
    targets.map(async (target) => {
      const { verdict } = await send(`${TARGET_PATHS[target.kind]}/${encodeURIComponent(target.id)}`);
      const message =
        verdict.category === 'ok'
          ? `The ${target.kind.replace('_', ' ')} is shared and readable.`
          : verdict.message;
      return checkOf('target', { ...verdict, message }, targetFields(target));
    }),
  );
}

/** The checks after a failed one, each reported as skipped because of it. */
function skippedAfter(integration: IntegrationConfig, because: CheckResult): CheckResult[] {
  const expect = integration.expect;
  return [
    ...(because.check === 'secret' ? [skippedCheck('token_format', because)] : []),
    ...(because.check === 'secret' || because.check === 'token_format'
      ? [skippedCheck('auth', because)]
      : []),
    ...(expect?.workspaceName !== undefined || expect?.workspaceId !== undefined
      ? [skippedCheck('workspace', because)]
      : []),
    ...(expect?.tokenType !== undefined ? [skippedCheck('token_type', because)] : []),
    ...(integration.targets ?? []).map((t) => skippedCheck('target', because, targetFields(t))),
  ];
}

function integrationResult(
  integration: IntegrationConfig,
  resolved: ResolvedToken,
  bot: BotInfo,
  checks: readonly CheckResult[],
): IntegrationResult {
  return {
    name: integration.name,
    ...bot,
    tokenFingerprint: fingerprintOf(resolved),
    ...(resolved.ok && resolved.ageDays !== undefined ? { tokenAgeDays: resolved.ageDays } : {}),
    ...integrationOutcome(checks),
    checks,
  };
}

/** The token's fingerprint, or a placeholder when there is no token. */
export function fingerprintOf(resolved: ResolvedToken): string {
  return resolved.ok ? fingerprint(resolved.token) : '(unresolved)';
}
