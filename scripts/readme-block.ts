/**
 * A generated block of a Markdown file: the text between a start and an end marker, read and
 * replaced whole. The README's reasons table (scripts/reason-table.ts) and failure table
 * (test/fault-matrix/failure-table.ts) are written this way, and their tests compare the
 * block with what the code generates.
 */

/** The two marker lines around a generated block. */
export interface Markers {
  readonly start: string;
  readonly end: string;
}

/** The text between the markers, exactly; `undefined` when either marker is missing or out of order. */
export function readBlock(text: string, markers: Markers): string | undefined {
  const start = text.indexOf(markers.start);
  const end = text.indexOf(markers.end);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text.slice(start + markers.start.length, end);
}

/** What the block between the markers holds once written. */
export function blockFor(table: string): string {
  return `\n${table}\n`;
}

/** `text` with the block between the markers replaced; throws naming `file` when the markers are missing. */
export function replaceBlock(
  text: string,
  table: string,
  markers: Markers,
  what: string,
  file: string,
): string {
  if (readBlock(text, markers) === undefined) {
    throw new Error(
      `${file} has no ${what} markers: add a line "${markers.start}" and, after it, a line "${markers.end}" where the table belongs.`,
    );
  }
  const start = text.indexOf(markers.start) + markers.start.length;
  const end = text.indexOf(markers.end);
  return `${text.slice(0, start)}${blockFor(table)}${text.slice(end)}`;
}
