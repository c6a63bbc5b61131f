/**
 * MUMPS over MPI as a Lineax solver: the state is a {@link RemoteFactor} on an
 * {@link MpiCluster}; the transposed state solves with Aᵀ on the same factor (MUMPS's ICNTL(9)).
 */
import { Result, UnsupportedOperatorError } from '../errors';
import { LinearOperator, closeTags, toCsc } from '../operators';
import { MpiCluster, RemoteFactor, RemoteKind, RemoteSolverError } from '../remote';
import { allFinite, checkChoice, checkInteger, describe } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import type { AsyncLinearSolver } from './async-solver';
import { Computed, Rhs, SolveOptions, filledLike, requireSquare, rhsData } from './solver';

/**
 * The state of {@link Mumps}: the remote factor (dispose the state with `solver.dispose(state)`),
 * or why the factorisation failed, and whether this state solves with Aᵀ.
 *
 * @example
 * ```ts
 * import type { MumpsState } from 'spsolve';
 *
 * const failed: MumpsState = { n: 3, transposed: false, failure: 'singular' };
 * console.log(failed.factor === undefined); // → true
 * ```
 */
export interface MumpsState {
  /** The matrix size. */
  readonly n: number;
  /** Absent when the factorisation failed; `failure` then says why. */
  readonly factor?: RemoteFactor;
  /** 'notPositiveDefinite' (cholesky) or 'singular' when MUMPS refused the matrix. */
  readonly failure?: Result;
  /** True for the state of Aᵀ x = b (from `transpose`). */
  readonly transposed: boolean;
}

/**
 * Options of {@link Mumps}.
 *
 * @example
 * ```ts
 * import type { MumpsOptions, MpiCluster } from 'spsolve';
 *
 * const options = (cluster: MpiCluster): MumpsOptions => ({ cluster, kind: 'ldlt', ordering: 'ptscotch' });
 * console.log(typeof options); // → function
 * ```
 */
export interface MumpsOptions {
  /** The MPI job to factorise on (from {@link mpiCluster}). */
  cluster: MpiCluster;
  /**
   * 'cholesky' (SPD), 'ldlt' (symmetric indefinite), 'lu' (general), or 'auto' (the default):
   * cholesky for an operator tagged symmetric and positive semidefinite, ldlt for one tagged
   * symmetric, otherwise lu.
   */
  kind?: RemoteKind | 'auto';
  /** The ordering (see {@link RemoteFactorOptions}); default 'auto'. */
  ordering?: 'auto' | 'ptscotch' | 'metis' | 'scotch' | 'amd';
  /** Milliseconds for each remote call; default the cluster's. */
  timeoutMs?: number;
}

/**
 * MUMPS, a distributed direct solver, behind the solver interface: `initAsync` uploads the
 * operator's matrix to the cluster and factorises it there, `computeAsync` solves one or many
 * right-hand sides, `transpose` gives the Aᵀ state without refactorising. Asynchronous: use it
 * with {@link linearSolveAsync} and {@link linearSolveVjpAsync}.
 *
 * @example
 * ```ts
 * import { Mumps, SparseOperator, linearSolveAsync, poisson2d } from 'spsolve';
 * import type { MpiCluster } from 'spsolve';
 *
 * async function solve(cluster: MpiCluster) {
 *   const op = new SparseOperator(poisson2d(20), ['positiveSemidefinite']);
 *   const { value } = await linearSolveAsync(op, new Float64Array(400).fill(1), new Mumps({ cluster }));
 *   return value;
 * }
 * console.log(typeof solve); // → function
 * ```
 */
export class Mumps implements AsyncLinearSolver<MumpsState> {
  /** The solver's name, used in messages. */
  readonly name = 'Mumps';
  readonly #cluster: MpiCluster;
  readonly #kind: RemoteKind | 'auto';
  readonly #ordering: 'auto' | 'ptscotch' | 'metis' | 'scotch' | 'amd';
  readonly #timeoutMs: number | undefined;

  /** @param options The cluster, the kind of factorisation, the ordering and a timeout. */
  constructor(options: MumpsOptions) {
    const o = checkOptions(options, ['cluster', 'kind', 'ordering', 'timeoutMs'], 'Mumps: options');
    if (!(o.cluster instanceof MpiCluster)) throw new TypeError(`Mumps: options.cluster must be an MpiCluster, got ${describe(o.cluster)}`);
    this.#cluster = o.cluster;
    this.#kind = checkChoice(o.kind ?? 'auto', ['auto', 'cholesky', 'ldlt', 'lu'], 'Mumps: options.kind');
    this.#ordering = checkChoice(o.ordering ?? 'auto', ['auto', 'ptscotch', 'metis', 'scotch', 'amd'], 'Mumps: options.ordering');
    this.#timeoutMs = o.timeoutMs === undefined ? undefined : checkInteger(o.timeoutMs, 1, 2 ** 31 - 1, 'Mumps: options.timeoutMs');
  }

  /** Uploads and factorises the operator's matrix; a pivot failure becomes the state's `failure`. */
  async initAsync(op: LinearOperator, _options: SolveOptions): Promise<MumpsState> {
    requireSquare(op, this.name);
    const matrix = toCsc(op);
    if (!matrix) {
      throw new UnsupportedOperatorError(this.name, `needs stored entries (a SparseOperator); a ${op.constructor.name} only offers matvecs`);
    }
    const kind = this.#kindFor(op);
    try {
      const factor = await this.#cluster.factorize(matrix, { kind, ordering: this.#ordering, timeoutMs: this.#timeoutMs });
      return { n: matrix.ncols, factor, transposed: false };
    } catch (error) {
      if (error instanceof RemoteSolverError && error.code === 'not-positive-definite') return { n: matrix.ncols, failure: Result.notPositiveDefinite, transposed: false };
      if (error instanceof RemoteSolverError && error.code === 'singular') return { n: matrix.ncols, failure: Result.singular, transposed: false };
      throw error;
    }
  }

  /** Solves every column of b in as few round trips as the message size allows. */
  async computeAsync<V extends Rhs>(state: MumpsState, b: V, _options: SolveOptions): Promise<Computed<V>> {
    checkVectorOrColumns(b, state.n, `${this.name}.compute: b`);
    if (!state.factor) return { value: filledLike(b, state.n, NaN), result: state.failure ?? Result.singular, stats: {} };
    if (!allFinite(rhsData(b))) return { value: filledLike(b, state.n, NaN), result: Result.nonfiniteInput, stats: {} };
    const opts = { transpose: state.transposed, timeoutMs: this.#timeoutMs };
    const value = b instanceof Float64Array ? await state.factor.solveAsync(b, opts) : await state.factor.solveAsync(b, opts);
    return { value: value as V, result: Result.successful, stats: {} };
  }

  /** The Aᵀ state on the same remote factor. */
  transpose(state: MumpsState, options: SolveOptions): [MumpsState, SolveOptions] {
    return [{ ...state, transposed: !state.transposed }, options];
  }

  /** The state itself (everything is real). */
  conj(state: MumpsState, options: SolveOptions): [MumpsState, SolveOptions] {
    return [state, options];
  }

  /** True: MUMPS solves square, full-rank systems. */
  assumeFullRank(): boolean {
    return true;
  }

  /** Frees the remote factor of a state from `initAsync`. */
  dispose(state: MumpsState): void {
    state.factor?.dispose();
  }

  #kindFor(op: LinearOperator): RemoteKind {
    if (this.#kind !== 'auto') return this.#kind;
    const tags = closeTags(op.tags);
    if (tags.has('symmetric') && tags.has('positiveSemidefinite')) return 'cholesky';
    return tags.has('symmetric') ? 'ldlt' : 'lu';
  }
}
