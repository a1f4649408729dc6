import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { quoteIfSafe } from '../shared/credential-like.js';

/** An unknown key as a message may show it: quoted when it cannot be a credential, else counted. */
function showKey(key: string): string {
  return quoteIfSafe(key) ?? '(one not shown: it may hold a credential)';
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
