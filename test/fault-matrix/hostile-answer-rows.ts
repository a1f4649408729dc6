/**
 * Fault-matrix rows for answers that try to leak a token, mute an alarm or exhaust memory
 * (issue 10: items 2, 5, 8 and 10). Each runs through the real handler like every other row,
 * and the matrix's leak check applies the 8-character rule to every output.
 */
import type { SimulatedFault } from '../../functions/simulator/notion-simulator.js';
import { HEALTHY_TOKEN, matrixToken as T } from './row-tokens.js';
import type { HandlerRow } from './rows.js';

const NOTION_HEADERS = {
  'content-type': 'application/json',
  'x-notion-request-id': '3f9a6c1e-0d7b-4c55-9f1e-8a2b3c4d5e6f',
};

/** A 401 page from a gateway quoting `text` (no Notion headers). */
function gateway401(text: string): SimulatedFault {
  return {
    type: 'raw',
    status: 401,
    headers: { 'content-type': 'text/html', server: 'gateway' },
    body: `<html><head><title>${text}</title></head><body>${text}</body></html>`,
  };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

function echoRow(id: string, fault: string, echo: (token: string) => string): HandlerRow {
  const token = T(id);
  return {
    via: 'handler',
    id,
    group: 'Hostile answers',
    fault,
    token,
    notionFaults: [{ fault: gateway401(echo(token)) }],
    expected: {
      category: 'proxy_auth',
      reason: 'gateway_401',
      origin: 'intermediary',
      httpStatus: 401,
      says: '[REDACTED]',
    },
    userSees: 'proxy_auth: the page is quoted with every piece of a token of the run masked.',
  };
}

const echoRows: HandlerRow[] = [
  echoRow(
    'echo-partial',
    'Gateway 401 quoting the first 28 characters of the token',
    (t) => `Invalid credential ${t.slice(0, 28)}****`,
  ),
  echoRow(
    'echo-minus-one',
    'Gateway 401 quoting the token minus its last character, and split by a space',
    (t) => `bad ${t.slice(0, -1)} or ${t.slice(0, 20)} ${t.slice(20)}`,
  ),
  echoRow('echo-base64-bearer', 'Gateway 401 quoting base64 of "Bearer <token>"', (t) => b64(`Bearer ${t}`)),
  echoRow('echo-hex', 'Gateway 401 quoting the token in hex', (t) => Buffer.from(t).toString('hex')),
  echoRow('echo-percent', 'Gateway 401 quoting the token percent-encoded, every byte', (t) =>
    Buffer.from(t).toString('hex').replace(/(..)/g, '%$1'),
  ),
  echoRow('echo-upper', 'Gateway 401 quoting the token upper-cased', (t) => t.toUpperCase()),
  echoRow(
    'echo-other-integration',
    "A cached 401 page echoing another integration's token",
    () => `Invalid credential ${HEALTHY_TOKEN.slice(0, 20)}`,
  ),
];

/** A placeholder secret equal to a category word must not rename the category (nor mute its alarm). */
const vocabularyRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'secret-is-auth',
    group: 'Hostile answers',
    fault: 'A placeholder secret "auth" that Notion refuses',
    token: 'auth',
    notionKnows: false,
    expected: {
      reason: 'notion_unauthorized',
      category: 'auth',
      origin: 'notion',
      httpStatus: 401,
      code: 'unauthorized',
    },
    userSees: 'auth: the category, the summary and Failures{Category=auth} stay "auth".',
  },
  {
    via: 'handler',
    id: 'secret-is-timeout',
    group: 'Hostile answers',
    fault: 'A placeholder secret "timeout" whose request hangs',
    token: 'timeout',
    notionFaults: [{ fault: { type: 'hang' } }],
    expected: { reason: 'request_timeout', category: 'timeout', origin: 'client' },
    userSees:
      'timeout: the category and its metric stay "timeout" ("time" would have made it "[REDACTED]out").',
  },
];

/** users/me answers that only look like Notion. */
const shapeRows: HandlerRow[] = (
  [
    [
      'users-me-bot-empty',
      'users/me 200 with "bot": {} and Notion headers',
      NOTION_HEADERS,
      { object: 'user', type: 'bot', bot: {} },
      'notion',
    ],
    [
      'users-me-bot-array',
      'users/me 200 with "bot": [] from a captive portal (no Notion headers)',
      { 'content-type': 'application/json' },
      { bot: [] },
      'intermediary',
    ],
    [
      'users-me-mistyped',
      'users/me 200 with a numeric workspace_name and an unknown owner type',
      NOTION_HEADERS,
      { object: 'user', type: 'bot', bot: { owner: { type: 'robot' }, workspace_name: 7 } },
      'notion',
    ],
  ] as const
).map(([id, fault, headers, body, origin]) => ({
  via: 'handler' as const,
  id,
  group: 'Hostile answers' as const,
  fault,
  token: T(id),
  notionFaults: [
    {
      path: '/v1/users/me',
      fault: { type: 'raw' as const, status: 200, headers, body: JSON.stringify(body) },
    },
  ],
  // With Notion's headers it is Notion's failure; without them something else answered.
  expected: {
    ...(origin === 'notion'
      ? ({ category: 'server_error', reason: 'notion_unexpected_shape' } as const)
      : ({ category: 'not_notion', reason: 'not_notion_answer' } as const)),
    origin,
    httpStatus: 200,
    says: 'does not look like the Notion API',
  },
  userSees:
    origin === 'notion'
      ? 'server_error: a users/me 200 without the documented bot is not an authenticated token.'
      : 'not_notion: a users/me 200 without the documented bot and without Notion headers is not Notion.',
}));

/** Answers sized to exhaust memory: each is bounded by what is kept (64 KiB) and reported (text limits). */
const sizeRows: HandlerRow[] = [
  {
    via: 'handler',
    id: 'huge-workspace-name',
    group: 'Hostile answers',
    fault: 'users/me with an 8,000,000-character workspace_name',
    token: T('huge-workspace-name'),
    notionFaults: [
      {
        path: '/v1/users/me',
        fault: {
          type: 'raw',
          status: 200,
          headers: NOTION_HEADERS,
          body: JSON.stringify({
            object: 'user',
            type: 'bot',
            bot: { owner: { type: 'workspace' }, workspace_name: 'W'.repeat(8_000_000) },
          }),
        },
      },
    ],
    expected: {
      reason: 'notion_unexpected_shape',
      category: 'server_error',
      origin: 'notion',
      says: "Notion's is about 1 KB",
    },
    userSees:
      'server_error: a users/me of megabytes is not the Notion API; 64 KiB of it is read into memory at most.',
  },
  {
    via: 'handler',
    id: 'huge-404-message',
    group: 'Hostile answers',
    fault: 'A target answers 404 object_not_found with a 1 MB message',
    token: T('huge-404-message'),
    notionFaults: [
      {
        path: '/v1/pages/',
        fault: { type: 'error', status: 404, code: 'object_not_found', message: 'x'.repeat(1_000_000) },
      },
    ],
    expected: { reason: 'object_not_found', category: 'not_found', origin: 'notion', httpStatus: 404 },
    userSees:
      "not_found: the category stands on the status and Notion's request id; the message is cut to 300 characters.",
  },
  {
    via: 'handler',
    id: 'huge-html-401',
    group: 'Hostile answers',
    fault: 'An intermediary answers 401 with an 8 MiB HTML page (its padding in the title and the body)',
    token: T('huge-html-401'),
    notionFaults: [{ fault: gateway401(`Login required${' '.repeat(4 * 1024 * 1024 - 1000)}`) }],
    expected: { reason: 'gateway_401', category: 'proxy_auth', origin: 'intermediary', httpStatus: 401 },
    userSees: 'proxy_auth: the page is read to its end but only its first 64 KiB are kept.',
  },
];

export const hostileAnswerRows: readonly HandlerRow[] = [
  ...echoRows,
  ...vocabularyRows,
  ...shapeRows,
  ...sizeRows,
];
