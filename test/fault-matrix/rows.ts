import { MAX_RETRY_AFTER_SECONDS } from '../../functions/engine/retry-after.js';
import type { Category, CheckKind, Origin } from '../../functions/shared/categories.js';
import type { Reason } from '../../functions/shared/reasons.js';
import type { AwsFaultRule, SimulatedSecret } from '../../functions/simulator/aws-endpoint.js';
import type { SimulatedFault } from '../../functions/simulator/notion-simulator.js';
import { hostileAnswerRows } from './hostile-answer-rows.js';
import { reasonRows } from './reason-rows.js';
import { HEALTHY_TOKEN, longToken, matrixToken } from './row-tokens.js';
import { secretHistoryRows } from './secret-history-rows.js';

/** The table's sections, in order. */
export const GROUPS = [
  'Notion answers',
  'Transport',
  'Tokens',
  'Secrets Manager',
  'CloudWatch',
  'Configuration',
  'Output',
  'Hostile answers',
] as const;
export type Group = (typeof GROUPS)[number];

/** Shared with both integrations. */
export const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
/** In the faulted integration's `restricted` list: Notion answers 403 restricted_resource. */
export const RESTRICTED_PAGE = '0b1d4d0e-5c3a-4f6e-9a7b-2c8d9e0f1a2b';
/** Shared with nobody: Notion answers 404 object_not_found. */
export const UNSHARED_PAGE = '7f3e2d1c-0b9a-4877-a665-544332211000';

/**
 * What the row must come to. For a handler row this is the expected fragment of the faulted
 * integration's deciding check (its first failing check, or for an ok integration its last
 * answered one), matched with `toMatchObject`: `category` is also the integration's, `says` a
 * piece of the check's message. For a configuration row `says` is a piece of the error.
 */
export interface Expected {
  readonly category: Category;
  /**
   * The deciding check's reason, also the integration's and the Reason of its
   * IntegrationFailures datum; `null` for an ok integration. Required on every row that
   * probes (handler and cli-table rows); configuration rows never reach a check.
   */
  readonly reason?: Reason | null;
  /** Who gave the answer the category rests on. */
  readonly origin: Origin;
  /** The kind of the deciding check, where the row is about which check decides. */
  readonly check?: CheckKind;
  readonly says?: string;
  readonly httpStatus?: number;
  readonly code?: string;
  /** Also the value of the run's MaxRetryAfterSeconds metric. */
  readonly retryAfterSeconds?: number;
}

/**
 * The clock every handler row runs on (the handler's `now`), so an HTTP-date Retry-After is an
 * exact number of seconds and nothing depends on when the test runs.
 */
export const MATRIX_NOW = Date.parse('2026-03-11T12:00:00.000Z');

interface RowBase {
  /** Unique, stable; part of the fake token and of the integration's name. */
  readonly id: string;
  readonly group: Group;
  /** What goes wrong, in a few words: the test's name and the table's first column. */
  readonly fault: string;
  readonly expected: Expected;
  /** One short sentence: what the report or the CLI tells the user. */
  readonly userSees: string;
}

/** A fault driven through `createHandler` with real AWS SDK clients against AwsEndpoint. */
export interface HandlerRow extends RowBase {
  readonly via: 'handler';
  /**
   * The faulted integration's real token (what Notion knows), `''` when there is none. The
   * leak check looks for it, its 16-character tail and what the secret stores.
   */
  readonly token: string;
  /** What the secret holds when it is not the bare token (a mangled token, a JSON document). */
  readonly secretString?: string;
  /** Store the token as SecretBinary instead of SecretString. */
  readonly secretBinary?: true;
  readonly secretError?: SimulatedSecret['error'];
  readonly jsonKey?: string;
  /** Whether the simulator knows the token. @default true */
  readonly notionKnows?: boolean;
  /** Simulator faults, applied to the faulted token only. */
  readonly notionFaults?: readonly { readonly path?: string; readonly fault: SimulatedFault }[];
  /** The faulted integration's target page. @default PAGE */
  readonly target?: string;
  readonly awsFaults?: readonly AwsFaultRule[];
  readonly secretsMaxAttempts?: number;
  readonly cloudWatchMaxAttempts?: number;
  /** The healthy token comes from an env variable when the whole Secrets Manager call fails. @default 'secret' */
  readonly healthyFrom?: 'secret' | 'env';
  /** Further healthy integrations, each with its own secret (to go past 20 ids a batch). */
  readonly fillers?: number;
  /**
   * Hook: notionBaseUrl points at this; the healthy integration's requests are routed to
   * the simulator by the test's fetch, so it still shows the run was not poisoned.
   */
  readonly transport?:
    | 'closed-port'
    | 'unresolvable-host'
    | 'self-signed-tls'
    | 'proxy-wants-credentials'
    | 'proxy-blocks'
    | 'proxy-cannot-reach';
  /** The faulted integration's `expect` (the simulator's workspace is "Acme", its token internal). */
  readonly expect?: { readonly workspaceName?: string; readonly tokenType?: 'internal' | 'oauth' };
  /** @default 600 */
  readonly timeoutMs?: number;
  /** The Lambda context and margin. @default 60 s remaining, the handler's default margin */
  readonly invocation?: { readonly remainingMs: number; readonly safetyMarginMs: number };
  /**
   * Exact calls received by the AWS endpoint, the SDK's retries included.
   * @default { BatchGetSecretValue: 1, PutMetricData: 1 }
   */
  readonly awsCalls?: {
    readonly BatchGetSecretValue?: number;
    readonly PutMetricData?: number;
    /** @default 1 when the faulted token fails in a way its previous version could explain, else 0 */
    readonly GetSecretValue?: number;
  };
  /** Publishing fails: the handler throws MetricsPublishError whose message holds this. */
  readonly publishFails?: string;
  /** NOTION_MONITOR_CONFIG starts with a UTF-8 byte order mark. */
  readonly configBom?: true;
  /** The handler's limit on the returned result (its `maxResultBytes`); the result must be shortened to fit. */
  readonly resultLimitBytes?: number;
  /** Secret ids may be asked for more than once (an unreadable answer is read again in halves). */
  readonly secretsReadAgain?: true;
  /** Issue 13: the secret's previous value, and what the comparison must leave as its last check's reason. */
  readonly history?: {
    /** The `AWSPREVIOUS` value (Notion knows it when it is `token`); none: a secret with one version. */
    readonly previous?: string;
    /** The current value is a token Notion knows in this workspace. */
    readonly currentWorkspace?: string;
    /** The integration's `expect.workspaceName`. */
    readonly expectWorkspace?: string;
    /**
     * The note the comparison appends when it concludes nothing: a piece of its message, and its
     * reason when it has its own (else it carries the deciding check's).
     */
    readonly note?: { readonly says: string; readonly reason?: Reason };
  };
}

/** A configuration or usage error driven through `runCli` with a temp config file. */
export interface CliRow extends RowBase {
  readonly via: 'cli';
  /** The config file's text; `{{notion}}` becomes the simulator's URL. */
  readonly configText: string;
  /** `{{config}}` becomes the file's path. @default ['--config', '{{config}}'] */
  readonly argv?: readonly string[];
}

/** An invalid configuration handed to the Lambda handler in NOTION_MONITOR_CONFIG. */
export interface HandlerConfigRow extends RowBase {
  readonly via: 'handler-config';
  /** `{{notion}}` becomes the simulator's URL. */
  readonly configText: string;
}

/** A Lambda event the handler refuses before anything runs (a console test event). */
export interface HandlerEventRow extends RowBase {
  readonly via: 'handler-event';
  readonly event: unknown;
}

/**
 * A probe run through `runCli` and judged on the table it prints: the faulted integration's
 * token (`matrixToken(id)`) is known to the simulator with this workspace name.
 */
export interface CliTableRow extends RowBase {
  readonly via: 'cli-table';
  readonly workspaceName: string;
}

export type Row = HandlerRow | CliRow | HandlerConfigRow | HandlerEventRow | CliTableRow;

function notionError(status: number, code: string): readonly { fault: SimulatedFault }[] {
  return [{ fault: { type: 'error', status, code } }];
}

/** A config with one env-token integration; `patch` is merged over it. */
function cliConfig(patch: Record<string, unknown>): string {
  return JSON.stringify({
    notionBaseUrl: '{{notion}}',
    timeoutMs: 600,
    integrations: [
      { name: 'primary', token: { env: 'MATRIX_TOKEN' }, targets: [{ kind: 'page', id: PAGE }] },
    ],
    ...patch,
  });
}

const RETRY_AT = new Date(MATRIX_NOW + 120_000).toUTCString();
/**
 * BatchGetSecretValue calls when the last of 20 entries cannot be read at all: the whole
 * batch, then halves depth first down to that entry alone (20, 10, 10, 5, 5, 3, 2, 1, 1).
 */
const AWS_CALLS_TO_ISOLATE_THE_LAST_OF_20 = 9;
const T = matrixToken;

const notionRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'notion-401-unauthorized',
    group: 'Notion answers',
    fault: 'Notion answers 401 unauthorized (revoked or unknown token)',
    token: T('notion-401-unauthorized'),
    notionKnows: false,
    expected: {
      reason: 'notion_unauthorized',
      category: 'auth',
      origin: 'notion',
      httpStatus: 401,
      code: 'unauthorized',
    },
    userSees: 'auth: Notion itself rejected the token; replay it outside the stack before rotating.',
  },
  {
    via: 'handler',
    id: 'notion-403-restricted',
    group: 'Notion answers',
    fault: 'Notion answers 403 restricted_resource for a target',
    token: T('notion-403-restricted'),
    target: RESTRICTED_PAGE,
    expected: {
      reason: 'restricted_resource',
      category: 'forbidden',
      origin: 'notion',
      httpStatus: 403,
      code: 'restricted_resource',
    },
    userSees: 'forbidden: the token works but lacks the capability or access for that target.',
  },
  {
    via: 'handler',
    id: 'notion-404-not-found',
    group: 'Notion answers',
    fault: 'Notion answers 404 object_not_found for a target',
    token: T('notion-404-not-found'),
    target: UNSHARED_PAGE,
    expected: {
      reason: 'object_not_found',
      category: 'not_found',
      origin: 'notion',
      httpStatus: 404,
      code: 'object_not_found',
    },
    userSees: 'not_found: the page is not shared with the integration (or does not exist).',
  },
  {
    via: 'handler',
    id: 'notion-429-seconds',
    group: 'Notion answers',
    fault: 'Notion answers 429 rate_limited with Retry-After in seconds',
    token: T('notion-429-seconds'),
    notionFaults: [{ fault: { type: 'rate_limited', retryAfter: '7' } }],
    expected: {
      reason: 'rate_limited_integration',
      category: 'rate_limited',
      origin: 'notion',
      httpStatus: 429,
      code: 'rate_limited',
      retryAfterSeconds: 7,
    },
    userSees: 'rate_limited, with Retry-After: 7 s and the rate limit reason.',
  },
  {
    via: 'handler',
    id: 'notion-429-http-date',
    group: 'Notion answers',
    fault: 'Notion answers 429 rate_limited with Retry-After as an HTTP date',
    token: T('notion-429-http-date'),
    notionFaults: [{ fault: { type: 'rate_limited', retryAfter: RETRY_AT } }],
    expected: {
      reason: 'rate_limited_integration',
      category: 'rate_limited',
      origin: 'notion',
      httpStatus: 429,
      retryAfterSeconds: 120,
    },
    userSees: 'rate_limited, with the date turned into seconds to wait.',
  },
  {
    via: 'handler',
    id: 'notion-529-overload',
    group: 'Notion answers',
    fault: 'Notion answers 529 service_overload',
    token: T('notion-529-overload'),
    notionFaults: [{ fault: { type: 'rate_limited', status: 529, retryAfter: '3' } }],
    expected: {
      reason: 'service_overload',
      category: 'rate_limited',
      origin: 'notion',
      httpStatus: 529,
      code: 'service_overload',
      retryAfterSeconds: 3,
    },
    userSees: 'rate_limited: Notion is overloaded; back off and retry.',
  },
  ...(
    [
      ['invalid_json', 400],
      ['invalid_request_url', 400],
      ['invalid_request', 400],
      ['missing_version', 400],
      ['conflict_error', 409],
    ] as const
  ).map(
    ([code, status]): HandlerRow => ({
      via: 'handler',
      id: `notion-${status}-${code.replaceAll('_', '-')}`,
      group: 'Notion answers',
      fault: `Notion answers ${status} ${code}`,
      token: T(`notion-${code}`),
      notionFaults: notionError(status, code),
      expected: {
        category: 'config',
        reason: 'notion_bad_request',
        origin: 'notion',
        httpStatus: status,
        code,
      },
      userSees: `config: the request does not fit the API (${code}); fix the monitor's configuration.`,
    }),
  ),
  {
    via: 'handler',
    id: 'notion-400-validation-error',
    group: 'Notion answers',
    fault: 'Notion answers 400 validation_error (a malformed target id)',
    token: T('notion-400-validation-error'),
    // The schema refuses ids that are not Notion ids, so Notion's answer is simulated.
    notionFaults: [{ path: '/v1/pages/', fault: { type: 'error', status: 400, code: 'validation_error' } }],
    expected: {
      reason: 'notion_bad_request',
      category: 'config',
      origin: 'notion',
      httpStatus: 400,
      code: 'validation_error',
    },
    userSees: "config: Notion's validation message names the bad id.",
  },
  ...(
    [
      ['internal_server_error', 500],
      ['service_unavailable', 503],
      ['database_connection_unavailable', 503],
      ['gateway_timeout', 504],
    ] as const
  ).map(
    ([code, status]): HandlerRow => ({
      via: 'handler',
      id: `notion-${status}-${code.replaceAll('_', '-')}`,
      group: 'Notion answers',
      fault: `Notion answers ${status} ${code}`,
      token: T(`notion-${code}`),
      notionFaults: notionError(status, code),
      expected: {
        category: 'server_error',
        reason: 'notion_5xx',
        origin: 'notion',
        httpStatus: status,
        code,
      },
      userSees: `server_error: Notion's own failure (${code}); nothing to fix on our side.`,
    }),
  ),
  {
    via: 'handler',
    id: 'edge-502-html',
    group: 'Notion answers',
    fault: "502 HTML page from Notion's Cloudflare edge",
    token: T('edge-502-html'),
    notionFaults: [{ fault: { type: 'html', status: 502, edge: true } }],
    expected: {
      reason: 'edge_5xx',
      category: 'server_error',
      origin: 'edge',
      httpStatus: 502,
      says: "Notion's Cloudflare edge",
    },
    userSees: "server_error from Notion's edge (cf-ray, no request id), with the page title.",
  },
  {
    via: 'handler',
    id: 'proxy-401-html',
    group: 'Notion answers',
    fault: '401 HTML page from an intermediary (gateway login)',
    token: T('proxy-401-html'),
    notionFaults: [{ fault: { type: 'html', status: 401 } }],
    expected: {
      reason: 'gateway_401',
      category: 'proxy_auth',
      origin: 'intermediary',
      httpStatus: 401,
      says: 'server: nginx',
    },
    userSees: 'proxy_auth: something in between, not Notion, refused; the token is not blamed.',
  },
  {
    via: 'handler',
    id: 'proxy-403-html',
    group: 'Notion answers',
    fault: '403 HTML page from an intermediary (WAF or firewall)',
    token: T('proxy-403-html'),
    notionFaults: [{ fault: { type: 'html', status: 403 } }],
    expected: {
      reason: 'gateway_403',
      category: 'proxy_auth',
      origin: 'intermediary',
      httpStatus: 403,
      says: 'an intermediary',
    },
    userSees: 'proxy_auth: an intermediary blocked the request, named by its server header.',
  },
  {
    via: 'handler',
    id: 'proxy-407',
    group: 'Notion answers',
    fault: '407 Proxy Authentication Required',
    token: T('proxy-407'),
    notionFaults: [{ fault: { type: 'html', status: 407 } }],
    expected: {
      reason: 'proxy_407',
      category: 'proxy_auth',
      origin: 'intermediary',
      httpStatus: 407,
      says: 'the proxy wants credentials',
    },
    userSees: 'proxy_auth: the proxy wants credentials.',
  },
  {
    via: 'handler',
    id: 'proxy-502-html',
    group: 'Notion answers',
    fault: '502 HTML page from a proxy (no Notion headers)',
    token: T('proxy-502-html'),
    notionFaults: [{ fault: { type: 'html', status: 502 } }],
    expected: {
      reason: 'gateway_5xx',
      category: 'not_notion',
      origin: 'intermediary',
      httpStatus: 502,
      says: 'server: nginx',
    },
    userSees: "not_notion: the proxy's own error, named by its server header; Notion is not blamed.",
  },
  {
    via: 'handler',
    id: 'proxy-429-html',
    group: 'Notion answers',
    fault: '429 HTML page from an API gateway (no Notion headers)',
    token: T('proxy-429-html'),
    notionFaults: [{ fault: { type: 'html', status: 429 } }],
    expected: {
      reason: 'gateway_429',
      category: 'rate_limited',
      origin: 'intermediary',
      httpStatus: 429,
      says: 'an intermediary',
    },
    userSees: 'rate_limited: throttled by the gateway in between, not by Notion; the origin says so.',
  },
  {
    via: 'handler',
    id: 'proxy-404-html',
    group: 'Notion answers',
    fault: '404 HTML page from a server that is not Notion (a wrong notionBaseUrl)',
    token: T('proxy-404-html'),
    notionFaults: [{ fault: { type: 'html', status: 404 } }],
    expected: {
      reason: 'wrong_base_url',
      category: 'config',
      origin: 'intermediary',
      httpStatus: 404,
      says: 'notionBaseUrl',
    },
    userSees: 'config: check notionBaseUrl points at the Notion API.',
  },
  {
    via: 'handler',
    id: 'http-302-sign-in',
    group: 'Notion answers',
    fault: '302 redirect to a sign-in page (a gateway in front of the API)',
    token: T('http-302-sign-in'),
    notionFaults: [
      {
        fault: {
          type: 'raw',
          status: 302,
          headers: {
            location: 'https://sso.corp.example:8443/login?return=%2Fv1%2Fusers%2Fme&ticket=Zx81-sess',
          },
          body: '',
        },
      },
    ],
    expected: {
      reason: 'redirected',
      category: 'config',
      origin: 'intermediary',
      httpStatus: 302,
      says: 'to https://sso.corp.example:8443; the Notion API does not redirect',
    },
    userSees:
      'config: where the redirect points, scheme, host and port only (never its path or query string).',
  },
  {
    via: 'handler',
    id: 'notion-418-unknown',
    group: 'Notion answers',
    fault: 'Unknown status 418 with an undocumented code',
    token: T('notion-418-unknown'),
    notionFaults: notionError(418, 'teapot'),
    expected: {
      reason: 'unexpected_status',
      category: 'config',
      origin: 'notion',
      httpStatus: 418,
      says: 'Unexpected 418',
    },
    userSees: 'config: an unexpected status; the request does not fit what the server expects.',
  },
  {
    via: 'handler',
    id: 'http-200-not-json',
    group: 'Notion answers',
    fault: '200 whose body is an HTML page (captive portal)',
    token: T('http-200-not-json'),
    notionFaults: [
      {
        fault: {
          type: 'raw',
          status: 200,
          headers: { 'content-type': 'text/html', server: 'captive-portal' },
          body: '<html><head><title>Sign in to the network</title></head><body>Sign in</body></html>',
        },
      },
    ],
    expected: {
      reason: 'not_notion_page',
      category: 'not_notion',
      origin: 'intermediary',
      httpStatus: 200,
      says: 'not JSON',
    },
    userSees: 'not_notion: a 200 that is not JSON, from something that is not Notion; Notion is not blamed.',
  },
  {
    via: 'handler',
    id: 'http-200-empty',
    group: 'Notion answers',
    fault: '200 with an empty body',
    token: T('http-200-empty'),
    notionFaults: [
      {
        fault: {
          type: 'raw',
          status: 200,
          headers: {
            'content-type': 'application/json',
            'x-notion-request-id': '3f9a6c1e-0d7b-4c55-9f1e-8a2b3c4d5e6f',
            'cf-ray': '8f00aa11bb22cc33-IAD',
          },
          body: '',
        },
      },
    ],
    expected: {
      reason: 'notion_not_json',
      category: 'server_error',
      origin: 'notion',
      httpStatus: 200,
      says: 'not JSON',
    },
    userSees: 'server_error: Notion answered 200 with a body that is not JSON.',
  },
  {
    via: 'handler',
    id: 'http-200-truncated',
    group: 'Notion answers',
    fault: 'Body shorter than its content-length (truncated)',
    token: T('http-200-truncated'),
    notionFaults: [{ fault: { type: 'truncated' } }],
    expected: { reason: 'body_truncated', category: 'network', origin: 'client', says: 'truncated body' },
    userSees: 'network: the answer ended before its declared length.',
  },
  {
    via: 'handler',
    id: 'http-200-huge',
    group: 'Notion answers',
    fault: 'A 3 MB users/me body (valid JSON padded with whitespace)',
    token: T('http-200-huge'),
    notionFaults: [{ path: '/v1/users/me', fault: { type: 'huge', bytes: 3 * 1024 * 1024 } }],
    expected: {
      reason: 'notion_unexpected_shape',
      category: 'server_error',
      origin: 'notion',
      says: "Notion's is about 1 KB",
    },
    userSees:
      'server_error: a users/me of megabytes is not the Notion API (its answer is about 1 KB); only the first 64 KiB of any answer is kept.',
  },
];

const transportRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'net-refused',
    group: 'Transport',
    fault: 'Connection refused (notionBaseUrl on a closed port)',
    token: T('net-refused'),
    transport: 'closed-port',
    expected: {
      reason: 'connection_refused',
      category: 'network',
      origin: 'client',
      code: 'ECONNREFUSED',
      says: 'Connection refused by 127.0.0.1:',
    },
    userSees: 'network: connection refused, naming the host and port (ECONNREFUSED).',
  },
  {
    via: 'handler',
    id: 'net-dns',
    group: 'Transport',
    fault: 'DNS failure (notionBaseUrl on a .invalid host)',
    token: T('net-dns'),
    transport: 'unresolvable-host',
    expected: {
      reason: 'dns_failure',
      category: 'network',
      origin: 'client',
      says: 'DNS lookup failed for notion-monitor-test.invalid:80',
    },
    userSees: 'network: DNS lookup failed, naming the host and port (ENOTFOUND).',
  },
  {
    via: 'handler',
    id: 'net-reset',
    group: 'Transport',
    fault: 'Connection reset before any header',
    token: T('net-reset'),
    notionFaults: [{ fault: { type: 'reset' } }],
    expected: { reason: 'connection_reset', category: 'network', origin: 'client', says: 'Connection reset' },
    userSees: 'network: connection reset before a complete answer.',
  },
  {
    via: 'handler',
    id: 'net-reset-mid-body',
    group: 'Transport',
    fault: 'Connection reset in the middle of the body',
    token: T('net-reset-mid-body'),
    notionFaults: [{ fault: { type: 'reset_mid_body' } }],
    expected: { reason: 'connection_reset', category: 'network', origin: 'client', says: 'Connection reset' },
    userSees: 'network: connection reset before a complete answer.',
  },
  {
    via: 'handler',
    id: 'net-trickle',
    group: 'Transport',
    fault: 'Headers at once, then a body that trickles past the timeout',
    token: T('net-trickle'),
    notionFaults: [{ fault: { type: 'trickle', intervalMs: 150, chunks: 10 } }],
    expected: {
      reason: 'request_timeout',
      category: 'timeout',
      origin: 'client',
      says: 'No complete answer within the request timeout',
    },
    userSees: 'timeout: no complete answer within the request timeout.',
  },
  {
    via: 'handler',
    id: 'net-hang',
    group: 'Transport',
    fault: 'Server accepts the request and never answers',
    token: T('net-hang'),
    notionFaults: [{ fault: { type: 'hang' } }],
    expected: {
      reason: 'request_timeout',
      category: 'timeout',
      origin: 'client',
      says: 'No complete answer within the request timeout',
    },
    userSees: 'timeout: no complete answer within the request timeout.',
  },
  {
    via: 'handler',
    id: 'net-tls',
    group: 'Transport',
    fault: 'TLS failure (self-signed certificate)',
    token: T('net-tls'),
    transport: 'self-signed-tls',
    expected: {
      reason: 'tls_failure',
      category: 'network',
      origin: 'client',
      says: 'TLS failure with 127.0.0.1:',
    },
    userSees: 'network: TLS failure, naming the host and port, with the certificate error code.',
  },
  {
    via: 'handler',
    id: 'net-proxy-407',
    group: 'Transport',
    fault: 'HTTPS_PROXY without credentials: the proxy answers the CONNECT with 407',
    token: T('net-proxy-407'),
    transport: 'proxy-wants-credentials',
    expected: {
      reason: 'proxy_407',
      category: 'proxy_auth',
      origin: 'intermediary',
      httpStatus: 407,
      says: 'HTTPS_PROXY has none',
    },
    userSees:
      'proxy_auth: the proxy (host and port, never its credentials) wants credentials; Notion was not reached, the token never left the monitor.',
  },
];

const tokenRows: HandlerRow[] = (
  [
    ['token-empty', 'Empty token', '', '', 'The token is empty.', 'token_empty'],
    ['token-whitespace', 'Whitespace-only token', '', ' \t  ', 'only whitespace', 'token_blank'],
    [
      'token-newline-inside',
      'Newline inside the token',
      T('token-newline-inside'),
      `${T('token-newline-inside').slice(0, 20)}\n${T('token-newline-inside').slice(20)}`,
      'whitespace inside',
      'token_inner_whitespace',
    ],
    [
      'token-quoted',
      'Token stored with quotes',
      T('token-quoted'),
      `"${T('token-quoted')}"`,
      'quotes',
      'token_quoted',
    ],
    [
      'token-bearer',
      'Token stored with "Bearer "',
      T('token-bearer'),
      `Bearer ${T('token-bearer')}`,
      'scheme "Bearer"',
      'token_scheme_stored',
    ],
    [
      'token-bearer-bearer',
      'Token stored with "Bearer Bearer "',
      T('token-bearer-bearer'),
      `Bearer Bearer ${T('token-bearer-bearer')}`,
      'twice',
      'token_scheme_stored',
    ],
    [
      'token-zero-width',
      'Zero-width space pasted into the token',
      T('token-zero-width'),
      `${T('token-zero-width').slice(0, 12)}\u200B${T('token-zero-width').slice(12)}`,
      'invisible characters',
      'token_invisible_char',
    ],
    [
      'token-non-ascii',
      'Non-ASCII character in the token (Cyrillic homoglyph)',
      T('token-non-ascii'),
      `${T('token-non-ascii').slice(0, 14)}\u0435${T('token-non-ascii').slice(14)}`,
      'non-ASCII',
      'token_non_ascii',
    ],
    [
      'token-trailing-newline',
      'Token stored with a trailing newline (echo)',
      T('token-trailing-newline'),
      `${T('token-trailing-newline')}\n`,
      'ends with a newline',
      'token_trailing_newline',
    ],
    [
      'token-trailing-space',
      'Token stored with a trailing space',
      T('token-trailing-space'),
      `${T('token-trailing-space')} `,
      'ends with whitespace',
      'token_trailing_whitespace',
    ],
    [
      'token-leading-tab',
      'Token stored with a leading tab',
      T('token-leading-tab'),
      `\t${T('token-leading-tab')}`,
      'starts with a tab',
      'token_leading_whitespace',
    ],
    [
      'token-control-char',
      'Control character (BEL) inside the token',
      T('token-control-char'),
      `${T('token-control-char').slice(0, 16)}\u0007${T('token-control-char').slice(16)}`,
      'control characters',
      'token_control_char',
    ],
    [
      'token-json-object',
      'A JSON secret read whole (no jsonKey)',
      T('token-json-object'),
      JSON.stringify({ NOTION_TOKEN: T('token-json-object') }),
      'is a JSON object',
      'token_json_object',
    ],
  ] as const
).map(
  ([id, fault, token, stored, says, reason]): HandlerRow => ({
    via: 'handler',
    id,
    group: 'Tokens',
    fault,
    token,
    secretString: stored,
    expected: { category: 'config', reason, origin: 'client', check: 'token_format', says },
    userSees: `config: "${says}" is named before anything is sent to Notion, and the fix is given.`,
  }),
);
tokenRows.push({
  via: 'handler',
  id: 'token-10kb',
  group: 'Tokens',
  fault: 'A 10 KB token of valid characters that Notion knows',
  token: longToken('token-10kb', 10 * 1024),
  expected: { reason: null, category: 'ok', origin: 'notion' },
  userSees: 'ok: a long token is sent whole and accepted; only its fingerprint is shown.',
});

/** The token is read first: every way reading it fails is a `secret` check, never `token_format`. */
const secretRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'sm-not-found',
    group: 'Secrets Manager',
    fault: 'Secret does not exist',
    token: T('sm-not-found'),
    secretError: 'ResourceNotFoundException',
    expected: {
      reason: 'secret_not_found',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-not-found could not be read: ResourceNotFoundException',
    },
    userSees: 'config: the secret does not exist in this account and region; check the name or ARN.',
  },
  {
    via: 'handler',
    id: 'sm-access-denied',
    group: 'Secrets Manager',
    fault: 'Access to the secret denied',
    token: T('sm-access-denied'),
    secretError: 'AccessDeniedException',
    expected: {
      reason: 'secret_access_denied',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-access-denied could not be read: AccessDeniedException',
    },
    userSees: "config: the monitor's role may not read the secret; the permission is named.",
  },
  {
    via: 'handler',
    id: 'sm-batch-access-denied',
    group: 'Secrets Manager',
    fault: 'BatchGetSecretValue access denied (the role lacks the permission)',
    token: T('sm-batch-access-denied'),
    awsFaults: [{ operation: 'BatchGetSecretValue', fault: { kind: 'access_denied' } }],
    healthyFrom: 'env',
    expected: {
      reason: 'secret_access_denied',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: "the BatchGetSecretValue call failed (AccessDeniedException, HTTP 400): the monitor's role may not call it (secretsmanager:BatchGetSecretValue",
    },
    userSees: "config: the monitor's role may not call BatchGetSecretValue; the permission is named.",
  },
  {
    via: 'handler',
    id: 'sm-kms',
    group: 'Secrets Manager',
    fault: 'KMS cannot decrypt the secret',
    token: T('sm-kms'),
    secretError: 'DecryptionFailure',
    expected: {
      reason: 'secret_decrypt_failed',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-kms could not be read: DecryptionFailure',
    },
    userSees: "config: the secret's KMS key could not decrypt it (kms:Decrypt, key enabled).",
  },
  {
    via: 'handler',
    id: 'sm-throttled',
    group: 'Secrets Manager',
    fault: 'BatchGetSecretValue throttled',
    token: T('sm-throttled'),
    awsFaults: [{ operation: 'BatchGetSecretValue', fault: { kind: 'throttle' } }],
    secretsMaxAttempts: 1,
    healthyFrom: 'env',
    expected: {
      reason: 'secret_throttled',
      category: 'secret_unavailable',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-throttled could not be read: the BatchGetSecretValue call failed (ThrottlingException, HTTP 400): Secrets Manager throttled the read; the token could not be read this run, and nothing says it is wrong.',
    },
    userSees:
      'secret_unavailable: Secrets Manager throttled the read; the token is not blamed, and the alarm waits for 2 of 3 runs.',
  },
  {
    via: 'handler',
    id: 'sm-not-json',
    group: 'Secrets Manager',
    fault: 'jsonKey set but the secret is not JSON',
    token: T('sm-not-json'),
    jsonKey: 'NOTION_TOKEN',
    expected: {
      reason: 'secret_not_json',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-not-json is not a JSON object, but jsonKey "NOTION_TOKEN" is set',
    },
    userSees: 'config: the secret is not JSON but jsonKey is set; drop jsonKey or store JSON.',
  },
  {
    via: 'handler',
    id: 'sm-key-missing',
    group: 'Secrets Manager',
    fault: 'jsonKey missing from the JSON secret',
    token: T('sm-key-missing'),
    secretString: JSON.stringify({ TOKEN: T('sm-key-missing'), OTHER: 'x' }),
    jsonKey: 'NOTION_TOKEN',
    expected: {
      reason: 'secret_key_missing',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-key-missing has no key "NOTION_TOKEN" (it has "TOKEN", "OTHER")',
    },
    userSees: 'config: the secret has no such key; the keys it has are listed, never their values.',
  },
  {
    via: 'handler',
    id: 'sm-binary',
    group: 'Secrets Manager',
    fault: 'Secret holds a binary value',
    token: T('sm-binary'),
    secretBinary: true,
    expected: {
      reason: 'secret_not_text',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-binary has only a binary value',
    },
    userSees: 'config: store the token as SecretString, not SecretBinary.',
  },
  {
    via: 'handler',
    id: 'sm-21-secrets',
    group: 'Secrets Manager',
    fault: '21 secrets: the 21st, read in a second batch call, does not exist',
    token: T('sm-21-secrets'),
    secretError: 'ResourceNotFoundException',
    fillers: 19,
    awsCalls: { BatchGetSecretValue: 2 },
    expected: {
      reason: 'secret_not_found',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-21-secrets could not be read: ResourceNotFoundException',
    },
    userSees: 'config for that secret only; the other 20, read in the first call, are ok.',
  },
  {
    via: 'handler',
    id: 'sm-batch-internal',
    group: 'Secrets Manager',
    fault: 'BatchGetSecretValue fails with an internal error',
    token: T('sm-batch-internal'),
    awsFaults: [{ operation: 'BatchGetSecretValue', fault: { kind: 'internal' } }],
    secretsMaxAttempts: 1,
    healthyFrom: 'env',
    expected: {
      reason: 'secret_service_error',
      category: 'secret_unavailable',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-batch-internal could not be read: the BatchGetSecretValue call failed (InternalServiceError, HTTP 500): Secrets Manager failed on its side',
    },
    userSees:
      'secret_unavailable: Secrets Manager failed on its side; the token is not blamed, and the alarm waits for 2 of 3 runs.',
  },
];

const cloudWatchRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'cw-throttled',
    group: 'CloudWatch',
    fault: 'PutMetricData throttled',
    token: T('cw-throttled'),
    awsFaults: [{ operation: 'PutMetricData', fault: { kind: 'throttle' } }],
    cloudWatchMaxAttempts: 1,
    publishFails: 'Throttling',
    awsCalls: { PutMetricData: 1 },
    expected: { reason: null, category: 'ok', origin: 'notion' },
    userSees: 'The report is logged; the invocation fails with MetricsPublishError naming Throttling.',
  },
  {
    via: 'handler',
    id: 'cw-500',
    group: 'CloudWatch',
    fault: 'PutMetricData answers 500 (after the SDK retries)',
    token: T('cw-500'),
    awsFaults: [{ operation: 'PutMetricData', fault: { kind: 'internal' } }],
    publishFails: 'InternalServiceFault',
    awsCalls: { PutMetricData: 3 },
    expected: { reason: null, category: 'ok', origin: 'notion' },
    userSees: 'The report is logged; the invocation fails with MetricsPublishError naming the fault.',
  },
  {
    via: 'handler',
    id: 'cw-slow',
    group: 'CloudWatch',
    fault: 'PutMetricData slower than the time left in the invocation',
    token: T('cw-slow'),
    awsFaults: [{ operation: 'PutMetricData', fault: { kind: 'delay', ms: 10_000 } }],
    invocation: { remainingMs: 2_500, safetyMarginMs: 1_000 },
    publishFails: 'AbortError',
    expected: { reason: null, category: 'ok', origin: 'notion' },
    userSees:
      'The report is logged; publishing is aborted before the Lambda times out, and the invocation fails with MetricsPublishError.',
  },
  {
    via: 'handler',
    id: 'cw-access-denied',
    group: 'CloudWatch',
    fault: 'PutMetricData access denied',
    token: T('cw-access-denied'),
    awsFaults: [{ operation: 'PutMetricData', fault: { kind: 'access_denied' } }],
    cloudWatchMaxAttempts: 1,
    publishFails: 'AccessDenied',
    expected: { reason: null, category: 'ok', origin: 'notion' },
    userSees: 'The report is logged; the invocation fails with MetricsPublishError naming AccessDenied.',
  },
];

const configRows: (CliRow | HandlerConfigRow)[] = [
  {
    via: 'cli',
    id: 'cfg-base-url',
    group: 'Configuration',
    fault: 'notionBaseUrl is not an http(s) URL',
    configText: cliConfig({ notionBaseUrl: 'ftp://api.notion.com' }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'notionBaseUrl: notionBaseUrl must be an http(s) URL',
    },
    userSees: 'Exit 2: notionBaseUrl must be an http(s) URL.',
  },
  {
    via: 'cli',
    id: 'cfg-timeout',
    group: 'Configuration',
    fault: 'timeoutMs below 100',
    configText: cliConfig({ timeoutMs: 50 }),
    expected: { category: 'config', origin: 'client', says: 'timeoutMs: timeoutMs must be at least 100' },
    userSees: 'Exit 2: timeoutMs must be at least 100.',
  },
  {
    via: 'cli',
    id: 'cfg-version',
    group: 'Configuration',
    fault: 'notionVersion not a date',
    configText: cliConfig({ notionVersion: 'latest' }),
    expected: { category: 'config', origin: 'client', says: 'notionVersion must look like 2026-03-11' },
    userSees: 'Exit 2: notionVersion must look like 2026-03-11.',
  },
  {
    via: 'cli',
    id: 'cfg-no-integrations',
    group: 'Configuration',
    fault: 'Empty integrations list',
    configText: cliConfig({ integrations: [] }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations must list at least one integration',
    },
    userSees: 'Exit 2: integrations must list at least one integration.',
  },
  {
    via: 'cli',
    id: 'cfg-duplicate-name',
    group: 'Configuration',
    fault: 'Two integrations with the same name',
    configText: cliConfig({
      integrations: [
        { name: 'primary', token: { env: 'MATRIX_TOKEN' } },
        { name: 'primary', token: { env: 'MATRIX_HEALTHY_TOKEN' } },
      ],
    }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations[1].name: duplicate name, also used by integrations[0]',
    },
    userSees: 'Exit 2: the duplicate name and both positions are given.',
  },
  {
    via: 'cli',
    id: 'cfg-token-shape',
    group: 'Configuration',
    fault: 'Token source with both env and secretId',
    configText: cliConfig({
      integrations: [{ name: 'primary', token: { env: 'MATRIX_TOKEN', secretId: 'matrix/primary' } }],
    }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations[0].token: token must be { "env": "VAR" }',
    },
    userSees: 'Exit 2: the token must be {"env"} or {"secretId", "jsonKey"?}.',
  },
  {
    via: 'cli',
    id: 'cfg-target-id',
    group: 'Configuration',
    fault: 'Target id with a slash in it',
    configText: cliConfig({
      integrations: [
        { name: 'primary', token: { env: 'MATRIX_TOKEN' }, targets: [{ kind: 'page', id: '../users/me' }] },
      ],
    }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations[0].targets[0].id: id must be a Notion id',
    },
    userSees: 'Exit 2: the id must be a Notion id; nothing is sent.',
  },
  {
    via: 'cli',
    id: 'cfg-unknown-key',
    group: 'Configuration',
    fault: 'Unknown top-level key (a typo)',
    configText: cliConfig({ timeout: 600 }),
    expected: { category: 'config', origin: 'client', says: '"timeout"' },
    userSees: 'Exit 2: the unrecognized key is named.',
  },
  {
    via: 'cli',
    id: 'cfg-not-json',
    group: 'Configuration',
    fault: 'Config file is not JSON (a token pasted in unquoted)',
    configText: `{"integrations": [{"name": "primary", "token": ${T('cfg-not-json')}}]}`,
    expected: { category: 'config', origin: 'client', says: 'not valid JSON at line 1, column 49' },
    userSees: 'Exit 2: the file is not valid JSON at line 1, column 49; the text is never quoted back.',
  },
  {
    via: 'cli',
    id: 'usage-unknown-flag',
    group: 'Configuration',
    fault: 'Unknown command-line option',
    configText: cliConfig({}),
    argv: ['--confg', '{{config}}'],
    expected: {
      category: 'config',
      origin: 'client',
      says: 'unknown option "--confg" (did you mean --config?)',
    },
    userSees: 'Exit 2: the unknown option and the one it is a typo of, then a pointer to --help.',
  },
  {
    via: 'cli',
    id: 'usage-deadline',
    group: 'Configuration',
    fault: '--deadline that is not a positive number',
    configText: cliConfig({}),
    argv: ['--config', '{{config}}', '--deadline', '0'],
    expected: { category: 'config', origin: 'client', says: '--deadline must be a number of seconds' },
    userSees: 'Exit 2: --deadline must be between 0 and 3600 seconds.',
  },
  {
    via: 'handler-config',
    id: 'lambda-cfg-secret-id',
    group: 'Configuration',
    fault: 'Lambda config with an empty secretId',
    configText: cliConfig({ integrations: [{ name: 'primary', token: { secretId: '' } }] }),
    expected: { category: 'config', origin: 'client', says: 'NOTION_MONITOR_CONFIG: integrations[0].token' },
    userSees: 'The invocation fails at once with ConfigError naming the field.',
  },
  {
    via: 'handler-config',
    id: 'lambda-cfg-not-json',
    group: 'Configuration',
    fault: 'Lambda config is not JSON (a token pasted in unquoted)',
    configText: `{"integrations": [{"name": "primary", "token": ${T('lambda-cfg-not-json')}}]}`,
    expected: { category: 'config', origin: 'client', says: 'NOTION_MONITOR_CONFIG: not valid JSON' },
    userSees: 'The invocation fails at once with ConfigError; the text is never quoted back.',
  },
];

/** Answers no real Notion sends, each of which once skewed a metric or an alarm (issue 10). */
const hostileNotionRows: (HandlerRow | CliTableRow)[] = [
  {
    via: 'handler',
    id: 'notion-retry-after-huge',
    group: 'Notion answers',
    fault: 'Retry-After: 99999999999 (eleven digits of seconds)',
    token: T('notion-retry-after-huge'),
    notionFaults: [{ fault: { type: 'rate_limited', retryAfter: '99999999999' } }],
    expected: {
      reason: 'rate_limited_integration',
      category: 'rate_limited',
      origin: 'notion',
      httpStatus: 429,
      retryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
    },
    userSees: 'rate_limited, with Retry-After bounded to 86,400 s (one day) in the report and the metric.',
  },
  {
    via: 'handler',
    id: 'notion-retry-after-junk',
    group: 'Notion answers',
    fault: 'Retry-After: 12 Dec (neither seconds nor an HTTP date)',
    token: T('notion-retry-after-junk'),
    notionFaults: [{ fault: { type: 'rate_limited', retryAfter: '12 Dec' } }],
    expected: {
      reason: 'rate_limited_integration',
      category: 'rate_limited',
      origin: 'notion',
      httpStatus: 429,
    },
    userSees: 'rate_limited, with no Retry-After: an unparsed value is not reported or published.',
  },
  {
    via: 'cli-table',
    id: 'notion-workspace-escapes',
    group: 'Notion answers',
    fault: 'Workspace name holding terminal escapes (ESC[2J, an OSC title, CR/LF, a bidi override)',
    workspaceName: 'Acme\u001b[2J\u001b]0;owned\u0007\r\nforged\u202eevil',
    expected: {
      reason: null,
      category: 'ok',
      origin: 'notion',
      says: 'Acme\\x1B[2J\\x1B]0;owned\\x07\\x0D\\x0Aforged\\u202Eevil',
    },
    userSees: 'ok; the table prints the controls as escapes (\\x1B[2J, \\x0D\\x0A, \\u202E), never raw.',
  },
];

/** Secrets Manager answers and secrets that once printed a token or stopped the whole run (issue 10). */
const hostileSecretRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'sm-token-as-key',
    group: 'Secrets Manager',
    fault: 'A token stored as a JSON key (`{"<token>": ""}`)',
    token: T('sm-token-as-key'),
    secretString: JSON.stringify({ [T('sm-token-as-key')]: '' }),
    jsonKey: 'NOTION_TOKEN',
    expected: {
      reason: 'secret_key_missing',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'has no key "NOTION_TOKEN" (it has 1 key not shown (it may hold a credential))',
    },
    userSees: 'config: the key is counted, never printed.',
  },
  {
    via: 'handler',
    id: 'sm-key-box',
    group: 'Secrets Manager',
    fault: '`NOTION_TOKEN=<token>` typed into the key box (`{"NOTION_TOKEN=<token>": "x"}`)',
    token: T('sm-key-box'),
    secretString: JSON.stringify({ [`NOTION_TOKEN=${T('sm-key-box')}`]: 'x' }),
    jsonKey: 'NOTION_TOKEN',
    expected: {
      reason: 'secret_key_missing',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'has no key "NOTION_TOKEN" (it has 1 key not shown (it may hold a credential))',
    },
    userSees: 'config: the key is counted, never printed.',
  },
  {
    via: 'handler',
    id: 'sm-json-key-constructor',
    group: 'Secrets Manager',
    fault: 'jsonKey "constructor" (a name every object inherits)',
    token: T('sm-json-key-constructor'),
    secretString: JSON.stringify({ NOTION_TOKEN: T('sm-json-key-constructor') }),
    jsonKey: 'constructor',
    expected: {
      reason: 'secret_key_missing',
      category: 'config',
      origin: 'client',
      check: 'secret',
      says: 'has no key "constructor" (it has "NOTION_TOKEN")',
    },
    userSees: "config: only the secret's own keys count; the ones it has are listed.",
  },
  {
    via: 'handler',
    id: 'sm-errors-echo',
    group: 'Secrets Manager',
    fault: 'Errors[] entry whose ErrorCode and Message echo the secret',
    token: T('sm-errors-echo'),
    awsFaults: [
      {
        operation: 'BatchGetSecretValue',
        fault: {
          kind: 'raw_secret_entry',
          secretId: 'matrix/sm-errors-echo',
          error: { ErrorCode: T('sm-errors-echo'), Message: `value ${T('sm-errors-echo')}` },
        },
      },
    ],
    expected: {
      reason: 'secret_unrecognised_error',
      category: 'secret_unavailable',
      origin: 'client',
      check: 'secret',
      says: 'Secret matrix/sm-errors-echo could not be read: an unrecognised error.',
    },
    userSees:
      'secret_unavailable: the secret\'s name and "an unrecognised error" (an undocumented code is not blamed on the token); only documented codes are printed.',
  },
  {
    via: 'handler',
    id: 'sm-secret-string-number',
    group: 'Secrets Manager',
    fault: 'SecretString that is not a string (a number)',
    token: T('sm-secret-string-number'),
    awsFaults: [
      {
        operation: 'BatchGetSecretValue',
        fault: {
          kind: 'raw_secret_entry',
          secretId: 'matrix/sm-secret-string-number',
          entry: { SecretString: 42 },
        },
      },
    ],
    expected: {
      reason: 'secret_answer_unreadable',
      category: 'secret_unavailable',
      origin: 'client',
      check: 'secret',
      says: 'its SecretString is a number, not a string',
    },
    userSees:
      'secret_unavailable for that secret only (an unreadable answer); the run reports and publishes.',
  },
  {
    via: 'handler',
    id: 'sm-created-date-junk',
    group: 'Secrets Manager',
    fault: 'CreatedDate the SDK cannot read, in 1 secret of a batch of 20',
    token: T('sm-created-date-junk'),
    fillers: 18,
    awsFaults: [
      {
        operation: 'BatchGetSecretValue',
        fault: {
          kind: 'raw_secret_entry',
          secretId: 'matrix/sm-created-date-junk',
          entry: { CreatedDate: 'junk' },
        },
      },
    ],
    secretsReadAgain: true,
    awsCalls: { BatchGetSecretValue: AWS_CALLS_TO_ISOLATE_THE_LAST_OF_20 },
    expected: {
      reason: 'secret_answer_unreadable',
      category: 'secret_unavailable',
      origin: 'client',
      check: 'secret',
      says: "Secrets Manager's answer is malformed",
    },
    userSees:
      'secret_unavailable for that secret only: the batch is read again in halves; the other 19 are ok.',
  },
];

/** Inputs that once reached a request, the IAM policy or a metric unchecked (issue 10). */
const hostileConfigRows: (CliRow | HandlerConfigRow | HandlerEventRow | HandlerRow)[] = [
  {
    via: 'handler-event',
    id: 'event-empty-integrations',
    group: 'Configuration',
    fault: 'Console test event `{"integrations": []}`',
    event: { integrations: [] },
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations must name at least one integration (leave it out to probe all)',
    },
    userSees: 'The invocation fails with InvocationError: it would probe nothing yet publish a heartbeat.',
  },
  {
    via: 'handler-config',
    id: 'lambda-cfg-secret-id-wildcard',
    group: 'Configuration',
    fault: 'secretId with "*" (an IAM wildcard in the policy)',
    configText: cliConfig({ integrations: [{ name: 'primary', token: { secretId: 'prod/*' } }] }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations[0].token.secretId: secretId must not contain "*" or "?"',
    },
    userSees: 'The invocation fails at once with ConfigError; no policy can match other secrets.',
  },
  {
    via: 'cli',
    id: 'cfg-target-id-dot',
    group: 'Configuration',
    fault: 'Target id "." (would send GET /v1/pages/)',
    configText: cliConfig({
      integrations: [
        { name: 'primary', token: { env: 'MATRIX_TOKEN' }, targets: [{ kind: 'page', id: '.' }] },
      ],
    }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations[0].targets[0].id: id must be a Notion id',
    },
    userSees: 'Exit 2: the id must be a Notion id; nothing is sent.',
  },
  ...(
    [
      [
        'fragment',
        'https://api.notion.com/#',
        'must not have a "#" fragment',
        'would send every probe to GET /',
      ],
      [
        'query',
        'https://api.notion.com?x=1',
        'must not have a "?" query',
        'the path would go into the query',
      ],
      ['userinfo', 'https://user:pass@api.notion.com', 'must not hold "user:password@"', 'silently ignored'],
    ] as const
  ).map(
    ([what, url, says, why]): CliRow => ({
      via: 'cli',
      id: `cfg-base-url-${what}`,
      group: 'Configuration',
      fault: `notionBaseUrl ${url} (${why})`,
      configText: cliConfig({ notionBaseUrl: url }),
      expected: { category: 'config', origin: 'client', says: `notionBaseUrl: notionBaseUrl ${says}` },
      userSees: `Exit 2: notionBaseUrl ${says}.`,
    }),
  ),
  {
    via: 'cli',
    id: 'cfg-name-129',
    group: 'Configuration',
    fault: 'A 129-character integration name',
    configText: cliConfig({ integrations: [{ name: 'n'.repeat(129), token: { env: 'MATRIX_TOKEN' } }] }),
    expected: {
      category: 'config',
      origin: 'client',
      says: 'integrations[0].name: name must be at most 128 characters',
    },
    userSees: 'Exit 2: the name must be at most 128 characters.',
  },
  {
    via: 'handler',
    id: 'lambda-cfg-bom',
    group: 'Configuration',
    fault: 'Config starting with a UTF-8 byte order mark',
    token: T('lambda-cfg-bom'),
    configBom: true,
    expected: { reason: null, category: 'ok', origin: 'notion' },
    userSees: 'ok: the mark is ignored and the config read as it is.',
  },
];

/** What the monitor writes, whatever the run (issue 10, items 9 and 14). */
const outputRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'out-result-over-limit',
    group: 'Output',
    fault:
      'A report over the limit on what the handler returns (20 integrations, the limit injected at 8,000 bytes; 5,000,000 deployed)',
    token: T('out-result-over-limit'),
    target: UNSHARED_PAGE,
    fillers: 18,
    resultLimitBytes: 8_000, // 6,000 before each integration carried its secret's version (issue 13)
    expected: {
      reason: 'object_not_found',
      category: 'not_found',
      origin: 'notion',
      httpStatus: 404,
      code: 'object_not_found',
    },
    userSees:
      'The return value is shortened to fit and marked "shortened" with the Logs Insights query; the log lines keep every check.',
  },
];

/** Every row, in table order. */
export const rows: readonly Row[] = [
  ...hostileAnswerRows,
  ...notionRows,
  ...hostileNotionRows,
  ...transportRows,
  ...tokenRows,
  ...secretRows,
  ...secretHistoryRows,
  ...hostileSecretRows,
  ...cloudWatchRows,
  ...configRows,
  ...hostileConfigRows,
  ...outputRows,
  ...reasonRows,
];

/**
 * The fake secrets a row puts at risk, as the leak check looks for them: every stored value
 * and real token whole, each token's 16-character tail, and any long `ntn_MATRIX` run inside
 * a mangled value. Blank or tiny values (the empty-token rows) have nothing to leak.
 */
export function secretsOf(row: Row): string[] {
  const tokens = [HEALTHY_TOKEN, row.via === 'handler' ? row.token : matrixToken(row.id)];
  const stored = row.via === 'handler' && row.secretString !== undefined ? [row.secretString] : [];
  if (row.via === 'handler' && row.history?.previous !== undefined) tokens.push(row.history.previous);
  const out = new Set<string>();
  for (const s of [...tokens, ...stored]) {
    if (s.trim().length < 8) continue;
    out.add(s);
    for (const m of s.matchAll(/ntn_MATRIX[A-Za-z0-9]{14,}/g)) out.add(m[0]);
  }
  for (const t of tokens) if (t.length >= 32) out.add(t.slice(-16));
  return [...out];
}
