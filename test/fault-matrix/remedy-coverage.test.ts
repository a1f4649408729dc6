/**
 * Every category's remedy is true for every way the fault matrix reaches it.
 *
 * Each failure category lists the causes its remedy speaks for: which rows they are (a
 * pattern on the row's fault and what the user sees, and the origins the answer may come
 * from) and the words of the remedy that answer them. The fault matrix proves a row reaches
 * its category; this test proves the category's remedy has something true to say about the
 * row's cause. A row that no cause of its category covers fails here: either the row's
 * category is wrong, or the remedy (and this list) must learn to say something true about it.
 *
 * Only rows probed through the handler carry a remedy (on the deciding check, and in the
 * alarm's description); a refused configuration or command line is an exit 2 or a
 * ConfigError whose message is the whole fix, so those rows are not walked.
 */
import { describe, expect, it } from 'vitest';
import { remedyFor } from '../../functions/engine/remedies.js';
import {
  INTEGRATION_FAILURE_CATEGORIES,
  type IntegrationFailureCategory,
  type Origin,
} from '../../functions/shared/categories.js';
import { type HandlerRow, rows } from './rows.js';

interface Cause {
  /** Matched against the row's `fault` and `userSees`. */
  readonly rows: RegExp;
  /** Who may have answered: a cause true of Notion's own answer is not true of a proxy's. */
  readonly origins: readonly Origin[];
  /** Words of the category's remedy that answer this cause. */
  readonly remedySays: string;
}

const NOTION: readonly Origin[] = ['notion'];
const CLIENT: readonly Origin[] = ['client'];

// The receivers' own categories are walked by receiver-matrix.test.ts.
const CAUSES: Readonly<Record<IntegrationFailureCategory, readonly Cause[]>> = {
  config: [
    {
      rows: /^(Empty|Whitespace-only) token|^Token stored|(inside|into|in) the token|^A JSON secret read whole/,
      origins: CLIENT,
      remedySays: 'The token as stored: its format',
    },
    {
      rows: /^Secret does not exist|, does not exist/,
      origins: CLIENT,
      remedySays: 'a secret that is missing',
    },
    {
      rows: /^Access to the secret denied/,
      origins: CLIENT,
      remedySays: "the monitor's role may not read (secretsmanager:GetSecretValue",
    },
    {
      rows: /^BatchGetSecretValue access denied/,
      origins: CLIENT,
      remedySays: 'secretsmanager:BatchGetSecretValue',
    },
    { rows: /^KMS cannot decrypt/, origins: CLIENT, remedySays: 'kms:Decrypt on its key' },
    {
      // Issue 13: the check itself carries the rollback command as its remedy.
      rows: /^A (good|prod) secret overwritten/,
      origins: CLIENT,
      remedySays: 'Fix that; nothing to rotate',
    },
    { rows: /binary value/, origins: CLIENT, remedySays: 'binary' },
    { rows: /the secret is not JSON/, origins: CLIENT, remedySays: 'not JSON' },
    {
      rows: /^jsonKey missing|stored as a JSON key|into the key box|^jsonKey "constructor"/,
      origins: CLIENT,
      remedySays: 'without the jsonKey',
    },
    {
      rows: /^Notion answers (400|409) /,
      origins: NOTION,
      remedySays: 'a request Notion refused as malformed (400, 409',
    },
    { rows: /^Unknown status 4\d\d/, origins: NOTION, remedySays: 'another 4xx' },
    {
      rows: /another workspace than expect|where expect\.tokenType is/,
      origins: NOTION,
      remedySays: 'a token of another workspace or type',
    },
    {
      // The secret was read, but what it holds (or the request for it) is our side's to fix.
      rows: /^The jsonKey field holds|ValidationException for the secret/,
      origins: CLIENT,
      remedySays: 'Where it is read from',
    },
    {
      rows: /^404 .* not Notion/,
      origins: ['intermediary', 'edge'],
      remedySays: 'a notionBaseUrl that is not the Notion API',
    },
    {
      // The Notion API never redirects: what answered with a 3xx is not the Notion API.
      rows: /^3\d\d redirect/,
      origins: ['intermediary'],
      remedySays: 'a notionBaseUrl that is not the Notion API',
    },
  ],
  secret_unavailable: [
    { rows: /^BatchGetSecretValue throttled/, origins: CLIENT, remedySays: 'Secrets Manager throttled' },
    {
      rows: /^BatchGetSecretValue fails with an internal error/,
      origins: CLIENT,
      remedySays: 'failed (InternalServiceError',
    },
    {
      rows: /^Errors\[\] entry|^SecretString that is not a string|^CreatedDate the SDK cannot read/,
      origins: CLIENT,
      remedySays: 'gave an answer the monitor cannot read',
    },
  ],
  auth: [{ rows: /\b401\b|Notion refuses/, origins: NOTION, remedySays: 'Notion itself rejected the token' }],
  proxy_auth: [
    {
      rows: /\b40[13]\b/,
      origins: ['intermediary', 'edge'],
      remedySays: 'The 401/403/407 did not come from the Notion API',
    },
    { rows: /\b407\b/, origins: ['intermediary'], remedySays: 'proxy credentials (HTTPS_PROXY)' },
  ],
  not_notion: [
    { rows: /captive portal/, origins: ['intermediary'], remedySays: 'a captive portal' },
    { rows: /^5\d\d .* from a proxy/, origins: ['intermediary'], remedySays: 'an error of its own (5xx)' },
  ],
  forbidden: [
    { rows: /403 restricted_resource/, origins: NOTION, remedySays: 'lacks a capability' },
    // Notion documents no other 403 code; whatever it sends, the integration may not access the object.
    { rows: /403 with a code other than/, origins: NOTION, remedySays: 'lacks a capability for this object' },
  ],
  not_found: [
    {
      rows: /404 object_not_found|report over the limit/,
      origins: NOTION,
      remedySays: 'never shared with it',
    },
  ],
  rate_limited: [
    {
      rows: /^Notion answers (429|529) /,
      origins: NOTION,
      remedySays: 'Notion (429 rate_limited or 529 service_overload)',
    },
    { rows: /^429 .* gateway/, origins: ['intermediary'], remedySays: 'a gateway in between' },
    { rows: /Cloudflare edge answers 429/, origins: ['edge'], remedySays: 'by its edge' },
    { rows: /^Retry-After: /, origins: NOTION, remedySays: 'Back off for the Retry-After seconds' },
  ],
  timeout: [
    {
      rows: /trickles past the timeout|never answers|request hangs|past the run's deadline/,
      origins: CLIENT,
      remedySays: 'No complete answer in time',
    },
    { rows: /answers 408/, origins: ['intermediary'], remedySays: 'a 408 from whatever answered' },
  ],
  network: [
    { rows: /^Connection refused/, origins: CLIENT, remedySays: 'connection refused' },
    { rows: /^DNS failure/, origins: CLIENT, remedySays: 'DNS failure' },
    { rows: /^Connection reset/, origins: CLIENT, remedySays: 'reset' },
    { rows: /^TLS failure/, origins: CLIENT, remedySays: 'a TLS failure' },
    { rows: /truncated/, origins: CLIENT, remedySays: 'a body cut short' },
    { rows: /answers the CONNECT with 502/, origins: ['intermediary'], remedySays: 'proxy settings' },
  ],
  server_error: [
    { rows: /^Notion answers 5\d\d /, origins: NOTION, remedySays: 'a 5xx' },
    { rows: /Cloudflare edge/, origins: ['edge'], remedySays: 'its Cloudflare edge' },
    {
      rows: /^200 with an empty body/,
      origins: NOTION,
      remedySays: 'a success that is not the documented answer (not JSON',
    },
    {
      rows: /users\/me 200 .*Notion headers|numeric workspace_name/,
      origins: NOTION,
      remedySays: 'a users/me without its bot',
    },
    {
      rows: /users\/me (body|with an 8,000,000)|3 MB users\/me/,
      origins: NOTION,
      remedySays: "far larger than Notion's",
    },
  ],
};

const text = (row: HandlerRow) => `${row.fault} — ${row.userSees}`;

function isFailure(category: string): category is IntegrationFailureCategory {
  return (INTEGRATION_FAILURE_CATEGORIES as readonly string[]).includes(category);
}

/** Handler rows that end in a failure category: each carries that category's remedy. */
const walked = rows.filter(
  (r): r is HandlerRow & { expected: { category: IntegrationFailureCategory } } =>
    r.via === 'handler' && isFailure(r.expected.category),
);

function causesOf(
  row: HandlerRow & { expected: { category: IntegrationFailureCategory } },
): readonly Cause[] {
  return CAUSES[row.expected.category].filter(
    (c) => c.rows.test(text(row)) && c.origins.includes(row.expected.origin),
  );
}

describe("every category's remedy is true for every way the fault matrix reaches it", () => {
  it('walks the rows that carry a remedy', () => {
    expect(walked.length).toBeGreaterThanOrEqual(50);
  });

  it.each(walked.map((r) => [r.expected.category, r.fault, r] as const))(
    '%s: %s',
    (category, _fault, row) => {
      const causes = causesOf(row);
      expect(
        causes.length,
        `no cause of ${category}'s remedy covers "${text(row)}" from origin ${row.expected.origin}: ` +
          `the row's category is wrong, or ${category}'s remedy does not speak for this cause`,
      ).toBeGreaterThan(0);
      for (const cause of causes) expect(remedyFor(category)).toContain(cause.remedySays);
    },
  );

  it.each(INTEGRATION_FAILURE_CATEGORIES.map((c) => [c]))(
    '%s: each cause is in the remedy and is a row the matrix drives',
    (category) => {
      expect(CAUSES[category].length).toBeGreaterThan(0);
      for (const cause of CAUSES[category]) {
        expect(remedyFor(category), `the words for ${cause.rows}`).toContain(cause.remedySays);
        expect(
          walked.some((r) => r.expected.category === category && causesOf(r).includes(cause)),
          `no ${category} row of the fault matrix is ${cause.rows}: drive it, or drop the cause`,
        ).toBe(true);
      }
    },
  );
});
