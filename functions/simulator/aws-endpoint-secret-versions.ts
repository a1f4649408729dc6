/**
 * Secrets Manager `GetSecretValue` by stage, as the loopback AWS endpoint answers it: the
 * current value (`AWSCURRENT`, the default) or the one before the last write (`AWSPREVIOUS`),
 * which a secret with one version does not have (`ResourceNotFoundException`, as Secrets
 * Manager and moto answer). Version ids are derived from the value, so answers are deterministic.
 */
import {
  DEFAULT_CREATED,
  find,
  isRecord,
  type StoredSecret,
  secretError,
  versionIdOf,
} from './aws-endpoint-operations.js';
import { smError } from './aws-endpoint-wire.js';

const DAY_MS = 86_400_000;

/** The previous version's entry of a stored secret, or `undefined` when it has none. */
function previousEntry(stored: StoredSecret): Record<string, unknown> | undefined {
  const previous = stored.secret.previous;
  if (previous === undefined) return undefined;
  const created =
    previous.createdDate ?? new Date((stored.secret.createdDate ?? DEFAULT_CREATED).getTime() - DAY_MS);
  return {
    ARN: stored.arn,
    Name: stored.secret.name,
    VersionId: versionIdOf(`${stored.arn}\nprevious\n${previous.secretString}`),
    SecretString: previous.secretString,
    VersionStages: ['AWSPREVIOUS'],
    CreatedDate: created.getTime() / 1000,
  };
}

/** `GetSecretValue` with `SecretId` and an optional `VersionStage`; `current` answers the current stage. */
export function getSecretValue(
  store: ReadonlyMap<string, StoredSecret>,
  input: unknown,
  current: (id: string) => Record<string, unknown>,
): Record<string, unknown> {
  const body = isRecord(input) ? input : {};
  const id = body.SecretId;
  if (typeof id !== 'string' || id.length === 0) {
    throw smError('InvalidParameterException', 'You must specify SecretId.');
  }
  const stage = body.VersionStage ?? 'AWSCURRENT';
  if (body.VersionId !== undefined) {
    throw smError('InvalidRequestException', 'This endpoint does not implement GetSecretValue by VersionId.');
  }
  if (stage === 'AWSCURRENT') return current(id);
  const stored = find(store, id);
  if (stored === undefined) throw secretError('ResourceNotFoundException', id);
  if (stored.secret.error !== undefined) throw secretError(stored.secret.error, id);
  const entry = stage === 'AWSPREVIOUS' ? previousEntry(stored) : undefined;
  if (entry === undefined) {
    throw smError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${String(stage)}`,
    );
  }
  return entry;
}
