/**
 * The single source of truth for what the monitor can say about an integration.
 * `functions/` (engine, handler, metrics) and `infra/` (alarms, dashboard) both import
 * from here, so a category string is never spelled twice.
 */

/**
 * Every category a check or an integration can end in, worst first: an integration's
 * category is the first of these that any of its checks reached.
 */
export const CATEGORIES = [
  'config',
  'auth',
  'proxy_auth',
  'forbidden',
  'not_found',
  'rate_limited',
  'timeout',
  'network',
  'server_error',
  'ok',
] as const;

/** What went wrong (or `ok`). These strings become metric dimensions and alarm names. */
export type Category = (typeof CATEGORIES)[number];

/** Every category except `ok`: the ones that have a failure metric and an alarm. */
export type FailureCategory = Exclude<Category, 'ok'>;

/** The failure categories in severity order. */
export const FAILURE_CATEGORIES: readonly FailureCategory[] = CATEGORIES.filter(
  (c): c is FailureCategory => c !== 'ok',
);

/** Lower is worse. */
export function severity(category: Category): number {
  return CATEGORIES.indexOf(category);
}

/** The worse of two categories by {@link CATEGORIES} order. */
export function worse(a: Category, b: Category): Category {
  return severity(a) <= severity(b) ? a : b;
}

/** The kinds of check one probe of an integration runs. */
export const CHECK_KINDS = ['token_format', 'auth', 'workspace', 'token_type', 'target'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/**
 * Who answered: the Notion API itself, Notion's Cloudflare edge, something else in
 * between (proxy, gateway, WAF), or nobody (`client`: decided locally or no answer).
 */
export const ORIGINS = ['notion', 'edge', 'intermediary', 'client'] as const;
export type Origin = (typeof ORIGINS)[number];

/** The kinds of object a target can be. */
export const TARGET_KINDS = ['page', 'database', 'data_source'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Token types as the config states them and the report shows them. */
export const TOKEN_TYPES = ['internal', 'oauth'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** Used in the `default` branch of an exhaustive `switch`. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
