/**
 * What the engine needs from the outside world, as types: where tokens come from and how
 * one request reaches Notion. Production implementations: functions/tokens/,
 * functions/aws/secret-tokens.ts and {@link ./http-request.ts}; tests inject their own.
 */
import type { IntegrationConfig } from '../config/schema.js';
import type { FailureCategory } from '../shared/categories.js';
import { failureOf, type ReasonIn, type ReasonPair } from '../shared/reasons.js';
import type { RequestOutcome } from './outcome.js';

/**
 * Why a token could not be read: `config` when it is our side's to fix (a secret missing,
 * denied, undecryptable or not holding the token; an environment variable not set);
 * `secret_unavailable` when nothing says anything is wrong with it (Secrets Manager throttled,
 * failed or was not reached; no AWS region or credentials where the monitor runs).
 */
export type TokenFailureCategory = Extract<FailureCategory, 'config' | 'secret_unavailable'>;

/** The reasons a token source gives for a token it could not read. */
export type TokenFailureReason = ReasonIn<TokenFailureCategory>;

/** Why a token could not be read: a reason (with its category) and a message naming the source. */
export type TokenFailure = ReasonPair<TokenFailureReason> & { readonly ok: false; readonly message: string };

/**
 * Which version of a secret a token came from: `versionId` and `createdAt` (ISO-8601) as
 * Secrets Manager's answer gave them (see the README on what `CreatedDate` means in each call).
 */
export interface SecretVersion {
  readonly versionId: string;
  readonly createdAt: string;
}

/** Where a Secrets Manager token came from: the id as configured, and the version read. */
export interface SecretOrigin extends Partial<SecretVersion> {
  readonly secretId: string;
  /** The secret's full ARN from the answer: one secret configured by name and by ARN has one. */
  readonly arn?: string;
  readonly jsonKey?: string;
}

/** A token as a token source resolved it: the value, or why there is none. */
export type ResolvedToken =
  | {
      readonly ok: true;
      readonly token: string;
      readonly ageDays?: number;
      /** Set for a `secretId` token. */
      readonly secret?: SecretOrigin;
    }
  | TokenFailure;

/** A token source's failure for this reason, in the reason's own category. */
export function tokenFailure(reason: TokenFailureReason, message: string): TokenFailure {
  return { ok: false, ...failureOf(reason), message };
}

/**
 * A secret's previous value (the `AWSPREVIOUS` stage): its token and version, none (a secret
 * with one version), or why it could not be read or holds no token (the message names the
 * secret and a documented code only, never a value).
 */
export type PreviousToken =
  | { readonly kind: 'found'; readonly token: string; readonly version: SecretVersion }
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly message: string };

/**
 * Reads the previous version of a secret a failing token came from. At most one read per
 * secret per run (by its ARN), whatever the number of integrations sharing it or the ids
 * naming it. Never throws.
 */
export type PreviousTokenReader = (origin: SecretOrigin, signal: AbortSignal) => Promise<PreviousToken>;

/**
 * A token to resolve, keyed by `name`: an integration's token, or a webhook receiver's
 * verification token (keyed `receivers/<name>`: a `/` is in no integration's name).
 */
export type TokenRequest = Pick<IntegrationConfig, 'name' | 'token'>;

/**
 * Resolves every requested token; one token's failure is its own entry, never a throw.
 * `signal` aborts at the run's deadline.
 */
export type TokenResolver = (
  requests: readonly TokenRequest[],
  signal: AbortSignal,
) => Promise<ReadonlyMap<string, ResolvedToken>>;

/** How much of an answer's body to read: see {@link NotionGet.bodyRead}. */
export type BodyRead = 'whole' | 'head';

/**
 * One request built by the engine (URL and headers included): a GET to the Notion API, or
 * a POST of a synthetic webhook event to a receiver (functions/receiver/).
 */
export interface NotionGet {
  /** Absolute http(s) URL. */
  readonly url: string;
  /** Lower-case names: `authorization`, `notion-version`, `accept`, `user-agent`. */
  readonly headers: Readonly<Record<string, string>>;
  /** @default 'GET' */
  readonly method?: 'GET' | 'POST';
  /** Sent as it is, byte for byte (UTF-8): a webhook's signature covers these exact bytes. */
  readonly body?: string;
  /**
   * How much of the answer's body to read (http-answer.ts): `whole` (Notion's answers) up to
   * the cap, or `head` (a receiver's answer, decided on its status and headers): at most the
   * kept 64 KiB, then the connection is closed.
   * @default 'whole'
   */
  readonly bodyRead?: BodyRead;
  /**
   * Whom the request is for, named when it is refused before sending: Notion (the token, the
   * `notionBaseUrl`) or a webhook receiver (its `url`).
   * @default 'notion'
   */
  readonly destination?: 'notion' | 'receiver';
  /**
   * Masks every token of the run (not only this request's: a cached page may echo another
   * integration's). Applied to header values and error text before anything is cut short.
   */
  readonly mask: (text: string) => string;
  /** The request is abandoned and its socket destroyed after this many milliseconds. */
  readonly timeoutMs: number;
  /** The run's deadline: when it aborts, the request is abandoned and its socket destroyed. */
  readonly deadline: AbortSignal;
}

/**
 * Sends one request and says what came of it. Never throws and never rejects: every
 * failure (DNS, TLS, reset, timeout, an oversized or truncated body) is an outcome.
 */
export type NotionRequest = (request: NotionGet) => Promise<RequestOutcome>;
