/**
 * cholesky and analyze + refactor with every ordering, mode and kind: every Factor method against
 * dense references, then refactored with new values and a shift, then disposed.
 */
import fc from 'fast-check';

import { CholmodError, DisposedError, analyze, cholesky, liveHandles, type DenseMatrix, type Factor, type SolveSystem } from '../../lib';
import { SOLVE_SYSTEM_CODES } from '../../lib/cholmod/factor';
import { denseOf, logAbsDet } from '../helpers/dense';
import { optionsArb, spdArb, type SpdCase } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak, close } from './checks';
import { inverse, mv, shifted, solveDense, systemMatrix } from './dense-reference';
import type { NamedProperty } from './named-property';
import { expectThrows } from './outcomes';

/** Every Factor method of `f` (a factor of c.A + shift·I) against dense references. */
function checkFactor(f: Factor, c: SpdCase, shift: number, seed: number): void {
  const n = c.A.nrows;
  const A = shifted(c.dense, n, shift);
  const b = vectorFromSeed(n, seed);
  close(f.solve(b), solveDense(A, n, b), 1e-9, 'solve');
  const B: DenseMatrix = { nrows: n, ncols: 2, data: vectorFromSeed(2 * n, seed + 7) };
  close(f.solve(B).data, solveDense(A, n, B.data), 1e-9, 'solve (2 right-hand sides)');
  const { logAbsDet: ld } = logAbsDet(A, n);
  if (Math.abs(f.logdet() - ld) > 1e-9 * Math.max(1, Math.abs(ld))) throw new Error(`logdet ${f.logdet()} vs ${ld}`);
  const Z = inverse(A, n);
  const sel = f.selectedInverse();
  const P = c.A;
  for (let j = 0; j < n; j++) for (let k = P.colPtr[j]; k < P.colPtr[j + 1]; k++) {
    const z = Z[P.rowIdx[k] + j * n];
    if (Math.abs(sel[k] - z) > 1e-9 * Math.max(1, Math.abs(z))) throw new Error(`selectedInverse[${k}] ${sel[k]} vs ${z}`);
  }
  const perm = f.permutation;
  if (new Set(perm).size !== n || perm.some((p) => p < 0 || p >= n)) throw new Error('permutation is not a permutation');
  const rc = f.rcond();
  if (!(rc > 0 && rc <= 1)) throw new Error(`rcond ${rc}`);
  const L = denseOf(f.L());
  const D = f.D();
  // P A Pᵀ = L D Lᵀ
  const PAPt = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) PAPt[k + l * n] = A[perm[k] + perm[l] * n];
  close(systemMatrix('LDLt', L, D, perm, A, n), PAPt, 1e-10, 'L D Lᵀ = P A Pᵀ');
  for (const system of Object.keys(SOLVE_SYSTEM_CODES) as SolveSystem[]) {
    const x = f.solve(b, { system });
    close(mv(systemMatrix(system, L, D, perm, A, n), n, x), b, 1e-9, `solve system ${system}`);
  }
}

const choleskyValid = fc.property(spdArb(), optionsArb, fc.integer(), fc.boolean(), (c, opts, seed, viaAnalyze) => {
  const before = liveHandles();
  const f = viaAnalyze ? analyze(c.A, opts) : cholesky(c.A, opts);
  try {
    if (viaAnalyze) {
      expectThrows(() => f.solve(new Float64Array(c.A.nrows)), CholmodError); // not factorised yet
      f.refactor(c.A.values);
    }
    checkFactor(f, c, opts.shift ?? 0, seed);
    // New values on the same pattern (scaled), and a new shift.
    const scale = 0.5 + (seed >>> 0) / 2 ** 32;
    const scaledDense = c.dense.map((v) => v * scale);
    f.refactor(c.A.values.map((v) => v * scale), { shift: 0.25 });
    checkFactor(f, { ...c, dense: scaledDense }, 0.25, seed + 1);
  } finally {
    f.dispose();
  }
  f.dispose(); // idempotent
  for (const use of [() => f.solve(new Float64Array(c.A.nrows)), () => f.logdet(), () => f.L(), () => f.D(), () => f.refactor(c.A),
                     () => f.selectedInverse(), () => f.permutation, () => f.info, () => f.rcond()]) {
    expectThrows(use, DisposedError);
  }
  checkNoLeak(before, 'cholesky');
  return true;
});

export const FACTOR_PROPERTIES: NamedProperty[] = [
  { name: 'cholesky.valid', covers: 'cholesky / analyze+refactor, every ordering/mode/kind, shift: solve (1 and many rhs, all 9 systems), logdet, selectedInverse, L, D, permutation, rcond, refactor, dispose', property: choleskyValid },
];
