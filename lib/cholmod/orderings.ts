/**
 * CHOLMOD's symbolic tools on their own: a fill-reducing ordering by one named method, and the
 * elimination tree with the column counts of L, for a symmetric A or for A Aᵀ.
 * @module
 */
import { native, type NativePattern } from '../native';
import { type CscMatrix, checkCscMatrix } from '../sparse/csc';
import { checkBoolean, checkChoice } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkPermutation, checkSubset } from './permutation';
import { storedTriangle } from './symmetric-input';
import { toInt32Array } from '../sparse/validate';

/**
 * A fill-reducing ordering method of {@link ordering}:
 * - 'amd': approximate minimum degree (of A, or of A Aᵀ with `aat`);
 * - 'metis': METIS nested dissection (postordered);
 * - 'nesdis': CHOLMOD's nested dissection (METIS separators, constrained minimum degree inside);
 * - 'colamd': column approximate minimum degree, which orders A Aᵀ from A: needs `aat: true`;
 * - 'camd': constrained AMD, keeping the groups of `constraints` in order.
 *
 * @example
 * ```ts
 * import { ordering, poisson2d } from 'spsolve';
 *
 * const methods = ['amd', 'metis', 'nesdis', 'camd'] as const;
 * console.log(methods.map((m) => ordering(poisson2d(8), m).length)); // → [ 64, 64, 64, 64 ]
 * ```
 */
// Must name exactly the keys of ORDERING_METHOD_CODES below (`satisfies` checks it).
export type OrderingMethod = 'amd' | 'metis' | 'nesdis' | 'colamd' | 'camd';

/** @internal The addon's codes (native/cholmod/orderings.cc, enum Method). */
export const ORDERING_METHOD_CODES = { amd: 0, metis: 1, nesdis: 2, colamd: 3, camd: 4 } as const satisfies Record<OrderingMethod, number>;
const METHODS = Object.keys(ORDERING_METHOD_CODES) as OrderingMethod[];

/**
 * Options of {@link ordering}.
 *
 * @example
 * ```ts
 * import { CscMatrix, ordering } from 'spsolve';
 *
 * // Order A Aᵀ for a 3 x 4 A, using columns 0 and 3 only.
 * const A = CscMatrix.fromTriplets(3, 4, [0, 1, 2, 0], [0, 1, 2, 3], [1, 1, 1, 1]);
 * console.log(ordering(A, 'colamd', { aat: true, columns: [0, 3] }).length); // → 3
 * ```
 */
export interface OrderingOptions {
  /** Order A Aᵀ (A any m × n 'general' matrix; the permutation has m entries) instead of a symmetric A. Default false. */
  aat?: boolean;
  /** With `aat`: order A(:, f) A(:, f)ᵀ for these distinct columns f. */
  columns?: Int32Array | readonly number[];
  /**
   * For 'camd': the constraint group (an integer in 0..n−1) of each row/column; all of group 0
   * come first in the ordering, then group 1, and so on. Default: one group (plain AMD).
   */
  constraints?: Int32Array | readonly number[];
}

/**
 * A fill-reducing permutation of a symmetric A (or of A Aᵀ with `aat`) by one method, without
 * factorising: step k eliminates `perm[k]`. It can be passed back as `cholesky(A, { ordering:
 * perm })`, or used to permute a matrix for another solver.
 *
 * @param A A symmetric matrix (a stored triangle, or 'general' storage, whose upper triangle is
 *   read: only the pattern matters), or with `aat` any m × n 'general' matrix.
 * @returns An Int32Array permutation of 0..n−1 (of 0..m−1 with `aat`).
 * @throws TypeError / RangeError for a bad A, method or option (colamd without `aat`,
 *   constraints without camd); CholmodError 'CHOLMOD_NOT_INSTALLED' for METIS in a build without it.
 * @example
 * ```ts
 * import { analyze, ordering, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(30);
 * const perm = ordering(A, 'metis');
 * const natural = analyze(A, { ordering: 'natural' });
 * const nested = analyze(A, { ordering: perm });
 * console.log(nested.info.nnzL < natural.info.nnzL); // → true
 * natural.dispose();
 * nested.dispose();
 * ```
 */
export function ordering(A: CscMatrix, method: OrderingMethod, opts?: OrderingOptions): Int32Array {
  const args = orderingArgs(A, method, opts, 'ordering');
  native().ordering(args);
  return args.out;
}

/**
 * {@link ordering} on the thread pool (METIS on a large matrix takes a while).
 *
 * @example
 * ```ts
 * import { orderingAsync, poisson3d } from 'spsolve';
 *
 * const perm = await orderingAsync(poisson3d(10), 'nesdis');
 * console.log(new Set(perm).size); // → 1000
 * ```
 */
export async function orderingAsync(A: CscMatrix, method: OrderingMethod, opts?: OrderingOptions): Promise<Int32Array> {
  const args = orderingArgs(A, method, opts, 'orderingAsync');
  await native().orderingAsync(args);
  return args.out;
}

/**
 * Options of {@link etree}.
 *
 * @example
 * ```ts
 * import { etree, poisson2d } from 'spsolve';
 *
 * const reversed = Int32Array.from({ length: 9 }, (_, k) => 8 - k);
 * console.log(etree(poisson2d(3), { ordering: reversed }).parent.length); // → 9
 * ```
 */
export interface EtreeOptions {
  /** The tree of A Aᵀ (A any m × n 'general' matrix) instead of a symmetric A. Default false. */
  aat?: boolean;
  /** The tree of P A Pᵀ for this permutation (step k = `ordering[k]`); default: A as it is. */
  ordering?: Int32Array | readonly number[];
}

/**
 * The elimination tree and the column counts of the Cholesky factor L of A (or P A Pᵀ, or
 * A Aᵀ), from the pattern alone (cholmod_etree, cholmod_rowcolcounts).
 *
 * @example
 * ```ts
 * import { CscMatrix, etree } from 'spsolve';
 *
 * // An arrow matrix pointing down: every node's parent is the last one.
 * const A = CscMatrix.fromTriplets(4, 4, [0, 1, 2, 3, 3, 3, 3], [0, 1, 2, 0, 1, 2, 3], [4, 4, 4, 1, 1, 1, 4], { symmetry: 'lower' });
 * const { parent, columnCounts } = etree(A);
 * console.log(parent, columnCounts); // → Int32Array(4) [ 3, 3, 3, -1 ] Int32Array(4) [ 2, 2, 2, 1 ]
 * ```
 */
export interface EliminationTree {
  /** parent[j] is the parent of node j (step j of the elimination, in the permuted order), −1 for a root. */
  parent: Int32Array;
  /** Nonzeros in column j of L, the diagonal included: they sum to nnz(L). */
  columnCounts: Int32Array;
}

/**
 * The elimination tree of a symmetric A (its pattern; or P A Pᵀ with `ordering`, A Aᵀ with
 * `aat`) and the column counts of its Cholesky factor: what CHOLMOD's analysis computes before
 * it allocates L. No numeric work; the counts assume no numerical cancellation.
 *
 * @param A As for {@link ordering}.
 * @throws TypeError / RangeError for a bad A or option (an ordering that is not a permutation
 *   raises RangeError naming the offending index).
 * @example
 * ```ts
 * import { etree, poisson2d } from 'spsolve';
 *
 * const { parent, columnCounts } = etree(poisson2d(3));
 * console.log(parent.join(' '), columnCounts.reduce((s, c) => s + c)); // → 1 2 3 4 5 6 7 8 -1 29
 * ```
 */
export function etree(A: CscMatrix, opts?: EtreeOptions): EliminationTree {
  const args = etreeArgs(A, opts, 'etree');
  native().etree(args);
  return { parent: args.parent, columnCounts: args.colCount };
}

/**
 * {@link etree} on the thread pool.
 *
 * @example
 * ```ts
 * import { etreeAsync, poisson2d } from 'spsolve';
 *
 * const { parent } = await etreeAsync(poisson2d(10));
 * console.log(parent.filter((p) => p === -1).length); // → 1
 * ```
 */
export async function etreeAsync(A: CscMatrix, opts?: EtreeOptions): Promise<EliminationTree> {
  const args = etreeArgs(A, opts, 'etreeAsync');
  await native().etreeAsync(args);
  return { parent: args.parent, columnCounts: args.colCount };
}

/** A as the symbolic tools take it: its pattern, and stype (±1 a stored triangle, 0 for A Aᵀ). */
function symbolicInput(A: unknown, aatOption: unknown, fn: string): { A: NativePattern; stype: -1 | 0 | 1; matrix: CscMatrix } {
  const matrix = checkCscMatrix(A, `${fn}: A`);
  const aat = aatOption === undefined ? false : checkBoolean(aatOption, `${fn}: opts.aat`);
  let stype: -1 | 0 | 1 = 0;
  if (aat) {
    if (matrix.symmetry !== 'general') {
      throw new RangeError(`${fn}: A must be stored in full ('general') for opts.aat, got symmetry '${matrix.symmetry}'`);
    }
  } else {
    storedTriangle(matrix, `${fn}: A`);
    // A symmetric matrix in full storage: its upper triangle stands for it (only the pattern is read).
    stype = matrix.symmetry === 'lower' ? -1 : 1;
  }
  const { nrows, ncols, colPtr, rowIdx } = matrix;
  return { A: { nrows, ncols, colPtr, rowIdx, values: null }, stype, matrix };
}

function orderingArgs(A: unknown, method: unknown, opts: unknown, fn: string) {
  const o = checkOptions(opts, ['aat', 'columns', 'constraints'], `${fn}: opts`);
  const input = symbolicInput(A, o.aat, fn);
  const name = checkChoice(method, METHODS, `${fn}: method`);
  if (name === 'colamd' && input.stype !== 0) {
    throw new RangeError(`${fn}: method 'colamd' orders A Aᵀ: pass opts.aat: true (or use 'amd' for a symmetric A), got aat false`);
  }
  if (o.columns !== undefined && input.stype !== 0) throw new RangeError(`${fn}: opts.columns needs opts.aat: true, got aat false`);
  if (o.constraints !== undefined && name !== 'camd') throw new RangeError(`${fn}: opts.constraints apply to method 'camd', got '${name}'`);
  const m = input.matrix.nrows;
  const fset = o.columns === undefined ? null : checkSubset(o.columns, input.matrix.ncols, `${fn}: opts.columns`);
  const constraints = o.constraints === undefined ? null : checkConstraints(o.constraints, m, `${fn}: opts.constraints`);
  return { A: input.A, stype: input.stype, method: ORDERING_METHOD_CODES[name], fset, constraints, out: new Int32Array(m) };
}

function checkConstraints(value: unknown, n: number, name: string): Int32Array {
  const c = toInt32Array(value, name);
  if (c.length !== n) throw new RangeError(`${name} must have ${n} entries (one per row), got ${c.length}`);
  for (let k = 0; k < n; k++) {
    if (c[k] < 0 || c[k] >= n) throw new RangeError(`${name}[${k}] must be an integer in [0, ${n}), got ${c[k]}`);
  }
  return c === value ? c.slice() : c;
}

function etreeArgs(A: unknown, opts: unknown, fn: string) {
  const o = checkOptions(opts, ['aat', 'ordering'], `${fn}: opts`);
  const input = symbolicInput(A, o.aat, fn);
  const m = input.matrix.nrows;
  const perm = o.ordering === undefined ? null : checkPermutation(o.ordering, m, `${fn}: opts.ordering`);
  return { A: input.A, stype: input.stype, perm, parent: new Int32Array(m), colCount: new Int32Array(m) };
}
