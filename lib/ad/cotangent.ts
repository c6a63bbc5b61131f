/**
 * Operator cotangents projected onto the operator's own parameters.
 *
 * Every rule here produces Ā as a sum of outer products, Ā = Σ_c left_c right_cᵀ (one pair
 * per right-hand side, plus one per pseudo-inverse term), never as a dense matrix: the
 * projection onto a sparse pattern then costs O(nnz · columns) and a matrix-free operator
 * gets the factors themselves.
 */
import {
  DiagonalOperator,
  LinearOperator,
  MatrixOperator,
  SparseOperator,
  TaggedOperator,
  TridiagonalOperator,
} from '../operators';
import { checkDenseMatrix, outerOnPattern, type CscMatrix, type DenseMatrix } from '../sparse';
import { checkOperator } from '../operators/operator';
import { checkFiniteNumber, checkFloat64Array } from '../sparse/validate';

/**
 * The cotangent of an operator, shaped like its parameters:
 * - 'sparse': one number per stored entry of `matrix`, aligned with `matrix.values`. For a
 *   stored triangle ('lower' / 'upper') an off-diagonal value stands for both A_ij and A_ji,
 *   so its cotangent is Ā_ij + Ā_ji.
 * - 'dense': the full Ā of a MatrixOperator (column-major, outSize x inSize).
 * - 'diagonal': Ā's diagonal, for a DiagonalOperator.
 * - 'tridiagonal': Ā's three bands, for a TridiagonalOperator (same layout as its constructor).
 * - 'outer': Ā = left · rightᵀ, for operators whose parameters spsolve cannot see (a
 *   FunctionOperator, compositions, sums): contract it with your own ∂A/∂θ. `left` and
 *   `right` are vectors for a rank-one Ā, DenseMatrix blocks (summed over columns) otherwise.
 *
 * Returned by the pullbacks of {@link linearSolveVjp} and {@link logdetVjp}, and by
 * {@link projectCotangent}; switch on `kind`.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolveVjp, poisson2d, type OperatorCotangent } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(5), ['positiveSemidefinite']);
 * const vjp = linearSolveVjp(op, new Float64Array(25).fill(1));
 * const cot: OperatorCotangent = vjp.pullback(new Float64Array(25).fill(1)).op;
 * if (cot.kind === 'sparse') console.log(cot.values.length === cot.matrix.nnz); // → true
 * vjp.dispose();
 * ```
 */
export type OperatorCotangent =
  | {
      /** A sparse operator's cotangent, on its stored entries. */
      kind: 'sparse';
      /** The operator's matrix (the pattern and storage the values refer to; not copied). */
      matrix: CscMatrix;
      /** One cotangent per stored entry, aligned with `matrix.values`. */
      values: Float64Array;
    }
  | {
      /** A MatrixOperator's cotangent, in full. */
      kind: 'dense';
      /** Ā, outSize x inSize, column-major. */
      matrix: DenseMatrix;
    }
  | {
      /** A DiagonalOperator's cotangent. */
      kind: 'diagonal';
      /** Ā's diagonal (length n). */
      diagonal: Float64Array;
    }
  | {
      /** A TridiagonalOperator's cotangent. */
      kind: 'tridiagonal';
      /** Ā's sub-diagonal (length n − 1). */
      lower: Float64Array;
      /** Ā's diagonal (length n). */
      diag: Float64Array;
      /** Ā's super-diagonal (length n − 1). */
      upper: Float64Array;
    }
  | {
      /** Ā = left · rightᵀ, for an operator without visible parameters. */
      kind: 'outer';
      /** outSize rows: a vector (rank one) or a DenseMatrix of columns. */
      left: Float64Array | DenseMatrix;
      /** inSize rows, as many columns as `left`. */
      right: Float64Array | DenseMatrix;
    };

/**
 * Projects Ā = scale · left · rightᵀ (left: outSize x k, right: inSize x k) onto `op`'s
 * parameters. (`scale` spares the caller a negated copy of a block: the solve rules have Ā = −λ xᵀ.)
 * Tags carry no parameters, so a TaggedOperator is looked through. Useful to project a
 * cotangent you computed yourself, or a custom rule's.
 *
 * @param op The operator whose parameters receive the cotangent.
 * @param left outSize x k block.
 * @param right inSize x k block.
 * @param scale Factor applied to the result (default 1).
 * @param into For a sparse operator, an array of nnz entries to write the values into (see
 *   {@link PullbackOptions.into}); ignored otherwise.
 * @example
 * ```ts
 * import { CscMatrix, SparseOperator, projectCotangent } from 'spsolve';
 *
 * // Stored entries (0, 0), (1, 0), (1, 1); Ā = u vᵀ with u = (1, 2), v = (3, 4).
 * const op = new SparseOperator(CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [2, 1, 3]));
 * const u = { nrows: 2, ncols: 1, data: Float64Array.of(1, 2) };
 * const v = { nrows: 2, ncols: 1, data: Float64Array.of(3, 4) };
 * const cot = projectCotangent(op, u, v);
 * if (cot.kind === 'sparse') console.log(cot.values); // → Float64Array(3) [ 3, 6, 8 ]
 * ```
 */
export function projectCotangent(op: LinearOperator, left: DenseMatrix, right: DenseMatrix, scale = 1, into?: Float64Array): OperatorCotangent {
  checkOperator(op, 'projectCotangent: op');
  checkDenseMatrix('projectCotangent: left', left);
  checkDenseMatrix('projectCotangent: right', right);
  if (left.nrows !== op.outSize || right.nrows !== op.inSize || left.ncols !== right.ncols) {
    throw new RangeError(
      `projectCotangent: left must be ${op.outSize} x k and right ${op.inSize} x k, got ${left.nrows} x ${left.ncols} and ${right.nrows} x ${right.ncols}`,
    );
  }
  checkFiniteNumber(scale, 'projectCotangent: scale');
  if (into !== undefined) checkFloat64Array(into, 'projectCotangent: into');
  return project(op, left, right, scale, into);
}

function project(op: LinearOperator, left: DenseMatrix, right: DenseMatrix, scale: number, into: Float64Array | undefined): OperatorCotangent {
  if (op instanceof TaggedOperator) return project(op.operator, left, right, scale, into);
  if (op instanceof SparseOperator) return { kind: 'sparse', matrix: op.matrix, values: outerOnPattern(op.matrix, left, right, scale, into) };
  if (op instanceof MatrixOperator) return { kind: 'dense', matrix: outerProduct(left, right, scale) };
  if (op instanceof DiagonalOperator) return { kind: 'diagonal', diagonal: band(left, right, 0, scale) };
  if (op instanceof TridiagonalOperator) {
    return { kind: 'tridiagonal', lower: band(left, right, 1, scale), diag: band(left, right, 0, scale), upper: band(left, right, -1, scale) };
  }
  const scaled = scale === 1 ? left : { ...left, data: left.data.map((v) => scale * v) };
  const single = left.ncols === 1;
  return { kind: 'outer', left: single ? scaled.data : scaled, right: single ? right.data : right };
}

/** left · rightᵀ as a dense outSize x inSize matrix. */
function outerProduct(left: DenseMatrix, right: DenseMatrix, scale: number): DenseMatrix {
  const m = left.nrows;
  const n = right.nrows;
  const data = new Float64Array(m * n);
  for (let c = 0; c < left.ncols; c++) {
    for (let j = 0; j < n; j++) {
      const rj = scale * right.data[j + c * n];
      if (rj === 0) continue;
      for (let i = 0, base = j * m, lc = c * m; i < m; i++) data[base + i] += left.data[lc + i] * rj;
    }
  }
  return { nrows: m, ncols: n, data };
}

/** Entries (i + offset, i) of left · rightᵀ: offset 0 the diagonal, 1 the sub-, -1 the super-diagonal. */
function band(left: DenseMatrix, right: DenseMatrix, offset: number, scale: number): Float64Array {
  const n = right.nrows;
  const length = n - Math.abs(offset);
  const out = new Float64Array(Math.max(length, 0));
  const first = Math.max(0, -offset); // column of the band's first entry
  for (let c = 0; c < left.ncols; c++) {
    for (let k = 0; k < length; k++) {
      const j = first + k;
      out[k] += scale * left.data[j + offset + c * left.nrows] * right.data[j + c * n];
    }
  }
  return out;
}
