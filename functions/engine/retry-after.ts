/**
 * `Retry-After` is integer seconds from Notion, but RFC 9110 also allows an HTTP date,
 * and proxies send either. Returns whole seconds from `now`, or `undefined` when the
 * header is absent or unusable; never throws.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  // Only accept something that looks like a date; Date.parse is lenient with junk like "1.5".
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
