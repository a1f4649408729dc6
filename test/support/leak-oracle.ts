/**
 * An independent check of the masking rule, written naively on purpose (tokens x forms x
 * windows x output): for every token of 16 characters or more, no 8 consecutive characters
 * of the token, of its upper- or lower-case form, of its base64 (also inside a base64 of
 * `Bearer <token>`), base64url, hex (either case) or percent-encoded forms appear in the output.
 * Used by the leak guards; it shares no code with functions/engine/redact.ts.
 */
const WINDOW = 8;
const MIN_TOKEN = 16;

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function forms(token: string): string[] {
  const hex = Buffer.from(token, 'utf8').toString('hex');
  const base64s = [b64(token), b64(`Bearer ${token}`).slice(12), b64(`Basic ${token}`).slice(8)];
  return [
    token,
    token.toUpperCase(),
    token.toLowerCase(),
    ...base64s.map((s) => s.replace(/=+$/, '')),
    ...base64s.map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
    hex,
    hex.toUpperCase(),
    hex.replace(/(..)/g, '%$1'),
    hex.toUpperCase().replace(/(..)/g, '%$1'),
    encodeURIComponent(token),
  ];
}

/** The secret parts of a stored value the rule applies to: pieces between blanks or quotes. */
function tokenParts(stored: string): string[] {
  return stored.split(/[\s"'`]+/u).filter((p) => p.length >= MIN_TOKEN);
}

/** Every 8-character window of a token (or an encoded form) found in `output`, with the form's index. */
export function leaksOf(tokens: readonly string[], output: string): string[] {
  const found: string[] = [];
  for (const stored of tokens) {
    for (const token of tokenParts(stored)) {
      for (const [f, form] of forms(token).entries()) {
        for (let i = 0; i + WINDOW <= form.length; i++) {
          const window = form.slice(i, i + WINDOW);
          if (output.includes(window)) found.push(`form ${f} of ${token.slice(0, 4)}…: ${window}`);
        }
      }
    }
  }
  return found;
}
