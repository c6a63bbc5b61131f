/**
 * Reading an operator's entries back out, for the solvers that need them: the
 * diagonal or the three bands by probing with a few matvecs (exact, since each
 * output entry is one product with 1), and a CscMatrix for CHOLMOD.
 */
import { CscMatrix } from '../sparse';
import { AddOperator, ScaledOperator } from './combine';
import { DiagonalOperator, IdentityOperator } from './diagonal';
import { MatrixOperator } from './matrix';
import type { LinearOperator } from './operator';
import { SparseOperator } from './sparse';
import { TaggedOperator } from './tagged';
import { TridiagonalOperator } from './tridiagonal';

/**
 * The diagonal of an operator known (tagged) to be diagonal: one matvec with ones
 * (a copy of the diagonal for a DiagonalOperator). The tag is not checked: for
 * another operator the result is its row sums.
 *
 * @example
 * ```ts
 * import { FunctionOperator, diagonalOf } from 'spsolve';
 *
 * const op = new FunctionOperator((x) => x.map((v, i) => (i + 1) * v), 3, { tags: ['diagonal'] });
 * console.log(diagonalOf(op)); // → Float64Array(3) [ 1, 2, 3 ]
 * ```
 */
export function diagonalOf(op: LinearOperator): Float64Array {
  if (op instanceof DiagonalOperator) return op.diagonal.slice();
  return op.mv(new Float64Array(op.inSize).fill(1));
}

/**
 * The bands of an operator known to be tridiagonal, by three matvecs: probing with
 * ones at the indices ≡ k (mod 3) gives row i exactly one of A[i, i-1], A[i, i],
 * A[i, i+1], since its three columns fall in different classes. lower[i] = A[i+1, i]
 * and upper[i] = A[i, i+1] (length n - 1), as for {@link TridiagonalOperator}. The
 * tag is not checked: for another operator the bands are wrong.
 *
 * @example
 * ```ts
 * import { SparseOperator, poisson2d, tridiagonalOf } from 'spsolve';
 *
 * const { lower, diag, upper } = tridiagonalOf(new SparseOperator(poisson2d(4, 1))); // 1-D: tridiagonal
 * console.log(lower, diag, upper);
 * // → Float64Array(3) [ -1, -1, -1 ] Float64Array(4) [ 4, 4, 4, 4 ] Float64Array(3) [ -1, -1, -1 ]
 * ```
 */
export function tridiagonalOf(op: LinearOperator): {
  /** The subdiagonal: lower[i] = A[i+1, i], length n - 1. */
  lower: Float64Array;
  /** The diagonal, length n. */
  diag: Float64Array;
  /** The superdiagonal: upper[i] = A[i, i+1], length n - 1. */
  upper: Float64Array;
} {
  const n = op.inSize;
  if (op instanceof TridiagonalOperator) return { lower: op.lower.slice(), diag: op.diag.slice(), upper: op.upper.slice() };
  const probes = [0, 1, 2].map((k) => op.mv(new Float64Array(n).map((_, j) => (j % 3 === k ? 1 : 0))));
  const diag = new Float64Array(n);
  const lower = new Float64Array(Math.max(n - 1, 0));
  const upper = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) {
    diag[i] = probes[i % 3][i];
    if (i > 0) lower[i - 1] = probes[(i - 1) % 3][i];
    if (i < n - 1) upper[i] = probes[(i + 1) % 3][i];
  }
  return { lower, diag, upper };
}

/**
 * True when a sparse matrix sits underneath (through tags, scaling and sums): the
 * case where {@link AutoSolver} uses CHOLMOD (or refuses an unsymmetric operator
 * rather than densify it).
 *
 * @example
 * ```ts
 * import { DiagonalOperator, SparseOperator, isSparseBacked, neg, poisson2d } from 'spsolve';
 *
 * console.log(isSparseBacked(neg(new SparseOperator(poisson2d(3))))); // → true
 * console.log(isSparseBacked(new DiagonalOperator(new Float64Array(3)))); // → false
 * ```
 */
export function isSparseBacked(op: LinearOperator): boolean {
  if (op instanceof SparseOperator) return true;
  if (op instanceof TaggedOperator || op instanceof ScaledOperator) return isSparseBacked(op.operator);
  if (op instanceof AddOperator) return isSparseBacked(op.left) || isSparseBacked(op.right);
  return false;
}

/**
 * The operator as a CscMatrix, or undefined for operators whose entries are only
 * reachable through n matvecs (FunctionOperator, compositions). A SparseOperator's
 * own matrix is returned as is, so CHOLMOD sees the caller's storage. Sums, scalings,
 * tags, dense, diagonal, tridiagonal and identity operators are converted.
 *
 * @example
 * ```ts
 * import { IdentityOperator, SparseOperator, add, poisson2d, toCsc } from 'spsolve';
 *
 * const A = toCsc(add(new SparseOperator(poisson2d(3)), new IdentityOperator(9)));
 * console.log(A?.toString(), A?.get(0, 0)); // → CscMatrix(9x9, nnz 21, lower) 5
 * ```
 */
export function toCsc(op: LinearOperator): CscMatrix | undefined {
  if (op instanceof SparseOperator) return op.matrix;
  if (op instanceof TaggedOperator) return toCsc(op.operator);
  if (op instanceof ScaledOperator) {
    const m = toCsc(op.operator);
    return m?.withValues(m.values.map((v) => v * op.scalar));
  }
  if (op instanceof AddOperator) {
    const left = toCsc(op.left);
    const right = toCsc(op.right);
    return left && right && addCsc(left, right);
  }
  if (op instanceof MatrixOperator) return CscMatrix.fromDense(op.outSize, op.inSize, op.matrix.data);
  if (op instanceof IdentityOperator) return CscMatrix.identity(op.size);
  if (op instanceof DiagonalOperator || op instanceof TridiagonalOperator) {
    return CscMatrix.fromDense(op.outSize, op.inSize, op.asMatrix().data);
  }
  return undefined;
}

/**
 * A + B. A stored triangle stays that triangle when the other term is stored the same
 * way or is diagonal (a diagonal is its own triangle of a symmetric matrix); anything
 * else becomes general.
 */
function addCsc(a: CscMatrix, b: CscMatrix): CscMatrix {
  const symmetry = [a.symmetry, b.symmetry].find((s) => s !== 'general' && [a, b].every((m) => m.symmetry === s || onlyDiagonal(m)));
  const parts = symmetry ? [a, b] : [a.toGeneral(), b.toGeneral()];
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (const m of parts) {
    for (let j = 0; j < m.ncols; j++) {
      for (let k = m.colPtr[j]; k < m.colPtr[j + 1]; k++) {
        rows.push(m.rowIdx[k]);
        cols.push(j);
        values.push(m.values[k]);
      }
    }
  }
  return CscMatrix.fromTriplets(a.nrows, a.ncols, rows, cols, values, { symmetry: symmetry ?? 'general' });
}

function onlyDiagonal(m: CscMatrix): boolean {
  for (let j = 0; j < m.ncols; j++) for (let k = m.colPtr[j]; k < m.colPtr[j + 1]; k++) if (m.rowIdx[k] !== j) return false;
  return true;
}
