/**
 * Offline checks on a token before it is sent: the mistakes that make a good secret
 * answer 401 (a trailing newline from `echo`, a stored `Bearer ` prefix, quotes from a
 * .env file). Notion asks clients not to validate tokens by pattern, so the prefix check
 * only informs and never fails a token.
 */
import type { TokenType } from '../shared/categories.js';
import type { ReasonIn } from '../shared/reasons.js';

/** The reasons a token's lint can fail for: the `token_*` reasons of `config`. */
export type TokenLintReason = Extract<ReasonIn<'config'>, `token_${string}`>;

/**
 * One finding of the lint. `error` findings stop the probe and each names its reason (the
 * `token_format` check's reason is its first error's); `info` findings do not.
 */
export type TokenLintFinding =
  | {
      readonly severity: 'error';
      readonly reason: TokenLintReason;
      readonly problem: string;
      readonly fix: string;
    }
  | { readonly severity: 'info'; readonly problem: string; readonly fix: string };

/** The verdict on one token: failed, with the first error's reason, when any finding is an error. */
export type TokenLintResult = {
  readonly findings: readonly TokenLintFinding[];
  /** `internal` for `ntn_`/`secret_` prefixes, `unknown` otherwise (OAuth tokens are opaque). */
  readonly looksLike: Extract<TokenType, 'internal'> | 'unknown';
} & ({ readonly ok: true } | { readonly ok: false; readonly reason: TokenLintReason });

function resultOf(
  findings: readonly TokenLintFinding[],
  looksLike: TokenLintResult['looksLike'],
): TokenLintResult {
  const first = findings.find((f) => f.severity === 'error');
  return first === undefined
    ? { ok: true, findings, looksLike }
    : { ok: false, reason: first.reason, findings, looksLike };
}

// Characters that render as nothing but change the bytes sent: zero-width spaces and
// joiners, the BOM, soft hyphen, word joiner, bidi marks.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/u;
const CONTROL = /\p{Cc}/u;
const SCHEME = /^(bearer|token|basic)(\s+|$)/i;

// JavaScript's \s includes the BOM, which belongs to the invisible-character finding.
const isEdgeSpace = (c: string) => c !== '\uFEFF' && /\s/u.test(c);

/**
 * Leading and trailing whitespace by walking in from both ends: linear, where an anchored
 * regex like /\s+$/ is quadratic on a 64 KB secret full of spaces.
 */
function splitEdgeWhitespace(token: string): { leading?: string; trailing?: string; core: string } {
  let start = 0;
  while (start < token.length && isEdgeSpace(token[start] ?? '')) start++;
  let end = token.length;
  while (end > start && isEdgeSpace(token[end - 1] ?? '')) end--;
  return {
    ...(start > 0 ? { leading: token.slice(0, start) } : {}),
    ...(end < token.length ? { trailing: token.slice(end) } : {}),
    core: token.slice(start, end),
  };
}

function describeEdgeWhitespace(s: string): string {
  if (/[\r\n]/.test(s)) return s.includes('\r') ? 'a line break (CR/LF)' : 'a newline';
  if (s.includes('\t')) return 'a tab';
  return 'whitespace';
}

type Report = (reason: TokenLintReason, problem: string, fix: string) => void;

/** Lints a token. Pure: never throws, never echoes the token itself in a finding. */
export function lintToken(token: string): TokenLintResult {
  const findings: TokenLintFinding[] = [];
  const error: Report = (reason, problem, fix) => findings.push({ severity: 'error', reason, problem, fix });
  const trimmed = lintWhole(token, error);
  if (trimmed === undefined) return resultOf(findings, 'unknown');
  const { core, schemes } = unwrap(trimmed, error);
  lintCore(core, schemes, error);
  const looksLike = /^(ntn_|secret_)/.test(core) ? 'internal' : 'unknown';
  if (findings.length === 0 && looksLike === 'unknown') {
    findings.push({
      severity: 'info',
      problem: 'The token has no ntn_ or secret_ prefix.',
      fix: 'Fine for OAuth access tokens, which are opaque; an internal integration secret starts with ntn_ (or secret_ before September 2024).',
    });
  }
  return resultOf(findings, looksLike);
}

/**
 * The token as a whole: empty, blank, whitespace at its edges, a JSON object. Returns the
 * token without its edge whitespace, or `undefined` when nothing more can be said.
 */
function lintWhole(token: string, error: Report): string | undefined {
  if (token.length === 0) {
    error(
      'token_empty',
      'The token is empty.',
      'Store the integration secret from Notion (Settings > Integrations).',
    );
    return undefined;
  }
  const { leading, trailing, core } = splitEdgeWhitespace(token);
  if (leading !== undefined && leading.length === token.length) {
    error(
      'token_blank',
      'The token is only whitespace.',
      'Store the integration secret from Notion, not a blank value.',
    );
    return undefined;
  }
  if (trailing !== undefined) {
    error(
      /[\r\n]/.test(trailing) ? 'token_trailing_newline' : 'token_trailing_whitespace',
      `The token ends with ${describeEdgeWhitespace(trailing)}.`,
      'Strip trailing whitespace when storing it (for example `printf %s "$TOKEN"` instead of `echo`).',
    );
  }
  if (leading !== undefined) {
    error(
      'token_leading_whitespace',
      `The token starts with ${describeEdgeWhitespace(leading)}.`,
      'Strip leading whitespace when storing it.',
    );
  }
  if (/^\s*\{[\s\S]*\}\s*$/.test(token)) {
    error(
      'token_json_object',
      'The token is a JSON object, not a token (a key/value secret read whole).',
      'Set "jsonKey" to the field that holds the token (for example "NOTION_TOKEN"), or store the bare token.',
    );
    return undefined;
  }
  return core;
}

/** Takes off what was stored around the secret: quotes, then any `Bearer `-like schemes. */
function unwrap(trimmed: string, error: Report): { core: string; schemes: string[] } {
  let core = trimmed;
  const quote = /^(["'`])([\s\S]*)\1$/u.exec(core);
  if (quote !== null) {
    error(
      'token_quoted',
      'The token is wrapped in quotes.',
      'Store the bare secret: quotes from a .env or JSON file became part of the value.',
    );
    core = (quote[2] ?? '').trim();
  }
  const schemes: string[] = [];
  for (let m = SCHEME.exec(core); m !== null; m = SCHEME.exec(core)) {
    schemes.push(m[1] ?? '');
    core = core.slice(m[0].length);
  }
  if (schemes.length > 1) {
    error(
      'token_scheme_stored',
      `The token has the scheme stored with it twice ("${schemes.join(' ')}"), so the header becomes "Bearer ${schemes.join(' ')} ...".`,
      'Store only the secret; the client adds "Bearer " itself.',
    );
  } else if (schemes.length === 1) {
    error(
      'token_scheme_stored',
      `The token has the scheme "${schemes[0]}" stored with it.`,
      'Store only the secret; the client adds "Bearer " itself.',
    );
  }
  return { core, schemes };
}

/** The characters of the secret itself. */
function lintCore(core: string, schemes: readonly string[], error: Report): void {
  if (INVISIBLE.test(core)) {
    error(
      'token_invisible_char',
      'The token contains invisible characters (zero-width space, BOM or similar).',
      'Copy the secret again from Notion, or retype it; the invisible character came with a paste.',
    );
  }
  const visible = core.replace(new RegExp(INVISIBLE.source, 'gu'), '');
  if (/\s/u.test(visible)) {
    error(
      'token_inner_whitespace',
      'The token contains whitespace inside it.',
      'Remove the spaces or line breaks from the stored value.',
    );
  }
  if (CONTROL.test(visible.replace(/\s/gu, ''))) {
    error(
      'token_control_char',
      'The token contains control characters.',
      'Copy the secret again from Notion.',
    );
  }
  // Node refuses header values it cannot send as they are; everything Notion issues is ASCII.
  if (/[^ -~]/u.test(visible.replace(/\s/gu, ''))) {
    error(
      'token_non_ascii',
      'The token contains non-ASCII characters.',
      'Copy the secret again from Notion; it is plain ASCII.',
    );
  }
  if (core.length === 0 && schemes.length > 0) {
    // After the scheme finding, always: the check's reason is that one.
    error(
      'token_scheme_stored',
      'The token holds only a scheme and no secret.',
      'Store the integration secret itself.',
    );
  }
}
