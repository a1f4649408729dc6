/**
 * The simulated workspace: the integrations it knows, what is shared with each, and how
 * Notion answers the endpoints the monitor probes. Pure: no sockets, no timers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { TARGET_KINDS, TARGET_PATHS, type TargetKind } from '../shared/categories.js';
import { DEFAULT_WORKSPACE_ID, errorBody, uuidFrom } from './notion-responses.js';
import type { SimulatedIntegration } from './notion-types.js';

/** One integration as the routes read it. */
export interface Integration {
  readonly me: Record<string, unknown>;
  /** The ids shared with it, by the kind they answer as. */
  readonly shared: Readonly<Record<TargetKind, ReadonlySet<string>>>;
  readonly restricted: ReadonlySet<string>;
}

/** An answer before it is written: status and JSON body. */
export type Answer = [status: number, body: Record<string, unknown>];

const UUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const OBJECT_ROUTE = /^\/v1\/([a-z_]+)\/([^/]+)$/;
const ROUTE_KINDS: ReadonlyMap<string, TargetKind> = new Map(
  TARGET_KINDS.map((kind) => [TARGET_PATHS[kind], kind]),
);

function normalizeId(id: string): string {
  return id.replaceAll('-', '').toLowerCase();
}

function dashed(id: string): string {
  const h = normalizeId(id);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** What follows a leading `Bearer `, or `undefined`. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}

/** The integration's `users/me` bot and its shared objects, with Notion's defaults filled in. */
export function buildIntegration(i: SimulatedIntegration): Integration {
  const owner =
    i.ownerType === 'user'
      ? { type: 'user', user: { object: 'user', id: uuidFrom(`owner:${i.token}`) } }
      : { type: 'workspace', workspace: true };
  const ids = (list: readonly string[] | undefined) => new Set((list ?? []).map(normalizeId));
  return {
    me: {
      object: 'user',
      id: i.botId ?? uuidFrom(`bot:${i.token}`),
      name: i.botName ?? 'Simulated Integration',
      avatar_url: null,
      type: 'bot',
      bot: {
        owner,
        workspace_name: i.workspaceName === undefined ? 'Acme' : i.workspaceName,
        workspace_id: i.workspaceId ?? DEFAULT_WORKSPACE_ID,
        workspace_limits: { max_file_upload_size_in_bytes: 5_368_709_120 },
      },
    },
    shared: { page: ids(i.pages), database: ids(i.databases), data_source: ids(i.dataSources) },
    restricted: ids(i.restricted),
  };
}

function fail(requestId: string, status: number, code: string, message?: string): Answer {
  return [status, errorBody(requestId, { status, code, message })];
}

/** The request as the routes see it. */
export interface RouteRequest {
  readonly method: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** The URL path without its query string. */
  readonly path: string;
}

/** How Notion answers a request. The order of checks is Notion's: version, then token, then URL, then the object. */
export function route(
  integrations: ReadonlyMap<string, Integration>,
  req: RouteRequest,
  requestId: string,
): Answer {
  if (req.headers['notion-version'] === undefined) {
    return fail(
      requestId,
      400,
      'missing_version',
      'Notion-Version header failed validation: Notion-Version header should be defined, instead was undefined.',
    );
  }
  const token = bearerToken(req.headers.authorization);
  const integration = token === undefined ? undefined : integrations.get(token);
  if (integration === undefined) return fail(requestId, 401, 'unauthorized');
  if (req.method !== 'GET') return fail(requestId, 400, 'invalid_request_url');
  if (req.path === '/v1/users/me') return [200, { ...integration.me, request_id: requestId }];
  return objectAnswer(integration, req.path, requestId);
}

function objectAnswer(integration: Integration, path: string, requestId: string): Answer {
  const match = OBJECT_ROUTE.exec(path);
  const kind = match?.[1] === undefined ? undefined : ROUTE_KINDS.get(match[1]);
  const rawId = match?.[2];
  if (kind === undefined || rawId === undefined) return fail(requestId, 400, 'invalid_request_url');
  if (!UUID.test(rawId)) {
    return fail(
      requestId,
      400,
      'validation_error',
      `path failed validation: path.${kind}_id should be a valid uuid, instead was \`"${rawId}"\`.`,
    );
  }
  const id = normalizeId(rawId);
  if (integration.shared[kind].has(id)) return [200, { object: kind, id: dashed(id), request_id: requestId }];
  if (integration.restricted.has(id)) return fail(requestId, 403, 'restricted_resource');
  const word = kind === 'data_source' ? 'data source' : kind;
  return fail(
    requestId,
    404,
    'object_not_found',
    `Could not find ${word} with ID: ${dashed(id)}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}
