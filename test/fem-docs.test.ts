/**
 * The reference part of docs/fem.md: every code block marked ```ts doctest is a complete
 * program, type-checked against the package and run, and must print what its `// →` comments
 * say (the rules of test/doctest.test.ts). The other ```ts blocks of the page are excerpts of
 * the examples it walks through (examples/fem-gradient.ts, and the mesh examples of "Real
 * meshes"), checked by test/examples-fem-gradient.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import * as spsolve from '../lib';
import { checkExample, describeFailure } from './helpers/doctest/check';
import type { Example } from './helpers/doctest/extract';
import { typeCheck } from './helpers/doctest/typecheck';

const REPO = resolve(__dirname, '..');
const FILE = 'docs/fem.md';
const text = readFileSync(join(REPO, FILE), 'utf8');
const examples: Example[] = [];
for (const match of text.matchAll(/^```ts doctest\n([\s\S]*?)^```$/gm)) {
  const line = text.slice(0, match.index).split('\n').length + 1;
  examples.push({ file: FILE, symbol: `block at line ${line - 1}`, line, code: match[1].replace(/\n$/, '') });
}

let typeErrors: string[][];
beforeAll(() => {
  typeErrors = typeCheck(examples, REPO);
});

test('the reference part has its runnable blocks', () => {
  expect(examples.length).toBeGreaterThanOrEqual(4);
});

test.each(examples.map((example, i) => [example.symbol, i] as const))('%s', async (_name, i) => {
  const directory = mkdtempSync(join(tmpdir(), 'spsolve-femdoc-'));
  const start = process.cwd();
  process.chdir(directory);
  const handles = spsolve.liveHandles();
  try {
    const check = await checkExample(examples[i], { spsolve }, typeErrors[i]);
    expect(check.ran).toBe(true);
    if (spsolve.liveHandles() > handles) check.failures.push('leaves a factor undisposed');
    if (check.failures.length > 0) throw new Error(describeFailure(examples[i], check.failures));
  } finally {
    process.chdir(start);
    rmSync(directory, { recursive: true, force: true });
  }
});
