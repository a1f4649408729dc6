/**
 * What a terminal would act on, by code point (an oracle independent of the CLI's own
 * escaping): C0 controls but LF (the table's own line ends), DEL, C1, line and paragraph
 * separators, and bidi controls.
 */
export function terminalControls(text: string): string[] {
  const active = (c: number) =>
    (c < 0x20 && c !== 0x0a) ||
    (c >= 0x7f && c <= 0x9f) ||
    [0x061c, 0x200e, 0x200f, 0x2028, 0x2029].includes(c) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069);
  return [...text].filter((ch) => active(ch.codePointAt(0) ?? 0));
}
