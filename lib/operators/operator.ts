import type { DenseMatrix } from '../sparse';
import { Tag, isSymmetric } from './tags';

/**
 * A linear map ℝ^inSize → ℝ^outSize (Lineax's AbstractLinearOperator). Solvers need
 * only `mv`; direct dense solvers materialise with `asMatrix`; derivative rules and
 * transposed solves use `transpose`.
 */
export interface LinearOperator {
  readonly inSize: number;
  readonly outSize: number;
  readonly tags: ReadonlySet<Tag>;
  /** A x as a new array (never `x` itself, never a buffer the operator reuses). */
  mv(x: Float64Array): Float64Array;
  transpose(): LinearOperator;
  /** The dense column-major outSize x inSize matrix, a fresh copy. */
  asMatrix(): DenseMatrix;
}

/** Checks that a vector argument is a Float64Array of the expected length. */
export function checkVector(x: unknown, length: number, what = 'x'): asserts x is Float64Array {
  if (!(x instanceof Float64Array)) {
    throw new TypeError(`${what} must be a Float64Array, got ${x === null ? 'null' : typeof x === 'object' ? x.constructor.name : typeof x}`);
  }
  if (x.length !== length) throw new RangeError(`${what} has length ${x.length}, the operator expects ${length}`);
}

/** Shared behaviour: argument checks in `mv`, symmetric operators as their own transpose, `asMatrix` by columns. */
export abstract class AbstractOperator implements LinearOperator {
  abstract readonly inSize: number;
  abstract readonly outSize: number;
  abstract readonly tags: ReadonlySet<Tag>;

  /** A x for an already checked x; must return a new array. */
  protected abstract apply(x: Float64Array): Float64Array;
  /** Aᵀ, asked only when the tags do not already say A = Aᵀ. */
  protected abstract transposed(): LinearOperator;

  mv(x: Float64Array): Float64Array {
    checkVector(x, this.inSize);
    return this.apply(x);
  }

  transpose(): LinearOperator {
    return isSymmetric(this) ? this : this.transposed();
  }

  asMatrix(): DenseMatrix {
    return matrixByColumns(this);
  }
}

/** Any operator's matrix, one mv per unit vector. */
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
