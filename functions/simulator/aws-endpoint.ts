/**
 * A loopback AWS endpoint for the calls the monitor makes, Secrets Manager
 * `BatchGetSecretValue` and `GetSecretValue` (by stage: the previous version of a failing
 * secret) and CloudWatch `PutMetricData`, on one port, speaking the wire
 * protocols the real SDK v3 clients send (see `aws-endpoint-wire.ts`), so tests and the
 * benchmark run the real clients (signing, retries, error parsing) against it.
 *
 * It exists for what a real emulator cannot be made to do: fault injection. Throttling,
 * 5xx, access denied, slow answers and hangs per operation, partial failures (a secret
 * missing, denied or undecryptable beside readable ones), and one secret's entry written raw
 * (a hostile answer: a value that is not a string, a code that echoes the secret). The answers themselves are checked
 * against moto, a real AWS emulator, in test/moto/. It also records every call and datum, so
 * tests count calls rather than time them. Signatures are not verified.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../shared/categories.js';
import {
  batchGetSecretValue,
  type PublishedDatum,
  putMetricData,
  type RawSecretEntry,
  type SimulatedSecret,
  secretValue,
  storeSecrets,
} from './aws-endpoint-operations.js';
import { getSecretValue } from './aws-endpoint-secret-versions.js';
import {
  AwsWireError,
  cwError,
  decodeInput,
  type FaultError,
  faultError,
  headerValue,
  readBody,
  route,
  type Service,
  send,
  smError,
} from './aws-endpoint-wire.js';
import { LoopbackServer } from './loopback-server.js';

export type {
  PublishedDatum,
  RawSecretEntry,
  SecretError,
  SimulatedSecret,
} from './aws-endpoint-operations.js';

export const OPERATIONS = ['BatchGetSecretValue', 'GetSecretValue', 'PutMetricData'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** A whole-call failure, injected before the operation runs, or one secret's entry written raw. */
export type AwsFault =
  | { readonly kind: FaultError }
  /** BatchGetSecretValue only: answer normally, but with this secret's entry as given (see {@link RawSecretEntry}). */
  | ({ readonly kind: 'raw_secret_entry' } & RawSecretEntry)
  /** Answer normally, this much later. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Never answer; {@link AwsEndpoint.close} drops the connection. */
  | { readonly kind: 'hang' };

export interface AwsFaultRule {
  readonly operation: Operation;
  readonly fault: AwsFault;
  /** Calls the fault applies to before the rule is used up. @default unlimited */
  readonly times?: number;
}

/** One request received, faulted ones included. */
export interface RecordedAwsCall {
  readonly service: Service;
  readonly operation: string;
  /** The decoded (and if need be gunzipped) JSON body. */
  readonly input: unknown;
}

/** Both default to none. */
export interface AwsEndpointOptions {
  readonly secrets?: readonly SimulatedSecret[] | undefined;
  readonly faults?: readonly AwsFaultRule[] | undefined;
}

/** Start it, point clients at {@link AwsEndpoint.url} ({@link awsEndpointClientConfig}), close it after. */
export class AwsEndpoint {
  private readonly secrets: ReturnType<typeof storeSecrets>;
  private readonly rules: { readonly rule: AwsFaultRule; remaining: number }[];
  private readonly recorded: RecordedAwsCall[] = [];
  private readonly published: PublishedDatum[] = [];
  private readonly server = new LoopbackServer('AwsEndpoint', (req, res) => {
    this.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end(String(error));
    });
  });

  constructor(options: AwsEndpointOptions = {}) {
    this.secrets = storeSecrets(options.secrets ?? []);
    this.rules = (options.faults ?? []).map((rule) => ({ rule, remaining: rule.times ?? Infinity }));
  }

  /** Listens on an ephemeral 127.0.0.1 port; resolves to the base URL. */
  start(): Promise<string> {
    return this.server.start();
  }

  /** `http://127.0.0.1:<port>`, serving both services. */
  get url(): string {
    return this.server.url;
  }

  /** Every call received, in arrival order. */
  get calls(): readonly RecordedAwsCall[] {
    return this.recorded;
  }

  callsOf(operation: Operation): RecordedAwsCall[] {
    return this.recorded.filter((call) => call.operation === operation);
  }

  /** Every datum of the successful `PutMetricData` calls, in order. */
  get datums(): readonly PublishedDatum[] {
    return this.published;
  }

  /** Stops listening; drops open connections (hung requests included) and pending delays. */
  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const routed = route(headerValue(req, 'x-amz-target') ?? '');
    if (routed === undefined) {
      const type = 'UnknownOperationException';
      send(res, undefined, { status: 400, headers: { 'x-amzn-errortype': type }, body: { __type: type } });
      return;
    }
    const { service, operation } = routed;
    try {
      const input = decodeInput(raw, headerValue(req, 'content-encoding'));
      this.recorded.push({ service, operation, input });
      const fault = this.takeFault(operation);
      if (fault !== undefined && !(await this.inject(fault, service, res))) return;
      const entry = fault?.kind === 'raw_secret_entry' ? fault : undefined;
      send(res, service, { status: 200, headers: {}, body: this.operate(service, operation, input, entry) });
    } catch (error) {
      if (!(error instanceof AwsWireError)) throw error;
      send(res, service, error.wire);
    }
  }

  /** Applies a fault: throws an error answer, or waits; false when nothing is to be answered. */
  private async inject(fault: AwsFault, service: Service, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'hang':
        return false;
      case 'raw_secret_entry':
        return true;
      case 'delay':
        await new Promise<void>((resolve) => this.server.later(fault.ms, resolve));
        return !res.destroyed && !this.server.closed;
      case 'throttle':
      case 'internal':
      case 'access_denied':
        throw faultError(service, fault.kind);
      default:
        return assertNever(fault);
    }
  }

  private takeFault(operation: string): AwsFault | undefined {
    const active = this.rules.find((r) => r.rule.operation === operation && r.remaining > 0);
    if (active === undefined) return undefined;
    active.remaining -= 1;
    return active.rule.fault;
  }

  private operate(
    service: Service,
    operation: string,
    input: unknown,
    raw?: RawSecretEntry,
  ): Record<string, unknown> {
    if (service === 'secretsmanager' && operation === 'BatchGetSecretValue') {
      return batchGetSecretValue(this.secrets, input, raw);
    }
    if (service === 'secretsmanager' && operation === 'GetSecretValue') {
      return getSecretValue(this.secrets, input, (id) => secretValue(this.secrets, id));
    }
    if (service === 'cloudwatch' && operation === 'PutMetricData') {
      this.published.push(...putMetricData(input));
      return {};
    }
    const message = `This endpoint does not implement ${service}.${operation}`;
    throw service === 'cloudwatch'
      ? cwError('InvalidAction', 'com.amazon.coral.service#UnknownOperationException', message)
      : smError('UnknownOperationException', message);
  }
}

/** Creates and starts an {@link AwsEndpoint}. */
export async function startAwsEndpoint(options?: AwsEndpointOptions): Promise<AwsEndpoint> {
  const endpoint = new AwsEndpoint(options);
  await endpoint.start();
  return endpoint;
}

/**
 * SDK v3 client config for the endpoint: `endpoint`, region `us-east-1`, dummy static
 * credentials. Spread it and add e.g. `maxAttempts: 1` to turn retries off.
 */
export function awsEndpointClientConfig(url: string) {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
  };
}
