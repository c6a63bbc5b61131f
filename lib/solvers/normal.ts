/**
 * Least squares through the normal equations (Lineax's Normal): AᵀA x = Aᵀ b for a tall
 * (or square) A, A Aᵀ y = b with x = Aᵀ y for a wide one, with an inner solver for the
 * positive (semi)definite system. Cholesky factorises the product by CHOLMOD's A Aᵀ path
 * (never formed); LDLt gets it as a sparse matrix; any other solver as a composed,
 * matrix-free operator.
 */
import { NotPositiveDefiniteError, cholesky } from '../cholmod';
import { Result, UnsupportedOperatorError } from '../errors';
import { LinearOperator, SparseOperator, TaggedOperator, compose, isSparseBacked, positiveSemidefinite, toCsc } from '../operators';
import { checkOperator } from '../operators/operator';
import type { CscMatrix, DenseMatrix } from '../sparse';
import { gramLower } from '../sparse/gram';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { CholmodSolver, type CholmodState } from './cholmod-solver';
import { Cholesky } from './cholesky';
import { DenseCholesky } from './dense-cholesky';
import { Computed, LinearSolver, Rhs, SolveOptions, checkSolver, mapColumns } from './solver';

/**
 * The state of {@link Normal}: the inner solver's state for AᵀA (tall) or A Aᵀ (wide), and
 * the map Aᵀ applied to b (tall) or to the inner solution (wide).
 *
 * @example
 * ```ts
 * import { MatrixOperator, Normal, denseMatrix } from 'spsolve';
 *
 * const normal = new Normal();
 * const state = normal.init(new MatrixOperator(denseMatrix(3, 2, [1, 1, 1, 0, 1, 2])), {});
 * console.log(state.tall, state.inner.name, state.map.outSize); // → true DenseCholesky 2
 * ```
 */
export interface NormalState {
  /** The inner solver (the one given, or the default chosen for this operator). */
  readonly inner: LinearSolver<unknown>;
  /** Its state, for AᵀA (tall) or A Aᵀ (wide). */
  readonly innerState: unknown;
  /** The options passed to the inner solver (the preconditioner mapped as Lineax does). */
  readonly innerOptions: SolveOptions;
  /** True: x = (AᵀA)⁻¹ Aᵀ b; false: x = Aᵀ (A Aᵀ)⁻¹ b. `transpose` flips it. */
  readonly tall: boolean;
  /** Aᵀ of the operator solved with (for the transposed state, A). */
  readonly map: LinearOperator;
  /** Rows of the operator solved with. */
  readonly rows: number;
  /** Columns of the operator solved with. */
  readonly cols: number;
}

/**
 * Least squares by the normal equations with an inner solver (Lineax's Normal): for a tall
 * or square A, AᵀA x = Aᵀ b; for a wide A, A Aᵀ y = b and x = Aᵀ y (the minimum-norm
 * solution). The inner solver must handle a positive (semi)definite operator:
 * {@link Cholesky} (CHOLMOD factorises AᵀA or A Aᵀ from A itself, by its A Aᵀ path, without
 * forming the product), {@link LDLt} (the product is formed as a sparse matrix),
 * {@link DenseCholesky}, {@link CG}, ... Default inner solver: Cholesky when A has stored
 * sparse entries, DenseCholesky otherwise.
 *
 * This squares the condition number: prefer {@link QR} or {@link SVD} for ill-conditioned
 * dense problems, {@link LSMR} for large matrix-free ones. `assumeFullRank()` is the inner
 * solver's. The option `preconditioner` M (≈ A⁺) becomes M Mᵀ (tall) or Mᵀ M (wide) for
 * the inner solver; `y0` is passed on for a tall A and dropped for a wide one.
 *
 * @example
 * ```ts
 * import { CscMatrix, Normal, SparseOperator, linearSolve } from 'spsolve';
 *
 * // Fit y = c0 + c1 t to three points (t = 0, 1, 2; y = 1, 2, 4); CHOLMOD factorises AᵀA.
 * const A = new SparseOperator(CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]));
 * const { value: c } = linearSolve(A, new Float64Array([1, 2, 4]), new Normal());
 * console.log(c.map((v) => +v.toFixed(6))); // → Float64Array(2) [ 0.833333, 1.5 ]
 * ```
 */
export class Normal implements LinearSolver<NormalState> {
  readonly name = 'Normal';

  /**
   * @param innerSolver The solver of the positive (semi)definite normal equations; default as above.
   * @throws TypeError when `innerSolver` is not a LinearSolver.
   */
  constructor(
    /** The inner solver given to the constructor (undefined: chosen per operator). */
    readonly innerSolver?: LinearSolver<unknown>,
  ) {
    if (innerSolver !== undefined) checkSolver(innerSolver, 'Normal: innerSolver');
  }

  /**
   * Builds AᵀA (tall or square A) or A Aᵀ (wide), tagged positiveSemidefinite, and runs the inner solver's init.
   * @throws {@link UnsupportedOperatorError} when a CHOLMOD inner solver meets an operator without stored entries; as the inner init.
   */
  init(op: LinearOperator, options: SolveOptions = {}): NormalState {
    checkOperator(op, 'Normal.init: op');
    const tall = op.outSize >= op.inSize;
    const inner = this.innerSolver ?? (isSparseBacked(op) ? new Cholesky() : new DenseCholesky());
    const innerOptions = innerSolveOptions(options, tall);
    const innerState = inner instanceof Cholesky ? choleskyOfGram(op, tall, inner) : inner.init(normalOperator(op, tall, inner), innerOptions);
    return { inner, innerState, innerOptions, tall, map: op.transpose(), rows: op.outSize, cols: op.inSize };
  }

  /** Tall: the inner solve of AᵀA x = Aᵀ b; wide: x = Aᵀ y with A Aᵀ y = b. The Result and stats are the inner solver's. */
  compute<V extends Rhs>(state: NormalState, b: V, _options?: SolveOptions): Computed<V> {
    checkVectorOrColumns(b, state.rows, `${this.name}.compute: b`);
    const { inner, innerState, innerOptions, map, tall } = state;
    if (tall) return inner.compute(innerState, applyColumns(map, b), innerOptions) as Computed<V>;
    const solved = inner.compute(innerState, b, innerOptions);
    return { ...solved, value: applyColumns(map, solved.value) as V };
  }

  /**
   * Aᵀ's normal equations are A's read the other way round: the same inner state
   * (conjugated, its operator being self-adjoint), `tall` flipped, the map transposed.
   */
  transpose(state: NormalState, options: SolveOptions): [NormalState, SolveOptions] {
    const [innerState, innerOptions] = state.inner.conj(state.innerState, state.innerOptions);
    return [{ ...state, innerState, innerOptions, tall: !state.tall, map: state.map.transpose(), rows: state.cols, cols: state.rows }, options];
  }

  /** The state itself (everything is real). */
  conj(state: NormalState, options: SolveOptions): [NormalState, SolveOptions] {
    return [state, options];
  }

  /** The inner solver's promise (true for the default Cholesky / DenseCholesky). */
  assumeFullRank(): boolean {
    return this.innerSolver?.assumeFullRank() ?? true;
  }

  /** Disposes the inner state (frees a CHOLMOD factor). Dispose only states returned by `init`. */
  dispose(state: NormalState): void {
    state.inner.dispose?.(state.innerState);
  }
}

/**
 * Cholesky's state for AᵀA (tall) or A Aᵀ (wide) by CHOLMOD's A Aᵀ path (`cholesky(B, { aat: true })`
 * with B = Aᵀ or A): the product is never formed in memory, CHOLMOD factorises it from B. A
 * rank-deficient A (a non-positive pivot) becomes the state's failure, reported by compute.
 */
function choleskyOfGram(op: LinearOperator, tall: boolean, inner: Cholesky): CholmodState {
  const matrix = storedEntries(op);
  const general = matrix.symmetry === 'general' ? matrix : matrix.toGeneral();
  const b = tall ? general.transpose() : general;
  inner.factorizations++;
  try {
    return { n: b.nrows, factor: cholesky(b, { ...inner.options, aat: true }) };
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) return { n: b.nrows, failure: Result.notPositiveDefinite, failedColumn: error.column };
    throw error;
  }
}

function storedEntries(op: LinearOperator): CscMatrix {
  const matrix = toCsc(op);
  if (!matrix) {
    throw new UnsupportedOperatorError(
      'Normal',
      `a CHOLMOD inner solver needs stored entries, and a ${op.constructor.name} only offers matvecs: use CG as the inner solver, or LSMR`,
    );
  }
  return matrix;
}

/** AᵀA or A Aᵀ tagged positiveSemidefinite: a sparse matrix for CHOLMOD (LDLt), else a composition. */
function normalOperator(op: LinearOperator, tall: boolean, inner: LinearSolver<unknown>): LinearOperator {
  if (inner instanceof CholmodSolver) {
    const matrix = storedEntries(op);
    // AᵀA is the Gram matrix of A's columns; A Aᵀ that of Aᵀ's.
    return new SparseOperator(gramLower(tall ? matrix : matrix.transpose()), [positiveSemidefinite]);
  }
  const t = op.transpose();
  return new TaggedOperator(tall ? compose(t, op) : compose(op, t), [positiveSemidefinite]);
}

/** Lineax's mapping of the options: M ≈ A⁺ becomes M Mᵀ (tall) or Mᵀ M (wide); y0 is A's unknown, so only a tall A keeps it. */
function innerSolveOptions(options: SolveOptions, tall: boolean): SolveOptions {
  const inner: SolveOptions = { ...options };
  const m = options.preconditioner;
  if (m !== undefined) {
    checkOperator(m, 'Normal: options.preconditioner');
    const t = m.transpose();
    inner.preconditioner = new TaggedOperator(tall ? compose(m, t) : compose(t, m), [positiveSemidefinite]);
  }
  if (!tall) delete inner.y0;
  return inner;
}

function applyColumns(map: LinearOperator, b: Rhs): Rhs {
  if (b instanceof Float64Array) return map.mv(b);
  return mapColumns(b as DenseMatrix, map.outSize, (column) => map.mv(column));
}
