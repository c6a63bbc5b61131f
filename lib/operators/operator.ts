import type { DenseMatrix } from '../sparse';
import { checkVector, describe } from '../sparse/validate';
import { Tag, isSymmetric } from './tags';

/**
 * A linear map ℝ^inSize → ℝ^outSize (Lineax's AbstractLinearOperator). Solvers need
 * only `mv`; direct dense solvers materialise with `asMatrix`; derivative rules and
 * transposed solves use `transpose`. As a matrix it is outSize x inSize.
 *
 * Implement it by extending {@link AbstractOperator}, or wrap what you have:
 * {@link SparseOperator} (a CscMatrix), {@link MatrixOperator} (a DenseMatrix),
 * {@link FunctionOperator} (a function), {@link DiagonalOperator}, ...
 *
 * @example
 * ```ts
 * import { type LinearOperator, SparseOperator, poisson2d } from 'spsolve';
 *
 * const op: LinearOperator = new SparseOperator(poisson2d(2));
 * console.log(op.outSize, op.inSize, op.mv(new Float64Array(4).fill(1))); // → 4 4 Float64Array(4) [ 2, 2, 2, 2 ]
 * ```
 */
export interface LinearOperator {
  /** Length of the input vector x (the number of columns). */
  readonly inSize: number;
  /** Length of the output vector A x (the number of rows). */
  readonly outSize: number;
  /** The structural promises this operator makes (see {@link Tag}). */
  readonly tags: ReadonlySet<Tag>;
  /**
   * A x as a new array (never `x` itself, never a buffer the operator reuses).
   * @throws TypeError / RangeError when x is not a Float64Array of length inSize.
   */
  mv(x: Float64Array): Float64Array;
  /**
   * Aᵀ as an operator (inSize and outSize swapped; triangular tags swapped). A
   * symmetric-tagged operator returns itself.
   * @throws TypeError when the transpose is not available (e.g. a FunctionOperator without `transposeMv`).
   */
  transpose(): LinearOperator;
  /** The dense column-major outSize x inSize matrix, a fresh copy. */
  asMatrix(): DenseMatrix;
}

/** TypeError unless `value` has the methods of a {@link LinearOperator} (mv, transpose). @internal */
export function checkOperator(value: unknown, name: string): asserts value is LinearOperator {
  const candidate = value as LinearOperator | undefined;
  if (typeof candidate?.mv !== 'function' || typeof candidate.transpose !== 'function') {
    throw new TypeError(`${name} must be a LinearOperator, got ${describe(value)}`);
  }
}

/**
 * Base class for operators: `mv` checks its argument and calls `apply`, a symmetric
 * operator is its own transpose (otherwise `transposed()` is asked), and `asMatrix`
 * is built by columns (one mv per unit vector; override it when cheaper). Subclass it
 * for a custom operator.
 *
 * @example
 * ```ts
 * import { AbstractOperator, type LinearOperator, type Tag, closeTags, linearSolve } from 'spsolve';
 *
 * // x ↦ 2 x on ℝⁿ, symmetric positive definite.
 * class Twice extends AbstractOperator {
 *   readonly tags: ReadonlySet<Tag> = closeTags(['positiveSemidefinite']);
 *   constructor(readonly inSize: number) { super(); }
 *   get outSize(): number { return this.inSize; }
 *   protected apply(x: Float64Array): Float64Array { return x.map((v) => 2 * v); }
 *   protected transposed(): LinearOperator { return this; }
 * }
 * console.log(linearSolve(new Twice(3), new Float64Array([2, 4, 6])).value); // → Float64Array(3) [ 1, 2, 3 ]
 * ```
 */
export abstract class AbstractOperator implements LinearOperator {
  /** Length of the input vector x (the number of columns). */
  abstract readonly inSize: number;
  /** Length of the output vector A x (the number of rows). */
  abstract readonly outSize: number;
  /** The structural promises this operator makes (see {@link Tag}). */
  abstract readonly tags: ReadonlySet<Tag>;

  /** A x for an already checked x; must return a new array. */
  protected abstract apply(x: Float64Array): Float64Array;
  /** Aᵀ, asked only when the tags do not already say A = Aᵀ. */
  protected abstract transposed(): LinearOperator;

  /**
   * A x as a new array, after checking x.
   * @throws TypeError / RangeError when x is not a Float64Array of length inSize.
   */
  mv(x: Float64Array): Float64Array {
    checkVector(x, this.inSize, `${this.constructor.name}.mv: x`);
    return this.apply(x);
  }

  /** Aᵀ: this operator itself when tagged symmetric, otherwise `transposed()`. */
  transpose(): LinearOperator {
    return isSymmetric(this) ? this : this.transposed();
  }

  /** The dense column-major outSize x inSize matrix, a fresh copy (by default from inSize matvecs). */
  asMatrix(): DenseMatrix {
    return matrixByColumns(this);
  }
}

/**
 * Any operator's dense matrix (outSize x inSize, column-major), one mv per unit
 * vector: inSize matvecs and outSize * inSize doubles, so for small operators or tests.
 *
 * @example
 * ```ts
 * import { FunctionOperator, matrixByColumns } from 'spsolve';
 *
 * const shift = new FunctionOperator((x) => Float64Array.of(x[1], x[0]), 2);
 * console.log(matrixByColumns(shift).data); // → Float64Array(4) [ 0, 1, 1, 0 ]
 * ```
 */
export function matrixByColumns(op: LinearOperator): DenseMatrix {
  const { inSize: ncols, outSize: nrows } = op;
  const data = new Float64Array(nrows * ncols);
  const unit = new Float64Array(ncols);
  for (let j = 0; j < ncols; j++) {
    unit[j] = 1;
    data.set(op.mv(unit), j * nrows);
    unit[j] = 0;
  }
  return { nrows, ncols, data };
}
