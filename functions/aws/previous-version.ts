/**
 * Reads a secret's previous value (the `AWSPREVIOUS` stage) for the comparison of issue 13:
 * only for a failing token, at most one `GetSecretValue` per secret per run. Like the batch
 * reader, nothing Secrets Manager writes is quoted: a documented code at most, never a value.
 */
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { PreviousToken, PreviousTokenReader, SecretOrigin } from '../engine/ports.js';
import { describeCallFailure } from './secret-answer.js';
import { tokenFromSecret } from './secret-tokens.js';

/** The stage Secrets Manager moves the replaced value to on every write. */
export const PREVIOUS_STAGE = 'AWSPREVIOUS';

type Read =
  | { readonly kind: 'value'; readonly value: GetSecretValueCommandOutput }
  | Exclude<PreviousToken, { readonly kind: 'found' }>;

async function readPrevious(
  client: SecretsManagerClient,
  secretId: string,
  signal: AbortSignal,
): Promise<Read> {
  try {
    const value = await client.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionStage: PREVIOUS_STAGE }),
      { abortSignal: signal },
    );
    return { kind: 'value', value };
  } catch (error) {
    // No version carries the stage: the secret has had one value (or the previous was removed).
    if (error instanceof ResourceNotFoundException) return { kind: 'none' };
    return {
      kind: 'unreadable',
      message: `The previous version of secret ${secretId} could not be read (${describeCallFailure(error)}).`,
    };
  }
}

/** The previous token of one integration, from its secret's previous value and its `jsonKey`. */
function previousToken(origin: SecretOrigin, read: Read, now: number): PreviousToken {
  if (read.kind !== 'value') return read;
  const resolved = tokenFromSecret(origin.secretId, origin.jsonKey, { ok: true, value: read.value }, now);
  const { VersionId: versionId, CreatedDate: created } = read.value;
  if (!resolved.ok) {
    return { kind: 'unreadable', message: `The previous version holds no usable token: ${resolved.message}` };
  }
  if (typeof versionId !== 'string' || !(created instanceof Date)) {
    return {
      kind: 'unreadable',
      message: `The previous version of secret ${origin.secretId} came without its version id or date.`,
    };
  }
  return { kind: 'found', token: resolved.token, version: { versionId, createdAt: created.toISOString() } };
}

/**
 * A {@link PreviousTokenReader} for one run: each secret id is read once (integrations sharing
 * a secret share the read), and `client` is built only when a token failed.
 */
export function createPreviousTokenReader(options: {
  readonly client: () => SecretsManagerClient;
  readonly now?: () => number;
}): PreviousTokenReader {
  const reads = new Map<string, Promise<Read>>();
  return async (origin, signal) => {
    let read = reads.get(origin.secretId);
    if (read === undefined) {
      read = readPrevious(options.client(), origin.secretId, signal);
      reads.set(origin.secretId, read);
    }
    return previousToken(origin, await read, (options.now ?? Date.now)());
  };
}
