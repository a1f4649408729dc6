/**
 * Reasons: one level finer than a category, a closed list of stable codes that say which
 * cause was found. Every failing check carries one; an integration carries its deciding
 * check's. Reasons become the `Reason` dimension of `IntegrationFailures`, so the alarm
 * notification for one failing integration names the cause, not just the category.
 *
 * Defined once here (with the category each belongs to) and imported by the engine, the
 * handler, the CLI and the README table generator; what each means and its fix are in
 * functions/engine/reason-texts.ts. Never rename a code: alarms, dashboards and a team's own
 * Logs Insights queries match on it.
 */
import type { Category, FailureCategory } from './categories.js';

/** The categories a reason can belong to: every failure, and the monitor's own {@link PROBE_ERROR}. */
export type ReasonCategory = Exclude<Category, 'ok'>;

/** Each reason and the one category it belongs to. Order: by category, then most specific first. */
export const REASON_CATEGORY = {
  // config: our side must fix something before Notion can say anything.
  token_empty: 'config',
  token_blank: 'config',
  token_trailing_newline: 'config',
  token_trailing_whitespace: 'config',
  token_leading_whitespace: 'config',
  token_inner_whitespace: 'config',
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
  secret_request_invalid: 'config',
  secret_not_text: 'config',
  secret_not_json: 'config',
  secret_key_missing: 'config',
  secret_key_not_string: 'config',
  workspace_mismatch: 'config',
  token_type_mismatch: 'config',
  // The secret's current value fails and its previous one (AWSPREVIOUS) passes: roll back, do
  // not rotate. config, whatever the current value failed with: the fix is ours (issue 13).
  secret_overwritten: 'config',
  notion_bad_request: 'config',
  unexpected_status: 'config',
  redirected: 'config',
  wrong_base_url: 'config',
  request_not_sent: 'config',
  // secret_unavailable: the token could not be read this run; nothing says it is wrong.
  secret_throttled: 'secret_unavailable',
  secret_service_error: 'secret_unavailable',
  secret_unrecognised_error: 'secret_unavailable',
  secret_unreachable: 'secret_unavailable',
  secret_answer_unreadable: 'secret_unavailable',
  aws_credentials_rejected: 'secret_unavailable',
  aws_setup_missing: 'secret_unavailable',
  token_unresolved: 'secret_unavailable',
  // auth: Notion itself refused the token.
  notion_unauthorized: 'auth',
  // Notion refuses the current value and the previous one: rotate or reconnect.
  token_revoked: 'auth',
  // Notion refuses the current value and the secret has no previous one to compare with (a
  // note: the integration keeps notion_unauthorized). Without a comparison that concluded, a
  // lint or expectation failure keeps its own reason on the note too.
  no_previous_version: 'auth',
  // proxy_auth: something in between refused, not Notion.
  proxy_407: 'proxy_auth',
  proxy_blocked: 'proxy_auth',
  gateway_401: 'proxy_auth',
  gateway_403: 'proxy_auth',
  edge_401: 'proxy_auth',
  edge_403: 'proxy_auth',
  // not_notion: something else answered in Notion's place.
  not_notion_page: 'not_notion',
  not_notion_answer: 'not_notion',
  gateway_5xx: 'not_notion',
  // forbidden: Notion knows the token but will not allow this.
  restricted_resource: 'forbidden',
  notion_forbidden: 'forbidden',
  // not_found: the object is missing or not shared with the integration.
  object_not_found: 'not_found',
  // rate_limited
  rate_limited_integration: 'rate_limited',
  rate_limited_workspace: 'rate_limited',
  service_overload: 'rate_limited',
  notion_429: 'rate_limited',
  edge_429: 'rate_limited',
  gateway_429: 'rate_limited',
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
  // Webhook receivers (functions/receiver/). A verification token that cannot be read keeps
  // its token source's own reason (env_missing, secret_key_missing, secret_throttled, ...).
  // config: the verification token cannot sign, or the event could not be sent.
  verification_token_blank: 'config',
  receiver_request_not_sent: 'config',
  // receiver_rejected: Notion's correctly signed event was refused.
  gateway_missing_auth: 'receiver_rejected',
  waf_block: 'receiver_rejected',
  load_balancer_rejected: 'receiver_rejected',
  signature_rejected: 'receiver_rejected',
  receiver_proxy_auth: 'receiver_rejected',
  receiver_route_missing: 'receiver_rejected',
  receiver_4xx: 'receiver_rejected',
  // A redirect is a property of the URL, the same on every run: Notion does not follow it.
  receiver_redirected: 'receiver_rejected',
  // receiver_insecure: an event signed with another key was accepted.
  forged_accepted: 'receiver_insecure',
  // receiver_error: the receiver (or what is in front of it) failed, or answered neither yes nor no.
  receiver_5xx: 'receiver_error',
  receiver_unexpected_status: 'receiver_error',
  // timeout
  receiver_timeout: 'timeout',
  // probe_error: not a diagnosis; the monitor itself failed on the integration or receiver.
  probe_internal_error: 'probe_error',
} as const satisfies Readonly<Record<string, ReasonCategory>>;

/** A reason code. */
export type Reason = keyof typeof REASON_CATEGORY;

/** Every reason, in table order. */
export const REASONS = Object.keys(REASON_CATEGORY) as readonly Reason[];

/** The reasons of one category, in table order. */
export function reasonsOf(category: ReasonCategory): readonly Reason[] {
  return REASONS.filter((r) => REASON_CATEGORY[r] === category);
}

/** The reasons whose category is one of `C`. */
export type ReasonIn<C extends ReasonCategory> = {
  [R in Reason]: (typeof REASON_CATEGORY)[R] extends C ? R : never;
}[Reason];

/**
 * A reason with its own category, as one value: the only shape a failure takes, so a check
 * cannot carry a reason of another category (`{ category: 'auth', reason: 'dns_failure' }`
 * does not type-check). Built by {@link failureOf}.
 */
export type ReasonPair<R extends Reason = Reason> = {
  [K in R]: { readonly category: (typeof REASON_CATEGORY)[K]; readonly reason: K };
}[R];

/** A reason and the category it belongs to. */
export function failureOf<R extends Reason>(reason: R): ReasonPair<R> {
  // TypeScript cannot correlate an indexed access with its key's member of the union.
  return { category: REASON_CATEGORY[reason], reason } as ReasonPair<R>;
}

/** The reasons of diagnosed failures (every category but {@link PROBE_ERROR}). */
export type FailureReason = ReasonIn<FailureCategory>;
