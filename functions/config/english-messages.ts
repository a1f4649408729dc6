import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { quoteIfSafe } from '../shared/credential-like.js';
import { nearestName } from '../shared/nearest-name.js';

/** The keys the object schema that raised `unrecognized_keys` knows, less those already given. */
function otherKnownKeys(inst: unknown, input: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  if (typeof shape !== 'object' || shape === null) return [];
  const given = typeof input === 'object' && input !== null ? input : {};
  return Object.keys(shape).filter((k) => !Object.hasOwn(given, k));
}

/**
 * An unknown key as a message may show it: quoted when it cannot be a credential, with the
 * known key it is a typo of when there is one; else counted, and nothing suggested (a
 * suggestion would tell something about the key).
 */
function showKey(key: string, known: readonly string[]): string {
  const quoted = quoteIfSafe(key);
  if (quoted === undefined) return '(one not shown: it may hold a credential)';
  const meant = nearestName(key, known);
  return meant === undefined ? quoted : `${quoted} (did you mean "${meant}"?)`;
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
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys
            .map((key) => showKey(key, otherKnownKeys(issue.inst, issue.input)))
            .join(', ')}`
        : undefined,
  });
}
