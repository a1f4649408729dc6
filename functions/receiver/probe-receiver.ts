import { randomUUID } from 'node:crypto';
import type { ReceiverConfig } from '../config/schema.js';
import type { RequestOutcome } from '../engine/outcome.js';
import type { NotionGet, NotionRequest, ResolvedToken, TokenRequest } from '../engine/ports.js';
import type { Semaphore } from '../engine/semaphore.js';
import type { Mask } from '../engine/text-limits.js';
import { failureOf } from '../shared/reasons.js';
import { classifyReceiverOutcome, type ReceiverEvent } from './classify-receiver.js';
import { buildEventBody } from './payload.js';
import {
  type ReceiverCheckResult,
  type ReceiverResult,
  receiverCheck,
  receiverResult,
  skippedReceiverCheck,
} from './receiver-result.js';
import { forgeryKey, signWebhookBody } from './sign.js';

/** What every receiver of a run shares with the integrations: the request function, the mask, the clock and the run's slots. */
export interface ReceiverRun {
  readonly request: NotionRequest;
  readonly mask: Mask;
  /** The event's `api_version`. */
  readonly notionVersion: string;
  readonly timeoutMs: number;
  readonly deadline: AbortSignal;
  readonly now: () => number;
  readonly runSlots: Semaphore;
  /** @default crypto.randomUUID: a fresh event id each time */
  readonly newId?: () => string;
}

/** The key a receiver's verification token is resolved under: a `/` is in no integration's name. */
export function receiverTokenKey(name: string): string {
  return `receivers/${name}`;
}

/** The verification tokens to resolve, in the same call as the integrations' tokens. */
export function receiverTokenRequests(receivers: readonly ReceiverConfig[]): TokenRequest[] {
  return receivers.map((r) => ({ name: receiverTokenKey(r.name), token: r.verificationToken }));
}

const USER_AGENT = 'notion-integration-monitor';

/**
 * Said when the verification token's secret changed in the last day: the probe signs with
 * the stored value and cannot see Notion's copy, so a mismatch between the two fails real
 * deliveries while the probe passes.
 */
export const RECENT_TOKEN_NOTE =
  "The verification token's secret changed in the last day. If the webhook subscription was recreated in Notion without updating the secret (or the secret was changed without the subscription), Notion's real deliveries fail while this probe passes: it signs with the stored value and cannot see Notion's. Check the token in the integration's Webhooks tab matches the secret.";

/**
 * Probes one receiver: its verification token as read, then Notion's event signed with it,
 * then (unless `expectForgedRejected` is false) the same bytes signed with another key. A
 * token that cannot sign skips both events; a signed event without an answer skips the
 * forged one. Never throws for anything the receiver does.
 */
export async function probeReceiver(
  receiver: ReceiverConfig,
  resolved: ResolvedToken,
  run: ReceiverRun,
): Promise<ReceiverResult> {
  const token = checkVerificationToken(resolved);
  const extra = {
    ...(resolved.ok && resolved.ageDays !== undefined ? { verificationTokenAgeDays: resolved.ageDays } : {}),
    ...(resolved.ok && resolved.ageDays === 0 ? { note: RECENT_TOKEN_NOTE } : {}),
  };
  const { check } = token;
  if (!token.passed) {
    const skipped = [skippedReceiverCheck('signed_event', check)];
    if (receiver.expectForgedRejected) skipped.push(skippedReceiverCheck('forged_event', check));
    return receiverResult(receiver.name, [check, ...skipped], extra);
  }
  const body = buildEventBody({
    eventType: receiver.eventType,
    entityId: receiver.entityId,
    apiVersion: run.notionVersion,
    id: (run.newId ?? randomUUID)(),
    timestamp: new Date(run.now()),
  });
  const signed = await sendEvent('signed_event', receiver.url, body, signWebhookBody(body, token.value), run);
  const checks: ReceiverCheckResult[] = [check, signed];
  if (receiver.expectForgedRejected) {
    checks.push(
      signed.httpStatus === undefined
        ? skippedReceiverCheck('forged_event', signed)
        : await sendEvent('forged_event', receiver.url, body, signWebhookBody(body, forgeryKey()), run),
    );
  }
  return receiverResult(receiver.name, checks, extra);
}

type TokenCheck =
  | { readonly passed: true; readonly value: string; readonly check: ReceiverCheckResult }
  | { readonly passed: false; readonly check: ReceiverCheckResult };

function checkVerificationToken(resolved: ResolvedToken): TokenCheck {
  if (!resolved.ok) {
    // The token source's own reason (env_missing, secret_key_missing, secret_throttled, ...).
    return {
      passed: false,
      check: receiverCheck('verification_token', {
        ...failureOf(resolved.reason),
        answeredBy: 'nobody',
        message: `The verification token could not be read: ${resolved.message}`,
      }),
    };
  }
  if (resolved.token === '' || resolved.token.trim() !== resolved.token) {
    return {
      passed: false,
      check: receiverCheck('verification_token', {
        ...failureOf('verification_token_blank'),
        answeredBy: 'nobody',
        message:
          "The verification token is empty or has whitespace around it; Notion's has neither, so a receiver verifying with this value refuses every delivery. Store the token exactly as Notion showed it.",
      }),
    };
  }
  const age = resolved.ageDays === undefined ? '' : ` (its secret was written ${resolved.ageDays} days ago)`;
  return {
    passed: true,
    value: resolved.token,
    check: receiverCheck('verification_token', {
      category: 'ok',
      answeredBy: 'nobody',
      message: `Verification token read${age}.`,
    }),
  };
}

/** The POST as it goes on the wire: Notion's headers, no Authorization, never a Notion token. Pure. */
export function receiverPost(url: string, body: string, signature: string, run: ReceiverRun): NotionGet {
  return {
    url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body, 'utf8')),
      'x-notion-signature': signature,
      'user-agent': USER_AGENT,
      accept: '*/*',
    },
    body,
    // Decided on status and headers: a 2xx with a huge or endless body is still a 2xx.
    bodyRead: 'head',
    destination: 'receiver',
    mask: run.mask,
    timeoutMs: run.timeoutMs,
    deadline: run.deadline,
  };
}

async function sendEvent(
  event: ReceiverEvent,
  url: string,
  body: string,
  signature: string,
  run: ReceiverRun,
): Promise<ReceiverCheckResult> {
  const outcome: RequestOutcome = await run.runSlots.run(() =>
    run.deadline.aborted
      ? Promise.resolve({ kind: 'timeout', reason: 'deadline', latencyMs: 0 } as const)
      : run.request(receiverPost(url, body, signature, run)),
  );
  return receiverCheck(event, classifyReceiverOutcome(event, outcome, run.mask));
}
