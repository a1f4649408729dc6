import { createHash } from 'node:crypto';
import type { Category } from '../../functions/shared/categories.js';
import type { Reason } from '../../functions/shared/reasons.js';
import type { Answerer, ReceiverCheckKind } from '../../functions/shared/receivers.js';
import type { ReceiverBehaviour } from '../../functions/simulator/webhook-receiver.js';

/**
 * The receiver probe's fault matrix: each row a loopback receiver of our own (or a closed
 * port, or a secret without the token), probed through the Lambda handler with real AWS SDK
 * clients against the loopback AWS endpoint, next to a healthy receiver.
 */
export interface ReceiverRow {
  readonly id: string;
  readonly fault: string;
  readonly behaviour: ReceiverBehaviour | 'closed-port';
  /** The secret holds `{"OTHER_KEY": token}` while the config asks for VERIFICATION_TOKEN. */
  readonly keyMissing?: true;
  /** The secret's value was written this long before the run. @default 400 days */
  readonly writtenAgoMs?: number;
  readonly expected: {
    readonly category: Category;
    readonly reason?: Reason;
    /** The deciding check (a failing receiver's first failing check; an ok one's last). */
    readonly check: ReceiverCheckKind;
    readonly answeredBy: Answerer;
    readonly httpStatus?: number;
    readonly says?: string;
    /** Requests the receiver stand-in received. */
    readonly requests: number;
    readonly note?: true;
  };
  readonly userSees: string;
}

/**
 * A random-looking verification token for a row. Notion's start with `secret_`; these do not,
 * since the leak oracle would find `secret_u` of a token's lower-case form in the summary's
 * `secret_unavailable` key.
 */
export function verificationToken(id: string): string {
  return `whk${createHash('sha256').update(`receiver-matrix:${id}`).digest('base64url').slice(0, 43)}`;
}

export const receiverRows: readonly ReceiverRow[] = [
  {
    id: 'receiver-verifies',
    fault: 'Receiver verifies the signature: signed event 200, forged event 401',
    behaviour: 'verifies',
    expected: { category: 'ok', check: 'forged_event', answeredBy: 'receiver', httpStatus: 401, requests: 2 },
    userSees: 'ok: the signed event was accepted and the forged one refused.',
  },
  {
    id: 'receiver-gateway-401',
    fault: 'API Gateway authorizer answers the signed event 401 {"message":"Unauthorized"}',
    behaviour: 'gateway_401',
    expected: {
      category: 'receiver_rejected',
      reason: 'gateway_missing_auth',
      check: 'signed_event',
      answeredBy: 'api_gateway',
      httpStatus: 401,
      says: 'x-amzn-errortype: UnauthorizedException',
      requests: 2,
    },
    userSees: 'receiver_rejected (gateway_missing_auth): API Gateway refused it before your code ran.',
  },
  {
    id: 'receiver-waf-403',
    fault: 'CloudFront WAF rule answers 403 with its HTML error page',
    behaviour: 'waf_403',
    expected: {
      category: 'receiver_rejected',
      reason: 'waf_block',
      check: 'signed_event',
      answeredBy: 'cloudfront',
      httpStatus: 403,
      says: 'HTML page "ERROR: The request could not be satisfied"',
      requests: 2,
    },
    userSees: 'receiver_rejected (waf_block): a WAF rule or CloudFront refused it.',
  },
  {
    id: 'receiver-reserialised',
    fault: 'A proxy re-serialises the JSON body before the receiver verifies it',
    behaviour: 'reserialising_proxy',
    expected: {
      category: 'receiver_rejected',
      reason: 'signature_rejected',
      check: 'signed_event',
      answeredBy: 'receiver',
      httpStatus: 401,
      says: 're-serialised the JSON body',
      requests: 2,
    },
    userSees:
      "receiver_rejected (signature_rejected): the receiver's own code refused a correctly signed event.",
  },
  {
    id: 'receiver-500',
    fault: 'Receiver answers 500',
    behaviour: 'error_500',
    expected: {
      category: 'receiver_error',
      reason: 'receiver_5xx',
      check: 'signed_event',
      answeredBy: 'receiver',
      httpStatus: 500,
      says: 'Notion counts this as a failed delivery',
      requests: 2,
    },
    userSees: 'receiver_error (receiver_5xx): Notion counts the delivery as failed.',
  },
  {
    id: 'receiver-hang',
    fault: 'Receiver never answers',
    behaviour: 'hang',
    expected: {
      category: 'timeout',
      reason: 'receiver_timeout',
      check: 'signed_event',
      answeredBy: 'nobody',
      says: 'within the request timeout',
      requests: 1,
    },
    userSees: 'timeout (receiver_timeout); the forged event is skipped.',
  },
  {
    id: 'receiver-refused',
    fault: 'Nothing listens on the receiver port (connection refused)',
    behaviour: 'closed-port',
    expected: {
      category: 'network',
      reason: 'connection_refused',
      check: 'signed_event',
      answeredBy: 'nobody',
      says: 'Connection refused by 127.0.0.1',
      requests: 0,
    },
    userSees: 'network (connection_refused), naming host and port.',
  },
  {
    id: 'receiver-accepts-forged',
    fault: 'Receiver checks only that a sha256= signature is present',
    behaviour: 'accepts_forged',
    expected: {
      category: 'receiver_insecure',
      reason: 'forged_accepted',
      check: 'forged_event',
      answeredBy: 'receiver',
      httpStatus: 200,
      says: 'does not verify X-Notion-Signature',
      requests: 2,
    },
    userSees: 'receiver_insecure (forged_accepted): the event signed with the wrong key was accepted.',
  },
  {
    id: 'receiver-accepts-all',
    fault: 'Receiver answers 200 to everything',
    behaviour: 'accepts_all',
    expected: {
      category: 'receiver_insecure',
      reason: 'forged_accepted',
      check: 'forged_event',
      answeredBy: 'receiver',
      httpStatus: 200,
      requests: 2,
    },
    userSees: 'receiver_insecure (forged_accepted).',
  },
  {
    id: 'receiver-echoes-token',
    fault: 'Receiver refuses with its verification token in a header and in the body',
    behaviour: 'echoes_token',
    expected: {
      category: 'receiver_rejected',
      reason: 'signature_rejected',
      check: 'signed_event',
      answeredBy: 'receiver',
      httpStatus: 401,
      says: 'body {"message":"signature does not match key [REDACTED]',
      requests: 2,
    },
    userSees: 'receiver_rejected (signature_rejected), the token in its answer masked.',
  },
  {
    id: 'receiver-token-key-missing',
    fault: 'Verification token missing from its secret (jsonKey not in the JSON)',
    behaviour: 'verifies',
    keyMissing: true,
    expected: {
      category: 'config',
      reason: 'secret_key_missing',
      check: 'verification_token',
      answeredBy: 'nobody',
      says: 'has no key "VERIFICATION_TOKEN"',
      requests: 0,
    },
    userSees: 'config: the secret has no key VERIFICATION_TOKEN; nothing is sent to the receiver.',
  },
  {
    id: 'receiver-token-recent',
    fault: "Verification token's secret written an hour before the run",
    behaviour: 'verifies',
    writtenAgoMs: 3_600_000,
    expected: {
      category: 'ok',
      check: 'forged_event',
      answeredBy: 'receiver',
      httpStatus: 401,
      requests: 2,
      note: true,
    },
    userSees:
      "ok, with a note: if Notion's subscription and the secret disagree, real deliveries fail while the probe passes.",
  },
];
