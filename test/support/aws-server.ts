/**
 * A loopback fake of the two AWS services the monitor talks to, speaking the exact wire protocols the
 * real AWS SDK v3 clients in `node_modules` send, so tests can run the real `SecretsManagerClient` and
 * `CloudWatchClient` against it.
 *
 * Protocols (verified against `@aws-sdk/client-*` 3.1164.0):
 * - Secrets Manager: AWS JSON 1.1 — `POST /`, `content-type: application/x-amz-json-1.1`,
 *   `x-amz-target: secretsmanager.<Operation>`. Timestamps are epoch-seconds JSON numbers, blobs are base64.
 * - CloudWatch: AWS JSON 1.0 **with awsQueryCompatible** — `content-type: application/x-amz-json-1.0`,
 *   `x-amz-target: GraniteServiceVersion20100801.<Operation>`, `x-amzn-query-mode: true`. Bodies larger than
 *   `requestMinCompressionSizeBytes` (10 KiB by default) arrive gzip-compressed (`content-encoding: gzip`).
 *   Errors carry `x-amzn-query-error: <QueryCode>;<Sender|Receiver>`, and the SDK names the error after that
 *   legacy query code (e.g. `Throttling`, `AccessDenied`), not after `__type`.
 *
 * Both services are served on the same port and routed by the `x-amz-target` prefix. Signatures are not
 * verified.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A secret held by the fake Secrets Manager. */
export interface FakeSecret {
  /** Secret name; the secret can be addressed by this name, its full ARN, or its ARN without the 6-char suffix. */
  name: string;
  /** Defaults to `arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>-AbCdEf`. */
  arn?: string;
  /** String value (`SecretString`). */
  secretString?: string;
  /** Binary value (`SecretBinary`, base64 on the wire, `Uint8Array` in the SDK). */
  secretBinary?: Uint8Array;
  /** Defaults to {@link FakeSecret.createdDate}. */
  lastChangedDate?: Date;
  /** Omitted from `DescribeSecret` when unset. */
  lastRotatedDate?: Date;
  /** Defaults to 2024-01-01T00:00:00Z so responses are deterministic. */
  createdDate?: Date;
  /**
   * Per-secret failure. Reported in `Errors[]` of `BatchGetSecretValue` and thrown by `GetSecretValue`.
   * `DescribeSecret` (which does not decrypt) throws `ResourceNotFoundException` / `AccessDeniedException`
   * but succeeds for `DecryptionFailure`, as the real service does.
   */
  error?: 'ResourceNotFoundException' | 'AccessDeniedException' | 'DecryptionFailure';
}

/** A whole-call failure injected before the operation is processed. */
export type AwsFault =
  | { kind: 'throttle' }
  | { kind: 'internal' }
  | { kind: 'access_denied' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' };

/** Injects {@link AwsFault} into calls of one operation. */
export interface AwsFaultRule {
  operation: 'BatchGetSecretValue' | 'GetSecretValue' | 'DescribeSecret' | 'PutMetricData';
  fault: AwsFault;
  /** How many calls the fault applies to before the rule is used up; default unlimited. */
  times?: number;
}

/** One request received by the fake (faulted calls included). */
export interface RecordedAwsCall {
  service: 'secretsmanager' | 'cloudwatch';
  operation: string;
  /** The decoded (and, if needed, gunzipped) JSON request body. */
  input: unknown;
}

/** One metric datum accepted by a successful `PutMetricData` call. */
export interface PublishedDatum {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  value?: number;
  values?: number[];
  counts?: number[];
  unit?: string;
  timestamp?: Date;
}

/** Options for {@link FakeAws} and {@link startFakeAws}. */
export interface FakeAwsOptions {
  secrets?: readonly FakeSecret[];
  faults?: readonly AwsFaultRule[];
}

const ACCOUNT_PREFIX = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';
const DEFAULT_CREATED = new Date('2024-01-01T00:00:00.000Z');
const SM_TARGET = 'secretsmanager.';
const CW_TARGET = 'GraniteServiceVersion20100801.';
const BATCH_MAX_IDS = 20;

interface StoredSecret {
  readonly secret: FakeSecret;
  readonly arn: string;
  readonly versionId: string;
}

interface ActiveRule {
  readonly rule: AwsFaultRule;
  remaining: number;
}

/** An error response, already shaped for the protocol of the service that produces it. */
interface WireError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

class FakeAwsError extends Error {
  constructor(readonly wire: WireError) {
    super(String(wire.body.message ?? wire.body.Message ?? 'error'));
  }
}

type Service = RecordedAwsCall['service'];

const CONTENT_TYPE: Record<Service, string> = {
  secretsmanager: 'application/x-amz-json-1.1',
  cloudwatch: 'application/x-amz-json-1.0',
};

/** Secrets Manager (AWS JSON 1.1): the SDK takes the code from `__type`, falling back to `x-amzn-errortype`. */
function smError(code: string, message: string, status = 400): FakeAwsError {
  // Modelled Secrets Manager errors carry `Message`; Coral common errors (throttling, access, validation) `message`.
  const modelled = [
    'ResourceNotFoundException',
    'DecryptionFailure',
    'InternalServiceError',
    'InvalidParameterException',
    'InvalidRequestException',
  ].includes(code);
  return new FakeAwsError({
    status,
    headers: { 'x-amzn-errortype': code },
    body: modelled ? { __type: code, Message: message } : { __type: code, message },
  });
}

/**
 * CloudWatch (AWS JSON 1.0, awsQueryCompatible): the SDK reads `x-amzn-query-error` first and names the error
 * after the legacy query code, mapping it back to a modelled shape (via its `awsQueryError` trait) when one exists.
 */
function cwError(queryCode: string, type: string, message: string, status: number): FakeAwsError {
  const fault = status >= 500 ? 'Receiver' : 'Sender';
  return new FakeAwsError({
    status,
    headers: {
      'x-amzn-query-error': `${queryCode};${fault}`,
      'x-amzn-errortype': type.split('#').pop() ?? type,
    },
    body: { __type: type, message },
  });
}

function faultError(service: Service, fault: 'throttle' | 'internal' | 'access_denied'): FakeAwsError {
  if (service === 'secretsmanager') {
    switch (fault) {
      case 'throttle':
        return smError('ThrottlingException', 'Rate exceeded');
      case 'internal':
        return smError('InternalServiceError', 'An error occurred on the server side.', 500);
      case 'access_denied':
        return smError(
          'AccessDeniedException',
          'User: arn:aws:iam::123456789012:user/test is not authorized to perform this action',
        );
    }
  }
  switch (fault) {
    case 'throttle':
      return cwError('Throttling', 'com.amazon.coral.availability#ThrottlingException', 'Rate exceeded', 400);
    case 'internal':
      return cwError(
        'InternalServiceError',
        'com.amazonaws.cloudwatch#InternalServiceFault',
        'Internal service error',
        500,
      );
    case 'access_denied':
      return cwError(
        'AccessDenied',
        'com.amazon.coral.service#AccessDeniedException',
        'User: arn:aws:iam::123456789012:user/test is not authorized to perform: cloudwatch:PutMetricData',
        403,
      );
  }
}

function cwInvalid(message: string): FakeAwsError {
  return cwError(
    'InvalidParameterValue',
    'com.amazonaws.cloudwatch#InvalidParameterValueException',
    message,
    400,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') return new Date(value);
  return undefined;
}

function numberArray(value: unknown, field: string): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is number => typeof v === 'number')) {
    throw cwInvalid(`The parameter ${field} must be a list of numbers.`);
  }
  return value;
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * The fake AWS endpoint. Construct, {@link FakeAws.start}, point clients at {@link FakeAws.url}
 * (see {@link fakeAwsClientConfig}), and {@link FakeAws.close} in `afterEach`.
 */
export class FakeAws {
  private readonly secrets = new Map<string, StoredSecret>();
  private readonly rules: ActiveRule[] = [];
  private readonly recorded: RecordedAwsCall[] = [];
  private readonly published: PublishedDatum[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(options: FakeAwsOptions = {}) {
    for (const secret of options.secrets ?? []) this.putSecret(secret);
    for (const rule of options.faults ?? []) this.addFault(rule);
  }

  /** Listens on 127.0.0.1 on an ephemeral port; resolves to the base URL. Idempotent. */
  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        }
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  /** Base URL (`http://127.0.0.1:<port>`) serving both services; throws before {@link FakeAws.start}. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error('FakeAws.url read before start()');
    return this.baseUrl;
  }

  /** Every call received, faulted ones included, in arrival order. */
  get calls(): readonly RecordedAwsCall[] {
    return this.recorded;
  }

  /** The recorded calls of one operation (e.g. `'BatchGetSecretValue'`), in order. */
  callsOf(operation: string): RecordedAwsCall[] {
    return this.recorded.filter((call) => call.operation === operation);
  }

  /** Every datum accepted by successful `PutMetricData` calls, flattened, in order. */
  get datums(): readonly PublishedDatum[] {
    return this.published;
  }

  /** Adds or replaces (by name) a secret. */
  putSecret(secret: FakeSecret): void {
    for (const [key, stored] of this.secrets) {
      if (stored.secret.name === secret.name) this.secrets.delete(key);
    }
    const arn = secret.arn ?? `${ACCOUNT_PREFIX}${secret.name}-AbCdEf`;
    const content = secret.secretString ?? Buffer.from(secret.secretBinary ?? []).toString('base64');
    this.secrets.set(arn, { secret: { ...secret }, arn, versionId: uuidFrom(`${arn}\n${content}`) });
  }

  /** Adds a fault rule; rules are consulted in insertion order and the first live match wins. */
  addFault(rule: AwsFaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Clears recorded calls and datums (secrets and fault rules are kept). */
  reset(): void {
    this.recorded.length = 0;
    this.published.length = 0;
  }

  /** Stops listening, destroys open sockets (including hung requests) and clears pending delay timers. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    this.baseUrl = undefined;
    if (server === undefined) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const target = headerValue(req, 'x-amz-target') ?? '';
    let service: Service;
    let operation: string;
    if (target.startsWith(SM_TARGET)) {
      service = 'secretsmanager';
      operation = target.slice(SM_TARGET.length);
    } else if (target.startsWith(CW_TARGET)) {
      service = 'cloudwatch';
      operation = target.slice(CW_TARGET.length);
    } else {
      send(res, 'application/json', {
        status: 400,
        headers: { 'x-amzn-errortype': 'UnknownOperationException' },
        body: {
          __type: 'UnknownOperationException',
          message: `FakeAws: unroutable x-amz-target "${target}"`,
        },
      });
      return;
    }

    let input: unknown;
    try {
      const encoding = headerValue(req, 'content-encoding');
      const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      input = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      send(res, CONTENT_TYPE[service], {
        status: 400,
        headers: { 'x-amzn-errortype': 'SerializationException' },
        body: { __type: 'SerializationException', message: 'Request body is not valid JSON' },
      });
      return;
    }
    this.recorded.push({ service, operation, input });

    const fault = this.takeFault(operation);
    if (fault?.kind === 'hang') return; // never answer; close() destroys the socket
    if (fault?.kind === 'delay') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, fault.ms);
        this.timers.add(timer);
      });
      if (res.destroyed || this.server === undefined) return;
    }

    try {
      if (fault !== undefined && fault.kind !== 'delay') throw faultError(service, fault.kind);
      const output =
        service === 'secretsmanager'
          ? this.secretsManager(operation, input)
          : this.cloudWatch(operation, input);
      send(res, CONTENT_TYPE[service], { status: 200, headers: {}, body: output });
    } catch (error) {
      if (!(error instanceof FakeAwsError)) throw error;
      send(res, CONTENT_TYPE[service], error.wire);
    }
  }

  private takeFault(operation: string): AwsFault | undefined {
    const active = this.rules.find((r) => r.rule.operation === operation && r.remaining > 0);
    if (active === undefined) return undefined;
    active.remaining -= 1;
    return active.rule.fault;
  }

  private secretsManager(operation: string, input: unknown): Record<string, unknown> {
    const body = isRecord(input) ? input : {};
    switch (operation) {
      case 'BatchGetSecretValue':
        return this.batchGetSecretValue(body);
      case 'GetSecretValue': {
        const stored = this.resolveOrThrow(body.SecretId, 'GetSecretValue');
        return this.secretValue(stored);
      }
      case 'DescribeSecret': {
        const stored = this.resolveOrThrow(body.SecretId, 'DescribeSecret');
        const { secret } = stored;
        const created = secret.createdDate ?? DEFAULT_CREATED;
        return {
          ARN: stored.arn,
          Name: secret.name,
          CreatedDate: epochSeconds(created),
          LastChangedDate: epochSeconds(secret.lastChangedDate ?? created),
          ...(secret.lastRotatedDate ? { LastRotatedDate: epochSeconds(secret.lastRotatedDate) } : {}),
          VersionIdsToStages: { [stored.versionId]: ['AWSCURRENT'] },
        };
      }
      default:
        throw smError('UnknownOperationException', `FakeAws does not implement secretsmanager.${operation}`);
    }
  }

  private batchGetSecretValue(body: Record<string, unknown>): Record<string, unknown> {
    const ids = body.SecretIdList;
    if (ids !== undefined && body.Filters !== undefined) {
      throw smError('InvalidParameterException', 'Specify either SecretIdList or Filters, not both.');
    }
    if (ids === undefined) {
      if (body.Filters !== undefined) {
        throw smError('InvalidRequestException', 'FakeAws does not implement BatchGetSecretValue Filters.');
      }
      throw smError('InvalidParameterException', 'You must specify either SecretIdList or Filters.');
    }
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
      throw smError('SerializationException', 'SecretIdList must be a list of strings');
    }
    if (ids.length < 1 || ids.length > BATCH_MAX_IDS) {
      throw smError(
        'ValidationException',
        `1 validation error detected: Value at 'secretIdList' failed to satisfy constraint: Member must have length ` +
          `less than or equal to ${BATCH_MAX_IDS} and greater than or equal to 1`,
      );
    }
    const values: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const id of ids) {
      try {
        values.push(this.secretValue(this.resolveOrThrow(id, 'GetSecretValue')));
      } catch (error) {
        if (!(error instanceof FakeAwsError)) throw error;
        errors.push({ SecretId: id, ErrorCode: String(error.wire.body.__type), Message: error.message });
      }
    }
    return { SecretValues: values, Errors: errors };
  }

  private resolveOrThrow(id: unknown, operation: 'GetSecretValue' | 'DescribeSecret'): StoredSecret {
    if (typeof id !== 'string' || id.length === 0) {
      throw smError('InvalidParameterException', 'You must specify a SecretId.');
    }
    const stored = this.resolve(id);
    if (stored === undefined || stored.secret.error === 'ResourceNotFoundException') {
      throw smError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    if (stored.secret.error === 'AccessDeniedException') {
      throw smError(
        'AccessDeniedException',
        `User: arn:aws:iam::123456789012:user/test is not authorized to perform: secretsmanager:${operation} ` +
          `on resource: ${id}`,
      );
    }
    if (operation === 'GetSecretValue') {
      if (stored.secret.error === 'DecryptionFailure') {
        throw smError(
          'DecryptionFailure',
          "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
        );
      }
      if (stored.secret.secretString === undefined && stored.secret.secretBinary === undefined) {
        throw smError(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        );
      }
    }
    return stored;
  }

  private resolve(id: string): StoredSecret | undefined {
    const byArn = this.secrets.get(id);
    if (byArn !== undefined) return byArn;
    for (const stored of this.secrets.values()) {
      if (stored.secret.name === id) return stored;
      // Partial ARN: the ARN without the trailing "-XXXXXX" random suffix.
      if (id.startsWith('arn:') && stored.arn.replace(/-[A-Za-z0-9]{6}$/, '') === id) return stored;
    }
    return undefined;
  }

  private secretValue(stored: StoredSecret): Record<string, unknown> {
    const { secret } = stored;
    return {
      ARN: stored.arn,
      Name: secret.name,
      VersionId: stored.versionId,
      ...(secret.secretString !== undefined ? { SecretString: secret.secretString } : {}),
      ...(secret.secretBinary !== undefined
        ? { SecretBinary: Buffer.from(secret.secretBinary).toString('base64') }
        : {}),
      VersionStages: ['AWSCURRENT'],
      CreatedDate: epochSeconds(secret.lastChangedDate ?? secret.createdDate ?? DEFAULT_CREATED),
    };
  }

  private cloudWatch(operation: string, input: unknown): Record<string, unknown> {
    if (operation !== 'PutMetricData') {
      throw cwError(
        'InvalidAction',
        'com.amazon.coral.service#UnknownOperationException',
        `FakeAws does not implement CloudWatch ${operation}`,
        400,
      );
    }
    const body = isRecord(input) ? input : {};
    const namespace = body.Namespace;
    if (typeof namespace !== 'string' || namespace.length === 0) {
      throw cwError(
        'MissingParameter',
        'com.amazonaws.cloudwatch#MissingRequiredParameterException',
        'The parameter Namespace is required.',
        400,
      );
    }
    if (namespace.startsWith('AWS/')) {
      throw cwInvalid(`The value ${namespace} for parameter Namespace is invalid.`);
    }
    const data = body.MetricData;
    if (!Array.isArray(data) || data.length === 0) {
      throw cwError(
        'MissingParameter',
        'com.amazonaws.cloudwatch#MissingRequiredParameterException',
        'The parameter MetricData is required.',
        400,
      );
    }
    if (data.length > 1000) {
      throw cwInvalid('The collection MetricData must not have a size greater than 1000.');
    }
    const accepted = data.map((raw, i) => this.datum(namespace, raw, i + 1));
    this.published.push(...accepted);
    return {};
  }

  private datum(namespace: string, raw: unknown, index: number): PublishedDatum {
    const where = `MetricData.member.${index}`;
    if (!isRecord(raw) || typeof raw.MetricName !== 'string' || raw.MetricName.length === 0) {
      throw cwError(
        'MissingParameter',
        'com.amazonaws.cloudwatch#MissingRequiredParameterException',
        `The parameter ${where}.MetricName is required.`,
        400,
      );
    }
    const dimensions: Record<string, string> = {};
    const rawDimensions = raw.Dimensions ?? [];
    if (!Array.isArray(rawDimensions) || rawDimensions.length > 30) {
      throw cwInvalid(`The collection ${where}.Dimensions must not have a size greater than 30.`);
    }
    for (const d of rawDimensions) {
      if (!isRecord(d) || typeof d.Name !== 'string' || typeof d.Value !== 'string') {
        throw cwInvalid(`The parameter ${where}.Dimensions must contain Name and Value strings.`);
      }
      dimensions[d.Name] = d.Value;
    }
    const values = numberArray(raw.Values, `${where}.Values`);
    const counts = numberArray(raw.Counts, `${where}.Counts`);
    if (raw.Value !== undefined && values !== undefined) {
      throw cwError(
        'InvalidParameterCombination',
        'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
        `The parameters ${where}.Value and ${where}.Values are mutually exclusive and you have specified both.`,
        400,
      );
    }
    if (counts !== undefined && (values === undefined || counts.length !== values.length)) {
      throw cwInvalid(`The parameters ${where}.Values and ${where}.Counts must be arrays of the same size.`);
    }
    if (raw.Value !== undefined && typeof raw.Value !== 'number') {
      throw cwInvalid(`The parameter ${where}.Value must be a number.`);
    }
    const timestamp = parseTimestamp(raw.Timestamp);
    return {
      namespace,
      metricName: raw.MetricName,
      dimensions,
      ...(typeof raw.Value === 'number' ? { value: raw.Value } : {}),
      ...(values !== undefined ? { values } : {}),
      ...(counts !== undefined ? { counts } : {}),
      ...(typeof raw.Unit === 'string' ? { unit: raw.Unit } : {}),
      ...(timestamp !== undefined ? { timestamp } : {}),
    };
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, contentType: string, wire: WireError): void {
  if (res.destroyed || res.headersSent) return;
  const payload = JSON.stringify(wire.body);
  res.writeHead(wire.status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
    ...wire.headers,
  });
  res.end(payload);
}

/** Creates and starts a {@link FakeAws}. */
export async function startFakeAws(options?: FakeAwsOptions): Promise<FakeAws> {
  const fake = new FakeAws(options);
  await fake.start();
  return fake;
}

/**
 * Client config pointing a real SDK v3 client at the fake: `endpoint`, region `us-east-1` and dummy static
 * credentials. Spread it and add e.g. `maxAttempts: 1` to disable retries.
 */
export function fakeAwsClientConfig(url: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
  };
}
