/**
 * The repository's local import graph, for the layering rules in imports.test.ts. The rules
 * themselves are pure functions over a map of file -> imported files, so the test can prove
 * them on tiny fixture graphs before trusting them on the real one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** Repository-relative paths with `/`: each file and the local files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Every module specifier in a TypeScript source: static imports and re-exports (type-only
 * ones too: a type cycle is still a cycle between two files), dynamic `import()`,
 * `import x = require()`, `require()` and `import('…')` types.
 */
export function importSpecifiers(source: string, fileName = 'file.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => {
    if (node !== undefined && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      literal(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isImport || isRequire) literal(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      literal(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * The repository-relative file a relative specifier names (`./x.js` is `x.ts`, as NodeNext
 * resolution writes it); `undefined` for packages and `node:` built-ins.
 */
export function resolveSpecifier(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [target.replace(/\.(m|c)?js$/, '.$1ts'), target, `${target}.ts`, `${target}/index.ts`];
  return candidates.find(exists) ?? candidates[0];
}

/** Every `.ts` file under `dirs` (relative to `root`), skipping dependencies and build output. */
export function listSources(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'cdk.out') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        out.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return out.sort();
}

/** The graph of `files`: each with the local files it imports, in source order, once each. */
export function buildGraph(root: string, files: readonly string[]): ImportGraph {
  const exists = (path: string) => existsSync(join(root, path));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    const targets = importSpecifiers(source, file)
      .map((s) => resolveSpecifier(file, s, exists))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** One import that breaks a layering rule. */
export interface ForbiddenImport {
  readonly from: string;
  readonly to: string;
}

/** Imports of anything under `forbiddenDir` (e.g. `test/`) by files outside it. */
export function importsInto(graph: ImportGraph, forbiddenDir: string): ForbiddenImport[] {
  const prefix = forbiddenDir.endsWith('/') ? forbiddenDir : `${forbiddenDir}/`;
  const out: ForbiddenImport[] = [];
  for (const [from, targets] of graph) {
    if (from.startsWith(prefix)) continue;
    for (const to of targets) if (to.startsWith(prefix)) out.push({ from, to });
  }
  return out;
}

/**
 * One cycle per strongly connected component that has one, as a path that starts and ends
 * at the same file (`a.ts -> b.ts -> a.ts`). Empty when the graph is acyclic.
 */
export function findCycles(graph: ImportGraph): string[][] {
  return stronglyConnected(graph)
    .filter(
      (component) =>
        component.length > 1 || (graph.get(component[0] ?? '') ?? []).includes(component[0] ?? ''),
    )
    .map((component) => cycleWithin(graph, new Set(component)));
}

/** `a -> b -> a` */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ');
}

// Tarjan's algorithm, iterative so a deep chain of imports cannot overflow the stack.
function stronglyConnected(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flat()])].sort();
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; edge: number };
      const edges = graph.get(frame.node) ?? [];
      const to = edges[frame.edge++];
      if (to !== undefined) {
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(to) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort());
      }
    }
  }
  return components;
}

// A shortest path back to the component's first file, by breadth-first search inside it.
function cycleWithin(graph: ImportGraph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const to of graph.get(node) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) {
          path.push(at);
        }
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
