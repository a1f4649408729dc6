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
  let at = Date.parse(v);
  // V8 reads the years 0001-0099 as 19xx/20xx: parse those with a stand-in year, then set it.
  const year = /\b(\d{4})\b/.exec(v)?.[1];
  if (year !== undefined && Number(year) < 100 && !Number.isNaN(at)) {
    const d = new Date(Date.parse(v.replace(year, '2000')));
    d.setUTCFullYear(Number(year));
    at = d.getTime();
  }
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
