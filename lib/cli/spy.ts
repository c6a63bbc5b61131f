/**
 * `spsolve spy A.mtx -o A.png [--factor]`: the pattern of A, or of L.
 * @internal
 * @module
 */
import { writeFileSync } from 'node:fs';

import { spyFormatOf } from '../plot';
import { spyPng } from '../plot/png';
import { spySvg } from '../plot/svg';
import type { CscMatrix } from '../sparse/csc';
import { factorOptions, FACTOR_OPTIONS, integerOption, parseCommand, positionals } from './args';
import { EXIT, fileError, UsageError, type ExitCode } from './exit';
import { count } from './format';
import { factorize, readSparse } from './matrix';
import { Progress } from './progress';

export async function spyCommand(argv: string[], print: (text: string) => void): Promise<ExitCode> {
  const { values, positionals: given } = parseCommand('spy', argv, {
    ...FACTOR_OPTIONS,
    output: { type: 'string', short: 'o' },
    factor: { type: 'boolean' },
    size: { type: 'string' },
    'no-mirror': { type: 'boolean' },
  });
  const [path] = positionals('spy', given, 1, 1, 'the matrix file (spsolve spy A.mtx -o A.png)');
  const output = values.output;
  if (output === undefined) throw new UsageError('missing -o FILE (a .png or .svg picture to write)', 'spy');
  const format = spyFormatOf(output);
  if (format === undefined) throw new UsageError(`cannot tell the picture format of '${output}': use a .png or .svg file name`, 'spy');
  const size = integerOption('spy', 'size', values.size, 16, 4096) ?? 512;
  const options = factorOptions('spy', values);
  const progress = new Progress(!values.quiet);
  const A = await readSparse(path, progress);
  let target: CscMatrix = A;
  if (values.factor) {
    const factor = await factorize(A, path, options, progress);
    try {
      // A copy of L as a CscMatrix: for a large supernodal factor this takes as long as a phase.
      target = await progress.run('extracting L', () => factor.L());
    } finally {
      factor.dispose();
    }
  }
  const what = values.factor ? 'L' : 'A';
  const picture = await progress.run(`drawing ${what}`, () =>
    format === 'png' ? spyPng(target, { size, mirror: !values['no-mirror'] }) : spySvg(target, { size, mirror: !values['no-mirror'], title: `${what} of ${path}` }),
  );
  try {
    writeFileSync(output, picture);
  } catch (error) {
    throw fileError(error, output, 'write');
  }
  print(`${output}: pattern of ${what} (${count(target.nrows)} x ${count(target.ncols)}, ${count(target.nnz)} stored entries)\n`);
  return EXIT.ok;
}
