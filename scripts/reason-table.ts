/**
 * The README's reasons table, generated from the code: every reason of REASON_CATEGORY
 * (functions/shared/reasons.ts) with its category, meaning and fix (functions/engine/reason-texts.ts).
 *
 *   npm run docs:reasons                       # print the table
 *   npm run docs:reasons -- --write README.md  # replace the block between the markers
 *
 * test/unit/reason-table.test.ts fails when the README's block is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REASON_TEXTS } from '../functions/engine/reason-texts.js';
import { REASON_CATEGORY, REASONS } from '../functions/shared/reasons.js';
import { type Markers, replaceBlock } from './readme-block.js';

export const REASON_MARKERS: Markers = {
  start: '<!-- reason-table:start -->',
  end: '<!-- reason-table:end -->',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The Markdown table, one row per reason in REASONS order. No trailing newline. */
export function renderReasonTable(): string {
  const lines = ['| reason | category | what it means | fix |', '|---|---|---|---|'];
  for (const reason of REASONS) {
    const { meaning, fix } = REASON_TEXTS[reason];
    lines.push(`| \`${reason}\` | \`${REASON_CATEGORY[reason]}\` | ${cell(meaning)} | ${cell(fix)} |`);
  }
  return lines.join('\n');
}

/** The command: print the table, or write it into a file's block. Returns the exit code. */
export function main(argv: readonly string[]): number {
  const table = renderReasonTable();
  if (argv.length === 0) {
    process.stdout.write(`${table}\n`);
    return 0;
  }
  const file = argv[1];
  if (argv[0] !== '--write' || argv.length !== 2 || file === undefined) {
    process.stderr.write('usage: npm run docs:reasons [-- --write README.md]\n');
    return 2;
  }
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
    updated = replaceBlock(text, table, REASON_MARKERS, 'reason table', file);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  if (updated !== text) writeFileSync(file, updated);
  process.stdout.write(
    `${updated === text ? 'Up to date' : 'Wrote'}: the reason table in ${file} (${REASONS.length} reasons).\n`,
  );
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
