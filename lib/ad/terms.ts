/**
 * Which of Lineax's pseudo-inverse terms a derivative needs. With x = A⁺ b,
 *
 *   dx = A⁺ (db − dA x) + A⁺ A⁺ᵀ dAᵀ (b − A x) + (I − A⁺ A) dAᵀ A⁺ᵀ x,
 *
 * (Golub & Pereyra 1973; Lineax's `_linear_solve_jvp`). A square full-rank A makes both extra
 * terms vanish. A tall A of full column rank (least squares) keeps the second, the *residual*
 * term: b − A x ≠ 0. A wide A of full row rank (minimum norm) keeps the third, the
 * *null-space* term: A⁺ A ≠ I. A solver whose `assumeFullRank()` is false (SVD, LSMR,
 * AutoSolver({ wellPosed: false }), Diagonal in pseudo-inverse mode) returns A⁺ b of a
 * possibly rank-deficient A: both terms apply, whatever the shape, exactly as Lineax does.
 * The formula is the derivative of A⁺ where the rank is locally constant (along Ȧ);
 * at a point where a perturbation changes the rank, A⁺ is not differentiable at all.
 * LSMR with damping computes (AᵀA + d² I)⁻¹ Aᵀ b instead, with its own rule (damped.ts).
 */
import type { LinearOperator } from '../operators';
import { LSMR } from '../solvers/lsmr';
import type { LinearSolver } from '../solvers/solver';

export interface PseudoInverseTerms {
  /** LSMR with damping: x = (AᵀA + d² I)⁻¹ Aᵀ b, differentiated by the rule of damped.ts instead of the two terms below. */
  damped?: LSMR;
  /** Tall A: add A⁺ᵀ dAᵀ r (r = b − A x) to the tangent's right-hand side. */
  residual: boolean;
  /** Wide A: add (I − A⁺ A) dAᵀ A⁺ᵀ x to the tangent. */
  nullspace: boolean;
}

export function pseudoInverseTerms(op: LinearOperator, solver: LinearSolver<unknown>): PseudoInverseTerms {
  if (solver instanceof LSMR && solver.damp > 0) return { residual: false, nullspace: false, damped: solver };
  const fullRank = solver.assumeFullRank();
  // Lineax: rows are independent when the solver assumes full rank and A is not tall, columns when it is not wide.
  return { residual: !fullRank || op.outSize > op.inSize, nullspace: !fullRank || op.outSize < op.inSize };
}
