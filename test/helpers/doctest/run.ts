/**
 * Running an example in this process: the code is transpiled to CommonJS inside an async
 * function (examples may `await` at top level), `import ... from 'spsolve'` gets the library
 * module the caller passes, and every `console.log(...)` call is rewritten to record what it
 * prints together with its line, so that output can be matched to the comments that expect it.
 */
import * as ts from 'typescript';
import { format } from 'node:util';

import type { Example } from './extract';
import { isConsoleLogCall } from './transcript';

/** What one console.log call printed (console.log's own formatting) and its line in the documented file (0: unknown). */
export interface Printed {
  line: number;
  text: string;
}

const RECORD = '__doctestPrint';

/**
 * Runs the example to completion and returns what it printed. `modules` answers the example's
 * imports by name ('spsolve' -> the library under test); other names are required normally.
 * Throws what the example throws.
 */
export async function runExample(example: Example, modules: Record<string, unknown>): Promise<Printed[]> {
  const { outputText } = ts.transpileModule(example.code, {
    fileName: `${example.file}.example.ts`,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    transformers: { before: [recordConsoleLog(example.line)] },
  });
  const printed: Printed[] = [];
  // util.format is what console.log writes for its arguments (without colours, as to a file).
  const record = (line: number, ...args: unknown[]) => printed.push({ line, text: format(...args) });
  const load = (name: string): unknown => (name in modules ? modules[name] : require(name));
  // console.log passed around as a value (`xs.forEach(console.log)`) has no line; its output is still compared.
  const exampleConsole = Object.create(globalThis.console, { log: { value: (...args: unknown[]) => record(0, ...args) } });
  const body = new Function('require', 'exports', 'console', RECORD, `return (async () => {\n${outputText}\n})();`);
  await body(load, {}, exampleConsole, record);
  return printed;
}

/** console.log(args) -> __doctestPrint(<file line of the call's end>, args). */
function recordConsoleLog(firstLine: number): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (source) => {
    const visit = (node: ts.Node): ts.Node => {
      const visited = ts.visitEachChild(node, visit, context);
      if (!isConsoleLogCall(node) || !ts.isCallExpression(visited)) return visited;
      const line = firstLine + source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const { factory } = context;
      return factory.createCallExpression(factory.createIdentifier(RECORD), undefined, [factory.createNumericLiteral(line), ...visited.arguments]);
    };
    return ts.visitNode(source, visit, ts.isSourceFile);
  };
}
