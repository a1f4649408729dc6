import type { APIErrorCode } from '@notionhq/client';
import { assertNever, type Origin } from '../shared/categories.js';
import { type FailureReason, failureOf, type ReasonPair } from '../shared/reasons.js';
import { rateLimitReason, refusalReason, serverErrorReason } from './answer-reasons.js';
import { networkMessage, networkReason, redirectTarget } from './classify-network.js';
import { classifyProxyRefusal } from './classify-proxy.js';
import { htmlTitle } from './html-title.js';
import {
  NOTION_ERROR_CODES,
  type NotionErrorBody,
  originOf,
  parseNotionErrorBody,
  RATE_LIMIT_REASONS,
} from './notion-answer.js';
import type { RequestOutcome } from './outcome.js';
import { parseRetryAfter } from './retry-after.js';
import { type Mask, outside, TEXT_LIMITS } from './text-limits.js';

const unmasked: Mask = (text) => text;

/** What every verdict says besides its category and reason. */
export interface VerdictFields {
  readonly origin: Origin;
  readonly httpStatus?: number;
  readonly code?: string;
  readonly message: string;
  readonly latencyMs?: number;
  readonly retryAfterSeconds?: number;
  readonly rateLimitReason?: string;
  readonly requestId?: string;
}

/**
 * The classification of one request (or of a check decided without one), before it is
 * dressed as a check: `ok` has no reason; a failure has one, and its category is the
 * reason's own ({@link failureOf}), so the two cannot disagree.
 */
export type Verdict = VerdictFields &
  ({ readonly category: 'ok'; readonly reason?: never } | ReasonPair<FailureReason>);

/**
 * Error codes that mean the request does not fit what Notion expects. Typed against the
 * SDK's `APIErrorCode` (a type import: nothing of the SDK is bundled) so a renamed code
 * fails the type check; `missing_version` and `invalid_grant` are documented by Notion
 * but absent from that enum.
 */
const CONFIG_CODES: ReadonlySet<string> = new Set<`${APIErrorCode}` | 'missing_version' | 'invalid_grant'>([
  'missing_version',
  'invalid_json',
  'invalid_request_url',
  'invalid_request',
  'invalid_beta',
  'invalid_grant',
  'validation_error',
  'conflict_error',
]);

function describeOrigin(origin: Origin, headers: Readonly<Record<string, string>>, mask: Mask): string {
  switch (origin) {
    case 'notion':
      return 'the Notion API';
    case 'edge':
      return "Notion's Cloudflare edge (cf-ray, no x-notion-request-id)";
    case 'intermediary': {
      const server = headers.server ? `, server: ${outside(headers.server, mask, TEXT_LIMITS.server)}` : '';
      return `an intermediary, not Notion (no x-notion-request-id or cf-ray${server})`;
    }
    case 'client':
      return 'nobody';
    default:
      return assertNever(origin);
  }
}

/**
 * Classifies one request outcome. Pure. Decides on status, the body's `code` and the
 * origin headers: an HTML page from a proxy has no code, and Notion sends codes outside
 * the SDK's enum (`missing_version`).
 */
export function classifyOutcome(
  outcome: RequestOutcome,
  now: number = Date.now(),
  mask: Mask = unmasked,
): Verdict {
  switch (outcome.kind) {
    case 'success':
      return {
        category: 'ok',
        origin: originOf((n) => outcome.headers[n]),
        httpStatus: outcome.status,
        message: `${outcome.status} OK`,
        latencyMs: outcome.latencyMs,
        ...(outcome.headers['x-notion-request-id']
          ? { requestId: outside(outcome.headers['x-notion-request-id'], mask, TEXT_LIMITS.code) }
          : {}),
      };
    case 'timeout':
      return {
        ...failureOf(outcome.reason === 'deadline' ? 'run_deadline' : 'request_timeout'),
        origin: 'client',
        message:
          outcome.reason === 'deadline'
            ? 'No answer before the run deadline; the check was abandoned.'
            : `No complete answer within the request timeout (${outcome.latencyMs} ms).`,
        latencyMs: outcome.latencyMs,
      };
    case 'network':
      return {
        ...failureOf(networkReason(outcome.code)),
        origin: 'client',
        // A system or TLS error code from Node, or one of the request function's own.
        code: outcome.code.slice(0, TEXT_LIMITS.code),
        message: networkMessage(outcome, mask),
        latencyMs: outcome.latencyMs,
      };
    case 'rejected':
      return {
        ...failureOf('request_not_sent'),
        origin: 'client',
        message: `The request was not sent: ${outside(outcome.detail, mask, TEXT_LIMITS.message)}`,
        latencyMs: outcome.latencyMs,
      };
    case 'answer':
      return classifyAnswer(outcome, now, mask);
    case 'proxy_refused':
      return classifyProxyRefusal(outcome, mask);
    default:
      return assertNever(outcome);
  }
}

/** What an answer says, read once: decisions rest on the raw code, quotes are masked and cut. */
interface ReadAnswer {
  readonly parsed: NotionErrorBody | undefined;
  /** Notion's code as sent (decisions), undefined when the body is not Notion's error. */
  readonly code: string | undefined;
  /** Who answered, in words. */
  readonly from: string;
  /** What the answer said, masked and cut. */
  readonly said: string;
  /** The fields every verdict on this answer carries. */
  readonly base: Omit<VerdictFields, 'message'>;
}

function readAnswer(outcome: Extract<RequestOutcome, { kind: 'answer' }>, mask: Mask): ReadAnswer {
  const { status, headers, body } = outcome;
  const origin = originOf((n) => headers[n]);
  const parsed = origin === 'notion' ? parseNotionErrorBody(body) : undefined;
  // Documented codes are vocabulary and quoted as they are; everything else from the answer
  // is masked with every token of the run, then cut.
  const code = parsed?.code;
  const shownCode = code && vocabularyOr(NOTION_ERROR_CODES, code, mask);
  const rawRequestId = parsed?.requestId ?? headers['x-notion-request-id'];
  const requestId = rawRequestId && outside(rawRequestId, mask, TEXT_LIMITS.code);
  const said = parsed
    ? `${shownCode}: ${outside(parsed.message, mask, TEXT_LIMITS.message)}`
    : bodySummary(outcome, mask);
  const base = {
    origin,
    httpStatus: status,
    latencyMs: outcome.latencyMs,
    ...(shownCode !== undefined ? { code: shownCode } : {}),
    ...(requestId ? { requestId } : {}),
  };
  return { parsed, code, from: describeOrigin(origin, headers, mask), said, base };
}

function classifyAnswer(
  outcome: Extract<RequestOutcome, { kind: 'answer' }>,
  now: number,
  mask: Mask,
): Verdict {
  const { status, headers } = outcome;
  const { parsed, code, from, said, base } = readAnswer(outcome, mask);
  const { origin } = base;
  const verdict = (reason: FailureReason, message: string): Verdict => ({
    ...base,
    ...failureOf(reason),
    message,
  });

  if (status >= 200 && status < 300) {
    // A success that is not Notion's JSON: Notion's failure when its headers are on it, else
    // something in between answered in its place (a captive portal's sign-in page).
    return verdict(
      origin === 'intermediary' ? 'not_notion_page' : 'notion_not_json',
      `${status} from ${from} with a body that is not JSON (${contentType(headers, mask)}).`,
    );
  }
  if (status >= 300 && status < 400) {
    return verdict(
      'redirected',
      `${status} redirect from ${from} to ${redirectTarget(headers.location, mask)}; the Notion API does not redirect: check notionBaseUrl (https://api.notion.com) and what sits in between.`,
    );
  }
  const answer = sentence(`${status} from ${from}: ${said}`);
  const limited = rateLimitReason(status, origin, code, parsed?.rateLimitReason);
  if (limited !== undefined) {
    return rateLimited(verdict(limited, answer), outcome, parsed, now, mask);
  }
  const refused = refusalReason(status, origin, code);
  if (refused !== undefined) return verdict(refused, refusalMessage(refused, from, answer));
  if (status === 408) return verdict('http_408', `408 Request Timeout from ${from}.`);
  // A proxy's or gateway's own 5xx says nothing about Notion (its edge adds cf-ray).
  if (status >= 500) return verdict(serverErrorReason(origin), answer);
  if (code !== undefined && CONFIG_CODES.has(code)) return verdict('notion_bad_request', answer);
  return verdict(
    'unexpected_status',
    `Unexpected ${status} from ${from}: ${said}; the request does not fit what the server expects.`,
  );
}

/** A refusal's message: the answer as it came, with the hint its reason calls for. */
function refusalMessage(reason: FailureReason, from: string, answer: string): string {
  if (reason === 'proxy_407')
    return `407 Proxy Authentication Required from ${from}: the proxy wants credentials.`;
  if (reason === 'wrong_base_url') return `${answer} Check notionBaseUrl points at the Notion API.`;
  return answer;
}

/** A rate limit's verdict with its Retry-After (bounded) and Notion's reason for it. */
function rateLimited(
  verdict: Verdict,
  outcome: Extract<RequestOutcome, { kind: 'answer' }>,
  parsed: NotionErrorBody | undefined,
  now: number,
  mask: Mask,
): Verdict {
  const retryAfterSeconds = parseRetryAfter(outcome.headers['retry-after'], now);
  const reason = parsed?.rateLimitReason && vocabularyOr(RATE_LIMIT_REASONS, parsed.rateLimitReason, mask);
  const wait = retryAfterSeconds !== undefined ? ` Retry-After: ${retryAfterSeconds} s.` : '';
  return {
    ...verdict,
    message: `${verdict.message}${wait}`,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(reason !== undefined ? { rateLimitReason: reason } : {}),
  };
}

/** Ends a sentence once, whatever punctuation Notion's message already carries. */
function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** A documented value as it is; anything else masked and cut like outside text. */
function vocabularyOr(known: ReadonlySet<string>, value: string, mask: Mask): string {
  return known.has(value) ? value : outside(value, mask, TEXT_LIMITS.code);
}

function contentType(headers: Readonly<Record<string, string>>, mask: Mask): string {
  const type = headers['content-type']?.split(';')[0];
  return type ? outside(type, mask, TEXT_LIMITS.code) : 'no content type';
}

function bodySummary(outcome: Extract<RequestOutcome, { kind: 'answer' }>, mask: Mask): string {
  const { body, headers } = outcome;
  const bytes = outcome.bodyBytes ?? Buffer.byteLength(body);
  if (bytes === 0) return 'empty body';
  const title = htmlTitle(body, mask);
  if (title) return `HTML page "${title}"`;
  return `${contentType(headers, mask)} body of ${bytes} bytes`;
}
