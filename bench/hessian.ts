/**
 * `node dist/bench/hessian.js`: what a Hessian-vector product through a solve costs next to the
 * solve it differentiates (same CHOLMOD factor, side by side, best of several interleaved runs),
 * and the dense SVD solver next to the dense QR on the same least-squares problem.
 *
 * - hvp: ẋ = A⁻¹ (ḃ − Ȧ x) and λ̇ = A⁻ᵀ (∇²J ẋ − Ȧᵀ λ), then two outer products projected on
 *   A's pattern. Expected ≈ 2 solves plus the projection: about 2–3× one solve.
 * - SVD (one-sided Jacobi) against Householder QR for a tall dense matrix: the price of
 *   rank-revealing in pure TypeScript.
 */
import { linearSolveHessian } from '../lib/ad';
import { MatrixOperator, SparseOperator, positiveSemidefinite } from '../lib/operators';
import { linearSolve } from '../lib/solve';
import { Cholesky, QR, SVD } from '../lib/solvers';
import { CscMatrix, poisson2d, poisson3d } from '../lib/sparse';

function best(repeats: number, ...ops: Array<() => unknown>): number[] {
  const fastest = ops.map(() => Infinity);
  for (let r = 0; r <= repeats; r++) {
    ops.forEach((run, k) => {
      const t0 = performance.now();
      run();
      if (r > 0) fastest[k] = Math.min(fastest[k], performance.now() - t0); // run 0 warms up
    });
  }
  return fastest;
}

function hvpRow(name: string, A: CscMatrix): string {
  const n = A.nrows;
  const op = new SparseOperator(A, [positiveSemidefinite]);
  const b = new Float64Array(n).map((_, i) => 1 + (i % 7) / 7);
  const solver = new Cholesky();
  const state = solver.init(op, {});
  try {
    const hessian = linearSolveHessian(op, b, { gradient: (x) => x, hessianVector: (_x, v) => v }, solver, { state });
    const dA = new SparseOperator(A.withValues(A.values.map((v, k) => v * (1 + (k % 5) / 10))));
    const [solve, hvp] = best(
      7,
      () => linearSolve(op, b, solver, { state }),
      () => hessian.hvp({ op: dA, b }),
    );
    hessian.dispose();
    return `| ${name} | ${n.toLocaleString('en-US')} | ${A.nnz.toLocaleString('en-US')} | ${solve.toFixed(2)} | ${hvp.toFixed(2)} | ${(hvp / solve).toFixed(2)} |`;
  } finally {
    solver.dispose(state);
  }
}

function svdRow(m: number, n: number): string {
  let seed = 12345;
  const data = new Float64Array(m * n).map(() => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5);
  const op = new MatrixOperator({ nrows: m, ncols: n, data });
  const b = new Float64Array(m).fill(1);
  const [qr, svd] = best(3, () => linearSolve(op, b, new QR()), () => linearSolve(op, b, new SVD()));
  return `| ${m} x ${n} | ${qr.toFixed(1)} | ${svd.toFixed(1)} | ${(svd / qr).toFixed(1)} |`;
}

function main(): void {
  console.log('Hessian-vector product through a solve (Cholesky, same factor), best of 7');
  console.log('');
  console.log('| matrix | n | nnz (lower) | solve ms | hvp ms | hvp / solve |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(hvpRow('poisson2d(300)', poisson2d(300)));
  console.log(hvpRow('poisson3d(30)', poisson3d(30)));
  console.log('');
  console.log('Dense least squares: SVD (one-sided Jacobi) vs Householder QR, best of 3');
  console.log('');
  console.log('| A | QR ms | SVD ms | SVD / QR |');
  console.log('| --- | --- | --- | --- |');
  for (const [m, n] of [[100, 50], [400, 100]]) console.log(svdRow(m, n));
}

main();
