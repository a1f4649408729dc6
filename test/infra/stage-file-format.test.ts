import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = join(ROOT, 'infra/config/example.json');

interface Run {
  readonly code: number;
  readonly output: string;
}

/** Runs Biome as `npm test` does, from the repository root; `input` goes to its stdin. */
function biome(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      'npx',
      ['biome', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The example as another JSON writer would save it: keys in reverse order, 4-space indent, CRLF. */
function rewrittenExample(): string {
  const reversed = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reversed);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    );
  };
  return `${JSON.stringify(reversed(JSON.parse(readFileSync(EXAMPLE, 'utf8'))), null, 4).replace(/\n/g, '\r\n')}\r\n`;
}

describe('a stage file is data: its formatting is the user’s business', () => {
  it('Biome ignores infra/config/<stage>.json written by another JSON writer, and still checks the example', async () => {
    const text = rewrittenExample();
    // The control: where Biome does look, this text fails its format check.
    const control = await biome(['check', '--stdin-file-path=infra/config/example.json'], text);
    expect(control.code).toBe(1);

    const file = join(ROOT, 'infra/config', `format-test-${process.pid}-${Date.now()}.json`);
    try {
      writeFileSync(file, text);
      // What `npm test` and `.ci/run` run first.
      const lint = await biome(['check', '.']);
      expect(lint.output).not.toContain('format-test-');
      expect(lint.code).toBe(0);
      // The folder holds two files; only the example is checked.
      const folder = await biome(['check', 'infra/config']);
      expect(folder.output).toContain('Checked 1 file');
      expect(folder.code).toBe(0);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
