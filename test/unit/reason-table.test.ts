import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REASON_TEXTS } from '../../functions/engine/reason-texts.js';
import { REASONS } from '../../functions/shared/reasons.js';
import { blockFor, readBlock } from '../../scripts/readme-block.js';
import { REASON_MARKERS, renderReasonTable } from '../../scripts/reason-table.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function npm(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', [...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? -1), stdout, stderr });
    });
  });
}

describe("the README's reasons table", () => {
  it('is the table generated from the code (npm run docs:reasons -- --write README.md)', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = readBlock(readme, REASON_MARKERS);
    expect(block, 'README.md needs the reason-table markers').toBeDefined();
    expect(block, 'README.md is out of date: run npm run docs:reasons -- --write README.md').toBe(
      blockFor(renderReasonTable()),
    );
  });

  it('has one row per reason, each with its category, a one-line meaning and fix', () => {
    const rows = renderReasonTable().split('\n').slice(2);
    expect(rows.map((r) => /^\| `([a-z0-9_]+)` \|/.exec(r)?.[1])).toEqual([...REASONS]);
    for (const reason of REASONS) {
      const { meaning, fix } = REASON_TEXTS[reason];
      for (const text of [meaning, fix]) expect(text, reason).toMatch(/^[A-Z`].*[.)]$/);
      expect(`${meaning}${fix}`, reason).not.toMatch(/\n/);
    }
  });

  it('npm run docs:reasons prints the table, and --write updates a copy of the README', async () => {
    const printed = await npm(['run', '--silent', 'docs:reasons']);
    expect(printed).toMatchObject({ code: 0, stdout: `${renderReasonTable()}\n` });
    const dir = await mkdtemp(join(tmpdir(), 'reason-table-'));
    try {
      const copy = join(dir, 'README.md');
      await writeFile(copy, `# T\n\n${REASON_MARKERS.start}\nold\n${REASON_MARKERS.end}\n`);
      const written = await npm(['run', '--silent', 'docs:reasons', '--', '--write', copy]);
      expect(written.code).toBe(0);
      expect(written.stdout).toContain(`Wrote: the reason table in ${copy} (${REASONS.length} reasons).`);
      expect(readBlock(await readFile(copy, 'utf8'), REASON_MARKERS)).toBe(blockFor(renderReasonTable()));
      const none = join(dir, 'none.md');
      await writeFile(none, '# no markers\n');
      const refused = await npm(['run', '--silent', 'docs:reasons', '--', '--write', none]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('has no reason table markers');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
