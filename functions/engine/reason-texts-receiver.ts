/**
 * What each webhook receiver reason means and its fix (functions/receiver/), one sentence
 * each. A verification token that cannot be read keeps its token source's own reason
 * (reason-texts-config.ts); a receiver's timeouts and network failures share the
 * integrations' reasons where the cause is the same. reason-texts.ts joins all the texts.
 */
import type { Reason } from '../shared/reasons.js';
import type { ReasonText } from './reason-texts-config.js';

export const RECEIVER_REASON_TEXTS = {
  verification_token_blank: {
    meaning: "A receiver's verification token is empty or has whitespace around it; Notion's has neither.",
    fix: 'Store the verification token exactly as Notion showed it when the subscription was created.',
  },
  receiver_request_not_sent: {
    meaning: 'The synthetic event was not sent: a receiver URL or proxy variable that cannot be used.',
    fix: "Fix the receiver's url or the proxy variables (HTTPS_PROXY, NO_PROXY), as the message says.",
  },
  gateway_missing_auth: {
    meaning:
      'API Gateway refused the correctly signed event before the receiver ran (its own answer: x-amzn-errortype, or an HTTP API\'s {"message"}): an authorizer, API key or IAM auth.',
    fix: 'Let the webhook route through without credentials: Notion sends none, only X-Notion-Signature.',
  },
  waf_block: {
    meaning:
      'A WAF rule or CloudFront refused the correctly signed event before the receiver (CloudFront wrote the answer, or x-amzn-waf-action: a block, or a Challenge/CAPTCHA Notion cannot solve).',
    fix: "Allow Notion's POSTs to the webhook path in the WAF or CloudFront rules (no Challenge or CAPTCHA action on it).",
  },
  load_balancer_rejected: {
    meaning:
      'The load balancer refused the correctly signed event (a listener rule or an authentication action).',
    fix: 'Exempt the webhook path from the listener rule or the authentication action.',
  },
  signature_rejected: {
    meaning:
      "The receiver's own code refused a correctly signed event (401/403): a stale verification token, or a proxy re-serialised the body.",
    fix: 'Make the receiver verify with the token the monitor holds, over the raw body bytes as received.',
  },
  receiver_proxy_auth: {
    meaning: 'A proxy in front of the receiver answered 407: it wants credentials Notion cannot send.',
    fix: 'Exempt the webhook path from the proxy authentication.',
  },
  receiver_route_missing: {
    meaning: 'The receiver URL answered 404 or 405: the path or the POST method is not routed.',
    fix: "Check the receiver's url and that its route accepts POST.",
  },
  receiver_4xx: {
    meaning: 'The receiver refused the correctly signed event with another 4xx.',
    fix: "Read the receiver's logs for the event: it refuses what Notion sends.",
  },
  forged_accepted: {
    meaning:
      'The receiver accepted an event signed with the wrong key: it does not verify X-Notion-Signature.',
    fix: 'Verify the HMAC-SHA256 of the raw body with the verification token and refuse a mismatch (401).',
  },
  receiver_5xx: {
    meaning: 'The receiver (or what is in front of it) answered the signed event with a 5xx.',
    fix: "Read the receiver's logs; Notion retries, but counts each as a failed delivery.",
  },
  receiver_redirected: {
    meaning:
      'The receiver URL answered the signed event with a redirect (3xx): Notion does not follow it, so every delivery fails.',
    fix: "Set the subscription's URL (and the monitor's) to the final address.",
  },
  receiver_unexpected_status: {
    meaning: 'The receiver answered the signed event with a status that is neither success nor refusal.',
    fix: 'Answer 2xx to an event it accepts.',
  },
  receiver_timeout: {
    meaning: 'The receiver gave no complete answer within the request timeout (or answered 408).',
    fix: 'Answer quickly and work after answering; Notion gives up on a slow receiver too.',
  },
} as const satisfies Readonly<Partial<Record<Reason, ReasonText>>>;
