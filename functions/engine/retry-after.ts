/**
 * The longest wait the monitor reports, in seconds: one day. Notion documents waits of
 * seconds (its per-integration limit averages three requests a second); anything longer
 * says more about the server that sent it than about when to retry, and an unbounded value
 * would be published as `MaxRetryAfterSeconds`.
 */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds, delay-seconds = 1*DIGIT.
const DELAY_SECONDS = /^[0-9]+$/;
// RFC 9110 §5.6.7: IMF-fixdate = day-name "," SP 2DIGIT SP month SP 4DIGIT SP hh:mm:ss SP "GMT".
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Milliseconds since the epoch of an IMF-fixdate, or `undefined` if it names no real instant. */
function imfFixdate(text: string): number | undefined {
  const m = IMF_FIXDATE.exec(text);
  if (m === null) return undefined;
  const [day, month, year, hour, minute, second] = [
    m[1],
    MONTHS.indexOf(m[2] ?? ''),
    m[3],
    m[4],
    m[5],
    m[6],
  ].map(Number) as [number, number, number, number, number, number];
  // The RFC allows second 60 (a leap second): one second after :59.
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(Date.UTC(2000, month, day, hour, minute));
  date.setUTCFullYear(year, month, day); // Date.UTC reads the years 0-99 as 1900-1999
  // 31 Feb rolls over into March: not a date.
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined;
  return date.getTime() + second * 1000;
}

/**
 * Without the optional whitespace around a field value (RFC 9110 §5.6.3: SP and HTAB only),
 * walking in from both ends: an anchored regex would be quadratic on a long run of spaces.
 */
function trimOws(value: string): string {
  const ows = (c: string | undefined) => c === ' ' || c === '\t';
  let start = 0;
  let end = value.length;
  while (start < end && ows(value[start])) start++;
  while (end > start && ows(value[end - 1])) end--;
  return value.slice(start, end);
}

/**
 * Reads `Retry-After` in the two forms RFC 9110 defines for senders: delay-seconds (digits
 * only) and an IMF-fixdate (`Wed, 25 Nov 2026 12:01:30 GMT`). Returns whole seconds from
 * `now`, at most {@link MAX_RETRY_AFTER_SECONDS}, or `undefined` when the header is absent
 * or in any other form (signs, decimals, the obsolete RFC 850 and asctime dates, junk that
 * `Date.parse` would still read). Never throws.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = trimOws(value);
  if (DELAY_SECONDS.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_SECONDS);
  const at = imfFixdate(v);
  if (at === undefined) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));
}
