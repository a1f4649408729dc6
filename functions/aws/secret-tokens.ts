import {
  BatchGetSecretValueCommand,
  type BatchGetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type ResolvedToken, type TokenRequest, type TokenResolver, tokenFailure } from '../engine/ports.js';
import { Semaphore } from '../engine/semaphore.js';
import { isQuotable } from '../shared/credential-like.js';
import { awsSetupProblem } from './aws-setup.js';
import {
  callFailure,
  entryFailure,
  isMalformedAnswer,
  readBatchAnswer,
  type SecretFailure,
} from './secret-answer.js';

/** BatchGetSecretValue takes at most 20 ids a call. */
export const SECRETS_PER_CALL = 20;
/** Secrets Manager calls in flight at once: well under its request rate, even for 1,000 secrets. */
export const CALLS_IN_FLIGHT = 8;

const DAY_MS = 86_400_000;
/** Secrets Manager opened in April 2018: no secret was written before. */
const EARLIEST_SECRET = Date.UTC(2018, 3, 1);
/** Keys of a JSON secret a message names at most; the rest are counted. */
const KEYS_SHOWN = 10;

type SecretValue = NonNullable<BatchGetSecretValueCommandOutput['SecretValues']>[number];

/** The fetched state of one secret id: its value entry, or why there is none. */
export type SecretLookup = { readonly ok: true; readonly value: SecretValue } | SecretFailure;

/** An answer the monitor cannot read says nothing about the secret in it. */
const malformed = (secretId: string, what: string): SecretFailure =>
  tokenFailure(
    'secret_answer_unreadable',
    `Secret ${secretId} could not be read: Secrets Manager's answer is malformed (${what}); the token could not be read this run.`,
  );

/**
 * The secret's age in days from `CreatedDate`, `undefined` without one, or `null` when it is
 * no real date for a secret (not a date, before Secrets Manager existed, or over a day ahead).
 */
function ageInDays(created: unknown, now: number): number | undefined | null {
  if (created === undefined) return undefined;
  const at = created instanceof Date ? created.getTime() : Number.NaN;
  if (!Number.isFinite(at) || at < EARLIEST_SECRET || at > now + DAY_MS) return null;
  return Math.max(0, Math.floor((now - at) / DAY_MS));
}

/**
 * The keys a JSON secret has, as a message may name them: ordinary keys (`NOTION_TOKEN`,
 * `token`) quoted, any key that could be a credential (a token stored as a key, or
 * `NOTION_TOKEN=<token>` typed into the key box) only counted.
 */
function describeKeys(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return 'it has no keys';
  const quotable = keys.filter(isQuotable);
  const shown = quotable.slice(0, KEYS_SHOWN).map((k) => JSON.stringify(k));
  const more = quotable.length - shown.length;
  const hidden = keys.length - quotable.length;
  const tail = [
    ...(more > 0 ? [`${more} more`] : []),
    ...(hidden > 0
      ? [
          `${hidden} key${hidden > 1 ? 's' : ''} not shown (${hidden > 1 ? 'they' : 'it'} may hold a credential)`,
        ]
      : []),
  ].join(' and ');
  const list = shown.join(', ') + (tail === '' ? '' : `${shown.length > 0 ? ' and ' : ''}${tail}`);
  return `it has ${list}`;
}

/** The token under `jsonKey` in a JSON secret. Own keys only: `constructor` is no key of `{}`. */
function tokenAtKey(
  secretId: string,
  jsonKey: string,
  text: string,
): { readonly token: string } | SecretFailure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return tokenFailure(
      'secret_not_json',
      `Secret ${secretId} is not a JSON object, but jsonKey "${jsonKey}" is set; drop jsonKey if the whole secret is the token.`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return tokenFailure(
      'secret_not_json',
      `Secret ${secretId} is JSON but not an object, so it has no key "${jsonKey}".`,
    );
  }
  const record = parsed as Record<string, unknown>;
  if (!Object.hasOwn(record, jsonKey)) {
    return tokenFailure(
      'secret_key_missing',
      `Secret ${secretId} has no key "${jsonKey}" (${describeKeys(record)}): was it overwritten by a deploy?`,
    );
  }
  const token = record[jsonKey];
  if (typeof token !== 'string') {
    const kind = token === null ? 'null' : Array.isArray(token) ? 'list' : typeof token;
    return tokenFailure(
      'secret_key_not_string',
      `Secret ${secretId} key "${jsonKey}" holds a ${kind}, not a string.`,
    );
  }
  return { token };
}

/**
 * Turns one secret into a token, following `jsonKey`. Pure; messages name the secret and
 * the problem, never its value (not even in a JSON parse error, which quotes the input).
 * Every field read is checked first: a malformed entry is this secret's problem only.
 */
export function tokenFromSecret(
  secretId: string,
  jsonKey: string | undefined,
  lookup: SecretLookup,
  now: number,
): ResolvedToken {
  if (!lookup.ok) return lookup;
  const { value } = lookup;
  const ageDays = ageInDays(value.CreatedDate, now);
  if (ageDays === null) return malformed(secretId, 'its CreatedDate is not a plausible date');
  const secret: unknown = value.SecretString;
  if (secret === undefined) {
    return tokenFailure(
      'secret_not_text',
      `Secret ${secretId} has only a binary value (SecretBinary); store the token as a string (SecretString).`,
    );
  }
  if (typeof secret !== 'string')
    return malformed(secretId, `its SecretString is a ${typeof secret}, not a string`);
  const found = jsonKey === undefined ? { token: secret } : tokenAtKey(secretId, jsonKey, secret);
  if ('message' in found) return found;
  const origin = {
    secretId,
    ...(typeof value.ARN === 'string' ? { arn: value.ARN } : {}),
    ...(jsonKey !== undefined ? { jsonKey } : {}),
    ...(typeof value.VersionId === 'string' ? { versionId: value.VersionId } : {}),
    ...(value.CreatedDate instanceof Date ? { createdAt: value.CreatedDate.toISOString() } : {}),
  };
  return { ok: true, token: found.token, ...(ageDays !== undefined ? { ageDays } : {}), secret: origin };
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
 * Reads one batch into `out`. An answer the SDK or {@link readBatchAnswer} cannot read is
 * read again in halves, down to the one secret that spoils it: a bad entry costs its own
 * integration, not its 19 neighbours (at most about 2 × log2(20) extra calls per bad entry).
 */
async function readBatch(
  client: SecretsManagerClient,
  ids: readonly string[],
  signal: AbortSignal | undefined,
  out: Map<string, SecretLookup>,
): Promise<void> {
  let answer: ReturnType<typeof readBatchAnswer>;
  try {
    const res = await client.send(
      new BatchGetSecretValueCommand({ SecretIdList: [...ids] }),
      signal ? { abortSignal: signal } : {},
    );
    answer = readBatchAnswer(res);
  } catch (error) {
    if (!isMalformedAnswer(error)) {
      for (const id of ids) out.set(id, callFailure(id, error));
      return;
    }
    answer = undefined;
  }
  if (answer === undefined) {
    if (ids.length === 1) {
      const id = ids[0] ?? '';
      out.set(id, malformed(id, 'not the documented BatchGetSecretValue shape'));
      return;
    }
    const half = Math.ceil(ids.length / 2);
    await readBatch(client, ids.slice(0, half), signal, out);
    await readBatch(client, ids.slice(half), signal, out);
    return;
  }
  for (const e of answer.errors) {
    for (const id of ids.filter((x) => x === e.secretId || refersTo(x, undefined, e.secretId))) {
      out.set(id, entryFailure(id, e.code));
    }
  }
  for (const v of answer.values) {
    // Several configured ids may name the same secret (by name and by ARN).
    for (const id of ids.filter((x) => refersTo(x, v.name, v.arn))) out.set(id, { ok: true, value: v.value });
  }
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
  // Without a region or credentials no call can be signed: say what is missing, sending nothing.
  const missing = unique.length > 0 ? await awsSetupProblem(client) : undefined;
  if (missing !== undefined) {
    for (const id of unique) {
      const message = `Secret ${id} could not be read: ${missing}`;
      out.set(id, tokenFailure('aws_setup_missing', message));
    }
    return out;
  }
  const slots = new Semaphore(CALLS_IN_FLIGHT);
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += SECRETS_PER_CALL)
    chunks.push(unique.slice(i, i + SECRETS_PER_CALL));
  await Promise.all(chunks.map((ids) => slots.run(() => readBatch(client, ids, signal, out))));
  for (const id of unique) {
    if (!out.has(id)) out.set(id, malformed(id, 'the secret is not in it'));
  }
  return out;
}

/**
 * A {@link TokenResolver} for `{ "secretId" }` tokens (integrations' and receivers' verification
 * tokens alike, in the same batches). `client` is called only when a run
 * has such tokens, so a run with environment tokens never builds a Secrets Manager client.
 */
export function createSecretsResolver(options: {
  readonly client: () => SecretsManagerClient;
  readonly now?: () => number;
}): TokenResolver {
  return async (requests: readonly TokenRequest[], signal: AbortSignal) => {
    const wanted = requests.flatMap((i) => ('secretId' in i.token ? [{ name: i.name, token: i.token }] : []));
    const secrets = await fetchSecrets(
      options.client(),
      wanted.map((w) => w.token.secretId),
      signal,
    );
    const now = (options.now ?? Date.now)();
    const out = new Map<string, ResolvedToken>();
    for (const { name, token } of wanted) {
      const lookup = secrets.get(token.secretId) ?? malformed(token.secretId, 'the secret is not in it');
      out.set(name, tokenFromSecret(token.secretId, token.jsonKey, lookup, now));
    }
    return out;
  };
}
