/**
 * `spsolve info A.mtx`: what the matrix is and what factorising it costs.
 * @internal
 * @module
 */
import type { CscMatrix } from '../sparse/csc';
import { factorOptions, FACTOR_OPTIONS, parseCommand, positionals } from './args';
import { EXIT, type ExitCode } from './exit';
import { bytes, count, duration, flops, table } from './format';
import { factorize, readSparse } from './matrix';
import { Progress } from './progress';

export async function infoCommand(argv: string[], print: (text: string) => void): Promise<ExitCode> {
  const { values, positionals: given } = parseCommand('info', argv, { ...FACTOR_OPTIONS, json: { type: 'boolean' } });
  const [path] = positionals('info', given, 1, 1, 'the matrix file (spsolve info A.mtx)');
  const options = factorOptions('info', values);
  const progress = new Progress(!values.quiet);
  const A = await readSparse(path, progress);
  const factor = await factorize(A, path, options, progress);
  try {
    const info = factor.info;
    const report = {
      file: path,
      nrows: A.nrows,
      ncols: A.ncols,
      nnz: A.nnz,
      nnzFull: fullCount(A),
      symmetry: A.symmetry === 'general' ? 'general' : 'symmetric',
      stored: A.symmetry === 'general' ? 'full' : A.symmetry,
      ordering: info.ordering,
      mode: info.isSupernodal ? 'supernodal' : 'simplicial',
      kind: info.isLL ? 'LLt' : 'LDLt',
      nnzL: info.nnzL,
      flops: info.flops,
      memoryBytes: info.memoryBytes,
      analyzeSeconds: info.analyzeSeconds,
      factorSeconds: info.factorSeconds,
    };
    if (values.json) {
      print(JSON.stringify(report, null, 2) + '\n');
      return EXIT.ok;
    }
    const symmetry = A.symmetry === 'general' ? 'general storage, numerically symmetric' : `symmetric, ${A.symmetry} triangle stored`;
    print(
      table([
        ['file', path],
        ['size', `${count(A.nrows)} x ${count(A.ncols)}`],
        ['nnz', A.symmetry === 'general' ? count(A.nnz) : `${count(A.nnz)} stored, ${count(report.nnzFull)} in the full matrix`],
        ['symmetry', symmetry],
        ['ordering', info.ordering],
        ['factor', `${report.mode} ${info.isLL ? 'LLᵀ' : 'LDLᵀ'}`],
        ['nnz(L)', `${count(info.nnzL)} (${(info.nnzL / Math.max(1, lowerCount(A))).toFixed(1)} × nnz of tril(A))`],
        ['flops', flops(info.flops)],
        ['memory', bytes(info.memoryBytes)],
        ['analyze', duration(info.analyzeSeconds)],
        ['factorize', duration(info.factorSeconds)],
      ]),
    );
    return EXIT.ok;
  } finally {
    factor.dispose();
  }
}

/** Entries of the whole matrix: a stored triangle counts its off-diagonal entries twice. */
function fullCount(A: CscMatrix): number {
  if (A.symmetry === 'general') return A.nnz;
  return 2 * A.nnz - diagonalCount(A);
}

/** Entries of the lower triangle (diagonal included): the part L is compared with. */
function lowerCount(A: CscMatrix): number {
  if (A.symmetry !== 'general') return A.nnz;
  return (A.nnz + diagonalCount(A)) / 2;
}

function diagonalCount(A: CscMatrix): number {
  let diagonal = 0;
  for (let j = 0; j < A.ncols; j++) {
    for (let p = A.colPtr[j]; p < A.colPtr[j + 1]; p++) if (A.rowIdx[p] === j) diagonal++;
  }
  return diagonal;
}
