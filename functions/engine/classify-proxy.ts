import { failureOf, type ReasonPair } from '../shared/reasons.js';
import { htmlTitle } from './html-title.js';
import type { RequestOutcome } from './outcome.js';
import { outside, TEXT_LIMITS } from './text-limits.js';

type Refusal = Extract<RequestOutcome, { kind: 'proxy_refused' }>;

/** A verdict (classify.ts) on an answer from the proxy itself. */
export type ProxyVerdict = ReasonPair<'proxy_407' | 'proxy_blocked' | 'proxy_tunnel_failed'> & {
  readonly origin: 'intermediary';
  readonly httpStatus: number;
  readonly message: string;
  readonly latencyMs: number;
};

/**
 * A proxy's own answer to the CONNECT: the proxy is who answered (`intermediary`), whatever
 * its headers claim, and Notion was never reached. 407 and 401/403 are `proxy_auth` (the
 * token is not at fault); any other status means the proxy could not or would not open
 * the tunnel, a `network` problem on the way to Notion. Pure.
 */
export function classifyProxyRefusal(outcome: Refusal, mask: (text: string) => string): ProxyVerdict {
  const { status, headers } = outcome;
  const server = headers.server ? `, server: ${outside(headers.server, mask, TEXT_LIMITS.server)}` : '';
  const title = htmlTitle(outcome.body, mask);
  const page = title ? ` (HTML page "${title}")` : '';
  const proxy = `the proxy ${outside(outcome.proxy, mask, TEXT_LIMITS.host)} (from ${outcome.variable}${server})`;
  const tunnel = `the tunnel to ${outside(outcome.target, mask, TEXT_LIMITS.host)}`;
  const base = { origin: 'intermediary', httpStatus: status, latencyMs: outcome.latencyMs } as const;
  if (status === 407) {
    const why = outcome.sentCredentials
      ? 'it refused the user and password of the proxy URL'
      : `it wants credentials, and ${outcome.variable} has none (http://user:password@host:port)`;
    return {
      ...base,
      ...failureOf('proxy_407'),
      message: `407 Proxy Authentication Required from ${proxy} for ${tunnel}${page}: ${why}. Notion was not reached.`,
    };
  }
  if (status === 401 || status === 403) {
    return {
      ...base,
      ...failureOf('proxy_blocked'),
      message: `${status} from ${proxy}, refusing ${tunnel}${page}: its policy blocks the request. Notion was not reached.`,
    };
  }
  return {
    ...base,
    ...failureOf('proxy_tunnel_failed'),
    message: `${status} from ${proxy} instead of ${tunnel}${page}: the proxy could not or would not reach Notion. Notion was not reached.`,
  };
}
