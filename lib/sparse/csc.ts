/**
 * CscMatrix: a sparse matrix in compressed sparse column form, the layout CHOLMOD
 * reads without conversion (column j's entries are rowIdx/values[colPtr[j] ..
 * colPtr[j+1]-1]).
 *
 * Invariants every instance keeps (so later layers never re-check them):
 * - dimensions are integers in 0..2^31-1; colPtr has ncols + 1 entries, starts at
 *   0, never decreases, and ends at nnz = rowIdx.length = values.length;
 * - within each column the row indices are strictly increasing (sorted, no
 *   duplicates) and in range;
 * - every value is finite;
 * - with symmetry 'lower' (resp. 'upper') the matrix is square and every stored
 *   entry has row >= col (resp. row <= col).
 *
 * The arrays are shared, not copied: the constructor keeps the Int32Array /
 * Float64Array it is given whenever they are already canonical, and derived
 * matrices (withValues, trusted construction) share colPtr/rowIdx. Treat them as
 * read-only; mutating them afterwards breaks the invariants above.
 */

import { canonicalize, compressTriplets, transposeArrays } from './compress';
import { checkColumns, checkColumnsOffThread } from './csc-columns-check';
import {
  expandTriangle,
  findEntry,
  generalMatvec,
  generalRmatvec,
  generalToDense,
  int32Equal,
  symmetricMatvec,
  symmetricToDense,
} from './kernels';
import { SYMMETRIES, Symmetry, symmetryOption, transposedSymmetry } from './symmetry';
import {
  MAX_DENSE_ELEMENTS,
  checkBoolean,
  checkChoice,
  checkDimension,
  checkIndex,
  checkVector,
  describe,
  nonFiniteError,
  outputVector,
  toFiniteVector,
  toFloat64Array,
  toInt32Array,
} from './validate';
import { checkOptions } from './validate-options';

export type { Symmetry } from './symmetry';

/**
 * Options of the {@link CscMatrix} constructor, {@link CscMatrix.fromTriplets} and
 * {@link CscMatrix.identity}.
 *
 * @example
 * ```ts
 * import { CscMatrix } from 'spsolve';
 *
 * // [[4, 1], [1, 3]] with only its lower triangle stored: (0, 1) reads the stored (1, 0).
 * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [4, 1, 3], { symmetry: 'lower' });
 * console.log(A.get(0, 1)); // → 1
 * ```
 */
export interface CscOptions {
  /** Which part of the matrix is stored; default 'general'. */
  symmetry?: Symmetry;
}

/**
 * Options of {@link CscMatrix.fromDense}.
 *
 * @example
 * ```ts
 * import { CscMatrix } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(2, 2, [1, 0, 0, 1], { dropZeros: false }); // the zeros are stored too
 * console.log(A.nnz); // → 4
 * ```
 */
export interface FromDenseOptions extends CscOptions {
  /** Leave exact zeros out of the pattern (default true). With false every entry of the kept part is stored. */
  dropZeros?: boolean;
}

/**
 * Set only while `CscMatrix.trusted` runs the constructor. JavaScript is
 * single-threaded and the constructor cannot re-enter, so a module flag is a safe
 * way to share one construction path (one hidden class) between the validating
 * public constructor and the library's internal fast path.
 */
let skipValidation = false;

/** Checked dimensions and `opts.symmetry` (default 'general'); a stored triangle needs a square matrix. */
function checkShape(nrows: number, ncols: number, symmetry: unknown, fn: string): Symmetry {
  checkDimension(nrows, `${fn}: nrows`);
  checkDimension(ncols, `${fn}: ncols`);
  const checked = checkChoice(symmetry ?? 'general', SYMMETRIES, `${fn}: opts.symmetry`);
  if (checked !== 'general' && nrows !== ncols) {
    throw new RangeError(`${fn}: symmetry '${checked}' requires a square matrix, got nrows = ${nrows}, ncols = ${ncols}`);
  }
  return checked;
}

/**
 * The constructor's options and shape checked and its arrays converted to the types it keeps
 * (their entries are checked after, by checkColumns or its off-thread twin).
 */
function convertArguments(
  nrows: number,
  ncols: number,
  colPtr: Int32Array | ArrayLike<number>,
  rowIdx: Int32Array | ArrayLike<number>,
  values: Float64Array | ArrayLike<number>,
  opts: CscOptions | undefined,
): { symmetry: Symmetry; colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array } {
  const { symmetry } = checkOptions(opts, ['symmetry'], 'CscMatrix: opts');
  return {
    symmetry: checkShape(nrows, ncols, symmetry, 'CscMatrix'),
    colPtr: toInt32Array(colPtr, 'CscMatrix: colPtr'),
    rowIdx: toInt32Array(rowIdx, 'CscMatrix: rowIdx'),
    values: toFloat64Array(values, 'CscMatrix: values'),
  };
}

/**
 * Returns `value` when it is a {@link CscMatrix}; a TypeError naming `name` otherwise.
 * @internal
 */
export function checkCscMatrix(value: unknown, name: string): CscMatrix {
  if (!(value instanceof CscMatrix)) throw new TypeError(`${name} must be a CscMatrix, got ${describe(value)}`);
  return value;
}

/**
 * A sparse real matrix in compressed sparse column (CSC) form, 0-based: the entries of
 * column j are `rowIdx[k]`, `values[k]` for k in `colPtr[j] .. colPtr[j+1]-1`, rows
 * strictly increasing. This is the layout CHOLMOD reads without conversion.
 *
 * A symmetric matrix can store just one triangle (`symmetry: 'lower'` or `'upper'`,
 * see {@link Symmetry}); every method then acts on the full symmetric matrix.
 * Instances are immutable by convention: the arrays are shared, not copied, so treat
 * them as read-only. All values are finite; constructors and factories throw
 * TypeError / RangeError (naming the argument) for anything else.
 *
 * @example
 * ```ts
 * import { CscMatrix } from 'spsolve';
 *
 * // [[2, 0], [1, 3]] column by column: column 0 holds rows 0, 1; column 1 holds row 1.
 * const A = new CscMatrix(2, 2, [0, 2, 3], [0, 1, 1], [2, 1, 3]);
 * console.log(A.matvec(new Float64Array([1, 1]))); // → Float64Array(2) [ 2, 4 ]
 * console.log(A.toString()); // → CscMatrix(2x2, nnz 3, general)
 * ```
 */
export class CscMatrix {
  /** Number of rows. */
  readonly nrows: number;
  /** Number of columns. */
  readonly ncols: number;
  /** Number of stored entries (for a stored triangle, of that triangle only). */
  readonly nnz: number;
  /** Column pointers, length ncols + 1: column j is entries colPtr[j] .. colPtr[j+1]-1. */
  readonly colPtr: Int32Array;
  /** 0-based row index of each stored entry, length nnz, increasing within a column. */
  readonly rowIdx: Int32Array;
  /** Value of each stored entry, length nnz, all finite. */
  readonly values: Float64Array;
  /** Which part of the matrix is stored (see {@link Symmetry}). */
  readonly symmetry: Symmetry;

  /**
   * Validates everything (see the invariants in the file comment) in one pass
   * over the entries, with no allocation when the input is already canonical and
   * typed (Int32Array / Float64Array, which are then shared, not copied).
   *
   * Plain number arrays are accepted and converted (integers checked). Row indices
   * within a column may be unsorted: they are sorted, with their values, into new
   * arrays (the inputs are never modified). Duplicate row indices within a column
   * are summed, the usual convention for assembled (finite-element) matrices.
   *
   * @param nrows Number of rows (an integer in 0..2^31-1).
   * @param ncols Number of columns.
   * @param colPtr Column pointers, length ncols + 1, starting at 0, non-decreasing, ending at nnz.
   * @param rowIdx 0-based row indices, length nnz.
   * @param values Entry values, length nnz, finite.
   * @param opts `symmetry` (default 'general').
   * @throws TypeError when an argument has the wrong type; RangeError when a value
   *   is out of range. Messages name the argument (nrows, colPtr, rowIdx, values...).
   *
   * @example
   * ```ts
   * import { CscMatrix } from 'spsolve';
   *
   * // Lower triangle of [[4, -1], [-1, 4]]; rows of column 0 given unsorted, which is allowed.
   * const A = new CscMatrix(2, 2, [0, 2, 3], [1, 0, 1], [-1, 4, 4], { symmetry: 'lower' });
   * console.log(Array.from(A.rowIdx)); // → [ 0, 1, 1 ]
   * ```
   */
  constructor(
    nrows: number,
    ncols: number,
    colPtr: Int32Array | ArrayLike<number>,
    rowIdx: Int32Array | ArrayLike<number>,
    values: Float64Array | ArrayLike<number>,
    opts?: CscOptions,
  ) {
    if (skipValidation) {
      this.nrows = nrows;
      this.ncols = ncols;
      this.colPtr = colPtr as Int32Array;
      this.rowIdx = rowIdx as Int32Array;
      this.values = values as Float64Array;
      this.nnz = this.rowIdx.length;
      this.symmetry = (opts as CscOptions).symmetry as Symmetry;
      return;
    }
    let a = convertArguments(nrows, ncols, colPtr, rowIdx, values, opts);
    if (!checkColumns(nrows, ncols, a.colPtr, a.rowIdx, a.values, a.symmetry)) {
      a = { ...a, ...canonicalize(nrows, ncols, a.colPtr, a.rowIdx, a.values) };
    }
    this.nrows = nrows;
    this.ncols = ncols;
    this.colPtr = a.colPtr;
    this.rowIdx = a.rowIdx;
    this.values = a.values;
    this.nnz = a.rowIdx.length;
    this.symmetry = a.symmetry;
  }

  /**
   * The {@link CscMatrix} constructor with its O(nnz) check of the entries on libuv's thread
   * pool: a server that builds a large matrix per request keeps its event loop free. It
   * accepts exactly what the constructor accepts and gives the same matrix (typed arrays
   * shared, not copied, when already canonical); it rejects what the constructor rejects,
   * with the same TypeError or RangeError and message.
   *
   * The arrays are read in place, so do not modify them until the promise settles (nor
   * afterwards: the matrix shares them). Like every async job's arrays, their buffers are
   * marked untransferable: a later postMessage copies them instead of moving them. Plain
   * number arrays are converted on the calling thread first (O(nnz)), and columns that need
   * sorting or summing are canonicalised there too, as the constructor does; pass canonical
   * Int32Array / Float64Array data to keep the event loop's share O(1).
   *
   * @param nrows Number of rows (an integer in 0..2^31-1).
   * @param ncols Number of columns.
   * @param colPtr Column pointers, length ncols + 1, starting at 0, non-decreasing, ending at nnz.
   * @param rowIdx 0-based row indices, length nnz.
   * @param values Entry values, length nnz, finite.
   * @param opts `symmetry` (default 'general').
   * @returns The checked matrix.
   * @throws (as a rejection) what the constructor throws: TypeError when an argument has the
   *   wrong type, RangeError when a value is out of range, naming the argument.
   *
   * @example
   * ```ts
   * import { CscMatrix, poisson3d } from 'spsolve';
   *
   * // Arrays that arrived from elsewhere (a worker, a file), checked without blocking the event loop.
   * const { nrows, ncols, colPtr, rowIdx, values } = poisson3d(20);
   * const A = await CscMatrix.fromArraysAsync(nrows, ncols, colPtr, rowIdx, values, { symmetry: 'lower' });
   * console.log(A.toString()); // → CscMatrix(8000x8000, nnz 30800, lower)
   * ```
   */
  static async fromArraysAsync(
    nrows: number,
    ncols: number,
    colPtr: Int32Array | ArrayLike<number>,
    rowIdx: Int32Array | ArrayLike<number>,
    values: Float64Array | ArrayLike<number>,
    opts?: CscOptions,
  ): Promise<CscMatrix> {
    let a = convertArguments(nrows, ncols, colPtr, rowIdx, values, opts);
    if (!(await checkColumnsOffThread(nrows, ncols, a.colPtr, a.rowIdx, a.values, a.symmetry))) {
      a = { ...a, ...canonicalize(nrows, ncols, a.colPtr, a.rowIdx, a.values) };
    }
    return CscMatrix.trusted(nrows, ncols, a.colPtr, a.rowIdx, a.values, a.symmetry);
  }

  /**
   * Wraps arrays that already satisfy every invariant, without checking them.
   * For library code that derived the arrays from a valid matrix (transpose,
   * withValues, readers, generators); user input must go through the constructor.
   * @internal
   */
  static trusted(
    nrows: number,
    ncols: number,
    colPtr: Int32Array,
    rowIdx: Int32Array,
    values: Float64Array,
    symmetry: Symmetry,
  ): CscMatrix {
    skipValidation = true;
    try {
      return new CscMatrix(nrows, ncols, colPtr, rowIdx, values, { symmetry });
    } finally {
      skipValidation = false;
    }
  }

  /**
   * Builds a matrix from (row, col, value) triplets, 0-based, in any order.
   * Duplicates are summed. O(nnz + nrows + ncols): two counting passes, no
   * comparison sort. With symmetry 'lower' / 'upper' every triplet must lie in
   * that triangle (a triplet in the other one is a RangeError, not silently
   * mirrored or dropped).
   *
   * @throws RangeError when the arrays differ in length, an index is out of range, a
   *   value is not finite, or a triplet lies outside the stored triangle.
   *
   * @example
   * ```ts
   * import { CscMatrix } from 'spsolve';
   *
   * // Two contributions to (0, 0) are summed, as in finite-element assembly.
   * const A = CscMatrix.fromTriplets(2, 3, [0, 0, 1], [0, 0, 2], [1, 2, 5]);
   * console.log(A.get(0, 0), A.nnz); // → 3 2
   * ```
   */
  static fromTriplets(
    nrows: number,
    ncols: number,
    rows: ArrayLike<number>,
    cols: ArrayLike<number>,
    values: ArrayLike<number>,
    opts?: CscOptions,
  ): CscMatrix {
    const fn = 'CscMatrix.fromTriplets';
    const { symmetry: symmetryOpt } = checkOptions(opts, ['symmetry'], `${fn}: opts`);
    const symmetry = checkShape(nrows, ncols, symmetryOpt, fn);
    const ri = toInt32Array(rows, `${fn}: rows`);
    const ci = toInt32Array(cols, `${fn}: cols`);
    const vx = toFloat64Array(values, `${fn}: values`);
    const count = ri.length;
    if (ci.length !== count) {
      throw new RangeError(`${fn}: cols must have length rows.length = ${count}, got ${ci.length}`);
    }
    if (vx.length !== count) {
      throw new RangeError(`${fn}: values must have length rows.length = ${count}, got ${vx.length}`);
    }
    for (let k = 0; k < count; k++) {
      const row = ri[k];
      const col = ci[k];
      // Inline range tests: this loop runs once per triplet; the shared check only words the error.
      if (row < 0 || row >= nrows) checkIndex(row, nrows, `${fn}: rows[${k}]`);
      if (col < 0 || col >= ncols) checkIndex(col, ncols, `${fn}: cols[${k}]`);
      const v = vx[k];
      if (v - v !== 0) throw nonFiniteError(v, k, `${fn}: values`);
      if (symmetry === 'lower' ? row < col : symmetry === 'upper' && row > col) {
        throw new RangeError(
          `${fn}: triplet ${k} at (row ${row}, col ${col}) is ${row < col ? 'above' : 'below'} the diagonal; ` +
            `symmetry '${symmetry}' stores only entries with row ${symmetry === 'lower' ? '>=' : '<='} col`,
        );
      }
    }
    const csc = compressTriplets(nrows, ncols, ri, ci, vx, count);
    return CscMatrix.trusted(nrows, ncols, csc.colPtr, csc.rowIdx, csc.values, symmetry);
  }

  /**
   * Builds a matrix from a dense column-major array (entry (i, j) at data[i + j * nrows]).
   * With symmetry 'lower' / 'upper' only that triangle of `data` is read; the other
   * one is ignored, not checked. Exact zeros are left out unless dropZeros is false.
   *
   * @throws RangeError when `data` does not have nrows * ncols entries or holds a non-finite value.
   *
   * @example
   * ```ts
   * import { CscMatrix } from 'spsolve';
   *
   * // Column-major [[1, 2], [3, 4]]: data is [A00, A10, A01, A11].
   * const A = CscMatrix.fromDense(2, 2, [1, 3, 2, 4]);
   * console.log(A.get(1, 0)); // → 3
   * ```
   */
  static fromDense(
    nrows: number,
    ncols: number,
    data: Float64Array | ArrayLike<number>,
    opts?: FromDenseOptions,
  ): CscMatrix {
    const fn = 'CscMatrix.fromDense';
    const options = checkOptions(opts, ['symmetry', 'dropZeros'], `${fn}: opts`);
    const symmetry = checkShape(nrows, ncols, options.symmetry, fn);
    const dropZeros = checkBoolean(options.dropZeros ?? true, `${fn}: opts.dropZeros`);
    const dense = toFiniteVector(data, nrows * ncols, `${fn}: data`, 'nrows * ncols');
    // Row range of column j that is kept: the whole column, or one triangle.
    const firstRow = (j: number) => (symmetry === 'lower' ? j : 0);
    const endRow = (j: number) => (symmetry === 'upper' ? j + 1 : nrows);
    const colPtr = new Int32Array(ncols + 1);
    for (let j = 0; j < ncols; j++) {
      let count = 0;
      for (let i = firstRow(j), end = endRow(j), base = j * nrows; i < end; i++) {
        if (!dropZeros || dense[base + i] !== 0) count++;
      }
      colPtr[j + 1] = colPtr[j] + count;
    }
    const nnz = colPtr[ncols];
    const rowIdx = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    let k = 0;
    for (let j = 0; j < ncols; j++) {
      for (let i = firstRow(j), end = endRow(j), base = j * nrows; i < end; i++) {
        const v = dense[base + i];
        if (!dropZeros || v !== 0) {
          rowIdx[k] = i;
          values[k] = v;
          k++;
        }
      }
    }
    return CscMatrix.trusted(nrows, ncols, colPtr, rowIdx, values, symmetry);
  }

  /**
   * The n x n identity. Its one stored triangle is its diagonal, so any symmetry gives the same arrays.
   *
   * @example
   * ```ts
   * import { CscMatrix } from 'spsolve';
   *
   * const I = CscMatrix.identity(3, { symmetry: 'lower' });
   * console.log(I.nnz, I.get(2, 2)); // → 3 1
   * ```
   */
  static identity(n: number, opts?: CscOptions): CscMatrix {
    checkDimension(n, 'CscMatrix.identity: n');
    const symmetry = symmetryOption(opts, 'CscMatrix.identity');
    const colPtr = new Int32Array(n + 1);
    const rowIdx = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      colPtr[j + 1] = j + 1;
      rowIdx[j] = j;
    }
    return CscMatrix.trusted(n, n, colPtr, rowIdx, new Float64Array(n).fill(1), symmetry);
  }

  /**
   * True when one triangle of a symmetric matrix is stored ('lower' or 'upper').
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * // The generators store the 'lower' triangle.
   * console.log(poisson2d(3).isSymmetricStorage); // → true
   * ```
   */
  get isSymmetricStorage(): boolean {
    return this.symmetry !== 'general';
  }

  /**
   * out = A x. For 'lower' / 'upper' storage A is the full symmetric matrix (each
   * stored off-diagonal entry also acts as its mirror). `out` must not overlap `x`.
   *
   * @param x Length ncols.
   * @param out Optional result buffer of length nrows (overwritten and returned).
   * @returns A x, length nrows.
   * @throws TypeError / RangeError when x or out is not a Float64Array of the right length.
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * const A = poisson2d(2); // 4 x 4, lower storage of the full Laplacian
   * console.log(A.matvec(new Float64Array([1, 1, 1, 1]))); // → Float64Array(4) [ 2, 2, 2, 2 ]
   * ```
   */
  matvec(x: Float64Array, out?: Float64Array): Float64Array {
    checkVector(x, this.ncols, 'CscMatrix.matvec: x');
    const y = outputVector(out, this.nrows, x, 'CscMatrix.matvec');
    if (this.symmetry === 'general') {
      generalMatvec(this.ncols, this.colPtr, this.rowIdx, this.values, x, y);
    } else {
      symmetricMatvec(this.ncols, this.colPtr, this.rowIdx, this.values, x, y);
    }
    return y;
  }

  /**
   * out = Aᵀ x (the same as matvec for a symmetric matrix). `out` must not overlap `x`.
   *
   * @param x Length nrows.
   * @param out Optional result buffer of length ncols.
   * @returns Aᵀ x, length ncols.
   *
   * @example
   * ```ts
   * import { CscMatrix } from 'spsolve';
   *
   * const A = CscMatrix.fromTriplets(2, 3, [0, 1], [2, 0], [5, 7]);
   * console.log(A.rmatvec(new Float64Array([1, 1]))); // → Float64Array(3) [ 7, 0, 5 ]
   * ```
   */
  rmatvec(x: Float64Array, out?: Float64Array): Float64Array {
    checkVector(x, this.nrows, 'CscMatrix.rmatvec: x');
    const y = outputVector(out, this.ncols, x, 'CscMatrix.rmatvec');
    if (this.symmetry === 'general') {
      generalRmatvec(this.ncols, this.colPtr, this.rowIdx, this.values, x, y);
    } else {
      symmetricMatvec(this.ncols, this.colPtr, this.rowIdx, this.values, x, y);
    }
    return y;
  }

  /**
   * Aᵀ as a new matrix (counting sort, O(nnz + nrows)). For a stored triangle the
   * matrix is unchanged but the storage flips: 'lower' gives 'upper' and back.
   *
   * @example
   * ```ts
   * import { CscMatrix } from 'spsolve';
   *
   * const A = CscMatrix.fromTriplets(2, 3, [0], [2], [5]);
   * const T = A.transpose();
   * console.log(T.nrows, T.ncols, T.get(2, 0)); // → 3 2 5
   * ```
   */
  transpose(): CscMatrix {
    const t = transposeArrays(this.nrows, this.ncols, this.colPtr, this.rowIdx, this.values);
    return CscMatrix.trusted(this.ncols, this.nrows, t.colPtr, t.rowIdx, t.values, transposedSymmetry(this.symmetry));
  }

  /**
   * Column-major dense copy (entry (i, j) at [i + j * nrows]); a stored triangle is
   * expanded to the full symmetric matrix.
   *
   * @throws RangeError when nrows * ncols is too large for one Float64Array.
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * console.log(poisson2d(1, 2).toDense()); // → Float64Array(4) [ 4, -1, -1, 4 ]
   * ```
   */
  toDense(): Float64Array {
    const size = this.nrows * this.ncols;
    if (size > MAX_DENSE_ELEMENTS) {
      throw new RangeError(`CscMatrix.toDense: a ${this.nrows} x ${this.ncols} dense matrix (${size} elements) is too large`);
    }
    return this.symmetry === 'general'
      ? generalToDense(this.nrows, this.ncols, this.colPtr, this.rowIdx, this.values)
      : symmetricToDense(this.ncols, this.colPtr, this.rowIdx, this.values);
  }

  /**
   * The same pattern with new values (values[k] belongs to rowIdx[k]). The result
   * shares colPtr and rowIdx with this matrix, which is what lets a factorisation
   * be refactored without a new symbolic analysis.
   *
   * @throws RangeError when `values` does not have length nnz or holds a non-finite value.
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * const A = poisson2d(4);
   * const B = A.withValues(A.values.map((v) => 2 * v));
   * console.log(B.samePattern(A), B.get(0, 0)); // → true 8
   * ```
   */
  withValues(values: Float64Array | ArrayLike<number>): CscMatrix {
    const vx = toFiniteVector(values, this.nnz, 'CscMatrix.withValues: values', 'nnz');
    return CscMatrix.trusted(this.nrows, this.ncols, this.colPtr, this.rowIdx, vx, this.symmetry);
  }

  /**
   * Full ('general') storage of the same matrix: a stored triangle is mirrored. Returns `this` when already general.
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * const A = poisson2d(3); // 'lower', nnz 21
   * console.log(A.toGeneral().nnz); // → 33
   * ```
   */
  toGeneral(): CscMatrix {
    if (this.symmetry === 'general') return this;
    const full = expandTriangle(this.ncols, this.colPtr, this.rowIdx, this.values);
    return CscMatrix.trusted(this.nrows, this.ncols, full.colPtr, full.rowIdx, full.values, 'general');
  }

  /**
   * The main diagonal, length min(nrows, ncols); entries not stored are 0.
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * console.log(poisson2d(2).diagonal()); // → Float64Array(4) [ 4, 4, 4, 4 ]
   * ```
   */
  diagonal(): Float64Array {
    const n = Math.min(this.nrows, this.ncols);
    const diag = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const k = findEntry(this.colPtr, this.rowIdx, j, j);
      if (k >= 0) diag[j] = this.values[k];
    }
    return diag;
  }

  /**
   * Entry (row, col) of the matrix (0-based), 0 when not stored; a stored triangle
   * answers for its mirror too. A binary search in column col: O(log m) for m stored entries.
   *
   * @throws RangeError when row or col is not an integer in range.
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * const A = poisson2d(3); // lower storage
   * console.log(A.get(1, 0), A.get(0, 1), A.get(0, 8)); // → -1 -1 0
   * ```
   */
  get(row: number, col: number): number {
    checkIndex(row, this.nrows, 'CscMatrix.get: row');
    checkIndex(col, this.ncols, 'CscMatrix.get: col');
    const mirror = this.symmetry === 'lower' ? row < col : this.symmetry === 'upper' && row > col;
    const k = mirror
      ? findEntry(this.colPtr, this.rowIdx, col, row)
      : findEntry(this.colPtr, this.rowIdx, row, col);
    return k >= 0 ? this.values[k] : 0;
  }

  /**
   * True when `other` has the same dimensions, symmetry and stored pattern, so
   * values can be swapped between them (refactor with the same analysis). Shared
   * arrays answer in O(1); otherwise the arrays are compared in O(nnz).
   *
   * @example
   * ```ts
   * import { poisson2d } from 'spsolve';
   *
   * console.log(poisson2d(3).samePattern(poisson2d(3))); // → true
   * console.log(poisson2d(3).samePattern(poisson2d(3).toGeneral())); // → false
   * ```
   */
  samePattern(other: CscMatrix): boolean {
    if (this === other) return true;
    if (!(other instanceof CscMatrix)) return false;
    if (this.nrows !== other.nrows || this.ncols !== other.ncols) return false;
    if (this.symmetry !== other.symmetry || this.nnz !== other.nnz) return false;
    return int32Equal(this.colPtr, other.colPtr) && int32Equal(this.rowIdx, other.rowIdx);
  }

  /** A one-line summary such as `CscMatrix(4x4, nnz 8, lower)`; the entries are not listed. */
  toString(): string {
    return `CscMatrix(${this.nrows}x${this.ncols}, nnz ${this.nnz}, ${this.symmetry})`;
  }
}
