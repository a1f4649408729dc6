import {
  BatchGetSecretValueCommand,
  type BatchGetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { IntegrationConfig } from '../config/schema.js';
import type { ResolvedToken, TokenResolver } from '../engine/ports.js';
import { Semaphore } from '../engine/semaphore.js';

/** BatchGetSecretValue takes at most 20 ids a call. */
export const SECRETS_PER_CALL = 20;
/** Calls in flight at once: well under Secrets Manager's request rate, even for 1,000 secrets. */
const CALLS_IN_FLIGHT = 8;

const DAY_MS = 86_400_000;

type SecretValue = NonNullable<BatchGetSecretValueCommandOutput['SecretValues']>[number];
type SecretError = NonNullable<BatchGetSecretValueCommandOutput['Errors']>[number];

/** The fetched state of one secret id: its value entry, or why there is none. */
export type SecretLookup =
  | { readonly ok: true; readonly value: SecretValue }
  | { readonly ok: false; readonly message: string };

/**
 * Turns one secret into a token, following `jsonKey`. Pure; messages name the secret and
 * the problem, never its value (not even in a JSON parse error, which quotes the input).
 */
export function tokenFromSecret(
  secretId: string,
  jsonKey: string | undefined,
  lookup: SecretLookup,
  now: number,
): ResolvedToken {
  if (!lookup.ok) return { ok: false, message: lookup.message };
  const { value } = lookup;
  const ageDays =
    value.CreatedDate instanceof Date
      ? Math.max(0, Math.floor((now - value.CreatedDate.getTime()) / DAY_MS))
      : undefined;
  const withAge = (token: string): ResolvedToken => ({
    ok: true,
    token,
    ...(ageDays !== undefined ? { ageDays } : {}),
  });
  if (value.SecretString === undefined) {
    return {
      ok: false,
      message: `Secret ${secretId} has only a binary value (SecretBinary); store the token as a string (SecretString).`,
    };
  }
  if (jsonKey === undefined) return withAge(value.SecretString);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.SecretString);
  } catch {
    return {
      ok: false,
      message: `Secret ${secretId} is not a JSON object, but jsonKey "${jsonKey}" is set; drop jsonKey if the whole secret is the token.`,
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      ok: false,
      message: `Secret ${secretId} is JSON but not an object, so it has no key "${jsonKey}".`,
    };
  }
  const record = parsed as Record<string, unknown>;
  if (!(jsonKey in record)) {
    const keys = Object.keys(record)
      .slice(0, 20)
      .map((k) => `"${k}"`);
    return {
      ok: false,
      message: `Secret ${secretId} has no key "${jsonKey}" (it has ${keys.length > 0 ? keys.join(', ') : 'no keys'}): was it overwritten by a deploy?`,
    };
  }
  const token = record[jsonKey];
  if (typeof token !== 'string') {
    return {
      ok: false,
      message: `Secret ${secretId} key "${jsonKey}" holds a ${typeof token}, not a string.`,
    };
  }
  return withAge(token);
}

function describeSecretError(secretId: string, e: SecretError): string {
  const code = e.ErrorCode ?? 'UnknownError';
  const hint: Record<string, string> = {
    ResourceNotFoundException: 'the secret does not exist in this account and region (check the name or ARN)',
    AccessDeniedException:
      "the monitor's role may not read it (secretsmanager:GetSecretValue, and kms:Decrypt for a customer key)",
    DecryptionFailure: "its KMS key could not decrypt it (kms:Decrypt on the secret's key, key enabled)",
  };
  return `Secret ${secretId} could not be read: ${code}${hint[code] ? `: ${hint[code]}` : e.Message ? `: ${e.Message}` : ''}.`;
}

/**
 * Whether a configured id names this secret: its name, its full ARN, or its ARN without
 * the 6 random characters Secrets Manager appends (a prefix alone would let
 * `secret:notion` match `secret:notion-prod-AbCdEf`).
 */
export function refersTo(id: string, name: string | undefined, arn: string | undefined): boolean {
  if (id === name || id === arn) return true;
  return (
    arn !== undefined && arn.length === id.length + 7 && arn.startsWith(`${id}-`) && id.startsWith('arn:')
  );
}

/**
 * Fetches secrets with BatchGetSecretValue, 20 ids a call, fresh every time (no cache:
 * a rotated or overwritten secret must show on the next run). Never throws: a failed
 * call becomes a failure entry for each of its ids.
 */
export async function fetchSecrets(
  client: SecretsManagerClient,
  secretIds: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, SecretLookup>> {
  const unique = [...new Set(secretIds)];
  const out = new Map<string, SecretLookup>();
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += SECRETS_PER_CALL)
    chunks.push(unique.slice(i, i + SECRETS_PER_CALL));
  const slots = new Semaphore(CALLS_IN_FLIGHT);
  await Promise.all(
    chunks.map((ids) =>
      slots.run(async () => {
        try {
          const res = await client.send(
            new BatchGetSecretValueCommand({ SecretIdList: ids }),
            signal ? { abortSignal: signal } : {},
          );
          for (const e of res.Errors ?? []) {
            const named = e.SecretId;
            if (named === undefined) continue;
            for (const id of ids.filter((x) => x === named || refersTo(x, undefined, named))) {
              out.set(id, { ok: false, message: describeSecretError(id, e) });
            }
          }
          for (const v of res.SecretValues ?? []) {
            // Several configured ids may name the same secret (by name and by ARN).
            for (const id of ids.filter((x) => refersTo(x, v.Name, v.ARN)))
              out.set(id, { ok: true, value: v });
          }
        } catch (error) {
          // Only the error's name and status: SDK messages can quote a response body full of secret values.
          const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
          const status = e.$metadata?.httpStatusCode;
          const why = `${e.name ?? 'Error'}${status ? `, HTTP ${status}` : ''}`;
          for (const id of ids) {
            out.set(id, {
              ok: false,
              message: `Secret ${id} could not be read: the BatchGetSecretValue call failed (${why}); the token could not be read this run.`,
            });
          }
        }
      }),
    ),
  );
  for (const id of unique) {
    if (!out.has(id))
      out.set(id, { ok: false, message: `Secret ${id} was not in Secrets Manager's answer.` });
  }
  return out;
}

/**
 * A {@link TokenResolver} for `{ "secretId" }` tokens. `client` is called only when a run
 * has such tokens, so a run with environment tokens never builds a Secrets Manager client.
 */
export function createSecretsResolver(options: {
  readonly client: () => SecretsManagerClient;
  readonly now?: () => number;
}): TokenResolver {
  return async (integrations: readonly IntegrationConfig[], signal: AbortSignal) => {
    const wanted = integrations.flatMap((i) =>
      'secretId' in i.token ? [{ name: i.name, token: i.token }] : [],
    );
    const secrets = await fetchSecrets(
      options.client(),
      wanted.map((w) => w.token.secretId),
      signal,
    );
    const now = (options.now ?? Date.now)();
    const out = new Map<string, ResolvedToken>();
    for (const { name, token } of wanted) {
      const lookup = secrets.get(token.secretId) ?? { ok: false as const, message: 'not fetched' };
      out.set(name, tokenFromSecret(token.secretId, token.jsonKey, lookup, now));
    }
    return out;
  };
}
