/**
 * The standard proxy variables, read the way curl reads them, and the one decision they feed:
 * which proxy (if any) a request to a URL goes through. Pure: the environment is passed in.
 *
 * - `https_proxy` / `HTTPS_PROXY` for https URLs, `http_proxy` / `HTTP_PROXY` for http URLs
 *   (lower case first, as curl; an empty value is unset). `ALL_PROXY` is not read: it
 *   usually names a SOCKS proxy, which the monitor does not speak.
 * - A proxy URL is `http://[user:password@]host[:port]`; without a scheme `http://` is
 *   assumed and without a port 1080 (curl's defaults). Any other scheme is refused.
 * - `no_proxy` / `NO_PROXY` is matched as curl's `lib/noproxy.c` does: entries separated by
 *   commas or blanks; `*` alone means every host; a name matches itself and every name
 *   under it (`example.com` and `.example.com` both match `example.com` and
 *   `api.example.com`, never `badexample.com`), case-insensitively, trailing dots ignored;
 *   IP literals (IPv6 without brackets) match the same address, with an optional `/bits`
 *   CIDR prefix. Beyond curl: an entry may end in `:port` (then it matches that port only;
 *   curl never matches such an entry), a leading `*.` means `.`, and `*` may be one entry
 *   among others. No host is exempt by itself: loopback goes through the proxy unless
 *   NO_PROXY lists it, as in curl.
 */
import { BlockList, isIP } from 'node:net';
import { createRedactor } from './redact.js';

/** A proxy to tunnel through; its credentials never appear in {@link ProxyServer.shown}. */
export interface ProxyServer {
  /** Host name or IP (IPv6 without brackets), for the connection. */
  readonly host: string;
  readonly port: number;
  /** `host:port` (IPv6 in brackets), for messages: never the user or password. */
  readonly shown: string;
  /** The variable it was read from, for messages. */
  readonly variable: string;
  /** `Basic …` from the URL's `user:password`, sent with the CONNECT only. */
  readonly authorization?: string;
  /** Masks the user, the password and their encodings in what the proxy itself answers. */
  readonly mask: (text: string) => string;
}

/** What one proxy variable says for a scheme. */
export type ProxySetting =
  | { readonly kind: 'none' }
  | { readonly kind: 'proxy'; readonly proxy: ProxyServer }
  /** Set but not usable; `problem` never quotes the value (it may hold a password). */
  | { readonly kind: 'invalid'; readonly variable: string; readonly problem: string };

/** The proxy environment, read once. */
export interface ProxySettings {
  readonly https: ProxySetting;
  readonly http: ProxySetting;
  /** Hosts reached directly (NO_PROXY); empty when it is unset. */
  readonly noProxy: readonly NoProxyEntry[];
}

type NoProxyEntry =
  | { readonly kind: 'all' }
  | { readonly kind: 'name'; readonly name: string; readonly port?: number }
  | { readonly kind: 'ip'; readonly list: BlockList; readonly port?: number };

const NONE: ProxySetting = { kind: 'none' };

/** No proxy at all: what the demo uses for its own in-process simulator. */
export const NO_PROXY_SETTINGS: ProxySettings = { https: NONE, http: NONE, noProxy: [] };

type Env = Readonly<Record<string, string | undefined>>;

/** The first of `names` set to a non-empty value, with its name. */
function firstSet(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** Reads the proxy variables from `env`. Pure. */
export function proxySettingsFrom(env: Env): ProxySettings {
  const read = (names: readonly string[]): ProxySetting => {
    const found = firstSet(env, names);
    return found ? parseProxyUrl(found.name, found.value) : NONE;
  };
  return {
    https: read(['https_proxy', 'HTTPS_PROXY']),
    http: read(['http_proxy', 'HTTP_PROXY']),
    noProxy: parseNoProxy(firstSet(env, ['no_proxy', 'NO_PROXY'])?.value ?? ''),
  };
}

/** A proxy URL as curl reads it; the value is never quoted back. */
export function parseProxyUrl(variable: string, value: string): ProxySetting {
  const invalid = (problem: string): ProxySetting => ({ kind: 'invalid', variable, problem });
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    return invalid('is not a proxy URL (http://host:port)');
  }
  if (url.protocol !== 'http:') {
    return invalid(
      `uses ${url.protocol.replace(/:$/, '')}://, which the monitor does not speak: give an http:// proxy (the tunnel to Notion is TLS either way)`,
    );
  }
  if (url.hostname === '') return invalid('has no host');
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    return invalid('has a user or password that is not valid percent-encoding');
  }
  const port = url.port === '' ? 1080 : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const pair = `${user}:${password}`;
  const encoded = Buffer.from(pair).toString('base64');
  const credentials = user !== '' || password !== '';
  return {
    kind: 'proxy',
    proxy: {
      host,
      port,
      shown: `${url.hostname}:${port}`,
      variable,
      ...(credentials ? { authorization: `Basic ${encoded}` } : {}),
      mask: credentials ? createRedactor([pair, encoded, url.password, password]).text : (text) => text,
    },
  };
}

/** Parses a NO_PROXY value into entries; unusable entries are dropped, as curl does. */
export function parseNoProxy(value: string): readonly NoProxyEntry[] {
  const entries: NoProxyEntry[] = [];
  for (const raw of value.split(/[\s,]+/)) {
    const entry = noProxyEntry(raw);
    if (entry) entries.push(entry);
  }
  return entries;
}

function noProxyEntry(raw: string): NoProxyEntry | undefined {
  if (raw === '') return undefined;
  if (raw === '*') return { kind: 'all' };
  // `[::1]:443`, `[::1]`, `::1`, `fd00::/8`: IPv6 only in brackets when a port follows.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
  if (bracketed) return ipEntry(bracketed[1] ?? '', bracketed[2]);
  if (isIP(raw.split('/')[0] ?? '') === 6) return ipEntry(raw, undefined);
  const withPort = /^(.*):(\d+)$/.exec(raw);
  const host = withPort ? (withPort[1] ?? '') : raw;
  const port = withPort?.[2];
  if (isIP(host.split('/')[0] ?? '') === 4) return ipEntry(host, port);
  const name = host.replace(/^\*\./, '.').replace(/^\./, '').replace(/\.$/, '').toLowerCase();
  if (name === '') return undefined;
  return { kind: 'name', name, ...portOf(port) };
}

function portOf(port: string | undefined): { port?: number } {
  return port === undefined ? {} : { port: Number(port) };
}

/** An IP entry, exact or CIDR; `/0` is an exact match, as in curl. Unusable: undefined. */
function ipEntry(text: string, port: string | undefined): NoProxyEntry | undefined {
  const [address = '', bitsText] = text.split('/');
  const family = isIP(address) === 6 ? 'ipv6' : isIP(address) === 4 ? 'ipv4' : undefined;
  if (family === undefined) return undefined;
  const max = family === 'ipv4' ? 32 : 128;
  const bits = bitsText === undefined ? 0 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  const list = new BlockList();
  if (bits === 0 || bits === max) list.addAddress(address, family);
  else list.addSubnet(address, bits, family);
  return { kind: 'ip', list, ...portOf(port) };
}

/** Whether NO_PROXY sends a request to `hostname:port` directly. `hostname` as URL gives it. */
export function bypassesProxy(hostname: string, port: number, noProxy: readonly NoProxyEntry[]): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const ip = isIP(host);
  const name = host.replace(/\.$/, '');
  return noProxy.some((entry) => {
    if (entry.kind === 'all') return true;
    if (entry.port !== undefined && entry.port !== port) return false;
    if (entry.kind === 'ip') return ip !== 0 && entry.list.check(host, ip === 6 ? 'ipv6' : 'ipv4');
    return ip === 0 && (name === entry.name || name.endsWith(`.${entry.name}`));
  });
}

/** The proxy a request to `url` goes through: none when unset or bypassed by NO_PROXY. */
export function proxyFor(url: URL, settings: ProxySettings): ProxySetting {
  const secure = url.protocol === 'https:';
  const setting = secure ? settings.https : settings.http;
  if (setting.kind === 'none') return setting;
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  return bypassesProxy(url.hostname, port, settings.noProxy) ? NONE : setting;
}
