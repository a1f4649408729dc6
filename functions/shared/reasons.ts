/**
 * Reasons: one level finer than a category, a closed list of stable codes that say which
 * cause was found. Every failing check carries one; an integration carries its deciding
 * check's. Reasons become the `Reason` dimension of `IntegrationFailures`, so the alarm
 * notification for one failing integration names the cause, not just the category.
 *
 * Defined once here (with the category each belongs to) and imported by the engine, the
 * handler, the CLI and the README table generator. Never rename a code: alarms, dashboards
 * and a team's own Logs Insights queries match on it.
 */
import type { FailureCategory } from './categories.js';

/** Each reason and the one category it belongs to. Order: by category, then most specific first. */
export const REASON_CATEGORY = {
  // config: our side must fix something before Notion can say anything.
  token_empty: 'config',
  token_whitespace: 'config',
  token_trailing_newline: 'config',
  token_leading_whitespace: 'config',
  token_quoted: 'config',
  token_scheme_stored: 'config',
  token_invisible_char: 'config',
  token_control_char: 'config',
  token_non_ascii: 'config',
  token_json_object: 'config',
  env_missing: 'config',
  secret_not_found: 'config',
  secret_access_denied: 'config',
  secret_decrypt_failed: 'config',
  secret_key_missing: 'config',
  secret_not_text: 'config',
  secret_request_invalid: 'config',
  workspace_mismatch: 'config',
  token_type_mismatch: 'config',
  notion_bad_request: 'config',
  redirected: 'config',
  wrong_base_url: 'config',
  request_not_sent: 'config',
  // secret_unavailable: the token could not be read this run; nothing says it is wrong.
  secret_throttled: 'secret_unavailable',
  secret_service_error: 'secret_unavailable',
  aws_credentials_rejected: 'secret_unavailable',
  aws_setup_missing: 'secret_unavailable',
  secret_answer_unreadable: 'secret_unavailable',
  // auth: Notion itself refused the token.
  notion_unauthorized: 'auth',
  // proxy_auth: something in between refused, not Notion.
  proxy_407: 'proxy_auth',
  proxy_blocked: 'proxy_auth',
  gateway_401: 'proxy_auth',
  gateway_403: 'proxy_auth',
  edge_401: 'proxy_auth',
  edge_403: 'proxy_auth',
  // not_notion: something else answered in Notion's place.
  not_notion_page: 'not_notion',
  gateway_5xx: 'not_notion',
  not_notion_answer: 'not_notion',
  // forbidden: Notion knows the token but will not allow this.
  restricted_resource: 'forbidden',
  notion_forbidden: 'forbidden',
  // not_found: the object is missing or not shared with the integration.
  object_not_found: 'not_found',
  // rate_limited
  rate_limited_integration: 'rate_limited',
  rate_limited_workspace: 'rate_limited',
  rate_limited: 'rate_limited',
  service_overload: 'rate_limited',
  // timeout
  request_timeout: 'timeout',
  run_deadline: 'timeout',
  http_408: 'timeout',
  // network
  dns_failure: 'network',
  connection_refused: 'network',
  connection_reset: 'network',
  tls_failure: 'network',
  proxy_tunnel_failed: 'network',
  body_too_large: 'network',
  body_truncated: 'network',
  network_error: 'network',
  // server_error: Notion (or its edge) failed on its side.
  notion_5xx: 'server_error',
  edge_5xx: 'server_error',
  notion_not_json: 'server_error',
  notion_unexpected_shape: 'server_error',
  // Webhook receivers (functions/receiver/). config: the verification token cannot sign.
  verification_token_unreadable: 'config',
  verification_token_blank: 'config',
  receiver_request_not_sent: 'config',
  // secret_unavailable: the verification token could not be read this run.
  verification_token_unavailable: 'secret_unavailable',
  // receiver_rejected: Notion's correctly signed event was refused.
  gateway_missing_auth: 'receiver_rejected',
  waf_block: 'receiver_rejected',
  load_balancer_rejected: 'receiver_rejected',
  signature_rejected: 'receiver_rejected',
  receiver_proxy_auth: 'receiver_rejected',
  receiver_route_missing: 'receiver_rejected',
  receiver_4xx: 'receiver_rejected',
  // receiver_insecure: an event signed with another key was accepted.
  forged_accepted: 'receiver_insecure',
  // receiver_error: the receiver (or what is in front of it) failed, or answered neither yes nor no.
  receiver_5xx: 'receiver_error',
  receiver_redirected: 'receiver_error',
  receiver_unexpected_status: 'receiver_error',
  // timeout
  receiver_timeout: 'timeout',
} as const satisfies Readonly<Record<string, FailureCategory>>;

/** A reason code. */
export type Reason = keyof typeof REASON_CATEGORY;

/** Every reason, in table order. */
export const REASONS = Object.keys(REASON_CATEGORY) as readonly Reason[];

/** The reasons of one category, in table order. */
export function reasonsOf(category: FailureCategory): readonly Reason[] {
  return REASONS.filter((r) => REASON_CATEGORY[r] === category);
}
