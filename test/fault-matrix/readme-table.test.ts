import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blockFor,
  END_MARKER,
  readBlock,
  renderFailureTable,
  replaceBlock,
  START_MARKER,
} from './failure-table.js';
import { rows } from './rows.js';

const README = resolve(import.meta.dirname, '../../README.md');

function readme(): string {
  try {
    return readFileSync(README, 'utf8');
  } catch {
    return '';
  }
}

describe('the README failure table', () => {
  it('is the table generated from the fault matrix rows (npm run docs:failures -- --write README.md)', () => {
    const block = readBlock(readme());
    expect(
      block,
      `README.md needs the markers ${START_MARKER} and ${END_MARKER}; then run npm run docs:failures -- --write README.md`,
    ).toBeDefined();
    expect(block, 'README.md is out of date: run npm run docs:failures -- --write README.md').toBe(
      blockFor(renderFailureTable(rows)),
    );
    expect(block).toMatch(new RegExp(`^Faults tried: ${rows.length}\\. `, 'm'));
  });

  it('renders one row per fault, grouped, with the summary line last', () => {
    const table = renderFailureTable(rows);
    const lines = table.split('\n');
    expect(lines[0]).toBe('| Fault | Category | Origin | What the user sees |');
    const faultLines = lines.filter((l) => l.startsWith('| ') && !/^\| (\*\*|---|Fault \|)/.test(l));
    expect(faultLines).toHaveLength(rows.length);
    expect(lines.at(-1)).toBe(
      `Faults tried: ${rows.length}. Categories right: ${rows.length}. Leaks found: 0.`,
    );
    // Every line of the table has exactly four cells (escaped pipes do not split).
    for (const line of lines.filter((l) => l.startsWith('|'))) {
      expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    }
  });

  it('replaces only the text between the markers, and refuses a file without them', () => {
    const text = `# Title\n\n${START_MARKER}\nold\n${END_MARKER}\n\nAfter.\n`;
    const out = replaceBlock(text, 'TABLE');
    expect(out).toBe(`# Title\n\n${START_MARKER}\nTABLE\n${END_MARKER}\n\nAfter.\n`);
    expect(replaceBlock(out, 'TABLE')).toBe(out);
    expect(() => replaceBlock('# No markers\n', 'TABLE', 'README.md')).toThrow(
      /README\.md has no failure table markers/,
    );
  });
});
