/**
 * The one guard for text that may be a credential the run never resolved: a token pasted
 * as a config key or name, into a console event, or stored as a JSON key of a secret. The
 * redactor masks tokens the run knows; these it cannot know, so two rules decide instead.
 *
 * Whether text may be a credential ({@link looksLikeCredential}), used to refuse it where
 * a name belongs (names are printed and published as metric dimensions), so it must not
 * refuse names people choose. It is true when the text holds:
 * - a Notion token: `ntn_` or `secret_` and 8 or more letters or digits, anywhere in it
 *   (`NOTION_TOKEN=ntn_...` included); Notion issues every internal and OAuth token so;
 * - 40 or more letters and digits in a row that mix case or digits in pieces averaging
 *   under 6 characters (random text switches every character or two; a long camelCase
 *   name such as `notificationSynchronizationWebhookReceiver` is words of 7 and more); or
 * - 20 or more letters and digits in a row whose pieces (split where the case or the kind
 *   of character changes: `myWebhookV2` is `my`, `Webhook`, `V`, `2`) average under 2.5
 *   characters: random text switches case or kind every character or two, names are
 *   words of three letters and more. This errs towards names: it catches most random
 *   strings of 20-39 characters that mix case and digits, not all, and none made of one
 *   kind (lowercase letters only is a word as far as any rule can tell).
 *
 * Whether text from outside may be shown in a message ({@link isQuotable}), used before
 * quoting an unknown key or name back. It must never show a token, so it is deterministic
 * where the first rule is statistical: only text shorter than 16 characters (the shortest
 * token the monitor treats as one), or made of single-case words between separators
 * (`NOTION_ACCESS_TOKEN`, `webhook-receiver-2`), and not credential-like. A random token
 * of 16 characters or more that mixes case or digits inside a word is never shown. What
 * is not shown is counted instead.
 */

const NOTION_TOKEN = /(?:ntn|secret)_[A-Za-z0-9]{8,}/;
const ALNUM_RUN = /[A-Za-z0-9]+/g;
const PIECE = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g;
/** The shortest text treated as a possible token (what the leak rules look for). */
export const SHORTEST_TOKEN = 16;
const LONGEST_QUOTED = 40;
const QUOTABLE_CHARS = /^[A-Za-z0-9_.:@+=/-]+$/;
// Words of one case (or short numbers) joined by separators: SCREAMING_SNAKE, snake, kebab.
const SINGLE_CASE_WORDS =
  /^(?:(?:[A-Z]{2,}|[0-9]{1,4})(?:[_.-](?:[A-Z]{2,}|[0-9]{1,4}))+|(?:[a-z]{2,}|[0-9]{1,4})(?:[_.-](?:[a-z]{2,}|[0-9]{1,4}))+)$/;

/** Holds two of: uppercase, lowercase, digits (`xxxx...` or `aaaa...` is no key). */
function mixesKinds(run: string): boolean {
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((k) => k.test(run)).length;
  return kinds >= 2;
}

function averagePiece(run: string): number {
  return run.length / (run.match(PIECE)?.length ?? 1);
}

/** Whether `text` may be a credential; see the module comment for the rule. Linear in `text`. */
export function looksLikeCredential(text: string): boolean {
  if (NOTION_TOKEN.test(text)) return true;
  for (const run of text.match(ALNUM_RUN) ?? []) {
    if (run.length >= 40 && mixesKinds(run) && averagePiece(run) < 6) return true;
    if (run.length >= 20 && averagePiece(run) < 2.5) return true;
  }
  return false;
}

/** Whether text from outside may be quoted back in a message; see the module comment. */
export function isQuotable(text: string): boolean {
  if (text.length === 0 || text.length > LONGEST_QUOTED || !QUOTABLE_CHARS.test(text)) return false;
  if (looksLikeCredential(text)) return false;
  return text.length < SHORTEST_TOKEN || SINGLE_CASE_WORDS.test(text);
}

/** `"text"` when it may be shown, else `undefined`. */
export function quoteIfSafe(text: string): string | undefined {
  return isQuotable(text) ? JSON.stringify(text) : undefined;
}
