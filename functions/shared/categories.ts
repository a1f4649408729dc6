/**
 * The single source of truth for what the monitor can say about an integration.
 * `functions/` (engine, handler, metrics) and `infra/` (alarms, dashboard) both import
 * from here, so a category string is never spelled twice.
 */

/**
 * Every category a check, an integration or a webhook receiver can end in, worst first: an
 * integration's (or a receiver's) category is the first of these that any of its checks
 * reached. `probe_error` is not a diagnosis: the monitor itself failed on the integration
 * (see {@link PROBE_ERROR}). The `receiver_*` categories are a receiver's only
 * ({@link RECEIVER_CATEGORIES}); a receiver also ends in `config`, `secret_unavailable`,
 * `timeout`, `network` or `ok`. A rejected signed event (Notion's deliveries are being lost
 * now) is worse than an accepted forged one (a standing hole, nothing lost yet), and both are
 * worse than the transient categories; a receiver's own 5xx sits with Notion's.
 */
export const CATEGORIES = [
  'probe_error',
  'config',
  'secret_unavailable',
  'auth',
  'proxy_auth',
  'not_notion',
  'forbidden',
  'not_found',
  'receiver_rejected',
  'receiver_insecure',
  'rate_limited',
  'timeout',
  'network',
  'receiver_error',
  'server_error',
  'ok',
] as const;

/** What went wrong (or `ok`). These strings become metric dimensions and alarm names. */
export type Category = (typeof CATEGORIES)[number];

/**
 * The category of an integration the monitor itself failed on (a bug in the engine, caught
 * so the other integrations still finish). It says nothing about the integration, so it has
 * no remedy, no `Failures` metric and no alarm of its own: the handler fails the invocation
 * instead, and the function's Errors alarm pages for it.
 */
export const PROBE_ERROR = 'probe_error' satisfies Category;

/** The diagnosed failures: every category but `ok` and {@link PROBE_ERROR}; each has a remedy, a `Failures` metric and an alarm. */
export type FailureCategory = Exclude<Category, 'ok' | typeof PROBE_ERROR>;

/** What classifying a request or a check can conclude: a diagnosed failure or `ok`. */
export type Diagnosis = FailureCategory | 'ok';

/** The failure categories in severity order. */
export const FAILURE_CATEGORIES: readonly FailureCategory[] = CATEGORIES.filter(
  (c): c is FailureCategory => c !== 'ok' && c !== PROBE_ERROR,
);

/**
 * The categories only a webhook receiver ends in. Their alarms are per receiver
 * (`ReceiverFailures`, grouped by Receiver: infra/monitor-metrics.ts), never per integration.
 */
export const RECEIVER_CATEGORIES = [
  'receiver_rejected',
  'receiver_insecure',
  'receiver_error',
] as const satisfies readonly FailureCategory[];
export type ReceiverFailureCategory = (typeof RECEIVER_CATEGORIES)[number];

/** The failure categories an integration can end in: every one but {@link RECEIVER_CATEGORIES}. */
export type IntegrationFailureCategory = Exclude<FailureCategory, ReceiverFailureCategory>;

/** {@link FAILURE_CATEGORIES} without the receivers' own, in severity order. */
export const INTEGRATION_FAILURE_CATEGORIES: readonly IntegrationFailureCategory[] =
  FAILURE_CATEGORIES.filter((c): c is IntegrationFailureCategory => !isReceiverCategory(c));

/** Whether a category is one of {@link RECEIVER_CATEGORIES}. */
export function isReceiverCategory(category: string): category is ReceiverFailureCategory {
  return (RECEIVER_CATEGORIES as readonly string[]).includes(category);
}

/** Lower is worse. */
export function severity(category: Category): number {
  return CATEGORIES.indexOf(category);
}

/** The worse of two categories by {@link CATEGORIES} order. */
export function worse(a: Category, b: Category): Category {
  return severity(a) <= severity(b) ? a : b;
}

/**
 * The kinds of check one probe of an integration runs. `secret` appears only when the token
 * could not be read (from Secrets Manager or the environment): it comes first and every other
 * check is skipped; `token_format` lints a token that was read. `probe` appears only when the
 * monitor itself failed on the integration: it replaces the other checks and is {@link PROBE_ERROR}.
 * `previous_version` appears only when a secret's current token failed (auth, or config from
 * the lint or an expectation) and its previous version was compared (issue 13).
 */
export const CHECK_KINDS = [
  'secret',
  'token_format',
  'auth',
  'workspace',
  'token_type',
  'target',
  'previous_version',
  'probe',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** The checks that send a request to Notion (`users/me`, then each target), and so publish a latency. */
export const REQUEST_CHECK_KINDS = ['auth', 'target'] as const satisfies readonly CheckKind[];
export type RequestCheckKind = (typeof REQUEST_CHECK_KINDS)[number];

/**
 * Who answered: the Notion API itself, Notion's Cloudflare edge, something else in
 * between (proxy, gateway, WAF), or nobody (`client`: decided locally or no answer).
 */
export const ORIGINS = ['notion', 'edge', 'intermediary', 'client'] as const;
export type Origin = (typeof ORIGINS)[number];

/** The kinds of object a target can be. */
export const TARGET_KINDS = ['page', 'database', 'data_source'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The Notion API's path segment for each kind: a target is read with `GET /v1/<segment>/<id>`. */
export const TARGET_PATHS: Readonly<Record<TargetKind, string>> = {
  page: 'pages',
  database: 'databases',
  data_source: 'data_sources',
};

/** Token types as the config states them and the report shows them. */
export const TOKEN_TYPES = ['internal', 'oauth'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** Used in the `default` branch of an exhaustive `switch`. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
