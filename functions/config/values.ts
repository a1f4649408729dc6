/**
 * The shapes of the config's values that decide where a request goes or what an IAM policy
 * grants: Notion ids, the base URL and secret ids. Pure; each `problemWith...` returns a
 * message or `undefined`.
 */

const DASHLESS_ID = /^[0-9a-f]{32}$/i;
const DASHED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_AT_END = /([0-9a-f]{32})$/i;

/**
 * A Notion id as the API takes it: 32 hex digits, with or without the dashes, as given; or,
 * from a pasted Notion URL, the 32 hex digits that end its path (a page's or a database's,
 * never the `?v=` view id). `undefined` for anything else, so nothing but an id reaches a
 * request path (`.` would send `GET /v1/pages/`).
 */
export function notionIdFrom(text: string): string | undefined {
  if (DASHLESS_ID.test(text) || DASHED_ID.test(text)) return text;
  if (!/^https?:\/\//i.test(text) || !URL.canParse(text)) return undefined;
  const lastSegment = new URL(text).pathname.split('/').at(-1) ?? '';
  return ID_AT_END.exec(lastSegment)?.[1];
}

/** A Notion UUID as `users/me` gives a workspace's: 32 hex digits, with or without the dashes. */
export function isNotionUuid(text: string): boolean {
  return DASHLESS_ID.test(text) || DASHED_ID.test(text);
}

/** Whether two Notion ids name the same object, whatever their dashes and case. */
export function sameNotionId(a: string, b: string): boolean {
  const plain = (id: string) => id.replaceAll('-', '').toLowerCase();
  return plain(a) === plain(b);
}

/**
 * What is wrong with an http(s) base URL for the Notion API, if anything. The client appends
 * `/v1/...` to it as text: a `#` would send every probe to the fragment's page (`GET /`), a
 * `?` would put the API path into the query, and `user:password@` is never sent.
 */
export function problemWithBaseUrl(url: string): string | undefined {
  if (url.includes('#'))
    return 'notionBaseUrl must not have a "#" fragment (every request would go to the bare host)';
  if (url.includes('?'))
    return 'notionBaseUrl must not have a "?" query (the API path would end up in the query)';
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed !== undefined && (parsed.username !== '' || parsed.password !== '')) {
    return 'notionBaseUrl must not hold "user:password@" (it would not be sent)';
  }
  return undefined;
}

/** The base URL without trailing slashes: the client adds `/v1/...`, and `//v1` is another path. */
export function normaliseBaseUrl(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

/** What Secrets Manager allows in a secret name (CreateSecret `Name`: 1-512 characters). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/**
 * What is wrong with a secret id, if anything. The construct turns it into an IAM resource
 * (`<name>-??????`), where `*` and `?` are wildcards: a name holding them would grant other
 * secrets. Secret names cannot hold them anyway, so they are refused, like any character a
 * name or an ARN cannot have.
 */
export function problemWithSecretId(id: string): string | undefined {
  if (id.trim() !== id || id === '') return undefined; // said already: empty, or whitespace around
  if (/[*?]/.test(id)) {
    return 'secretId must not contain "*" or "?": secret names cannot, and in the IAM policy they would match other secrets';
  }
  if (id.startsWith('arn:')) {
    return SECRET_ARN.test(id)
      ? undefined
      : 'secretId must be a secret name or a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)';
  }
  return SECRET_NAME.test(id)
    ? undefined
    : 'secretId must be a secret name (letters, digits and / _ + = . @ -, at most 512 characters) or its ARN';
}

/** Hosts that never leave the machine: a receiver on them may be plain http (a local stand-in). */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * What is wrong with a webhook receiver's URL, if anything: https (Notion delivers only to
 * https), or http on a loopback host; no `user:password@` (Node would send it as Basic
 * credentials, and Notion sends none) and no `#` fragment (never sent).
 */
export function problemWithReceiverUrl(url: string): string | undefined {
  if (url.trim() !== url || url === '') return undefined; // said already: empty, or whitespace around
  if (!URL.canParse(url)) return 'url must be an absolute https:// URL';
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' && !LOOPBACK_HOST.test(parsed.hostname)) {
    return 'url must be https (http only for a loopback host: localhost, 127.0.0.1, [::1])';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'url must be an https:// URL';
  if (parsed.username !== '' || parsed.password !== '')
    return 'url must not hold "user:password@" (Notion sends no credentials)';
  if (url.includes('#')) return 'url must not have a "#" fragment (it is never sent)';
  return undefined;
}
