/**
 * How much of what comes from outside the monitor keeps, and for how long a string may be.
 * Memory and output are bounded per run, not per request: a hostile or broken answer (an
 * 8,000,000-character workspace name, a 1 MB error message, an 8 MiB HTML page) costs at
 * most {@link KEEP_BODY_BYTES} while it is read and these lengths once it is reported.
 * Every string is masked with every token of the run before it is cut (see redact.ts).
 */

/**
 * Bytes of an answer's body kept for classification. Notion's `users/me` is about 1 KB and
 * its error bodies a few hundred bytes; a page or database object can be larger, but a
 * target's success needs no body beyond its first character. With 40 requests in flight a
 * run holds at most 2.5 MiB of bodies.
 */
export const KEEP_BODY_BYTES = 64 * 1024;

/** Longest string kept from outside, per field. */
export const TEXT_LIMITS = {
  /** What an answer says (Notion's `message`, a network error's detail). */
  message: 300,
  /** Notion's error `code`, `request_id`, `additional_data.rate_limit_reason`. */
  code: 64,
  /** `bot.workspace_name` from `users/me`. */
  workspaceName: 200,
  /** `bot.workspace_id` from `users/me`. */
  workspaceId: 64,
  /** An HTML page's `<title>`. */
  title: 80,
  /** The `server` header of an intermediary. */
  server: 40,
  /** A `host:port` or `scheme://host:port` (a redirect's target, where a connection failed): DNS names have at most 253 characters. */
  host: 270,
} as const;

/** Masks every token of the run in a string from outside. */
export type Mask = (text: string) => string;

/** `text` cut to `max` characters, with `…` where it was cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Outside text as the report may hold it: masked with every token of the run, then cut. */
export function outside(text: string, mask: (text: string) => string, max: number): string {
  // Masking a huge string costs time, not memory, and only the first `max` characters
  // survive: mask a bounded prefix (a token cut at its edge leaves fewer than 8 characters).
  return clip(mask(text.slice(0, max * 4 + 64)), max);
}
