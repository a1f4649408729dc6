/**
 * A generated block of a Markdown file: the text between a start and an end marker, read and
 * replaced whole. The README's reasons table (scripts/reason-table.ts) and failure table
 * (test/fault-matrix/failure-table.ts) are written this way, and their tests compare the
 * block with what the code generates.
 */

import { readFileSync, writeFileSync } from 'node:fs';

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

/** A generated table's command: what it prints and where its block is. */
export interface TableCommand {
  readonly table: string;
  readonly markers: Markers;
  /** "reason table": names the table in messages. */
  readonly what: string;
  /** The usage line printed for bad arguments. */
  readonly usage: string;
  /** "74 reasons": what the table holds, for the closing line. */
  readonly count: string;
}

/**
 * Prints the table (no arguments) or writes it into a file's block (`--write FILE`). Returns
 * the exit code: 0 done, 1 the file cannot be read or has no markers, 2 bad arguments.
 */
export function runTableCommand(argv: readonly string[], c: TableCommand): number {
  if (argv.length === 0) {
    process.stdout.write(`${c.table}\n`);
    return 0;
  }
  const file = argv[1];
  if (argv[0] !== '--write' || argv.length !== 2 || file === undefined) {
    process.stderr.write(`usage: ${c.usage}\n`);
    return 2;
  }
  let text: string;
  let updated: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `error: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
    );
    return 1;
  }
  try {
    updated = replaceBlock(text, c.table, c.markers, c.what, file);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  if (updated !== text) writeFileSync(file, updated);
  process.stdout.write(
    `${updated === text ? 'Up to date' : 'Wrote'}: the ${c.what} in ${file} (${c.count}).\n`,
  );
  return 0;
}
