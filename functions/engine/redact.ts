/**
 * The one place tokens are hidden. Every string from outside (an answer's body, headers and
 * error text, a secret's keys) goes through a {@link Redactor} that knows every token of the
 * run, before anything is cut short; the report's own vocabulary never does.
 *
 * The rule, for every token of 16 characters or more: no 8 consecutive characters of the
 * token, nor of its base64, base64url, hex or percent-encoded forms, in any letter case, are
 * left in the text. A gateway that echoes `ntn_abc…(28 chars)****`, a token minus one
 * character, a base64 `Authorization` header or an upper-cased copy all lose what they quote.
 * Shorter secrets (placeholders, test values) are masked where they occur whole.
 *
 * Cost is linear: the windows of every token go into one set once per run, and each text
 * is scanned once, window by window, whatever the number of tokens.
 */

/** `ntn_…wxyz`: at most the first 4 and last 4 characters, fewer for short tokens. */
export function fingerprint(token: string): string {
  const t = token.trim();
  if (t.length === 0) return '(empty)';
  // Show a quarter of the token at each end at most, so a short token is never mostly visible.
  const show = Math.min(4, Math.floor(t.length / 4));
  if (show === 0) return `… (${t.length} chars)`;
  return `${t.slice(0, show)}…${t.slice(-show)}`;
}

/** Masks known secrets in strings. */
export interface Redactor {
  /** The string with every known secret, piece or encoded form replaced by `[REDACTED]`. */
  readonly text: (s: string) => string;
  /**
   * The same, by the windows of long tokens only: for text that also holds the report's
   * own words, which a short placeholder secret (`auth`) must not mask.
   */
  readonly longTokens: (s: string) => string;
}

export const MASK = '[REDACTED]';
/** Tokens this long or longer are masked by their windows; shorter ones only whole. */
export const WINDOW_RULE_MIN_LENGTH = 16;
/** No run of this many characters of a token (or an encoded form) survives. */
export const WINDOW = 8;
/** Shorter secrets would mask ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * Char codes are folded before hashing: ASCII letters to lower case (upper- and lower-cased
 * copies), and base64url's `-`/`_` to base64's `+`/`/` (one set of windows serves both).
 * Folding code by code keeps every index where it was.
 */
function foldCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c === 45) return 43;
  if (c === 95) return 47;
  return c;
}

/**
 * Windows are hashed with two polynomial rolling hashes (26-bit primes, so every product
 * stays exact in a double), combined into one 52-bit number: a text is hashed in one pass,
 * whatever its length. Windows are kept as numbers in a sorted Float64Array, not as strings
 * in a Set: 10,000 tokens have about 5 million windows, 40 MB this way and several hundred
 * as strings. A false match (another text hashing alike) is about one in 10^9 per lookup and
 * costs only an over-masked word; a true match is never missed.
 */
const P1 = 67_108_859;
const P2 = 67_108_837;
const B1 = 131;
const B2 = 257;
/** B^(WINDOW-1) mod P, to take the outgoing character off. */
const TOP1 = modPow(B1, WINDOW - 1, P1);
const TOP2 = modPow(B2, WINDOW - 1, P2);

function modPow(base: number, exp: number, mod: number): number {
  let r = 1;
  for (let i = 0; i < exp; i++) r = (r * base) % mod;
  return r;
}

/** Calls `each(start, hash)` for every WINDOW-long window of `s`. */
function eachWindowHash(s: string, each: (start: number, hash: number) => void): void {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < s.length; i++) {
    if (i >= WINDOW) {
      const out = foldCode(s.charCodeAt(i - WINDOW));
      h1 = (h1 - ((out * TOP1) % P1) + P1) % P1;
      h2 = (h2 - ((out * TOP2) % P2) + P2) % P2;
    }
    const c = foldCode(s.charCodeAt(i));
    h1 = (h1 * B1 + c) % P1;
    h2 = (h2 * B2 + c) % P2;
    if (i >= WINDOW - 1) each(i - WINDOW + 1, h1 * P2 + h2);
  }
}

function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(foldCode(s.charCodeAt(i)));
  return out;
}

/** The base64 of `bytes` as it reads when they start at each offset mod 3 inside a longer value. */
function base64Alignments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    // The first characters mix in the unknown prefix (padding here); drop them.
    out.push(b64.slice(pad === 0 ? 0 : 4).replace(/=+$/, ''));
  }
  return out;
}

/**
 * Every form a token is echoed in: raw, base64 at each alignment (so inside `Basic` or a
 * base64 of `Bearer <token>` too), hex, percent-encoded (every byte, and as a URL component).
 * base64url and letter case are covered by {@link foldCode}.
 */
export function encodedForms(token: string): string[] {
  const bytes = Buffer.from(token, 'utf8');
  return [
    token,
    ...base64Alignments(bytes),
    bytes.toString('hex'),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    encodeURIComponent(token),
  ];
}

/**
 * What to look for in a stored value: the windows of each long piece between spaces or
 * quotes (a stored `Bearer ntn_…` or `"ntn_…"` hides its token there), and whole the
 * trimmed value and shorter pieces, so a value split by blanks is masked as it was stored.
 */
function pieces(secret: string): { windowed: string[]; whole: string[] } {
  const parts = secret.split(/[\s"'`]+/u).filter((p) => p.length >= WINDOW);
  const trimmed = secret.trim();
  const windowed = parts.filter((p) => p.length >= WINDOW_RULE_MIN_LENGTH);
  const whole = [trimmed, ...parts].filter(
    (p) => p.length >= MIN_SECRET_LENGTH && !(windowed.length > 0 && windowed.some((w) => w.includes(p))),
  );
  return { windowed, whole: [...new Set(whole)] };
}

interface Needles {
  /** Sorted hashes of the 8-character windows of long secrets and their encodings. */
  readonly windows: Float64Array;
  /** A bit per low-bits bucket of {@link Needles.windows}: most text windows are ruled out here, before the binary search. */
  readonly filter: Uint32Array;
  /** Folded secrets matched whole, by length. */
  readonly whole: Map<number, Set<string>>;
}

function collectNeedles(secrets: Iterable<string>): Needles {
  const forms: string[] = [];
  const whole = new Map<number, Set<string>>();
  for (const secret of secrets) {
    const { windowed, whole: entire } = pieces(secret);
    forms.push(...windowed.flatMap(encodedForms));
    for (const piece of entire) {
      const set = whole.get(piece.length) ?? new Set<string>();
      set.add(foldString(piece));
      whole.set(piece.length, set);
    }
  }
  const windows = sortedWindowHashes(forms);
  // About 16 bits per window (a few percent of text windows pass), at most 16 MB.
  const bits = Math.min(2 ** 27, Math.max(1024, 2 ** Math.ceil(Math.log2(windows.length * 16 + 1))));
  const filter = new Uint32Array(bits / 32);
  for (const h of windows) {
    const b = h % bits;
    filter[b >>> 5] = (filter[b >>> 5] as number) | (1 << (b & 31));
  }
  return { windows, filter, whole };
}

/** The hashes of every window of `forms`, sorted and without repeats, in one typed array (no growing list). */
function sortedWindowHashes(forms: readonly string[]): Float64Array {
  let count = 0;
  for (const form of forms) count += Math.max(0, form.length - WINDOW + 1);
  const all = new Float64Array(count);
  let at = 0;
  for (const form of forms) {
    eachWindowHash(form, (_, hash) => {
      all[at++] = hash;
    });
  }
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++)
    if (i === 0 || all[i] !== all[unique - 1]) all[unique++] = all[i] as number;
  return all.slice(0, unique);
}

function contains(needles: Needles, value: number): boolean {
  const { filter, windows: sorted } = needles;
  const b = value % (filter.length * 32);
  if (((filter[b >>> 5] as number) & (1 << (b & 31))) === 0) return false;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Every range of `s` that matches a needle, as sorted, merged [start, end) pairs. */
function findRanges(s: string, needles: Needles): [number, number][] {
  const hits: [number, number][] = [];
  if (needles.windows.length > 0) {
    eachWindowHash(s, (start, hash) => {
      if (contains(needles, hash)) hits.push([start, start + WINDOW]);
    });
  }
  if (needles.whole.size > 0) {
    const folded = foldString(s);
    for (const [length, set] of needles.whole) {
      for (let i = 0; i + length <= folded.length; i++) {
        if (set.has(folded.slice(i, i + length))) hits.push([i, i + length]);
      }
    }
    hits.sort((a, b) => a[0] - b[0]);
  }
  const merged: [number, number][] = [];
  for (const [start, end] of hits) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function replaceRanges(s: string, ranges: readonly [number, number][], replacement: string): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += `${s.slice(at, start)}${replacement}`;
    at = end;
  }
  return out + s.slice(at);
}

/** Builds a redactor for every secret of the run. */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const needles = collectNeedles(secrets);
  return { text: masker(needles), longTokens: masker({ ...needles, whole: new Map() }) };
}

function masker(needles: Needles): (s: string) => string {
  if (needles.windows.length === 0 && needles.whole.size === 0) return (s) => s;
  return (s) => {
    if (s.length < MIN_SECRET_LENGTH) return s;
    const ranges = findRanges(s, needles);
    if (ranges.length === 0) return s;
    const masked = replaceRanges(s, ranges, MASK);
    if (findRanges(masked, needles).length === 0) return masked;
    // A secret that overlaps the mask itself matches again: drop what matches instead of
    // masking it, until nothing does (bounded; then nothing of the text is kept).
    let out = masked;
    for (let pass = 0; pass < 4; pass++) {
      const left = findRanges(out, needles);
      if (left.length === 0) return out;
      out = replaceRanges(out, left, '');
    }
    return findRanges(out, needles).length === 0 ? out : MASK;
  };
}
