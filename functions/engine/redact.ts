/**
 * The one place tokens are hidden. Every string that reaches a report, a log line or an
 * error leaving the engine goes through a {@link Redactor} built from the run's tokens,
 * so a token echoed back by a proxy page or an SDK message is masked wherever it came from.
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

/** Masks known secrets in strings and in plain data. */
export interface Redactor {
  /** The string with every known secret (and its trimmed form) replaced by `[REDACTED]`. */
  readonly text: (s: string) => string;
  /** A deep copy of plain data with {@link Redactor.text} applied to every string. */
  readonly value: <T>(v: T) => T;
}

const MASK = '[REDACTED]';
const MIN_SECRET_LENGTH = 4;
const MIN_PIECE_LENGTH = 8;

/** Builds a redactor for the given secrets. Secrets shorter than 4 characters are not masked (they would mask ordinary words). */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const needles = new Set<string>();
  for (const s of secrets) {
    // The pieces too: a stored "Bearer ntn_..." or a quoted token still hides its secret part.
    const pieces = s.split(/[\s"'`]+/u).filter((p) => p.length >= MIN_PIECE_LENGTH);
    for (const variant of [s, s.trim(), ...pieces]) {
      if (variant.length >= MIN_SECRET_LENGTH) needles.add(variant);
    }
  }
  // Longest first, so a token is masked whole before any part of it that is also a secret.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  const text = (s: string): string => {
    let out = s;
    for (const n of ordered) if (out.includes(n)) out = out.split(n).join(MASK);
    // A secret that overlaps the mask itself (or that masking stitched together) would
    // survive: remove what is left outright, until nothing is.
    for (let pass = 0; pass < 8 && ordered.some((n) => out.includes(n)); pass++) {
      for (const n of ordered) out = out.split(n).join('');
    }
    return out;
  };
  const value = <T>(v: T): T => redactValue(v, text) as T;
  return { text, value };
}

function redactValue(v: unknown, text: (s: string) => string): unknown {
  if (typeof v === 'string') return text(v);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, text));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = redactValue(x, text);
    return out;
  }
  return v;
}
