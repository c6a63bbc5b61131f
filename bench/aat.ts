/**
 * `node dist/bench/aat.js`: factorising A Aᵀ + βI with `aat: true` (CHOLMOD never stores A Aᵀ)
 * against forming A Aᵀ first (a sparse product written here, lower triangle kept) and
 * factorising that, side by side on the same machine, for LP-shaped matrices: m rows, n = 3m
 * columns, `PER_COLUMN` nonzeros in each column at random rows within `WINDOW` of the column's
 * place (a seeded generator): a staircase structure as in multi-period models, whose A Aᵀ has a
 * factor of bounded fill (uniformly random rows would make L nearly dense).
 *
 * Reported: the time of cholesky() (analysis + factorisation), of refactor() with new values of
 * A (the interior-point loop: A D Aᵀ for a new D each iteration), the product's time and size,
 * and the ratios. Best of `REPEATS` runs. AAT_M overrides the sizes (comma-separated m).
 */
import { buildInfo, cholesky } from '../lib/cholmod';
import { CscMatrix } from '../lib/sparse';

const SIZES = (process.env.AAT_M ?? '20000,100000').split(',').map(Number);
const PER_COLUMN = 4;
const WINDOW = 40;
const REPEATS = 3;

function best(xs: number[]): number {
  return Math.min(...xs);
}

function timeMs(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

/** An m × n matrix with `perColumn` distinct random rows near each column's place, values in (−1, 1). */
function lpShaped(m: number, n: number, perColumn: number, seed: number): CscMatrix {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < n; j++) {
    const centre = Math.floor((j * m) / n);
    const picked = new Set<number>([centre]); // every row is used: A Aᵀ has a full diagonal
    while (picked.size < perColumn) picked.add(Math.min(m - 1, Math.max(0, centre + Math.floor((next() - 0.5) * WINDOW))));
    for (const i of picked) { rows.push(i); cols.push(j); vals.push(2 * next() - 1); }
  }
  return CscMatrix.fromTriplets(m, n, rows, cols, vals);
}

/** The lower triangle of A Aᵀ + βI, by Gustavson's algorithm on Aᵀ's columns (A's rows). */
function lowerAAt(A: CscMatrix, beta: number): CscMatrix {
  const m = A.nrows;
  const At = A.transpose(); // column i of Aᵀ = row i of A
  const colPtr = new Int32Array(m + 1);
  const rowIdx: number[] = [], values: number[] = [];
  const acc = new Float64Array(m);
  const mark = new Int32Array(m).fill(-1);
  for (let i = 0; i < m; i++) {
    // Column i of A Aᵀ = Σ_j A[i, j] A[:, j]; keep rows ≥ i.
    const touched: number[] = [];
    for (let p = At.colPtr[i]; p < At.colPtr[i + 1]; p++) {
      const j = At.rowIdx[p], aij = At.values[p];
      for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
        const r = A.rowIdx[q];
        if (r < i) continue;
        if (mark[r] !== i) { mark[r] = i; acc[r] = 0; touched.push(r); }
        acc[r] += aij * A.values[q];
      }
    }
    if (mark[i] !== i) { mark[i] = i; acc[i] = 0; touched.push(i); }
    acc[i] += beta;
    touched.sort((a, b) => a - b);
    for (const r of touched) { rowIdx.push(r); values.push(acc[r]); }
    colPtr[i + 1] = rowIdx.length;
  }
  return new CscMatrix(m, m, colPtr, Int32Array.from(rowIdx), Float64Array.from(values), { symmetry: 'lower' });
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

console.log(`spsolve ${buildInfo().cholmod} (${buildInfo().blas}); best of ${REPEATS}`);
console.log(row(['m × n', 'nnz(A)', 'aat: cholesky ms', 'form A Aᵀ ms', 'nnz(tril A Aᵀ)', 'formed: cholesky ms',
                 'aat / (form + cholesky)', 'aat: refactor ms', 'formed: form + refactor ms', 'ratio']));
console.log(row(Array(10).fill('---')));
for (const m of SIZES) {
  const n = 3 * m;
  const beta = 1e-6;
  const A = lpShaped(m, n, PER_COLUMN, m);
  const A2 = A.withValues(A.values.map((v, k) => v * (1 + (k % 7) / 10)));
  const aatFactor = best(Array.from({ length: REPEATS }, () => timeMs(() => cholesky(A, { aat: true, beta }).dispose())));
  let M = lowerAAt(A, beta);
  const form = best(Array.from({ length: REPEATS }, () => timeMs(() => { M = lowerAAt(A, beta); })));
  const formedFactor = best(Array.from({ length: REPEATS }, () => timeMs(() => cholesky(M).dispose())));
  const fa = cholesky(A, { aat: true, beta });
  const fm = cholesky(M);
  const aatRefactor = best(Array.from({ length: REPEATS }, () => timeMs(() => fa.refactor(A2))));
  const formedRefactor = best(Array.from({ length: REPEATS }, () => timeMs(() => fm.refactor(lowerAAt(A2, beta)))));
  fa.dispose();
  fm.dispose();
  console.log(row([`${m} × ${n}`, A.nnz, aatFactor.toFixed(1), form.toFixed(1), M.nnz, formedFactor.toFixed(1),
                   (aatFactor / (form + formedFactor)).toFixed(2), aatRefactor.toFixed(1), formedRefactor.toFixed(1),
                   (aatRefactor / formedRefactor).toFixed(2)]));
}
