/**
 * `spsolve info A.mtx`: what the matrix is and what factorising it costs.
 * @internal
 * @module
 */
import type { CscMatrix } from '../sparse/csc';
import type { LUFactor } from '../lu/lu-factor';
import type { QRFactor } from '../qr/factor';
import { factorOptions, FACTOR_OPTIONS, METHOD_OPTION, methodOption, parseCommand, positionals } from './args';
import { EXIT, type ExitCode } from './exit';
import { bytes, count, duration, flops, table } from './format';
import { readSparse } from './matrix';
import { checkMethod, factorizeWith, isLu, isQr, type CholmodFactorization } from './method';
import { Progress } from './progress';

export async function infoCommand(argv: string[], print: (text: string) => void): Promise<ExitCode> {
  const { values, positionals: given } = parseCommand('info', argv, { ...FACTOR_OPTIONS, ...METHOD_OPTION, json: { type: 'boolean' } });
  const [path] = positionals('info', given, 1, 1, 'the matrix file (spsolve info A.mtx)');
  const options = factorOptions('info', values);
  const method = methodOption('info', values.method);
  checkMethod('info', method, options);
  const progress = new Progress(!values.quiet);
  const A = await readSparse(path, progress);
  const factorization = await factorizeWith(A, path, method, options, progress);
  try {
    const matrix = {
      file: path,
      nrows: A.nrows,
      ncols: A.ncols,
      nnz: A.nnz,
      nnzFull: fullCount(A),
      symmetry: A.symmetry === 'general' ? 'general' : 'symmetric',
      stored: A.symmetry === 'general' ? 'full' : A.symmetry,
      method: factorization.method,
      reason: factorization.reason,
    };
    if (isLu(factorization)) return luReport(A, matrix, factorization.factor, values.json === true, print);
    if (isQr(factorization)) return qrReport(A, matrix, factorization.factor, values.json === true, print);
    const info = (factorization as CholmodFactorization).factor.info;
    const report = {
      ...matrix,
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
        ['method', `${factorization.method}: ${factorization.reason}`],
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
    factorization.factor.dispose();
  }
}

/** The report of an LU factorisation: nnz(L) and nnz(U), the engine's ordering and strategy, pivoting. */
function luReport(A: CscMatrix, matrix: Record<string, unknown>, factor: LUFactor, json: boolean, print: (text: string) => void): ExitCode {
  const info = factor.info;
  const report = {
    ...matrix,
    engine: info.engine,
    ordering: info.ordering,
    strategy: info.strategy,
    nnzL: info.nnzL,
    nnzU: info.nnzU,
    offDiagonalPivots: info.offDiagonalPivots,
    blocks: info.blocks,
    rcond: factor.rcond(),
    flops: info.flops,
    memoryBytes: info.memoryBytes,
    analyzeSeconds: info.analyzeSeconds,
    factorSeconds: info.factorSeconds,
  };
  if (json) {
    print(JSON.stringify(report, null, 2) + '\n');
    return EXIT.ok;
  }
  const full = fullCount(A);
  print(
    table([
      ['file', String(matrix.file)],
      ['size', `${count(A.nrows)} x ${count(A.ncols)}`],
      ['nnz', A.symmetry === 'general' ? count(A.nnz) : `${count(A.nnz)} stored, ${count(full)} in the full matrix`],
      ['symmetry', A.symmetry === 'general' ? 'general' : `symmetric, ${A.symmetry} triangle stored`],
      ['method', `${String(matrix.method)}: ${String(matrix.reason)}`],
      ['ordering', `${info.ordering} (${info.engine}, ${info.strategy})`],
      ['nnz(L+U)', `${count(info.nnzL)} + ${count(info.nnzU)} (${((info.nnzL + info.nnzU) / Math.max(1, full)).toFixed(1)} × nnz(A))`],
      ['pivoting', `${count(info.offDiagonalPivots)} off-diagonal pivots${info.engine === 'klu' ? `, ${count(info.blocks)} diagonal blocks` : ''}`],
      ['rcond', report.rcond.toExponential(2)],
      ['flops', flops(info.flops)],
      ['memory', bytes(info.memoryBytes)],
      ['analyze', duration(info.analyzeSeconds)],
      ['factorize', duration(info.factorSeconds)],
    ]),
  );
  return EXIT.ok;
}

/** The report of a QR factorisation: the rank SPQR found, nnz(R) and of the Householder vectors, the ordering. */
function qrReport(A: CscMatrix, matrix: Record<string, unknown>, factor: QRFactor, json: boolean, print: (text: string) => void): ExitCode {
  const info = factor.info;
  const report = {
    ...matrix,
    rank: info.rank,
    factorsTranspose: info.factorsTranspose,
    ordering: info.ordering,
    nnzR: info.nnzR,
    nnzH: info.nnzH,
    tolerance: info.tolerance,
    rcond: factor.rcond(),
    flops: info.flops,
    memoryBytes: info.memoryBytes,
    analyzeSeconds: info.analyzeSeconds,
    factorSeconds: info.factorSeconds,
  };
  if (json) {
    print(JSON.stringify(report, null, 2) + '\n');
    return EXIT.ok;
  }
  const full = fullCount(A);
  const min = Math.min(A.nrows, A.ncols);
  print(
    table([
      ['file', String(matrix.file)],
      ['size', `${count(A.nrows)} x ${count(A.ncols)}`],
      ['nnz', A.symmetry === 'general' ? count(A.nnz) : `${count(A.nnz)} stored, ${count(full)} in the full matrix`],
      ['method', `${String(matrix.method)}: ${String(matrix.reason)}`],
      ['rank', `${count(info.rank)}${info.rank === min ? ' (full)' : ` of ${count(min)} (tolerance ${info.tolerance.toExponential(2)})`}`],
      ['ordering', `${info.ordering}${info.factorsTranspose ? ' (of Aᵀ, which is factorized)' : ''}`],
      ['nnz(R)', `${count(info.nnzR)} (${(info.nnzR / Math.max(1, full)).toFixed(1)} × nnz(A)); Householder vectors ${count(info.nnzH)}`],
      ['rcond', `${report.rcond.toExponential(2)} (min/max |R_kk|)`],
      ['flops', flops(info.flops)],
      ['memory', bytes(info.memoryBytes)],
      ['analyze', duration(info.analyzeSeconds)],
      ['factorize', duration(info.factorSeconds)],
    ]),
  );
  return EXIT.ok;
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
