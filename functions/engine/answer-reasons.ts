/**
 * The reason an HTTP answer failed for, from its status, who sent it and Notion's code:
 * pure decisions, kept apart from the messages (classify.ts) so each can be read alone.
 */
import { assertNever, type Origin } from '../shared/categories.js';
import type { ReasonIn } from '../shared/reasons.js';

/**
 * A rate limit's reason, or `undefined` when the answer is no rate limit. Notion's own 429
 * says whose budget ran out (`additional_data.rate_limit_reason`); one from its edge or a
 * gateway only that something throttled.
 */
export function rateLimitReason(
  status: number,
  origin: Origin,
  code: string | undefined,
  notionReason: string | undefined,
): ReasonIn<'rate_limited'> | undefined {
  if (status === 529 || code === 'service_overload') return 'service_overload';
  if (status !== 429 && code !== 'rate_limited') return undefined;
  if (origin === 'edge') return 'edge_429';
  if (origin !== 'notion') return 'gateway_429';
  if (notionReason === 'public_api_space_request_rate_limit') return 'rate_limited_workspace';
  if (notionReason === 'public_api_request_rate_limit') return 'rate_limited_integration';
  return 'notion_429';
}

/**
 * 407, 401, 403 and 404: who refused decides (Notion itself, its edge, or something in
 * between that answered in its place). `undefined` for any other status.
 */
export function refusalReason(
  status: number,
  origin: Origin,
  code: string | undefined,
): ReasonIn<'proxy_auth' | 'auth' | 'forbidden' | 'not_found' | 'config'> | undefined {
  if (status === 407) return 'proxy_407';
  if (status === 404) return origin === 'notion' ? 'object_not_found' : 'wrong_base_url';
  if (status !== 401 && status !== 403) return undefined;
  switch (origin) {
    case 'notion':
      if (status === 401) return 'notion_unauthorized';
      return code === 'restricted_resource' ? 'restricted_resource' : 'notion_forbidden';
    case 'edge':
      return status === 401 ? 'edge_401' : 'edge_403';
    case 'intermediary':
    case 'client':
      return status === 401 ? 'gateway_401' : 'gateway_403';
    default:
      return assertNever(origin);
  }
}

/** A 5xx: Notion's, its edge's, or (neither header) a gateway's own. */
export function serverErrorReason(origin: Origin): ReasonIn<'server_error' | 'not_notion'> {
  switch (origin) {
    case 'notion':
      return 'notion_5xx';
    case 'edge':
      return 'edge_5xx';
    case 'intermediary':
    case 'client':
      return 'gateway_5xx';
    default:
      return assertNever(origin);
  }
}
