/**
 * What an example says it prints, read from its comments:
 *
 *   console.log(a, b); // → 2 true        one line of expected output
 *   console.log(text);                    a call printing several lines...
 *   // → first line                       ...has one `// →` comment line per output line
 *   // → second line
 *   console.log(buildInfo()); // e.g. …   output that varies: printed, never compared
 *
 * Read top to bottom, the `// →` texts are the example's whole output, line by line.
 */
import * as ts from 'typescript';

import type { Example } from './extract';

/** One expected line of output and the line (in the documented file) of the comment giving it. */
export interface ExpectedLine {
  line: number;
  text: string;
}

export interface Transcript {
  /** The `// →` texts in source order. */
  expected: ExpectedLine[];
  /** File lines of console.log calls marked `// e.g.`: their output is not compared. */
  unchecked: Set<number>;
}

export const ARROW = '→';
const EXAMPLE_OUTPUT = 'e.g.';

/** Reads the expectations of an example (no code runs). */
export function readTranscript(example: Example): Transcript {
  const source = ts.createSourceFile('example.ts', example.code, ts.ScriptTarget.Latest, true);
  const fileLine = (position: number) => example.line + source.getLineAndCharacterOfPosition(position).line;
  // A call's line is where it ends: there its trailing comment is.
  const calls = consoleLogCalls(source).map((call) => fileLine(call.getEnd()));
  const expected: ExpectedLine[] = [];
  const unchecked = new Set<number>();
  for (const comment of lineComments(source)) {
    const text = example.code.slice(comment.pos + 2, comment.end).trimStart();
    const line = fileLine(comment.pos);
    if (text.startsWith(ARROW)) {
      // One space after the arrow separates it; more is the output's own indentation.
      expected.push({ line, text: text.slice(ARROW.length).replace(/^ /, '').trimEnd() });
    } else if (text.startsWith(EXAMPLE_OUTPUT) && calls.includes(line)) {
      // Elsewhere 'e.g.' is prose; a misplaced marker leaves the output unexpected, which fails.
      unchecked.add(line);
    }
  }
  return { expected, unchecked };
}

/** Is `node` a call `console.log(...)`? */
export function isConsoleLogCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const { expression, name } = node.expression;
  return ts.isIdentifier(expression) && expression.text === 'console' && name.text === 'log';
}

function consoleLogCalls(source: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (isConsoleLogCall(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

/** Every `// ...` comment of the file, in order (taken from the syntax tree, so `//` inside a string is no comment). */
function lineComments(source: ts.SourceFile): ts.CommentRange[] {
  const found = new Map<number, ts.CommentRange>();
  const text = source.text;
  const visit = (node: ts.Node): void => {
    const around = [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])];
    for (const range of around) if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia) found.set(range.pos, range);
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}
