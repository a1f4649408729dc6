/**
 * Reading Secrets Manager's `BatchGetSecretValue` answer without trusting its text: whatever
 * answers on the endpoint (Secrets Manager, a proxy, a fake) may echo a secret value in an
 * error message, an error code or an exception name. Only documented codes are printed;
 * messages never are. Pure.
 */
import {
  type BatchGetSecretValueCommandOutput,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import {
  type TokenFailure,
  type TokenFailureCategory,
  type TokenFailureReason,
  tokenFailure,
} from '../engine/ports.js';
import { REASON_CATEGORY } from '../shared/reasons.js';

/**
 * The error codes and exception names Secrets Manager documents: BatchGetSecretValue's own
 * errors and those of its `Errors[]` entries (API reference: BatchGetSecretValue,
 * APIErrorType), the service's common errors (API reference: Common Errors), and the
 * AWS-wide authentication errors its JSON protocol answers with. Anything else is printed
 * as "an unrecognised error".
 */
export const SECRETS_MANAGER_ERROR_CODES = [
  'AccessDeniedException',
  'DecryptionFailure',
  'EncryptionFailure',
  'ExpiredTokenException',
  'IncompleteSignature',
  'InternalFailure',
  'InternalServiceError',
  'InternalServiceFailure',
  'InvalidAction',
  'InvalidClientTokenId',
  'InvalidNextTokenException',
  'InvalidParameterException',
  'InvalidRequestException',
  'InvalidSignatureException',
  'LimitExceededException',
  'MissingAuthenticationToken',
  'NotAuthorized',
  'OptInRequired',
  'RequestExpired',
  'ResourceNotFoundException',
  'ServiceUnavailable',
  'ThrottlingException',
  'UnrecognizedClientException',
  'ValidationError',
  'ValidationException',
] as const;

/** Errors the SDK raises on this side, before or without an answer (fixed names, not the server's). */
const CLIENT_ERROR_NAMES = [
  'AbortError',
  'TimeoutError',
  'CredentialsProviderError',
  'TokenProviderError',
  'ProviderError',
] as const;

type SecretsManagerErrorCode = (typeof SECRETS_MANAGER_ERROR_CODES)[number];

/**
 * The reason each documented code is given for. `config` reasons say the same thing every run,
 * and something our side must fix: the secret is missing, denied or undecryptable, or the
 * request does not fit. The others (throttling, an internal error, credentials AWS did not
 * accept) say nothing about the secret: `secret_unavailable`, transient, never blamed on the
 * token; so is a code Secrets Manager does not document (`secret_unrecognised_error`).
 */
const CODE_REASONS: Readonly<Record<SecretsManagerErrorCode, TokenFailureReason>> = {
  AccessDeniedException: 'secret_access_denied',
  NotAuthorized: 'secret_access_denied',
  DecryptionFailure: 'secret_decrypt_failed',
  EncryptionFailure: 'secret_decrypt_failed',
  ResourceNotFoundException: 'secret_not_found',
  InvalidAction: 'secret_request_invalid',
  InvalidNextTokenException: 'secret_request_invalid',
  InvalidParameterException: 'secret_request_invalid',
  InvalidRequestException: 'secret_request_invalid',
  OptInRequired: 'secret_request_invalid',
  ValidationError: 'secret_request_invalid',
  ValidationException: 'secret_request_invalid',
  ThrottlingException: 'secret_throttled',
  LimitExceededException: 'secret_throttled',
  InternalFailure: 'secret_service_error',
  InternalServiceError: 'secret_service_error',
  InternalServiceFailure: 'secret_service_error',
  ServiceUnavailable: 'secret_service_error',
  ExpiredTokenException: 'aws_credentials_rejected',
  IncompleteSignature: 'aws_credentials_rejected',
  InvalidClientTokenId: 'aws_credentials_rejected',
  InvalidSignatureException: 'aws_credentials_rejected',
  MissingAuthenticationToken: 'aws_credentials_rejected',
  RequestExpired: 'aws_credentials_rejected',
  UnrecognizedClientException: 'aws_credentials_rejected',
};

/** The reason for a secret that failed with this code (an `Errors[]` entry's or a call's). */
export function reasonOfCode(code: unknown): TokenFailureReason {
  return typeof code === 'string' && Object.hasOwn(CODE_REASONS, code)
    ? CODE_REASONS[code as SecretsManagerErrorCode]
    : 'secret_unrecognised_error';
}

/** The category of a secret that failed with this code: its reason's. */
export function categoryOfCode(code: unknown): TokenFailureCategory {
  return REASON_CATEGORY[reasonOfCode(code)];
}

const DOCUMENTED: ReadonlySet<string> = new Set<string>([
  ...SECRETS_MANAGER_ERROR_CODES,
  ...CLIENT_ERROR_NAMES,
]);
const UNRECOGNISED = 'an unrecognised error';

/** The code itself when it is documented, else "an unrecognised error". */
export function documentedCode(code: unknown): string {
  return typeof code === 'string' && DOCUMENTED.has(code) ? code : UNRECOGNISED;
}

const REJECTED_CREDENTIALS =
  "AWS did not accept the monitor's credentials (expired, unknown, or signed with a skewed clock): refresh them (`aws sso login` for an SSO profile) or check the clock";
const FAILED = 'Secrets Manager failed on its side';

const HINTS: Readonly<Partial<Record<SecretsManagerErrorCode, string>>> = {
  ResourceNotFoundException: 'the secret does not exist in this account and region (check the name or ARN)',
  AccessDeniedException:
    "the monitor's role may not read it (secretsmanager:GetSecretValue, and kms:Decrypt for a customer key)",
  DecryptionFailure: "its KMS key could not decrypt it (kms:Decrypt on the secret's key, key enabled)",
  ThrottlingException: 'Secrets Manager throttled the read',
  InternalServiceError: FAILED,
  InternalFailure: FAILED,
  InternalServiceFailure: FAILED,
  ServiceUnavailable: FAILED,
  ExpiredTokenException: REJECTED_CREDENTIALS,
  IncompleteSignature: REJECTED_CREDENTIALS,
  InvalidClientTokenId: REJECTED_CREDENTIALS,
  InvalidSignatureException: REJECTED_CREDENTIALS,
  MissingAuthenticationToken: REJECTED_CREDENTIALS,
  RequestExpired: REJECTED_CREDENTIALS,
  UnrecognizedClientException: REJECTED_CREDENTIALS,
};

/** A whole call denied is the BatchGetSecretValue permission, not the one secret's. */
const CALL_HINTS: Readonly<Partial<Record<SecretsManagerErrorCode, string>>> = {
  ...HINTS,
  AccessDeniedException:
    "the monitor's role may not call it (secretsmanager:BatchGetSecretValue on resource *, and GetSecretValue on the secret)",
};

const hintOf = (hints: typeof HINTS, code: string) =>
  Object.hasOwn(hints, code) ? hints[code as SecretsManagerErrorCode] : undefined;

/** What a failed secret comes to: why (the reason, and so whose to fix), and a message naming it. */
export type SecretFailure = TokenFailure;

/** Errors the SDK raises when no credentials could be loaded at the call. */
const PROVIDER_ERRORS: ReadonlySet<string> = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ProviderError',
]);

/** The failure of an `Errors[]` entry: the secret's name, the code when documented, never the entry's `Message`. */
export function entryFailure(secretId: string, code: unknown): SecretFailure {
  const known = documentedCode(code);
  const hint = hintOf(HINTS, known);
  return tokenFailure(
    reasonOfCode(code),
    `Secret ${secretId} could not be read: ${known}${hint ? `: ${hint}` : ''}.`,
  );
}

/** The failure, for each of its secrets, of a BatchGetSecretValue call that failed as a whole. */
export function callFailure(secretId: string, error: unknown): SecretFailure {
  const service = error instanceof SecretsManagerServiceException;
  const reason = service ? reasonOfCode(error.name) : clientReason(error);
  const hint = service ? hintOf(CALL_HINTS, documentedCode(error.name)) : undefined;
  const tail =
    REASON_CATEGORY[reason] === 'config'
      ? ''
      : '; the token could not be read this run, and nothing says it is wrong';
  return tokenFailure(
    reason,
    `Secret ${secretId} could not be read: the BatchGetSecretValue call failed (${describeCallFailure(error)})${hint ? `: ${hint}` : ''}${tail}.`,
  );
}

/** A call that failed on this side: no credentials at the call, or no answer (network, timeout, the deadline). */
function clientReason(error: unknown): TokenFailureReason {
  const name = error instanceof Error ? error.name : undefined;
  return name !== undefined && PROVIDER_ERRORS.has(name) ? 'aws_setup_missing' : 'secret_unreachable';
}

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

const httpStatus = (error: unknown): number | undefined => {
  const status = (error as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
};

/**
 * What a failed call says, safely: a documented name, or a Node network code (`ECONNREFUSED`)
 * when no HTTP answer came at all (only then is `code` Node's own: the SDK copies an error
 * body's fields onto the exception), and the HTTP status.
 */
export function describeCallFailure(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = httpStatus(error);
  const fromNode =
    !(error instanceof SecretsManagerServiceException) &&
    status === undefined &&
    typeof e.code === 'string' &&
    /^[A-Z][A-Z0-9_]{1,40}$/.test(e.code);
  const what = fromNode ? String(e.code) : documentedCode(e.name);
  return `${what}${status !== undefined ? `, HTTP ${status}` : ''}`;
}

/**
 * Whether the call failed because its 2xx answer could not be read (the SDK refuses a whole
 * answer when one entry has, say, a `CreatedDate` that is not a timestamp).
 */
export function isMalformedAnswer(error: unknown): boolean {
  const status = httpStatus(error);
  return (
    !(error instanceof SecretsManagerServiceException) &&
    status !== undefined &&
    status >= 200 &&
    status < 300
  );
}

type SecretValue = NonNullable<BatchGetSecretValueCommandOutput['SecretValues']>[number];

/** One entry of the answer, attributed by its name and ARN; its value is checked later, per secret. */
export interface AnswerValue {
  readonly name: string | undefined;
  readonly arn: string | undefined;
  readonly value: SecretValue;
}

/** One `Errors[]` entry: which secret, and its code (unchecked until printed). */
export interface AnswerError {
  readonly secretId: string;
  readonly code: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const stringOrUndefined = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The entries of an answer that can be attributed to a secret, or `undefined` when the answer
 * itself is not the documented shape (lists that are not lists). An entry naming no secret
 * is dropped: its id is then reported as missing from the answer.
 */
export function readBatchAnswer(
  output: Pick<BatchGetSecretValueCommandOutput, 'SecretValues' | 'Errors'>,
): { readonly values: readonly AnswerValue[]; readonly errors: readonly AnswerError[] } | undefined {
  const values: unknown = output.SecretValues ?? [];
  const errors: unknown = output.Errors ?? [];
  if (!Array.isArray(values) || !Array.isArray(errors)) return undefined;
  return {
    values: values.flatMap((v: unknown) => {
      if (!isObject(v)) return [];
      const name = stringOrUndefined(v.Name);
      const arn = stringOrUndefined(v.ARN);
      return name === undefined && arn === undefined ? [] : [{ name, arn, value: v as SecretValue }];
    }),
    errors: errors.flatMap((e: unknown) => {
      const secretId = isObject(e) ? stringOrUndefined(e.SecretId) : undefined;
      return secretId === undefined || !isObject(e) ? [] : [{ secretId, code: e.ErrorCode }];
    }),
  };
}
