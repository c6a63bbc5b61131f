/**
 * The doc-test: every `@example` in lib/ (a fenced ```ts block in a JSDoc comment) compiles, runs
 * and prints what its comments say. One test per example, named after the file and the symbol it
 * documents.
 *
 * Compiling: all examples form one program with the options of tsconfig.json, `'spsolve'`
 * resolving to lib/index.ts, as ES modules (so an example may `await` at top level).
 *
 * Running: in this process, one example after another, `import ... from 'spsolve'` getting lib/.
 * Each starts as a fresh process without SPSOLVE_THREADS would: thread policy 'auto', and a
 * current directory of its own (an empty temporary one, so files an example writes go there).
 * Each must dispose of every factor it makes: an example is code to copy.
 *
 * Expected output, one line per `// →` comment:
 *
 *   console.log(x.nrows, x.ncols); // → 100 2
 *   console.log(text);
 *   // → first line of text
 *   // → second line of text
 *   console.log(buildInfo().blas); // e.g. OpenBLAS 0.3.21 (SkylakeX)
 *
 * - A console.log prints what it prints to a file: util.format of its arguments, that is strings
 *   as they are and other values by util.inspect, separated by one space (`console.log('n', 2,
 *   [1])` prints `n 2 [ 1 ]`; a Float64Array prints as `Float64Array(2) [ 0.5, 0.25 ]`).
 * - The `// →` texts, read top to bottom, are the whole output: each printed line is compared with
 *   the next one, so a wrong, a missing and an extra line all fail. A console.log whose output
 *   takes several lines has its first expected line after it or below it, the others below.
 * - Comparison is exact text (trailing spaces aside). Numbers too: there is no tolerance. An
 *   example whose last digits depend on rounding prints rounded numbers (`x.toFixed(6)`, or
 *   `v.map((x) => +x.toFixed(9))` for an array), which says to the reader how exact it is.
 * - `// e.g. ...` after a console.log marks output that genuinely varies (build and machine
 *   information, timings): printed, not compared. Keep these few.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

import * as spsolve from '../lib';
import { checkExample, describeFailure } from './helpers/doctest/check';
import { Example, extractExamples } from './helpers/doctest/extract';
import { typeCheck } from './helpers/doctest/typecheck';

const REPO = resolve(__dirname, '..');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? typeScriptFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []))
    .sort();
}

const sources = typeScriptFiles(join(REPO, 'lib')).map((path) => ({ file: relative(REPO, path), text: readFileSync(path, 'utf8') }));
const examples: Example[] = sources.flatMap(({ file, text }) => extractExamples(file, text));
const ran = new Set<Example>();
// The system-library build has no AMG (docs/building.md): there, an example that builds a
// hierarchy must fail with the typed error that says so, instead of printing its output.
const needsAmg = (example: Example) => /\bamg(Async)?\(|new AMG\(/.test(example.code);
const buildHasAmg = spsolve.buildInfo().amg;
let typeErrors: Map<Example, string[]>;
let startDirectory: string;
let startThreads: spsolve.ThreadPolicy;

beforeAll(() => {
  typeErrors = new Map(typeCheck(examples, REPO).map((errors, i) => [examples[i], errors]));
  startDirectory = process.cwd();
  startThreads = spsolve.getThreads();
});

afterAll(() => {
  spsolve.setThreads(startThreads);
});

for (const file of new Set(examples.map((e) => e.file))) {
  describe(file, () => {
    const seen = new Map<string, number>();
    for (const example of examples.filter((e) => e.file === file)) {
      const count = (seen.get(example.symbol) ?? 0) + 1;
      seen.set(example.symbol, count);
      test(count === 1 ? example.symbol : `${example.symbol} (${count})`, async () => {
        const directory = mkdtempSync(join(tmpdir(), 'spsolve-doctest-'));
        process.chdir(directory);
        spsolve.setThreads('auto');
        const handles = spsolve.liveHandles();
        try {
          const check = await checkExample(example, { spsolve }, typeErrors.get(example));
          if (check.ran) ran.add(example);
          if (!buildHasAmg && needsAmg(example)) {
            expect(check.failures.join('\n')).toMatch(/AMG_UNAVAILABLE|has no AMG/);
            return;
          }
          const leaked = spsolve.liveHandles() - handles;
          if (check.ran && leaked > 0) check.failures.push(`leaves ${leaked} factor(s) undisposed`);
          if (check.failures.length > 0) {
            const message = describeFailure(example, check.failures);
            throw Object.assign(new Error(message), { stack: message }); // the place in this file would say nothing
          }
        } finally {
          process.chdir(startDirectory);
          rmSync(directory, { recursive: true, force: true });
        }
      });
    }
  });
}

test('every @example in lib/ ran', () => {
  // Counted as `grep -c @example` would, independently of the extractor.
  const tags = sources.reduce((n, { text }) => n + (text.match(/@example\b/g) ?? []).length, 0);
  expect(examples.length).toBe(tags);
  expect(ran.size).toBe(examples.length);
  console.log(`doc-test: ${ran.size} examples from ${new Set(examples.map((e) => e.file)).size} files ran`);
});
