/**
 * The size rules of functions/ and infra/: no source file over 300 lines, no function over
 * 60, unless a comment just before the function says why (it mentions "60 lines").
 */
import ts from 'typescript';

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 60;

/** A function over the limit: where it starts, what it is called, how long it is. */
export interface LongFunction {
  readonly line: number;
  readonly name: string;
  readonly lines: number;
}

/** Lines in a source file, a last line without its newline included. */
export function lineCount(source: string): number {
  return source.length === 0 ? 0 : source.split('\n').length - (source.endsWith('\n') ? 1 : 0);
}

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression;

function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

/** `run`, `Class.method`, `constructor`, the variable an arrow is assigned to, or `(anonymous)`. */
function nameOf(node: FunctionNode, file: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name !== undefined) return node.name.getText(file);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText(file);
  return '(anonymous)';
}

/**
 * The comment before a function: before the function itself, or before the statement or
 * property that holds it (`const run = () => ...`).
 */
function leadingComment(node: FunctionNode, source: string): string {
  let holder: ts.Node = node;
  while (
    ts.isVariableDeclaration(holder.parent) ||
    ts.isVariableDeclarationList(holder.parent) ||
    ts.isVariableStatement(holder.parent) ||
    ts.isPropertyAssignment(holder.parent) ||
    ts.isPropertyDeclaration(holder.parent)
  ) {
    holder = holder.parent;
  }
  const ranges = ts.getLeadingCommentRanges(source, holder.getFullStart()) ?? [];
  return ranges.map((r) => source.slice(r.pos, r.end)).join('\n');
}

/** Every function in `source` longer than `max` lines whose comment does not say why. */
export function longFunctions(
  source: string,
  max = MAX_FUNCTION_LINES,
  fileName = 'file.ts',
): LongFunction[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > max && !leadingComment(node, source).includes(`${max} lines`)) {
        found.push({ line: start + 1, name: nameOf(node, file), lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
