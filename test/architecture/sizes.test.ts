import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSources } from './import-graph.js';
import { lineCount, longFunctions, MAX_FILE_LINES } from './sizes.js';

const ROOT = resolve(import.meta.dirname, '../..');

const body = (lines: number) => Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('the size rules, on fixtures', () => {
  it('count lines as wc -l does, a last line without a newline included', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });

  it('find every kind of function over the limit, and name it', () => {
    const source = [
      `function declared() {\n${body(3)}\n}`,
      `const arrow = () => {\n${body(3)}\n};`,
      `class C {\n  constructor() {\n${body(3)}\n  }\n  method() {\n${body(3)}\n  }\n  get value() {\n${body(3)}\n  }\n}`,
      `export const handlers = { run: function () {\n${body(3)}\n} };`,
      `call(() => {\n${body(3)}\n});`,
      'function short() {\n  return 1;\n}',
    ].join('\n');
    expect(longFunctions(source, 4).map((f) => [f.name, f.lines])).toEqual([
      ['declared', 5],
      ['arrow', 5],
      ['constructor', 5],
      ['method', 5],
      ['value', 5],
      ['run', 5],
      ['(anonymous)', 5],
    ]);
  });

  it('count a function exactly at the limit as within it, one line more as over it', () => {
    expect(longFunctions(`function f() {\n${body(58)}\n}`)).toEqual([]);
    expect(longFunctions(`function f() {\n${body(59)}\n}`)).toEqual([{ line: 1, name: 'f', lines: 61 }]);
  });

  it('let a comment that says why keep a long function, and only that comment', () => {
    const why = '// Over 60 lines: one flat table of cases reads better than pieces of it.\n';
    expect(longFunctions(`${why}function f() {\n${body(70)}\n}`)).toEqual([]);
    expect(longFunctions(`${why}export const f = () => {\n${body(70)}\n};`)).toEqual([]);
    expect(longFunctions(`/** Does things. */\nfunction f() {\n${body(70)}\n}`)).toHaveLength(1);
    expect(longFunctions(`${why}function f() {}\nfunction g() {\n${body(70)}\n}`)).toHaveLength(1);
  });
});

describe('functions/ and infra/', () => {
  const files = listSources(ROOT, ['functions', 'infra']);
  const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

  it('are scanned', () => {
    expect(files).toEqual(expect.arrayContaining(['functions/handler/index.ts', 'infra/notion-monitor.ts']));
  });

  it(`have no source file over ${MAX_FILE_LINES} lines`, () => {
    const long = files.map((f) => [f, lineCount(read(f))] as const).filter(([, n]) => n > MAX_FILE_LINES);
    expect(long.map(([f, n]) => `${f}: ${n} lines`)).toEqual([]);
  });

  it('have no function over 60 lines without a comment that says why', () => {
    const long = files.flatMap((f) => longFunctions(read(f), undefined, f).map((l) => ({ f, ...l })));
    expect(long.map(({ f, line, name, lines }) => `${f}:${line} ${name}: ${lines} lines`)).toEqual([]);
  });
});
