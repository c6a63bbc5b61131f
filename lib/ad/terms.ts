/**
 * Which of Lineax's pseudo-inverse terms a derivative needs. With x = A⁺ b,
 *
 *   dx = A⁺ (db − dA x) + A⁺ A⁺ᵀ dAᵀ (b − A x) + (I − A⁺ A) dAᵀ A⁺ᵀ x,
 *
 * (Golub & Pereyra). A square full-rank A makes both extra terms vanish. A tall A of full
 * column rank (least squares) keeps the second, the *residual* term: b − A x ≠ 0. A wide A
 * of full row rank (minimum norm) keeps the third, the *null-space* term: A⁺ A ≠ I.
 * A solver that does not promise full rank may be returning A⁺ b of a rank-deficient A,
 * where the formula only holds if the rank is locally constant and the solver really
 * computes the pseudo-inverse — nothing in the solver interface says so, so it is refused.
 */
import type { LinearOperator } from '../operators';
import type { LinearSolver } from '../solvers/solver';
import { UnsupportedDerivativeError } from './errors';

export interface PseudoInverseTerms {
  /** Tall A: add A⁺ᵀ dAᵀ r (r = b − A x) to the tangent's right-hand side. */
  residual: boolean;
  /** Wide A: add (I − A⁺ A) dAᵀ A⁺ᵀ x to the tangent. */
  nullspace: boolean;
}

export function pseudoInverseTerms(op: LinearOperator, solver: LinearSolver<unknown>, rule: string): PseudoInverseTerms {
  if (!solver.assumeFullRank()) {
    throw new UnsupportedDerivativeError(
      `${rule}: solver ${solver.name ?? solver.constructor.name} reports assumeFullRank() === false, so its solution ` +
        `may be a pseudo-inverse solution of a rank-deficient operator; spsolve has the least-squares and ` +
        `minimum-norm terms only for full-rank operators (square, tall full column rank, wide full row rank). ` +
        `Use a full-rank solver (e.g. QR for least squares, LU or Cholesky for square systems).`,
    );
  }
  return { residual: op.outSize > op.inSize, nullspace: op.outSize < op.inSize };
}
