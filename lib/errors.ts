/**
 * Outcomes of a linear solve and the errors the operator / solver layer raises.
 * CHOLMOD's own errors (CholmodError, NotPositiveDefiniteError, DisposedError) live in
 * lib/cholmod; a solver turns the ones that describe the matrix into a Result.
 */

/** How a solve ended. A plain string so it prints, compares and serialises as itself. */
export const Result = {
  successful: 'successful',
  maxStepsReached: 'maxStepsReached',
  singular: 'singular',
  breakdown: 'breakdown',
  stagnation: 'stagnation',
  nonfiniteInput: 'nonfiniteInput',
  notPositiveDefinite: 'notPositiveDefinite',
} as const;
export type Result = (typeof Result)[keyof typeof Result];

/** Solver diagnostics (steps, residualNorm, ...); which keys appear depends on the solver. */
export type Stats = Readonly<Record<string, number>>;

const explanations: Record<Result, string> = {
  successful: 'the solve succeeded',
  maxStepsReached: 'the iterative solver reached maxSteps before meeting its tolerance',
  singular: 'the operator is singular (a zero or negligible pivot)',
  breakdown: 'the iterative solver broke down (a zero or non-finite inner product)',
  stagnation: 'the iterative solver stopped making progress before meeting its tolerance',
  nonfiniteInput: 'the right-hand side (or initial guess) contains NaN or Infinity',
  notPositiveDefinite: 'the operator is not positive definite',
};

/** Raised by linearSolve (with `throw: true`) when the solve did not succeed; carries the Result. */
export class LinearSolveError extends Error {
  override name = 'LinearSolveError';
  constructor(
    readonly result: Result,
    readonly stats: Stats = {},
    detail?: string,
  ) {
    super(`linearSolve failed (${result}): ${explanations[result]}${detail ? `; ${detail}` : ''}`);
  }
}

/** The solver needs a structural promise (a tag) that the operator does not make. */
export class MissingTagError extends TypeError {
  override name = 'MissingTagError';
  constructor(
    readonly solver: string,
    readonly missing: readonly string[],
    hint = '',
  ) {
    super(
      `${solver} needs an operator tagged ${missing.map((t) => `'${t}'`).join(' and ')}` +
        ` (wrap it: new TaggedOperator(op, [${missing.join(', ')}]))${hint ? `; ${hint}` : ''}`,
    );
  }
}

/** The solver cannot work with this kind or shape of operator at all. */
export class UnsupportedOperatorError extends TypeError {
  override name = 'UnsupportedOperatorError';
  constructor(
    readonly solver: string,
    message: string,
  ) {
    super(`${solver}: ${message}`);
  }
}
