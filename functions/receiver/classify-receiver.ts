/**
 * Classifies what came of one receiver event. Pure, like classifyOutcome in
 * engine/classify.ts, over the same {@link RequestOutcome}; every quote is masked with every
 * token of the run (the verification tokens included) and cut.
 */
import { networkMessage, networkReason } from '../engine/classify-network.js';
import type { RequestOutcome } from '../engine/outcome.js';
import { type Mask, outside, TEXT_LIMITS } from '../engine/text-limits.js';
import { assertNever } from '../shared/categories.js';
import { failureOf, type ReasonIn } from '../shared/reasons.js';
import { answeredBy, answererName, bodyEvidence, frontDoor, headerEvidence } from './answered-by.js';
import type { ReceiverVerdict } from './receiver-result.js';

/** The two events: Notion's, signed with the verification token, and one signed with another key. */
export type ReceiverEvent = 'signed_event' | 'forged_event';

type Answer = Extract<RequestOutcome, { kind: 'answer' | 'success' }>;

/** Classifies one event's outcome. */
export function classifyReceiverOutcome(
  event: ReceiverEvent,
  outcome: RequestOutcome,
  mask: Mask,
): ReceiverVerdict {
  const what = event === 'signed_event' ? 'The signed event' : 'The forged event';
  const { latencyMs } = outcome;
  switch (outcome.kind) {
    case 'success':
    case 'answer':
      return event === 'signed_event' ? signedAnswer(outcome, mask) : forgedAnswer(outcome, mask);
    case 'timeout':
      return {
        ...failureOf(outcome.reason === 'deadline' ? 'run_deadline' : 'receiver_timeout'),
        answeredBy: 'nobody',
        latencyMs,
        message:
          outcome.reason === 'deadline'
            ? `${what} got no answer before the run deadline; it was abandoned.`
            : `${what} got no complete answer within the request timeout (${latencyMs} ms): Notion gives up on a slow receiver too.`,
      };
    case 'network':
      return {
        ...failureOf(networkReason(outcome.code)),
        answeredBy: 'nobody',
        latencyMs,
        message: `${what}: ${networkMessage(outcome, mask)}`,
      };
    case 'rejected':
      return {
        ...failureOf('receiver_request_not_sent'),
        answeredBy: 'nobody',
        latencyMs,
        message: `${what} was not sent: ${outside(outcome.detail, mask, TEXT_LIMITS.message)}`,
      };
    case 'proxy_refused':
      return {
        ...failureOf('proxy_tunnel_failed'),
        answeredBy: 'nobody',
        latencyMs,
        message: `${what} was not sent: the monitor's proxy ${outside(outcome.proxy, mask, TEXT_LIMITS.host)} (from ${outcome.variable}) answered ${outcome.status} to the tunnel to ${outside(outcome.target, mask, TEXT_LIMITS.host)}; that is the monitor's network, not the receiver.`,
      };
    default:
      return assertNever(outcome);
  }
}

/**
 * Who answered and what proves it: `401 from API Gateway (x-amzn-errortype: ...; body ...)`,
 * or `401 from the receiver, passed through CloudFront (...)`.
 */
function describe(outcome: Answer, mask: Mask): { answerer: ReturnType<typeof answeredBy>; said: string } {
  const body = outcome.kind === 'answer' ? outcome.body : '';
  const answerer = answeredBy(outcome.headers, body);
  const headers = headerEvidence(answerer, outcome.headers, mask);
  const said =
    outcome.kind === 'answer'
      ? bodyEvidence(body, outcome.bodyBytes ?? Buffer.byteLength(body), outcome.headers, mask)
      : 'a JSON body';
  const proof = [headers, said].filter((p) => p !== '').join('; ');
  const door = answerer === 'receiver' ? frontDoor(outcome.headers) : undefined;
  const via = door === undefined ? '' : `, passed through ${door}`;
  return { answerer, said: `${outcome.status} from ${answererName(answerer)}${via} (${proof})` };
}

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * An AWS WAF Challenge (202) or CAPTCHA (405) answer: `x-amzn-waf-action` says WAF wrote it
 * and blocked the request from reaching the receiver. Notion cannot solve either, so a 202
 * here is not an acceptance.
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge-actions.html
 */
const wafInterstitial = (outcome: Answer) => outcome.headers['x-amzn-waf-action'] !== undefined;

function signedAnswer(outcome: Answer, mask: Mask): ReceiverVerdict {
  const { answerer, said } = describe(outcome, mask);
  const base = { answeredBy: answerer, httpStatus: outcome.status, latencyMs: outcome.latencyMs };
  if (wafInterstitial(outcome)) {
    return {
      ...base,
      ...failureOf('waf_block'),
      message: `The signed event was stopped by an AWS WAF Challenge or CAPTCHA rule: ${said}. Notion cannot solve it, so every delivery is blocked: exempt the webhook path from that rule.`,
    };
  }
  if (is2xx(outcome.status)) {
    return { ...base, category: 'ok', message: `The signed event was accepted: ${said}.` };
  }
  const { status } = outcome;
  if (status >= 300 && status < 500 && status !== 408) {
    const reason = rejectionReason(status, answerer, outcome.headers);
    const what = reason === 'receiver_redirected' ? 'redirected' : 'refused';
    return {
      ...base,
      ...failureOf(reason),
      message: `The signed event was ${what}: ${said}. ${WHY[reason]}`,
    };
  }
  if (status === 408) {
    return {
      ...base,
      ...failureOf('receiver_timeout'),
      message: `The signed event timed out: ${said}.`,
    };
  }
  const reason: ReasonIn<'receiver_error'> = status >= 500 ? 'receiver_5xx' : 'receiver_unexpected_status';
  return {
    ...base,
    ...failureOf(reason),
    message: `The signed event was not accepted: ${said}; Notion counts this as a failed delivery.`,
  };
}

type RejectionReason = ReasonIn<'receiver_rejected'>;

function rejectionReason(
  status: number,
  answerer: ReturnType<typeof answeredBy>,
  headers: Readonly<Record<string, string>>,
): RejectionReason {
  if (status < 400) return 'receiver_redirected';
  if (status === 407) return 'receiver_proxy_auth';
  if (status === 404 || status === 405) return 'receiver_route_missing';
  if (status !== 401 && status !== 403) return 'receiver_4xx';
  if (headers['x-amzn-waf-action'] || answerer === 'cloudfront') return 'waf_block';
  if (answerer === 'api_gateway') return 'gateway_missing_auth';
  if (answerer === 'load_balancer') return 'load_balancer_rejected';
  return 'signature_rejected';
}

const WHY: Readonly<Record<RejectionReason, string>> = {
  gateway_missing_auth:
    'API Gateway refused it before your code ran (an authorizer, an API key or IAM auth on the route); Notion sends no credentials, only X-Notion-Signature.',
  waf_block: 'A WAF rule or CloudFront refused it before it reached the receiver.',
  load_balancer_rejected: 'The load balancer refused it (a listener rule or authentication action).',
  signature_rejected:
    "The receiver's own code refused a correctly signed event: its verification token is not the one the monitor holds (stale after the subscription was recreated?), or something re-serialised the JSON body before the signature was checked.",
  receiver_proxy_auth: 'A proxy in front of the receiver wants credentials Notion cannot send.',
  receiver_route_missing: 'The URL or the POST method is not routed to the receiver.',
  receiver_4xx: 'The receiver refused the event as Notion sends it.',
  receiver_redirected:
    "Notion does not follow redirects, so every delivery to this URL fails the same way: set the subscription's URL (and the monitor's) to the final address.",
};

function forgedAnswer(outcome: Answer, mask: Mask): ReceiverVerdict {
  const { answerer, said } = describe(outcome, mask);
  const base = { answeredBy: answerer, httpStatus: outcome.status, latencyMs: outcome.latencyMs };
  if (is2xx(outcome.status) && !wafInterstitial(outcome)) {
    return {
      ...base,
      ...failureOf('forged_accepted'),
      message: `The event signed with the wrong key was accepted: ${said}. The receiver does not verify X-Notion-Signature.`,
    };
  }
  const usual = [400, 401, 403].includes(outcome.status) ? '' : ' (401, 403 or 400 is the usual answer)';
  return { ...base, category: 'ok', message: `The forged event was refused: ${said}${usual}.` };
}
