import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  findCycles,
  formatCycle,
  type ImportGraph,
  importSpecifiers,
  importsInto,
  listSources,
  resolveSpecifier,
} from './import-graph.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Product code, the CDK app, the benchmark and scripts: none of it may depend on the tests. */
const SCANNED = ['functions', 'infra', 'bench', 'scripts'] as const;

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe('the import rules, on fixture graphs', () => {
  it('find every kind of module specifier, type-only and dynamic ones included', () => {
    const source = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import './side-effect.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "export type { E } from './e.js';",
      "import f = require('./f.js');",
      "type G = typeof import('./g.js');",
      "async function h() { return import('./h.js'); }",
      "const i = require('./i.js');",
      "import { readFile } from 'node:fs';",
      "// import './commented-out.js';",
      'const text = "import \'./in-a-string.js\'";',
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      './a.js',
      './b.js',
      './side-effect.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
      './g.js',
      './h.js',
      './i.js',
      'node:fs',
    ]);
  });

  it('resolve relative specifiers to repository files and ignore packages', () => {
    const files = new Set(['functions/cli/demo.ts', 'functions/simulator/index.ts', 'test/support/x.ts']);
    const exists = (p: string) => files.has(p);
    expect(resolveSpecifier('functions/cli/run-cli.ts', './demo.js', exists)).toBe('functions/cli/demo.ts');
    expect(resolveSpecifier('functions/cli/run-cli.ts', '../simulator', exists)).toBe(
      'functions/simulator/index.ts',
    );
    expect(resolveSpecifier('bench/bench.ts', '../test/support/x.js', exists)).toBe('test/support/x.ts');
    expect(resolveSpecifier('bench/bench.ts', 'zod/mini', exists)).toBeUndefined();
    expect(resolveSpecifier('bench/bench.ts', 'node:fs', exists)).toBeUndefined();
  });

  it('report imports into test/ from outside it, and only those', () => {
    const graph = graphOf({
      'functions/cli/demo.ts': ['test/support/notion-simulator.ts', 'functions/cli/run-cli.ts'],
      'bench/workload.ts': ['functions/simulator/types.ts'],
      'test/unit/a.test.ts': ['test/support/helper.ts', 'functions/cli/demo.ts'],
      'scripts/table.ts': ['test/fault-matrix/rows.ts'],
    });
    expect(importsInto(graph, 'test')).toEqual([
      { from: 'functions/cli/demo.ts', to: 'test/support/notion-simulator.ts' },
      { from: 'scripts/table.ts', to: 'test/fault-matrix/rows.ts' },
    ]);
    expect(importsInto(graphOf({ 'functions/a.ts': ['testing/b.ts'] }), 'test')).toEqual([]);
  });

  it('report each cycle as a path back to where it starts', () => {
    const graph = graphOf({
      'cli/demo.ts': ['cli/run-cli.ts', 'config/schema.ts'],
      'cli/run-cli.ts': ['cli/demo.ts', 'config/schema.ts'],
      'handler/create.ts': ['handler/log.ts'],
      'handler/log.ts': ['handler/types.ts'],
      'handler/types.ts': ['handler/create.ts'],
      'self.ts': ['self.ts'],
      'config/schema.ts': ['shared/categories.ts'],
    });
    expect(findCycles(graph).map(formatCycle).sort()).toEqual([
      'cli/demo.ts -> cli/run-cli.ts -> cli/demo.ts',
      'handler/create.ts -> handler/log.ts -> handler/types.ts -> handler/create.ts',
      'self.ts -> self.ts',
    ]);
  });

  it('find no cycle in a graph without one, diamonds and shared leaves included', () => {
    const graph = graphOf({
      'a.ts': ['b.ts', 'c.ts'],
      'b.ts': ['d.ts'],
      'c.ts': ['d.ts', 'b.ts'],
      'd.ts': [],
      'e.ts': ['a.ts', 'd.ts'],
    });
    expect(findCycles(graph)).toEqual([]);
    const chain = graphOf(
      Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`m${i}.ts`, [`m${i + 1}.ts`]])),
    );
    expect(findCycles(chain)).toEqual([]);
  });
});

describe('the repository', () => {
  const files = listSources(ROOT, SCANNED);
  const graph = buildGraph(ROOT, files);

  it('is scanned: the entry points are in the graph', () => {
    expect(files).toEqual(
      expect.arrayContaining(['functions/cli/main.ts', 'functions/handler/index.ts', 'infra/app.ts']),
    );
  });

  it('has no import from test/ in functions/, infra/, bench/ or scripts/', () => {
    expect(importsInto(graph, 'test').map((i) => `${i.from} imports ${i.to}`)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map(formatCycle)).toEqual([]);
  });
});
