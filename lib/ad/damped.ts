/**
 * Derivatives of damped least squares, x = (AᵀA + d² I)⁻¹ Aᵀ b = S b (LSMR with damp d > 0),
 * which is not A⁺ b, so the pseudo-inverse terms do not apply. With M = AᵀA + d² I and
 * r = b − A x, differentiating M x = Aᵀ b gives
 *
 *   ẋ = S (ḃ − Ȧ x) + M⁻¹ Ȧᵀ r,          (S: the damped solve, the solver's own compute)
 *   b̄ = Sᵀ x̄,   Ā = −b̄ xᵀ + r (M⁻¹ x̄)ᵀ.   (Sᵀ: the transposed damped solve)
 *
 * M⁻¹ w is the undamped least-squares solution of the augmented system [A; d I] y ≈ [0; w / d]
 * (its normal equations are M y = w), solved by an undamped LSMR with the solver's tolerances:
 * no cancellation, whatever the size of d next to ‖A‖.
 */
import { FunctionOperator, type LinearOperator } from '../operators';
import { LSMR } from '../solvers/lsmr';
import { LinearSolveError, Result } from '../errors';
import type { DenseMatrix } from '../sparse';

/** M⁻¹ W for every column of W (n x k), M = AᵀA + d² I. */
export function dampedNormalInverse(op: LinearOperator, solver: LSMR, w: DenseMatrix, what: string): DenseMatrix {
  const [m, n, d] = [op.outSize, op.inSize, solver.damp];
  const t = op.transpose();
  const augmented = new FunctionOperator(
    (y) => {
      const out = new Float64Array(m + n);
      out.set(op.mv(y));
      for (let i = 0; i < n; i++) out[m + i] = d * y[i];
      return out;
    },
    { inSize: n, outSize: m + n },
    {
      transposeMv: (z) => {
        const out = t.mv(z.subarray(0, m));
        for (let i = 0; i < n; i++) out[i] += d * z[m + i];
        return out;
      },
    },
  );
  const rhs: DenseMatrix = { nrows: m + n, ncols: w.ncols, data: new Float64Array((m + n) * w.ncols) };
  for (let c = 0; c < w.ncols; c++) for (let i = 0; i < n; i++) rhs.data[c * (m + n) + m + i] = w.data[c * n + i] / d;
  const { damp: _damp, ...settings } = solver.settings;
  const inner = new LSMR({ ...settings, conlim: Infinity });
  const solved = inner.compute(inner.init(augmented, {}), rhs, {});
  if (solved.result !== Result.successful) throw new LinearSolveError(solved.result, solved.stats, `in the ${what}`);
  return solved.value;
}
