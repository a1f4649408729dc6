/**
 * Characters a terminal acts on instead of showing: the controls (`\p{Cc}`: C0, where ESC
 * starts every escape sequence, `ESC[2J` clearing the screen, OSC setting the title,
 * `ESC[8m` hiding what follows, CR and LF rewriting or forging lines, TAB shifting columns;
 * DEL; C1, with CSI and OSC in one byte), the line and paragraph separators, and the
 * bidirectional marks, embeddings, overrides and isolates that reorder what is shown
 * (`\p{Bidi_Control}`, "Trojan Source").
 */
const ACTIVE = /[\p{Cc}\p{Bidi_Control}\p{Zl}\p{Zp}]/gu;
/** The same, but for what JSON.stringify already escapes (C0, where the report's own line ends live). */
const ACTIVE_IN_JSON = /[\u007f-\u009f\p{Bidi_Control}\p{Zl}\p{Zp}]/gu;

const hex = (code: number, digits: number) => code.toString(16).toUpperCase().padStart(digits, '0');

/**
 * `text` with every character a terminal would act on written out as its escape (`\x1B`,
 * `\x0A`, `\u202E`), so text from outside (a workspace name, a message from Notion or a
 * proxy) is shown, never obeyed. Everything else is kept as it is.
 */
export function terminalSafe(text: string): string {
  return text.replace(ACTIVE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal acts on (DEL, C1,
 * separators, bidi controls) written as `\u` escapes: the same JSON to any parser, inert on
 * a terminal. They can only sit inside strings, where the escape means the same character.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(ACTIVE_IN_JSON, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
