/**
 * The README's failure table, generated from the fault matrix's rows (rows.ts),
 * so it lists exactly the faults the matrix drives end to end.
 *
 *   npm run docs:failures                      # print the table
 *   npm run docs:failures -- --write README.md # replace the block between the markers
 *
 * readme-table.test.ts fails when the README's block is out of date. It lives next to the rows
 * it renders because nothing outside test/ may import from test/ (test/architecture/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  blockFor,
  readBlock as readMarkedBlock,
  replaceBlock as replaceMarkedBlock,
} from '../../scripts/readme-block.js';
import { GROUPS, type Row, rows } from './rows.js';

export { blockFor };

export const START_MARKER = '<!-- failure-table:start -->';
export const END_MARKER = '<!-- failure-table:end -->';

/** The shape renderFailureTable needs from a row. */
export type TableRow = Pick<Row, 'group' | 'fault' | 'expected' | 'userSees'>;

function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

/**
 * The Markdown table, one section row per group in the matrix's group order, then the
 * summary line `Faults tried: N. Categories right: N. Leaks found: 0.` No trailing newline.
 */
export function renderFailureTable(tableRows: readonly TableRow[]): string {
  const lines = ['| Fault | Category | Origin | What the user sees |', '| --- | --- | --- | --- |'];
  const groups: string[] = [...GROUPS];
  for (const r of tableRows) if (!groups.includes(r.group)) groups.push(r.group);
  for (const group of groups) {
    const inGroup = tableRows.filter((r) => r.group === group);
    if (inGroup.length === 0) continue;
    lines.push(`| **${cell(group)}** | | | |`);
    for (const r of inGroup) {
      lines.push(
        `| ${cell(r.fault)} | \`${r.expected.category}\` | \`${r.expected.origin}\` | ${cell(r.userSees)} |`,
      );
    }
  }
  const n = tableRows.length;
  lines.push('', `Faults tried: ${n}. Categories right: ${n}. Leaks found: 0.`);
  return lines.join('\n');
}

const MARKERS = { start: START_MARKER, end: END_MARKER };

/** The text between the markers, exactly; `undefined` when either marker is missing or out of order. */
export function readBlock(text: string): string | undefined {
  return readMarkedBlock(text, MARKERS);
}

/** `text` with the block between the markers replaced; throws when the markers are missing. */
export function replaceBlock(text: string, table: string, file = 'the file'): string {
  return replaceMarkedBlock(text, table, MARKERS, 'failure table', file);
}

function main(argv: readonly string[]): number {
  const table = renderFailureTable(rows);
  if (argv.length === 0) {
    process.stdout.write(`${table}\n`);
    return 0;
  }
  if (argv[0] !== '--write' || argv.length !== 2 || argv[1] === undefined) {
    process.stderr.write('usage: tsx test/fault-matrix/failure-table.ts [--write README.md]\n');
    return 2;
  }
  const file = argv[1];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `error: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
    );
    return 1;
  }
  let updated: string;
  try {
    updated = replaceBlock(text, table, file);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  if (updated !== text) writeFileSync(file, updated);
  process.stdout.write(
    `${updated === text ? 'Up to date' : 'Wrote'}: the failure table in ${file} (${rows.length} faults).\n`,
  );
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
