/**
 * The doc-test's checker on made-up examples: it must find and name examples, and it must fail
 * an example whose output differs from its `// →` comments in any way (a wrong, a missing or an
 * extra line), or that throws, or that does not compile. A checker that always passes would
 * make the doc-test worthless.
 */
import { resolve } from 'node:path';

import { checkExample } from './helpers/doctest/check';
import { Example, extractExamples } from './helpers/doctest/extract';
import { typeCheck } from './helpers/doctest/typecheck';

/** A stand-in for the library: the checker only runs code, so any module will do. */
const modules = { spsolve: { twice: (x: number) => 2 * x } };

/** `code` as the only example of a documented function in a file 'lib/made-up.ts'; its first code line is line 5. */
function exampleOf(...code: string[]): Example {
  const text = ['/**', ' * Doubles x.', ' * @example', ' * ```ts', ...code.map((l) => ` * ${l}`.trimEnd()), ' * ```', ' */', 'export function twice(x: number) { return 2 * x; }'];
  const [example] = extractExamples('lib/made-up.ts', text.join('\n'));
  return example;
}

async function failuresOf(...code: string[]): Promise<string[]> {
  return (await checkExample(exampleOf(...code), modules)).failures;
}

describe('finding examples', () => {
  const text = [
    '/** Lines. */',
    'export class Grid {',
    '  /**',
    '   * Rows.',
    '   * @example',
    '   * ```ts',
    '   * const g = new Grid();',
    '   *   console.log(g.rows()); // → 2',
    '   * ```',
    '   */',
    '  rows(): number { return 2; }',
    '}',
    '/**',
    ' * @example',
    ' * ```ts',
    ' * console.log(ONE); // → 1',
    ' * ```',
    ' */',
    'export const ONE = 1;',
  ].join('\n');

  test('each block with the symbol it documents, its first line and its code', () => {
    const found = extractExamples('lib/grid.ts', text);
    expect(found.map(({ symbol, line }) => [symbol, line])).toEqual([
      ['Grid.rows', 7],
      ['ONE', 16],
    ]);
    expect(found[0].code).toBe('const g = new Grid();\n  console.log(g.rows()); // → 2');
  });

  test('an @example without a ```ts block is an error, not a skipped example', () => {
    expect(() => extractExamples('lib/x.ts', '/**\n * @example\n * twice(2)\n */\nexport const x = 1;')).toThrow('lib/x.ts:2: @example without');
  });
});

describe('comparing output', () => {
  test('an example printing what it says passes', async () => {
    expect(await failuresOf("import { twice } from 'spsolve';", '', 'console.log(twice(2), [1], "a"); // → 4 [ 1 ] a')).toEqual([]);
  });

  test('a wrong expectation fails, naming the line, the expected and the printed text', async () => {
    expect(await failuresOf("import { twice } from 'spsolve';", 'console.log(twice(2)); // → 5')).toEqual([
      'line 6: expected "5", the console.log on line 6 printed "4"',
    ]);
  });

  test('a missing output line fails', async () => {
    expect(await failuresOf('console.log(1); // → 1', '// → 2')).toEqual(['line 6: expected "2", but nothing more was printed']);
  });

  test('an extra output line fails, even from a console.log without any comment', async () => {
    expect(await failuresOf('console.log(1); // → 1', 'console.log(2);')).toEqual([
      'the console.log on line 6 printed "2", which no \'// →\' comment expects',
    ]);
    expect(await failuresOf('console.log(1); // 1, in the old style')).toHaveLength(1);
  });

  test('output is exact text: no tolerance for numbers', async () => {
    expect(await failuresOf('console.log(0.1 + 0.2); // → 0.3')).toEqual(['line 5: expected "0.3", the console.log on line 5 printed "0.30000000000000004"']);
    expect(await failuresOf('console.log((0.1 + 0.2).toFixed(6)); // → 0.300000')).toEqual([]);
  });

  test('lines of several calls, of a loop and of a multi-line text are read in order', async () => {
    const code = ['for (const k of [1, 2]) console.log(k);', '// → 1', '// → 2', "console.log('a\\n  b'); // → a", '// →   b'];
    expect(await failuresOf(...code)).toEqual([]);
    expect(await failuresOf(...code.slice(0, 4), '// → b')).toEqual(['line 9: expected "b", the console.log on line 8 printed "  b"']);
  });

  test("'// e.g.' output is printed but not compared; elsewhere 'e.g.' is just prose", async () => {
    expect(await failuresOf('console.log(Math.random()); // e.g. 0.25', 'console.log(1); // → 1')).toEqual([]);
    expect(await failuresOf('const x = 1; // e.g. any value', 'console.log(x); // → 1')).toEqual([]);
  });

  test('top-level await works, and what is printed after it counts', async () => {
    expect(await failuresOf('const x = await Promise.resolve(3);', 'console.log(x); // → 4')).toEqual([
      'line 6: expected "4", the console.log on line 6 printed "3"',
    ]);
  });

  test('an example that throws fails', async () => {
    const check = await checkExample(exampleOf("throw new RangeError('broken');"), modules);
    expect(check.ran).toBe(true);
    expect(check.failures).toEqual([expect.stringContaining('the example threw RangeError: broken')]);
  });
});

describe('compiling', () => {
  test('a type error fails the example, at its line, and the example does not run', async () => {
    const example = exampleOf("import { poisson2d } from 'spsolve';", '', 'const n: string = poisson2d(3).nrows;', 'console.log(n); // → 9');
    const [errors] = typeCheck([example], resolve(__dirname, '..'));
    expect(errors).toEqual([expect.stringMatching(/^line 7: TS2322: Type 'number' is not assignable to type 'string'/)]);
    expect(await checkExample(example, modules, errors)).toEqual({ ran: false, failures: errors });
  });
});
