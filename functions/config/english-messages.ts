import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * A value that looks like a Notion token itself, pasted where a name belongs. Messages
 * about it never repeat it.
 */
const TOKEN_LIKE = /^(ntn_|secret_)[A-Za-z0-9]{20,}$/;

/** True when `s` looks like a Notion token (a message must then not quote it). */
export function looksLikeToken(s: string): boolean {
  return TOKEN_LIKE.test(s);
}

/** A key as a message may show it: one line, short, and never a token. */
function showKey(key: string): string {
  if (looksLikeToken(key.trim())) return '(a key that looks like a token)';
  const shown = JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
  return shown.replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

let installed = false;

/**
 * Gives zod its English messages, and names unknown keys without ever quoting a token.
 * zod/mini ships no messages: without a locale every default check says "Invalid input".
 * Only the English locale is imported (the `locales` namespace would bundle every language
 * into the Lambda, whose cold start pays for every kilobyte).
 *
 * zod's config is process-wide, so this is not done at import time: every function that
 * parses with zod (`parseConfig`, `parseInvocation`, `readAppConfig`) calls it first.
 * Idempotent; only the first call configures zod.
 */
export function useEnglishMessages(): void {
  if (installed) return;
  installed = true;
  z.config({
    localeError: en().localeError,
    customError: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(showKey).join(', ')}`
        : undefined,
  });
}
