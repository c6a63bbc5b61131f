/**
 * Type-checking examples as a user's files: one program holding every example (as an in-memory
 * file) with the compiler options of the project's tsconfig.json, `'spsolve'` resolving to
 * lib/index.ts, and ES modules so that an example may `await` at top level.
 */
import * as ts from 'typescript';
import { join } from 'node:path';

import type { Example } from './extract';

/** For each example (same order), its compile errors as messages naming lines of the documented file. */
export function typeCheck(examples: Example[], repo: string): string[][] {
  const options = compilerOptions(repo);
  const virtual = new Map(examples.map((example, i) => [join(repo, '.doctest', `${example.file}.${i}.ts`), example]));
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path)?.code ?? readFile.call(host, path);
  host.getSourceFile = (path, language, ...rest) => {
    const example = virtual.get(path);
    return example ? ts.createSourceFile(path, example.code, language, true) : getSourceFile.call(host, path, language, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return [...virtual].map(([path, example]) => {
    const source = program.getSourceFile(path)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    return diagnostics.map((d) => {
      const line = example.line + source.getLineAndCharacterOfPosition(d.start ?? 0).line;
      return `line ${line}: TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
}

function compilerOptions(repo: string): ts.CompilerOptions {
  const configPath = join(repo, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repo, undefined, configPath);
  return {
    ...options,
    noEmit: true,
    module: ts.ModuleKind.ES2022, // top-level await; resolution stays the project's
    baseUrl: repo,
    paths: { spsolve: ['lib/index.ts'] },
  };
}
