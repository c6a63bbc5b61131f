/**
 * Outcomes of a linear solve and the errors the operator / solver layer raises.
 * CHOLMOD's own errors (CholmodError, NotPositiveDefiniteError, DisposedError) live in
 * lib/cholmod; a solver turns the ones that describe the matrix into a Result.
 */

/**
 * How a solve ended (Lineax's `RESULTS`). Each value is a plain string equal to its key,
 * so it prints, compares and serialises as itself. Solvers report a numerical failure
 * here instead of throwing; {@link linearSolve} throws a {@link LinearSolveError}
 * carrying it unless called with `throw: false`.
 *
 * @example
 * ```ts
 * import { CscMatrix, Result, SparseOperator, linearSolve } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(2, 2, [1, 0, 0, 0]); // singular
 * const op = new SparseOperator(A, ['positiveSemidefinite']);
 * const { result } = linearSolve(op, new Float64Array([1, 1]), undefined, { throw: false });
 * console.log(result === Result.successful); // → false
 * ```
 */
export const Result = {
  /** The solve succeeded (an iterative solver met its tolerance). */
  successful: 'successful',
  /** An iterative solver used its `maxSteps` budget before meeting its tolerance. */
  maxStepsReached: 'maxStepsReached',
  /** The operator is singular at working precision: a zero or negligible pivot. */
  singular: 'singular',
  /** An iterative solver met a zero or non-finite inner product it has to divide by. */
  breakdown: 'breakdown',
  /** An iterative solver stopped reducing the true residual before meeting its tolerance. */
  stagnation: 'stagnation',
  /** The right-hand side, initial guess or matrix contains NaN or ±Infinity. */
  nonfiniteInput: 'nonfiniteInput',
  /** A Cholesky factorisation met a non-positive pivot: the operator is not positive definite. */
  notPositiveDefinite: 'notPositiveDefinite',
  /** LSMR stopped because its estimate of the condition number exceeded `conlim` (Lineax's `conlim`). */
  conlim: 'conlim',
} as const;
/**
 * One of the {@link Result} strings: `'successful'`, `'singular'`, `'maxStepsReached'`, ...
 *
 * @example
 * ```ts
 * import { Result } from 'spsolve';
 *
 * const failed = (r: Result): boolean => r !== Result.successful;
 * console.log(failed('singular'), Object.values(Result).length); // → true 8
 * ```
 */
export type Result = (typeof Result)[keyof typeof Result];

/**
 * Solver diagnostics, a read-only map from name to number. Which keys appear depends
 * on the solver: the Krylov solvers report `steps` (the largest over the right-hand
 * sides) and `residualNorm` (the largest final ‖b - A x‖₂); Cholesky and LDLt report
 * `failedColumn` (0-based) after a pivot failure; the dense solvers report nothing.
 *
 * @example
 * ```ts
 * import { CG, SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(10), ['positiveSemidefinite']);
 * const { stats } = linearSolve(op, new Float64Array(100).fill(1), new CG({ rtol: 1e-10 }));
 * console.log(stats.steps, stats.residualNorm.toExponential(1)); // → 15 3.0e-14
 * ```
 */
export type Stats = Readonly<Record<string, number>>;

const explanations: Record<Result, string> = {
  successful: 'the solve succeeded',
  maxStepsReached: 'the iterative solver reached maxSteps before meeting its tolerance',
  singular: 'the operator is singular (a zero or negligible pivot)',
  breakdown: 'the iterative solver broke down (a zero or non-finite inner product)',
  stagnation: 'the iterative solver stopped making progress before meeting its tolerance',
  nonfiniteInput: 'the right-hand side (or initial guess) contains NaN or Infinity',
  notPositiveDefinite: 'the operator is not positive definite',
  conlim: 'Condition number of the operator seems to be larger than conlim (LSMR)',
};

/**
 * Thrown by {@link linearSolve} (with the default `throw: true`) when the solve did
 * not succeed. The message explains the {@link Result}; `result` and `stats` carry it
 * for programs.
 *
 * @example
 * ```ts
 * import { CscMatrix, LinearSolveError, SparseOperator, linearSolve } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(2, 2, [1, 2, 2, 1]); // symmetric but indefinite
 * try {
 *   linearSolve(new SparseOperator(A, ['positiveSemidefinite']), new Float64Array([1, 1]));
 * } catch (error) {
 *   if (error instanceof LinearSolveError) console.log(error.result); // → notPositiveDefinite
 * }
 * ```
 */
export class LinearSolveError extends Error {
  /** `'LinearSolveError'`, so the class survives serialisation and shows in stack traces. */
  override name = 'LinearSolveError';
  /**
   * @param result How the solve ended (never `'successful'` in practice).
   * @param stats The solver's diagnostics.
   * @param detail Extra text appended to the message.
   */
  constructor(
    /** How the solve ended. */
    readonly result: Result,
    /** The solver's diagnostics for the failed solve. */
    readonly stats: Stats = {},
    detail?: string,
  ) {
    super(`linearSolve failed (${result}): ${explanations[result]}${detail ? `; ${detail}` : ''}`);
  }
}

/**
 * Thrown by a solver's `init` (and so by {@link linearSolve}) when the solver needs a
 * structural promise (a {@link Tag}) the operator does not make, e.g. {@link CG} on an
 * operator not tagged `positiveSemidefinite`. The message says how to add the tag with
 * {@link TaggedOperator}. A TypeError: it is a programming error, not a numerical one.
 *
 * @example
 * ```ts
 * import { CG, MissingTagError, SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(4).toGeneral()); // no tags
 * try {
 *   linearSolve(op, new Float64Array(16).fill(1), new CG());
 * } catch (error) {
 *   if (error instanceof MissingTagError) console.log(error.solver, error.missing); // → CG [ 'positiveSemidefinite' ]
 * }
 * ```
 */
export class MissingTagError extends TypeError {
  /** `'MissingTagError'`, so the class survives serialisation and shows in stack traces. */
  override name = 'MissingTagError';
  /**
   * @param solver Name of the solver that refused the operator.
   * @param missing The tags it needs and the operator lacks.
   * @param hint Extra advice appended to the message.
   */
  constructor(
    /** Name of the solver that refused the operator (`'CG'`, `'Cholesky'`, ...). */
    readonly solver: string,
    /** The tags the solver needs and the operator lacks. */
    readonly missing: readonly string[],
    hint = '',
  ) {
    super(
      `${solver} needs an operator tagged ${missing.map((t) => `'${t}'`).join(' and ')}` +
        ` (wrap it: new TaggedOperator(op, [${missing.join(', ')}]))${hint ? `; ${hint}` : ''}`,
    );
  }
}

/**
 * Thrown by a solver's `init` when it cannot work with this kind or shape of operator
 * at all, whatever its tags: e.g. {@link LU} on a non-square operator, {@link Cholesky}
 * on a matrix-free {@link FunctionOperator}, or {@link AutoSolver} on a sparse
 * unsymmetric one (spsolve has no sparse LU). The message names the solver and
 * suggests an alternative.
 *
 * @example
 * ```ts
 * import { LU, MatrixOperator, UnsupportedOperatorError, denseMatrix, linearSolve } from 'spsolve';
 *
 * const op = new MatrixOperator(denseMatrix(3, 2, [1, 0, 0, 0, 1, 0]));
 * try {
 *   linearSolve(op, new Float64Array(3), new LU());
 * } catch (error) {
 *   if (error instanceof UnsupportedOperatorError) console.log(error.message);
 *   // → LU: needs a square operator, got 3 x 2; use QR for least squares
 * }
 * ```
 */
export class UnsupportedOperatorError extends TypeError {
  /** `'UnsupportedOperatorError'`, so the class survives serialisation and shows in stack traces. */
  override name = 'UnsupportedOperatorError';
  /**
   * @param solver Name of the solver that refused the operator.
   * @param message What is wrong; the solver name is prepended.
   */
  constructor(
    /** Name of the solver that refused the operator. */
    readonly solver: string,
    message: string,
  ) {
    super(`${solver}: ${message}`);
  }
}
