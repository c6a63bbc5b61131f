/**
 * `spsolve solve A.mtx [b.mtx] -o x.mtx`: one factorisation, every column of b in one native
 * call, the residual checked against A.
 * @internal
 * @module
 */
import { writeFileSync } from 'node:fs';

import { CscMatrix } from '../sparse/csc';
import type { DenseMatrix } from '../sparse/dense';
import { formatMatrixMarket } from '../sparse/matrix-market-write';
import { factorOptions, FACTOR_OPTIONS, METHOD_OPTION, methodOption, parseCommand, positionals } from './args';
import { CliError, EXIT, fileError, type ExitCode } from './exit';
import { count } from './format';
import { readMatrixFile, readSparse } from './matrix';
import { checkMethod, factorizeWith, solveWith } from './method';
import { Progress } from './progress';

export async function solveCommand(argv: string[], print: (text: string) => void): Promise<ExitCode> {
  const { values, positionals: given } = parseCommand('solve', argv, {
    ...FACTOR_OPTIONS,
    ...METHOD_OPTION,
    output: { type: 'string', short: 'o' },
  });
  const [aPath, bPath] = positionals('solve', given, 1, 2, 'the matrix file (spsolve solve A.mtx [b.mtx] -o x.mtx)');
  const options = factorOptions('solve', values);
  const method = methodOption('solve', values.method);
  checkMethod('solve', method, options);
  const output = values.output;
  // With x on stdout, the report moves to stderr so that stdout is a valid Matrix Market file.
  const report = output === '-' ? (text: string) => process.stderr.write(text) : print;
  const progress = new Progress(!values.quiet);
  const A = await readSparse(aPath, progress);
  const b = bPath === undefined ? ones(A.nrows) : denseRhs(await readMatrixFile(bPath, progress), bPath, A, aPath);
  const factorization = await factorizeWith(A, aPath, method, options, progress);
  let x: DenseMatrix;
  try {
    x = await progress.run(b.ncols === 1 ? 'solving' : `solving ${b.ncols} right-hand sides`, () => solveWith(factorization, b));
  } finally {
    factorization.factor.dispose();
  }
  const residual = relativeResidual(A, x, b);
  if (output !== undefined) writeSolution(output, x, print);
  report(`method             ${factorization.method} (${factorization.reason})\n`);
  report(`relative residual  ${residual.toExponential(2)}   (‖b − A x‖₂ / ‖b‖₂${b.ncols > 1 ? ', largest over the columns' : ''})\n`);
  // Least squares (A tall): the residual is the fit's, not zero; optimality says x is the minimiser.
  if (A.nrows > A.ncols) report(`optimality         ${optimality(A, x, b).toExponential(2)}   (‖Aᵀ(b − A x)‖₂ / (‖A‖_F ‖b − A x‖₂))\n`);
  if (output !== undefined && output !== '-') report(`solution           ${output} (${count(x.nrows)} x ${x.ncols})\n`);
  if (!Number.isFinite(residual)) throw new CliError(`${aPath}: the solution is not finite`, EXIT.numerical);
  return EXIT.ok;
}

function ones(n: number): DenseMatrix {
  return { nrows: n, ncols: 1, data: new Float64Array(n).fill(1) };
}

/** The right-hand sides as a dense n × k matrix, whatever format the file used. */
function denseRhs(m: CscMatrix | DenseMatrix, bPath: string, A: CscMatrix, aPath: string): DenseMatrix {
  if (m.nrows !== A.nrows) {
    throw new CliError(`${bPath}: b has ${count(m.nrows)} rows but A (${aPath}) has ${count(A.nrows)}`, EXIT.input);
  }
  if (m.ncols === 0) throw new CliError(`${bPath}: b has no columns`, EXIT.input);
  return m instanceof CscMatrix ? { nrows: m.nrows, ncols: m.ncols, data: m.toDense() } : m;
}

/** max over columns of ‖b − A x‖₂ / ‖b‖₂ (‖b − A x‖₂ alone for a zero column of b); A may be m × n. */
function relativeResidual(A: CscMatrix, x: DenseMatrix, b: DenseMatrix): number {
  const m = A.nrows, n = A.ncols;
  let worst = 0;
  const ax = new Float64Array(m);
  for (let c = 0; c < b.ncols; c++) {
    A.matvec(x.data.subarray(c * n, (c + 1) * n), ax);
    let rr = 0;
    let bb = 0;
    for (let i = 0; i < m; i++) {
      const bi = b.data[c * m + i];
      rr += (bi - ax[i]) ** 2;
      bb += bi * bi;
    }
    const relative = bb > 0 ? Math.sqrt(rr / bb) : Math.sqrt(rr);
    if (!(relative <= worst)) worst = relative; // NaN propagates
  }
  return worst;
}

/**
 * Least-squares optimality, max over columns of ‖Aᵀ(b − A x)‖₂ / (‖A‖_F ‖b − A x‖₂): zero at a
 * least-squares solution (0 when the residual is 0), ~1e-16 for a backward-stable one.
 */
function optimality(A: CscMatrix, x: DenseMatrix, b: DenseMatrix): number {
  const m = A.nrows, n = A.ncols;
  let normA = 0;
  for (const v of A.toGeneral().values) normA += v * v;
  normA = Math.sqrt(normA);
  let worst = 0;
  const ax = new Float64Array(m);
  const r = new Float64Array(m);
  for (let c = 0; c < b.ncols; c++) {
    A.matvec(x.data.subarray(c * n, (c + 1) * n), ax);
    let rr = 0;
    for (let i = 0; i < m; i++) {
      r[i] = b.data[c * m + i] - ax[i];
      rr += r[i] * r[i];
    }
    if (rr === 0) continue;
    let aa = 0;
    for (const v of A.rmatvec(r)) aa += v * v;
    const ratio = Math.sqrt(aa) / (normA * Math.sqrt(rr));
    if (!(ratio <= worst)) worst = ratio;
  }
  return worst;
}

function writeSolution(output: string, x: DenseMatrix, print: (text: string) => void): void {
  const text = formatMatrixMarket(x);
  if (output === '-') {
    print(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (error) {
    throw fileError(error, output, 'write');
  }
}
