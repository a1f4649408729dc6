/**
 * The words of the previous-version comparison (issue 13): the checks it adds and the
 * rollback command. Pure. Every value quoted is ours (the secret id from the config, version
 * ids, dates, fingerprints) or already masked (the current check's own message).
 */
import { failureOf, type Reason } from '../shared/reasons.js';
import type { SecretOrigin } from './ports.js';
import {
  type CheckResult,
  type IntegrationResult,
  type Outcome,
  outcomeOf,
  type PreviousVersionInfo,
} from './report.js';

/** What a comparison can conclude. */
export type Conclusion = Extract<Reason, 'secret_overwritten' | 'token_revoked'>;

/** Everything a concluding message is made of. */
export interface Facts {
  readonly result: IntegrationResult;
  /** The current token's deciding check. */
  readonly current: CheckResult;
  readonly origin: SecretOrigin;
  readonly previous: PreviousVersionInfo;
  readonly previousChecks: readonly CheckResult[];
  readonly now: number;
}

const DAY_MS = 86_400_000;

/** `2026-03-08T09:00:00.000Z (3 days ago)`, or "at an unknown time". */
function writtenAt(createdAt: string | undefined, now: number): string {
  const at = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  if (!Number.isFinite(at)) return 'at an unknown time';
  const days = Math.max(0, Math.floor((now - at) / DAY_MS));
  return `${createdAt} (${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`})`;
}

/** The command that makes the previous version current again. */
export function rollbackCommand(secretId: string, previous: string, current: string | undefined): string {
  return `aws secretsmanager update-secret-version-stage --secret-id ${secretId} --version-stage AWSCURRENT --move-to-version-id ${previous} --remove-from-version-id ${current ?? '<current version id>'}`;
}

/** How the current value fails, in a few words. */
function howItFails(facts: Facts): string {
  const { current, result } = facts;
  switch (current.check) {
    case 'auth':
      return `is refused by Notion (${current.httpStatus ?? 401})`;
    case 'token_format':
      return `fails the token lint (${current.message})`;
    case 'workspace':
      return `is accepted by Notion but belongs to another workspace ("${result.workspaceName ?? '(none)'}") while the previous one matches (a dev token written into this secret?)`;
    case 'token_type':
      return `is accepted by Notion but is an ${result.tokenType ?? 'unknown'} token, not the type expected, while the previous one matches`;
    default:
      return `fails (${current.category})`;
  }
}

function overwritten(facts: Facts): CheckResult {
  const { origin, previous, result, now } = facts;
  const command = rollbackCommand(origin.secretId, previous.versionId, origin.versionId);
  // The version ids are in the command (and in `secret` and `previousVersion`), not repeated here.
  const message =
    `Secret ${origin.secretId} was overwritten: its current value, written ${writtenAt(origin.createdAt, now)}, ` +
    `${howItFails(facts)}; the previous one, written ${writtenAt(previous.createdAt, now)}, passes. ` +
    `Current ${result.tokenFingerprint}, previous ${previous.fingerprint}. Roll back, do not rotate: ${command}`;
  return {
    check: 'previous_version',
    category: 'config',
    reason: 'secret_overwritten',
    origin: 'client',
    message,
    remedy: `Make the previous version current again: ${command}. Then find what wrote the bad value (CloudTrail: PutSecretValue or UpdateSecret on this secret) so it does not write it again. Do not rotate the token: the previous one still works.`,
  };
}

function revoked(facts: Facts): CheckResult {
  const { origin, previous, result, current, now } = facts;
  const message =
    `Notion refuses both the current value of secret ${origin.secretId} (${result.tokenFingerprint}, ` +
    `in place since ${writtenAt(origin.createdAt, now)}) and the previous one (${previous.fingerprint}, ` +
    `version ${previous.versionId}): no bad write explains it. The integration was removed, its secret ` +
    `regenerated or the OAuth grant revoked: rotate or reconnect.`;
  return {
    check: 'previous_version',
    category: 'auth',
    reason: 'token_revoked',
    origin: 'notion',
    ...(current.httpStatus !== undefined ? { httpStatus: current.httpStatus } : {}),
    ...(current.requestId !== undefined ? { requestId: current.requestId } : {}),
    message,
    remedy:
      "Get a new token in Notion (the integration's settings, or reconnect the OAuth install), store it with printf %s (no trailing newline), and share the pages again if the integration was removed and added back.",
  };
}

/** The check of a comparison that concluded. */
export function comparisonCheck(conclusion: Conclusion, facts: Facts): CheckResult {
  return conclusion === 'secret_overwritten' ? overwritten(facts) : revoked(facts);
}

/**
 * A comparison that concluded nothing: a note with the current value's category and reason
 * (the diagnosis stands), except a token Notion refused in a secret with no previous version,
 * whose note says `no_previous_version` (an `auth` reason).
 */
export function inconclusiveCheck(current: CheckResult, message: string, noPrevious = false): CheckResult {
  const outcome: Outcome =
    noPrevious && current.category === 'auth' ? failureOf('no_previous_version') : outcomeOf(current);
  return { check: 'previous_version', ...outcome, origin: 'client', message };
}

export function noPreviousMessage(secretId: string): string {
  return `Secret ${secretId} has no previous version to compare with (it has had one value, or the previous one was removed): the diagnosis above stands.`;
}

/** The previous value fails too, but not as a revoked token would: nothing to conclude. */
export function failsTooMessage(facts: Facts): string {
  const { previous, previousChecks } = facts;
  const deciding = previousChecks.find((c) => c.category === previous.category && c.category !== 'ok');
  return `The previous version of secret ${facts.origin.secretId} (version ${previous.versionId}, ${previous.fingerprint}) fails too (${previous.category}: ${deciding?.message ?? 'see the checks'}), so the comparison tells nothing: the diagnosis above stands.`;
}
