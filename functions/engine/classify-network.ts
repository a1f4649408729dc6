/**
 * What a network failure and a redirect say, with the place they name (host and port,
 * and the proxy) masked and cut: outside text like any other.
 */
import type { ReasonIn } from '../shared/reasons.js';
import type { RequestOutcome } from './outcome.js';
import { MASK } from './redact.js';
import { type Mask, outside, TEXT_LIMITS } from './text-limits.js';

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_)/;

type NetworkOutcome = Extract<RequestOutcome, { kind: 'network' }>;

/** Codes of a connection that never opened: through a proxy, the connection was the proxy's. */
const CONNECT_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Where it failed, ` (preposition) host:port`, or nothing when the outcome does not say. */
function placeOf(outcome: NetworkOutcome, preposition: string, mask: Mask): string {
  const show = (text: string) => outside(text, mask, TEXT_LIMITS.host);
  if (outcome.target === undefined) return '';
  if (outcome.proxy === undefined) return ` ${preposition} ${show(outcome.target)}`;
  return CONNECT_CODES.has(outcome.code)
    ? ` ${preposition} the proxy ${show(outcome.proxy)} (on the way to ${show(outcome.target)})`
    : ` ${preposition} ${show(outcome.target)} through the proxy ${show(outcome.proxy)}`;
}

/** The reason for a request that got no complete HTTP answer, from its error code. */
export function networkReason(code: string): ReasonIn<'network'> {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns_failure';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection_reset';
  if (TLS_CODE.test(code)) return 'tls_failure';
  if (code === 'ERR_BODY_TOO_LARGE') return 'body_too_large';
  if (code === 'ERR_BODY_TRUNCATED') return 'body_truncated';
  return 'network_error';
}

export function networkMessage(outcome: NetworkOutcome, mask: Mask): string {
  const { code, detail } = outcome;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `DNS lookup failed${placeOf(outcome, 'for', mask)} (${code}).`;
  if (code === 'ECONNREFUSED') return `Connection refused${placeOf(outcome, 'by', mask)} (ECONNREFUSED).`;
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return `Connection reset before a complete answer${placeOf(outcome, 'from', mask)} (${code}).`;
  if (TLS_CODE.test(code)) return `TLS failure${placeOf(outcome, 'with', mask)} (${code}).`;
  if (code === 'ERR_BODY_TOO_LARGE')
    return 'The answer body was larger than the monitor reads (8 MiB by default); it was cut off.';
  if (code === 'ERR_BODY_TRUNCATED') return 'The answer ended before its declared length (truncated body).';
  const said = detail ? `: ${outside(detail, mask, TEXT_LIMITS.message)}` : '';
  return `Network error${placeOf(outcome, 'with', mask)} (${code})${said}.`;
}

/**
 * Where a redirect pointed: scheme, host and port only (a path or query string can carry
 * anything, a sign-in ticket included), masked; a relative one stays on the same host.
 */
export function redirectTarget(location: string | undefined, mask: Mask): string {
  if (location === undefined || location.trim() === '') return 'nowhere (no Location header)';
  try {
    const url = new URL(location);
    return outside(`${url.protocol}//${url.host}`, mask, TEXT_LIMITS.host);
  } catch {
    // Header values are masked as they arrive: a host that held a token no longer parses.
    return location.includes(MASK)
      ? 'an address that held a token of the run (masked)'
      : 'another path on the same host';
  }
}
