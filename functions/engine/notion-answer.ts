import type { APIErrorCode } from '@notionhq/client';
import type { Origin } from '../shared/categories.js';

/**
 * Notion's documented error codes (typed against the SDK's `APIErrorCode`, a type import:
 * nothing of the SDK is bundled, and a renamed code fails the type check) and the ones
 * Notion documents outside that enum. These are vocabulary: quoted as they are, never
 * masked, so a placeholder secret `auth` cannot turn `unauthorized` into `un[REDACTED]orized`.
 * Any other code is text from outside and is masked and cut like a message.
 */
export const NOTION_ERROR_CODES: ReadonlySet<string> = new Set<
  `${APIErrorCode}` | 'missing_version' | 'invalid_grant' | 'database_connection_unavailable'
>([
  'unauthorized',
  'restricted_resource',
  'object_not_found',
  'rate_limited',
  'invalid_json',
  'invalid_request_url',
  'invalid_request',
  'invalid_beta',
  'validation_error',
  'conflict_error',
  'internal_server_error',
  'service_overload',
  'service_unavailable',
  'gateway_timeout',
  'missing_version',
  'invalid_grant',
  'database_connection_unavailable',
]);

/** The documented `additional_data.rate_limit_reason` values; others are outside text. */
export const RATE_LIMIT_REASONS: ReadonlySet<string> = new Set([
  'public_api_request_rate_limit',
  'public_api_space_request_rate_limit',
]);

/** The fields of a Notion API error body that classification needs. */
export interface NotionErrorBody {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly rateLimitReason?: string;
}

/**
 * Parses a Notion error body (`{"object":"error","status","code","message","request_id"}`).
 * Returns `undefined` for anything else (HTML, empty, truncated, other JSON); never throws.
 */
export function parseNotionErrorBody(body: string): NotionErrorBody | undefined {
  if (body.length === 0 || body.length > 1_000_000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const o = parsed as Record<string, unknown>;
  if (o.object !== 'error' || typeof o.code !== 'string') return undefined;
  const additional = o.additional_data;
  const reason =
    additional !== null && typeof additional === 'object' && !Array.isArray(additional)
      ? (additional as Record<string, unknown>).rate_limit_reason
      : undefined;
  return {
    code: o.code,
    message: typeof o.message === 'string' ? o.message : '',
    ...(typeof o.request_id === 'string' ? { requestId: o.request_id } : {}),
    ...(typeof reason === 'string' ? { rateLimitReason: reason } : {}),
  };
}

/** Reads a header case-insensitively from a Headers object or a plain record. */
export type HeaderLookup = (name: string) => string | undefined;

/**
 * Who answered, from the answer itself: the API stamps `x-notion-request-id`; Cloudflare
 * adds `cf-ray` to everything it serves, so `cf-ray` alone means Notion's edge answered
 * without reaching the API; neither means something in between (proxy, gateway, WAF).
 */
export function originOf(header: HeaderLookup): Exclude<Origin, 'client'> {
  if (header('x-notion-request-id')) return 'notion';
  if (header('cf-ray')) return 'edge';
  return 'intermediary';
}
