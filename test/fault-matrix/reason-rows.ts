/**
 * Fault-matrix rows added so that every reason the engine gives is driven end to end
 * (issue 12): the answers, expectations, proxies and stored values that no other row covers.
 * The reasons no row can reach are listed, with why, in reason-coverage.test.ts.
 */
import { matrixToken as T } from './row-tokens.js';
import type { HandlerRow } from './rows.js';

const PAGES = '/v1/pages/';

/** An HTML page from Notion's Cloudflare edge (cf-ray, no x-notion-request-id) for users/me. */
function edgeRow(status: 401 | 403 | 429, reason: 'edge_401' | 'edge_403' | 'edge_429'): HandlerRow {
  const id = `edge-${status}-html`;
  return {
    via: 'handler',
    id,
    group: 'Notion answers',
    fault: `Notion's Cloudflare edge answers ${status} with an HTML page`,
    token: T(id),
    notionFaults: [{ fault: { type: 'html', status, edge: true } }],
    expected: {
      category: status === 429 ? 'rate_limited' : 'proxy_auth',
      reason,
      origin: 'edge',
      httpStatus: status,
      says: "Notion's Cloudflare edge",
    },
    userSees: `${status === 429 ? 'rate_limited' : 'proxy_auth'} (${reason}): the edge answered, not the API; the token was not judged.`,
  };
}

export const reasonRows: HandlerRow[] = [
  edgeRow(401, 'edge_401'),
  edgeRow(403, 'edge_403'),
  edgeRow(429, 'edge_429'),
  {
    via: 'handler',
    id: 'notion-403-other-code',
    group: 'Notion answers',
    fault: 'Notion answers 403 with a code other than restricted_resource for a target',
    token: T('notion-403-other-code'),
    notionFaults: [{ path: PAGES, fault: { type: 'error', status: 403, code: 'unauthorized' } }],
    expected: { category: 'forbidden', reason: 'notion_forbidden', origin: 'notion', httpStatus: 403 },
    userSees: 'forbidden (notion_forbidden): Notion refused this object; its message is quoted.',
  },
  {
    via: 'handler',
    id: 'notion-429-workspace',
    group: 'Notion answers',
    fault: 'Notion answers 429 for the whole workspace (public_api_space_request_rate_limit)',
    token: T('notion-429-workspace'),
    notionFaults: [
      { fault: { type: 'rate_limited', retryAfter: '4', reason: 'public_api_space_request_rate_limit' } },
    ],
    expected: {
      category: 'rate_limited',
      reason: 'rate_limited_workspace',
      origin: 'notion',
      httpStatus: 429,
      retryAfterSeconds: 4,
    },
    userSees: 'rate_limited (rate_limited_workspace): every integration of the workspace shares the limit.',
  },
  {
    via: 'handler',
    id: 'notion-429-no-reason',
    group: 'Notion answers',
    fault: 'Notion answers 429 rate_limited without a rate-limit reason',
    token: T('notion-429-no-reason'),
    notionFaults: [{ fault: { type: 'error', status: 429, code: 'rate_limited' } }],
    expected: { category: 'rate_limited', reason: 'notion_429', origin: 'notion', httpStatus: 429 },
    userSees: 'rate_limited (notion_429): throttled by Notion, whose budget it does not say.',
  },
  {
    via: 'handler',
    id: 'gateway-408',
    group: 'Notion answers',
    fault: 'A gateway answers 408 Request Timeout',
    token: T('gateway-408'),
    notionFaults: [{ fault: { type: 'html', status: 408 } }],
    expected: { category: 'timeout', reason: 'http_408', origin: 'intermediary', httpStatus: 408 },
    userSees: 'timeout (http_408): whatever answered gave up waiting.',
  },
  {
    via: 'handler',
    id: 'expect-workspace',
    group: 'Configuration',
    fault: 'The token belongs to another workspace than expect.workspaceName',
    token: T('expect-workspace'),
    expect: { workspaceName: 'Globex' },
    // A config failure of a secret's token is compared with its previous version (issue 13).
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'config',
      reason: 'workspace_mismatch',
      origin: 'notion',
      check: 'workspace',
      says: 'another workspace',
    },
    userSees: 'config (workspace_mismatch): the workspace the token belongs to, and the one expected.',
  },
  {
    via: 'handler',
    id: 'expect-token-type',
    group: 'Configuration',
    fault: 'An internal token where expect.tokenType is oauth',
    token: T('expect-token-type'),
    expect: { tokenType: 'oauth' },
    // A config failure of a secret's token is compared with its previous version (issue 13).
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'config',
      reason: 'token_type_mismatch',
      origin: 'notion',
      check: 'token_type',
      says: 'expected oauth',
    },
    userSees: 'config (token_type_mismatch): the wrong kind of token is stored.',
  },
  {
    via: 'handler',
    id: 'net-run-deadline',
    group: 'Transport',
    fault: "Notion hangs past the run's deadline (the Lambda's time left)",
    token: T('net-run-deadline'),
    notionFaults: [{ fault: { type: 'hang' } }],
    timeoutMs: 30_000,
    invocation: { remainingMs: 2_500, safetyMarginMs: 1_500 },
    expected: { category: 'timeout', reason: 'run_deadline', origin: 'client', says: 'run deadline' },
    userSees:
      'timeout (run_deadline): the check was abandoned so the run could report before the Lambda ends.',
  },
  {
    via: 'handler',
    id: 'net-proxy-blocks',
    group: 'Transport',
    fault: 'The proxy refuses the CONNECT tunnel with 403 (policy)',
    token: T('net-proxy-blocks'),
    transport: 'proxy-blocks',
    expected: {
      category: 'proxy_auth',
      reason: 'proxy_blocked',
      origin: 'intermediary',
      httpStatus: 403,
      says: 'its policy blocks the request',
    },
    userSees: 'proxy_auth (proxy_blocked): the proxy, not Notion, refused; the token never left the monitor.',
  },
  {
    via: 'handler',
    id: 'net-proxy-502',
    group: 'Transport',
    fault: 'The proxy answers the CONNECT with 502 (it cannot reach Notion)',
    token: T('net-proxy-502'),
    transport: 'proxy-cannot-reach',
    expected: {
      category: 'network',
      reason: 'proxy_tunnel_failed',
      origin: 'intermediary',
      httpStatus: 502,
      says: 'could not or would not reach Notion',
    },
    userSees: 'network (proxy_tunnel_failed): the proxy could not open the tunnel to Notion.',
  },
  {
    via: 'handler',
    id: 'sm-key-not-string',
    group: 'Secrets Manager',
    fault: 'The jsonKey field holds a number',
    token: T('sm-key-not-string'),
    secretString: JSON.stringify({ NOTION_TOKEN: 42 }),
    jsonKey: 'NOTION_TOKEN',
    expected: {
      category: 'config',
      reason: 'secret_key_not_string',
      origin: 'client',
      check: 'secret',
      says: 'holds a number, not a string',
    },
    userSees: 'config (secret_key_not_string): the key is there, but not the token.',
  },
  {
    via: 'handler',
    id: 'sm-validation',
    group: 'Secrets Manager',
    fault: 'Errors[] entry ValidationException for the secret',
    token: T('sm-validation'),
    awsFaults: [
      {
        operation: 'BatchGetSecretValue',
        fault: {
          kind: 'raw_secret_entry',
          secretId: 'matrix/sm-validation',
          error: { ErrorCode: 'ValidationException', Message: 'bad id' },
        },
      },
    ],
    expected: {
      category: 'config',
      reason: 'secret_request_invalid',
      origin: 'client',
      check: 'secret',
      says: 'ValidationException',
    },
    userSees: 'config (secret_request_invalid): Secrets Manager refused the request; check the secretId.',
  },
];
