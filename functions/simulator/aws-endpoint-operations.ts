/**
 * The two operations the monitor calls, as the loopback AWS endpoint answers them:
 * Secrets Manager `BatchGetSecretValue` (with per-secret failures in `Errors[]`) and CloudWatch
 * `PutMetricData` (validated against the API's limits, so a batching bug is refused as AWS would).
 */
import { createHash } from 'node:crypto';
import { assertNever } from '../shared/categories.js';
import { AwsWireError, cwError, cwInvalid, smError } from './aws-endpoint-wire.js';

/** Per-secret failures, reported in `BatchGetSecretValue`'s `Errors[]` while the rest succeed. */
export const SECRET_ERRORS = [
  'ResourceNotFoundException',
  'AccessDeniedException',
  'DecryptionFailure',
] as const;
export type SecretError = (typeof SECRET_ERRORS)[number];

/** A secret held by the endpoint. */
export interface SimulatedSecret {
  /** Addressable by this name, its full ARN, or its ARN without the 6-character suffix. */
  readonly name: string;
  /** @default `arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>-AbCdEf` */
  readonly arn?: string;
  readonly secretString?: string;
  /** Sent base64 on the wire; the SDK hands it over as a `Uint8Array`. */
  readonly secretBinary?: Uint8Array;
  /** When the current value was written (`CreatedDate`). @default 2024-01-01T00:00:00Z */
  readonly createdDate?: Date;
  readonly error?: SecretError;
  /** The current version's id. @default one derived from the ARN and the value */
  readonly versionId?: string;
  /** The value before the last write (the `AWSPREVIOUS` stage); none: a secret with one version. */
  readonly previous?: { readonly secretString: string; readonly createdDate?: Date };
}

/**
 * One secret's entry in a `BatchGetSecretValue` answer, as no real service would write it:
 * `entry` merged over its `SecretValues` entry (a `SecretString` that is not a string, a
 * `CreatedDate` that is no timestamp), or `error` as its `Errors[]` entry instead (an
 * `ErrorCode` or `Message` echoing the secret). For what the monitor makes of hostile answers.
 */
export interface RawSecretEntry {
  readonly secretId: string;
  readonly entry?: Readonly<Record<string, unknown>>;
  readonly error?: Readonly<Record<string, unknown>>;
}

/** One datum accepted by a successful `PutMetricData` call. */
export interface PublishedDatum {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value?: number;
  readonly values?: readonly number[];
  readonly counts?: readonly number[];
  readonly unit?: string;
  readonly timestamp?: Date;
}

export const ARN_PREFIX = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';
export const DEFAULT_CREATED = new Date('2024-01-01T00:00:00.000Z');
const IDS_PER_CALL = 20;

export interface StoredSecret {
  readonly secret: SimulatedSecret;
  readonly arn: string;
  readonly versionId: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stable version id for a value, so answers are deterministic. */
export function versionIdOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The secrets by ARN. */
export function storeSecrets(secrets: readonly SimulatedSecret[]): ReadonlyMap<string, StoredSecret> {
  const store = new Map<string, StoredSecret>();
  for (const secret of secrets) {
    const arn = secret.arn ?? `${ARN_PREFIX}${secret.name}-AbCdEf`;
    const content = secret.secretString ?? Buffer.from(secret.secretBinary ?? []).toString('base64');
    store.set(arn, { secret, arn, versionId: secret.versionId ?? versionIdOf(`${arn}\n${content}`) });
  }
  return store;
}

export function find(store: ReadonlyMap<string, StoredSecret>, id: string): StoredSecret | undefined {
  const byArn = store.get(id);
  if (byArn !== undefined) return byArn;
  for (const stored of store.values()) {
    if (stored.secret.name === id) return stored;
    if (id.startsWith('arn:') && stored.arn.replace(/-[A-Za-z0-9]{6}$/, '') === id) return stored;
  }
  return undefined;
}

export function secretError(error: SecretError, id: string): AwsWireError {
  switch (error) {
    case 'ResourceNotFoundException':
      return smError(error, "Secrets Manager can't find the specified secret.");
    case 'AccessDeniedException':
      return smError(
        error,
        `User: arn:aws:iam::123456789012:user/test is not authorized to perform: secretsmanager:GetSecretValue on resource: ${id}`,
      );
    case 'DecryptionFailure':
      return smError(
        error,
        "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
      );
    default:
      return assertNever(error);
  }
}

export function secretValue(store: ReadonlyMap<string, StoredSecret>, id: string): Record<string, unknown> {
  const stored = find(store, id);
  if (stored === undefined) throw secretError('ResourceNotFoundException', id);
  const { secret, arn, versionId } = stored;
  if (secret.error !== undefined) throw secretError(secret.error, id);
  return {
    ARN: arn,
    Name: secret.name,
    VersionId: versionId,
    ...(secret.secretString !== undefined ? { SecretString: secret.secretString } : {}),
    ...(secret.secretBinary !== undefined
      ? { SecretBinary: Buffer.from(secret.secretBinary).toString('base64') }
      : {}),
    VersionStages: ['AWSCURRENT'],
    CreatedDate: (secret.createdDate ?? DEFAULT_CREATED).getTime() / 1000,
  };
}

function secretIdList(input: Record<string, unknown>): string[] {
  const ids = input.SecretIdList;
  if (input.Filters !== undefined) {
    throw smError('InvalidRequestException', 'This endpoint does not implement BatchGetSecretValue Filters.');
  }
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
    throw smError('InvalidParameterException', 'You must specify SecretIdList, a list of strings.');
  }
  if (ids.length < 1 || ids.length > IDS_PER_CALL) {
    throw smError(
      'ValidationException',
      `1 validation error detected: Value at 'secretIdList' failed to satisfy constraint: Member must have length less than or equal to ${IDS_PER_CALL} and greater than or equal to 1`,
    );
  }
  return ids;
}

/**
 * `BatchGetSecretValue` by `SecretIdList`: values for the readable secrets, `Errors[]` for the
 * rest; `raw` rewrites one secret's entry whenever it is asked for.
 */
export function batchGetSecretValue(
  store: ReadonlyMap<string, StoredSecret>,
  input: unknown,
  raw?: RawSecretEntry,
): Record<string, unknown> {
  const values: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const id of secretIdList(isRecord(input) ? input : {})) {
    if (raw?.error !== undefined && raw.secretId === id) {
      errors.push({ SecretId: id, ...raw.error });
      continue;
    }
    try {
      values.push({ ...secretValue(store, id), ...(raw?.secretId === id ? raw.entry : {}) });
    } catch (error) {
      if (!(error instanceof AwsWireError)) throw error;
      errors.push({ SecretId: id, ErrorCode: String(error.wire.body.__type), Message: error.message });
    }
  }
  return { SecretValues: values, Errors: errors };
}

function missing(parameter: string): AwsWireError {
  return cwError(
    'MissingParameter',
    'com.amazonaws.cloudwatch#MissingRequiredParameterException',
    `The parameter ${parameter} is required.`,
  );
}

function numbers(value: unknown, field: string, max: number): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is number => typeof v === 'number')) {
    throw cwInvalid(`The parameter ${field} must be a list of numbers.`);
  }
  if (value.length > max) throw cwInvalid(`The collection ${field} must not have more than ${max} members.`);
  return value;
}

function dimensionsOf(raw: unknown, where: string): Record<string, string> {
  const list = raw ?? [];
  if (!Array.isArray(list) || list.length > 30) {
    throw cwInvalid(`The collection ${where}.Dimensions must not have a size greater than 30.`);
  }
  const out: Record<string, string> = {};
  for (const d of list) {
    if (!isRecord(d) || typeof d.Name !== 'string' || typeof d.Value !== 'string') {
      throw cwInvalid(`The parameter ${where}.Dimensions must contain Name and Value strings.`);
    }
    out[d.Name] = d.Value;
  }
  return out;
}

function datum(namespace: string, raw: unknown, where: string): PublishedDatum {
  if (!isRecord(raw) || typeof raw.MetricName !== 'string' || raw.MetricName.length === 0) {
    throw missing(`${where}.MetricName`);
  }
  const values = numbers(raw.Values, `${where}.Values`, 150);
  const counts = numbers(raw.Counts, `${where}.Counts`, 150);
  if (raw.Value !== undefined && values !== undefined) {
    throw cwError(
      'InvalidParameterCombination',
      'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
      `The parameters ${where}.Value and ${where}.Values are mutually exclusive and you have specified both.`,
    );
  }
  if (counts !== undefined && counts.length !== values?.length) {
    throw cwInvalid(`The parameters ${where}.Values and ${where}.Counts must be arrays of the same size.`);
  }
  if (raw.Value !== undefined && typeof raw.Value !== 'number') {
    throw cwInvalid(`The parameter ${where}.Value must be a number.`);
  }
  return {
    namespace,
    metricName: raw.MetricName,
    dimensions: dimensionsOf(raw.Dimensions, where),
    ...(typeof raw.Value === 'number' ? { value: raw.Value } : {}),
    ...(values !== undefined ? { values } : {}),
    ...(counts !== undefined ? { counts } : {}),
    ...(typeof raw.Unit === 'string' ? { unit: raw.Unit } : {}),
    ...(typeof raw.Timestamp === 'number' ? { timestamp: new Date(raw.Timestamp * 1000) } : {}),
  };
}

/** `PutMetricData`: every datum checked against the API's limits; all accepted or none. */
export function putMetricData(input: unknown): PublishedDatum[] {
  const body = isRecord(input) ? input : {};
  const namespace = body.Namespace;
  if (typeof namespace !== 'string' || namespace.length === 0) throw missing('Namespace');
  if (namespace.startsWith('AWS/')) {
    throw cwInvalid(`The value ${namespace} for parameter Namespace is invalid.`);
  }
  const data = body.MetricData;
  if (!Array.isArray(data) || data.length === 0) throw missing('MetricData');
  if (data.length > 1000)
    throw cwInvalid('The collection MetricData must not have a size greater than 1000.');
  return data.map((raw, i) => datum(namespace, raw, `MetricData.member.${i + 1}`));
}
