/**
 * The wire protocols of the loopback AWS endpoint, as the AWS SDK v3 clients in `node_modules`
 * (3.1164.0) send and read them:
 * - Secrets Manager: AWS JSON 1.1, `x-amz-target: secretsmanager.<Operation>`; timestamps are
 *   epoch-seconds numbers, blobs base64. The SDK names an error after `__type`.
 * - CloudWatch: AWS JSON 1.0 with awsQueryCompatible, `x-amz-target:
 *   GraniteServiceVersion20100801.<Operation>`; bodies over 10 KiB arrive gzipped. The SDK names
 *   an error after the legacy query code in `x-amzn-query-error` (`Throttling`, `AccessDenied`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { assertNever } from '../shared/categories.js';

export const SERVICES = ['secretsmanager', 'cloudwatch'] as const;
export type Service = (typeof SERVICES)[number];

/** The whole-call failures the endpoint can inject: what a real emulator cannot be made to do. */
export const FAULT_ERRORS = ['throttle', 'internal', 'access_denied'] as const;
export type FaultError = (typeof FAULT_ERRORS)[number];

const TARGET_PREFIX: Record<Service, string> = {
  secretsmanager: 'secretsmanager.',
  cloudwatch: 'GraniteServiceVersion20100801.',
};

const CONTENT_TYPE: Record<Service, string> = {
  secretsmanager: 'application/x-amz-json-1.1',
  cloudwatch: 'application/x-amz-json-1.0',
};

/** An error answer, already shaped for the protocol of the service giving it. */
export interface WireError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Thrown by an operation to answer with `wire`. */
export class AwsWireError extends Error {
  override readonly name = 'AwsWireError';
  constructor(readonly wire: WireError) {
    super(String(wire.body.message ?? wire.body.Message ?? 'error'));
  }
}

// Modelled Secrets Manager errors carry `Message`; Coral's common ones (throttling, access) `message`.
const MODELLED_SM_ERRORS = new Set([
  'ResourceNotFoundException',
  'DecryptionFailure',
  'InternalServiceError',
  'InvalidParameterException',
  'InvalidRequestException',
]);

/** A Secrets Manager error: the SDK takes the code from `__type`. */
export function smError(code: string, message: string, status = 400): AwsWireError {
  return new AwsWireError({
    status,
    headers: { 'x-amzn-errortype': code },
    body: MODELLED_SM_ERRORS.has(code) ? { __type: code, Message: message } : { __type: code, message },
  });
}

/** A CloudWatch error: the SDK reads `x-amzn-query-error` first and names the error after its query code. */
export function cwError(queryCode: string, type: string, message: string, status = 400): AwsWireError {
  return new AwsWireError({
    status,
    headers: {
      'x-amzn-query-error': `${queryCode};${status >= 500 ? 'Receiver' : 'Sender'}`,
      'x-amzn-errortype': type.split('#').pop() ?? type,
    },
    body: { __type: type, message },
  });
}

/** `cloudwatch#InvalidParameterValueException`, the answer to most malformed datums. */
export function cwInvalid(message: string): AwsWireError {
  return cwError('InvalidParameterValue', 'com.amazonaws.cloudwatch#InvalidParameterValueException', message);
}

const DENIED = 'User: arn:aws:iam::123456789012:user/test is not authorized to perform';

/** The error each service answers an injected whole-call fault with. */
export function faultError(service: Service, fault: FaultError): AwsWireError {
  const cw = service === 'cloudwatch';
  switch (fault) {
    case 'throttle':
      return cw
        ? cwError('Throttling', 'com.amazon.coral.availability#ThrottlingException', 'Rate exceeded')
        : smError('ThrottlingException', 'Rate exceeded');
    case 'internal':
      return cw
        ? cwError(
            'InternalServiceError',
            'com.amazonaws.cloudwatch#InternalServiceFault',
            'Internal error',
            500,
          )
        : smError('InternalServiceError', 'An error occurred on the server side.', 500);
    case 'access_denied':
      return cw
        ? cwError(
            'AccessDenied',
            'com.amazon.coral.service#AccessDeniedException',
            `${DENIED}: cloudwatch`,
            403,
          )
        : smError('AccessDeniedException', `${DENIED}: secretsmanager`);
    default:
      return assertNever(fault);
  }
}

/** The service and operation an `x-amz-target` header names, or undefined for anything else. */
export function route(target: string): { service: Service; operation: string } | undefined {
  for (const service of SERVICES) {
    const prefix = TARGET_PREFIX[service];
    if (target.startsWith(prefix)) return { service, operation: target.slice(prefix.length) };
  }
  return undefined;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The JSON request body, gunzipped when the SDK compressed it; throws a SerializationException. */
export function decodeInput(raw: Buffer, encoding: string | undefined): unknown {
  try {
    const text = (encoding === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    return text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new AwsWireError({
      status: 400,
      headers: { 'x-amzn-errortype': 'SerializationException' },
      body: { __type: 'SerializationException', message: 'Request body is not valid JSON' },
    });
  }
}

export function send(res: ServerResponse, service: Service | undefined, answer: WireError): void {
  if (res.destroyed || res.headersSent) return;
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': service ? CONTENT_TYPE[service] : 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
    ...answer.headers,
  });
  res.end(payload);
}
