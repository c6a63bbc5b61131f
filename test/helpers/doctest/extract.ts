/**
 * Finding the `@example` blocks of a TypeScript file: every JSDoc comment is scanned as text (so
 * no example can hide from the count), and the file's syntax tree only says which declaration
 * each comment documents, to name the test after it.
 */
import * as ts from 'typescript';

/** One fenced ```ts block after an `@example` tag. */
export interface Example {
  /** The file it is documented in, relative to the repository ('lib/cholmod/factor.ts'). */
  file: string;
  /** The declaration the comment documents: 'cholesky', 'Factor.solve', ... */
  symbol: string;
  /** Line (1-based, in `file`) of the example's first line of code: line k of `code` is `line + k`. */
  line: number;
  /** The code inside the fence, without the comment's leading ` * `. */
  code: string;
}

const JSDOC_COMMENT = /\/\*\*[\s\S]*?\*\//g;
const OPENING_FENCE = /^```(ts|typescript)\s*$/;

/** Every `@example` in `text` (the contents of `file`), in file order. Throws for an example without a ```ts block. */
export function extractExamples(file: string, text: string): Example[] {
  const owners = commentOwners(file, text);
  const examples: Example[] = [];
  for (const comment of text.matchAll(JSDOC_COMMENT)) {
    const start = comment.index!;
    const firstLine = lineAt(text, start);
    const lines = comment[0].split('\n').map(stripCommentMargin);
    for (let i = 0; i < lines.length; i++) {
      if (!/(^|\s)@example\b/.test(lines[i])) continue;
      const block = fencedBlock(lines, i + 1);
      if (!block) throw new Error(`${file}:${firstLine + i}: @example without a fenced \`\`\`ts block after it`);
      examples.push({
        file,
        symbol: owners.get(start) ?? 'module',
        line: firstLine + block.first,
        code: lines.slice(block.first, block.end).join('\n'),
      });
      i = block.end;
    }
  }
  return examples;
}

/** ' * code' -> 'code'; keeps the code's own indentation (one space after the star is the margin). */
function stripCommentMargin(line: string): string {
  return line.replace(/^\s*\/?\*\*?(?: |$)/, '').replace(/\s*\*\/$/, '');
}

/** The code lines [first, end) of the first fence starting at or after `from`, before any other tag. */
function fencedBlock(lines: string[], from: number): { first: number; end: number } | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i].trim();
    if (OPENING_FENCE.test(line)) {
      const close = lines.findIndex((l, k) => k > i && l.trim() === '```');
      return close < 0 ? undefined : { first: i + 1, end: close };
    }
    if (line.startsWith('@') || line.startsWith('```')) return undefined;
  }
  return undefined;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Start offset of each JSDoc comment -> the name of the declaration it documents. */
function commentOwners(file: string, text: string): Map<number, string> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const owners = new Map<number, string>();
  const visit = (node: ts.Node): void => {
    // The parser attaches each JSDoc comment to the node it precedes (not part of the public API).
    for (const doc of (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []) {
      const name = declarationName(node);
      if (name && !owners.has(doc.pos)) owners.set(doc.pos, name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return owners;
}

function declarationName(node: ts.Node): string | undefined {
  if (ts.isVariableStatement(node)) return declarationName(node.declarationList.declarations[0]);
  if (ts.isConstructorDeclaration(node)) return `new ${declarationName(node.parent)}`;
  const name = (node as { name?: ts.Node }).name;
  if (!name || !(ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))) return undefined;
  const member = ts.isClassElement(node) || ts.isTypeElement(node);
  const owner = member ? declarationName(node.parent) : undefined;
  return owner ? `${owner}.${name.text}` : name.text;
}
