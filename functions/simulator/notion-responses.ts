/**
 * What the simulator's answers look like on the wire: Notion's JSON bodies and headers, and
 * the HTML pages a proxy or Notion's Cloudflare edge sends instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type ServerResponse, STATUS_CODES } from 'node:http';

/** Every simulated integration lives in this workspace unless told otherwise. */
export const DEFAULT_WORKSPACE_ID = '6d3f1e2a-9b4c-4f8e-a1d2-3c4b5a697887';
const JSON_TYPE = 'application/json; charset=utf-8';
// Notion's own wording for the codes it documents; anything else gets a neutral message.
const MESSAGES: Readonly<Record<string, string>> = {
  invalid_json: 'Error parsing JSON body.',
  invalid_request_url: 'Invalid request URL.',
  invalid_request: 'This request is not supported.',
  unauthorized: 'API token is invalid.',
  restricted_resource: 'API token does not have access to this resource.',
  conflict_error: 'Conflict occurred while saving. Please try again.',
  rate_limited: 'You have been rate limited. Please try again in a few minutes.',
  internal_server_error: 'Unexpected error occurred.',
  service_unavailable: 'Notion is unavailable. Please try again later.',
  gateway_timeout: 'Notion timed out while attempting to complete this request. Please try again later.',
};

// Stable ids keep snapshots and benchmark output reproducible across runs.
export function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function cfRay(): string {
  return `${randomBytes(8).toString('hex')}-IAD`;
}

/** The headers of every answer from the Notion API itself (it sits behind Cloudflare). */
export function notionHeaders(requestId: string): Record<string, string> {
  return { 'content-type': JSON_TYPE, 'x-notion-request-id': requestId, 'cf-ray': cfRay() };
}

/**
 * What the body-mangling faults send: shaped like users/me so a client that survives the
 * transport problem would still parse something plausible.
 */
export function sampleUserBody(requestId: string): string {
  return JSON.stringify({
    object: 'user',
    id: uuidFrom('bot:simulated'),
    name: 'Simulated Integration',
    avatar_url: null,
    type: 'bot',
    bot: {
      owner: { type: 'workspace', workspace: true },
      workspace_name: 'Acme',
      workspace_id: DEFAULT_WORKSPACE_ID,
      workspace_limits: { max_file_upload_size_in_bytes: 5_368_709_120 },
    },
    request_id: requestId,
  });
}

/** Notion's error object. */
export interface NotionError {
  readonly status: number;
  readonly code: string;
  readonly message?: string | undefined;
  readonly additionalData?: Record<string, string> | undefined;
}

export function errorBody(requestId: string, error: NotionError): Record<string, unknown> {
  const { status, code, message, additionalData } = error;
  const body: Record<string, unknown> = {
    object: 'error',
    status,
    code,
    message: message ?? MESSAGES[code] ?? `Simulated ${code} error.`,
    request_id: requestId,
  };
  if (additionalData !== undefined) body.additional_data = additionalData;
  return body;
}

function htmlBody(status: number, edge: boolean, ray: string): string {
  const reason = STATUS_CODES[status] ?? 'Error';
  if (edge) {
    return `<!DOCTYPE html>\n<html lang="en-US"><head><title>api.notion.com | ${status}: ${reason}</title></head><body><h1>Error ${status}</h1><p>${reason}</p><p>Cloudflare Ray ID: ${ray.split('-')[0]}</p></body></html>\n`;
  }
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A JSON answer with Notion's headers (`extraHeaders` on top) and an exact `content-length`. */
export function sendJson(
  res: ServerResponse,
  requestId: string,
  status: number,
  body: unknown,
  extraHeaders?: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...notionHeaders(requestId),
    ...extraHeaders,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A Notion error object as Notion sends it. */
export function sendError(
  res: ServerResponse,
  requestId: string,
  error: NotionError,
  extraHeaders?: Record<string, string>,
): void {
  sendJson(res, requestId, error.status, errorBody(requestId, error), extraHeaders);
}

/** An HTML page from Notion's edge (`edge`) or from a proxy or gateway in front of it. */
export function sendHtml(res: ServerResponse, status: number, edge: boolean, body: string | undefined): void {
  const ray = cfRay();
  const text = body ?? htmlBody(status, edge, ray);
  const headers: Record<string, string | number> = edge
    ? { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare', 'cf-ray': ray }
    : { 'content-type': 'text/html', server: 'nginx' };
  if (!edge && status === 407) headers['proxy-authenticate'] = 'Basic realm="corp"';
  if (!edge && status === 401) headers['www-authenticate'] = 'Basic realm="gateway"';
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(status, headers);
  res.end(text);
}
