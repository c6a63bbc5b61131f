/**
 * Finds where TypeScript under test/ depends on bench/: dependencies run one way (bench/ may
 * import test helpers, never the reverse), so that the test suite can be read, run and moved
 * without the benchmarks. Parsed with the TypeScript compiler rather than matched line by line,
 * so that comments, which may well mention bench/, are not findings.
 *
 * Two kinds of finding:
 * - a module specifier (import, export … from, import type, require, require.resolve, import(),
 *   jest.mock and friends) that resolves into bench/ or its compiled copy dist/bench/;
 * - any other string naming a path under bench/ ('dist/bench/x.js', a 'bench' segment given
 *   to path.join, a template `${root}/bench/`): the way a test runs a bench script.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface BenchDependency {
  /** Relative to the repository, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  what: string;
  /** The line itself, trimmed. */
  code: string;
}

/** A relative path (from the repository root) inside bench/ or dist/bench/. */
const UNDER_BENCH = /^(dist[\\/])?bench([\\/]|$)/;
/** A string holding a whole path segment `bench`: 'bench', '../bench/x', 'dist/bench/x.js'. */
const NAMES_BENCH_SEGMENT = /(^|[\\/])bench([\\/]|$)/;
/** jest's functions that take a module path. */
const JEST_MODULE_FUNCTIONS = new Set(['mock', 'doMock', 'unmock', 'dontMock', 'requireActual', 'requireMock', 'createMockFromModule', 'setMock']);

function isRequireLike(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true; // import('…')
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const object = callee.expression.text;
    const method = callee.name.text;
    return (object === 'require' && method === 'resolve') || (object === 'jest' && JEST_MODULE_FUNCTIONS.has(method));
  }
  return false;
}

/** The string literal naming a module at `node`, if `node` is an import of some kind. */
function moduleSpecifierOf(node: ts.Node): ts.StringLiteralLike | undefined {
  let specifier: ts.Node | undefined;
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier = node.moduleSpecifier;
  else if (ts.isExternalModuleReference(node)) specifier = node.expression;
  else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier = node.argument.literal;
  else if (ts.isCallExpression(node) && isRequireLike(node.expression)) specifier = node.arguments[0];
  return specifier && ts.isStringLiteralLike(specifier) ? specifier : undefined;
}

/** Where `specifier`, imported from `file`, points, if that is bench/ or dist/bench/. */
function benchModule(repo: string, file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return NAMES_BENCH_SEGMENT.test(specifier) ? specifier : undefined;
  const target = path.relative(repo, path.resolve(path.dirname(file), specifier));
  return UNDER_BENCH.test(target) ? target.split(path.sep).join('/') : undefined;
}

/** The literal text pieces of a string-like node: a string, or the fixed parts of a template. */
function stringPieces(node: ts.Node): string[] {
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  return [];
}

/** The bench/ dependencies of one source file (`file`: its absolute path, which relative imports resolve against). */
export function benchDependenciesOfSource(repo: string, file: string, source: string): BenchDependency[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: BenchDependency[] = [];
  const specifiers = new Set<ts.Node>();
  const lines = source.split('\n');
  const add = (node: ts.Node, what: string) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    found.push({ file: path.relative(repo, file).split(path.sep).join('/'), line: line + 1, what, code: lines[line].trim() });
  };
  const visit = (node: ts.Node): void => {
    const specifier = moduleSpecifierOf(node);
    if (specifier) {
      specifiers.add(specifier);
      const target = benchModule(repo, file, specifier.text);
      if (target !== undefined) add(specifier, `imports '${specifier.text}' (${target})`);
    } else if (!specifiers.has(node)) {
      const piece = stringPieces(node).find((text) => NAMES_BENCH_SEGMENT.test(text));
      if (piece !== undefined) add(node, `names a path under bench/: ${node.getText(sourceFile)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function typeScriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(full);
    return /\.[cm]?tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The bench/ dependencies of every TypeScript file under `dir` (absolute). */
export function benchDependenciesUnder(repo: string, dir: string): BenchDependency[] {
  return typeScriptFiles(dir).sort().flatMap((file) => benchDependenciesOfSource(repo, file, fs.readFileSync(file, 'utf8')));
}
