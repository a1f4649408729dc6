/**
 * What each reason means and its fix, one sentence each: defined once, like the categories'
 * remedies (remedies.ts). The README's reasons table is generated from it
 * (`npm run docs:reasons -- --write README.md`); `config` and `secret_unavailable` reasons
 * are in reason-texts-config.ts, the webhook receivers' own in reason-texts-receiver.ts.
 */
import type { Reason } from '../shared/reasons.js';
import { type ReasonText, TOKEN_READ_REASON_TEXTS } from './reason-texts-config.js';
import { RECEIVER_REASON_TEXTS } from './reason-texts-receiver.js';

export type { ReasonText } from './reason-texts-config.js';

const ANSWER_REASON_TEXTS = {
  notion_unauthorized: {
    meaning: 'The Notion API itself answered 401: it does not accept the token.',
    fix: 'Replay the token outside your stack; rotate or reconnect only if that fails too.',
  },
  token_revoked: {
    meaning:
      "Notion refuses both the secret's current value and its previous version: no bad write explains it.",
    fix: 'The integration was removed, its secret regenerated or the OAuth grant revoked: rotate or reconnect.',
  },
  no_previous_version: {
    meaning: 'Notion refuses the token, and its secret has no previous version to compare with.',
    fix: 'Replay the token outside your stack; if it fails there too, rotate or reconnect.',
  },
  proxy_407: {
    meaning: 'A proxy answered 407: it wants credentials of its own.',
    fix: 'Give the proxy URL a user and password (http://user:password@host:port).',
  },
  proxy_blocked: {
    meaning: 'The proxy refused the CONNECT tunnel with 401 or 403: its policy blocks the request.',
    fix: "Allow api.notion.com in the proxy's policy.",
  },
  gateway_401: {
    meaning: 'A 401 from something that is not Notion (a gateway, WAF or proxy).',
    fix: 'Look at the gateway or WAF in between; the token may be fine.',
  },
  gateway_403: {
    meaning: 'A 403 from something that is not Notion (a gateway, WAF or proxy).',
    fix: 'Look at the gateway or WAF rules in between; the token may be fine.',
  },
  edge_401: {
    meaning: "A 401 from Notion's Cloudflare edge, not the API.",
    fix: 'Replay from a machine outside your network; check for a block by the edge.',
  },
  edge_403: {
    meaning: "A 403 from Notion's Cloudflare edge (a security block), not the API.",
    fix: 'Replay from a machine outside your network; check the egress IP is not blocked.',
  },
  not_notion_page: {
    meaning: 'A success that is not JSON from something that is not Notion (a sign-in page).',
    fix: 'Check notionBaseUrl and the captive portal or proxy in between.',
  },
  not_notion_answer: {
    meaning: 'A users/me success without the documented bot, from something that is not Notion.',
    fix: 'Check notionBaseUrl and the gateway in between.',
  },
  gateway_5xx: {
    meaning: "A 5xx from something that is not Notion (a proxy's 502).",
    fix: 'Look at the proxy or gateway in between; Notion was not judged.',
  },
  restricted_resource: {
    meaning: 'Notion answered 403 restricted_resource: the integration lacks a capability.',
    fix: "Enable the capability in the integration's settings; OAuth users re-authorize.",
  },
  notion_forbidden: {
    meaning: 'Notion answered 403 with another code.',
    fix: 'Read the quoted message; check the integration can access the object.',
  },
  object_not_found: {
    meaning: 'Notion answered 404: the object is not shared with the integration, or does not exist.',
    fix: 'Share the page or database with the integration (... > Connections); check the id.',
  },
  rate_limited_integration: {
    meaning: 'Notion rate-limited this integration (public_api_request_rate_limit).',
    fix: "Back off for Retry-After; spread the integration's calls (about 3 a second).",
  },
  rate_limited_workspace: {
    meaning: 'Notion rate-limited the whole workspace (public_api_space_request_rate_limit).',
    fix: 'Look for a noisy neighbour: every integration of the workspace shares this limit.',
  },
  service_overload: {
    meaning: 'Notion answered 529 service_overload.',
    fix: 'Back off and retry; Notion is overloaded.',
  },
  notion_429: {
    meaning: 'Notion answered 429 without a documented rate-limit reason.',
    fix: 'Back off for Retry-After.',
  },
  edge_429: {
    meaning: "Notion's Cloudflare edge answered 429.",
    fix: 'Back off; check nothing else sends from the same address.',
  },
  gateway_429: {
    meaning: 'Something that is not Notion (a gateway) answered 429.',
    fix: "Look at the gateway's own rate limits.",
  },
  request_timeout: {
    meaning: 'No complete answer within the request timeout.',
    fix: 'Check status.notion.so and any slow proxy in between.',
  },
  run_deadline: {
    meaning: "No answer before the run's deadline; the check was abandoned.",
    fix: "Raise the function's timeout or the CLI's --deadline, or probe fewer integrations a run.",
  },
  http_408: {
    meaning: 'Whatever answered sent 408 Request Timeout.',
    fix: 'Check the proxy or gateway in between and status.notion.so.',
  },
  dns_failure: {
    meaning: 'The DNS lookup failed (ENOTFOUND, EAI_AGAIN).',
    fix: 'Check DNS from where the integration runs, and notionBaseUrl.',
  },
  connection_refused: {
    meaning: 'The connection was refused (ECONNREFUSED).',
    fix: 'Check egress (security groups, NAT, the proxy) and notionBaseUrl.',
  },
  connection_reset: {
    meaning: 'The connection was reset before a complete answer.',
    fix: 'Check the proxy or firewall in between.',
  },
  tls_failure: {
    meaning: 'The TLS handshake failed (an expired, self-signed or intercepting certificate).',
    fix: 'Check the TLS interception in between and its CA; never turn verification off.',
  },
  proxy_tunnel_failed: {
    meaning: 'The proxy could not or would not open the tunnel to Notion (a 502 to the CONNECT).',
    fix: "Check the proxy's own egress to api.notion.com.",
  },
  body_too_large: {
    meaning: 'The answer body was larger than the monitor reads (8 MiB).',
    fix: 'Check notionBaseUrl and what sits in between.',
  },
  body_truncated: {
    meaning: 'The answer ended before its declared length.',
    fix: 'Check the proxy or firewall in between.',
  },
  network_error: {
    meaning: 'Another network error before a complete answer (host unreachable, ...).',
    fix: 'Check egress from where the integration runs; the message names the code.',
  },
  notion_5xx: {
    meaning: 'The Notion API answered a 5xx.',
    fix: 'Check status.notion.so; retry with backoff.',
  },
  edge_5xx: {
    meaning: "Notion's Cloudflare edge answered a 5xx.",
    fix: 'Check status.notion.so; retry with backoff.',
  },
  notion_not_json: {
    meaning: 'A success from Notion (or its edge) whose body is not JSON.',
    fix: 'Usually transient; check status.notion.so.',
  },
  notion_unexpected_shape: {
    meaning: "A users/me success from Notion that is not the documented bot (or far larger than Notion's).",
    fix: 'Usually transient; check status.notion.so and notionBaseUrl.',
  },
  probe_internal_error: {
    meaning: 'The monitor itself failed on this integration or receiver (a bug in the engine).',
    fix: 'Run the CLI with the same config to reproduce it, and report it with the message.',
  },
} as const satisfies Readonly<
  Record<
    Exclude<Reason, keyof typeof TOKEN_READ_REASON_TEXTS | keyof typeof RECEIVER_REASON_TEXTS>,
    ReasonText
  >
>;

/** Every reason's meaning and fix. */
export const REASON_TEXTS: Readonly<Record<Reason, ReasonText>> = {
  ...TOKEN_READ_REASON_TEXTS,
  ...ANSWER_REASON_TEXTS,
  ...RECEIVER_REASON_TEXTS,
};
