/**
 * Dense references for the factorisation properties, independent of the library: plain loops
 * over column-major n × n arrays, on top of test/helpers/dense.ts.
 */
import type { SolveSystem } from '../../lib';
import { inverse as denseInverse, solveDense as denseSolve } from '../helpers/dense';

/** The helpers' dense solve, also for n = 0 (nrhs would be 0 / 0 there). */
export function solveDense(a: Float64Array, n: number, b: Float64Array): Float64Array {
  return n === 0 ? new Float64Array(0) : denseSolve(a, n, b);
}

/** The helpers' dense inverse, also for n = 0. */
export function inverse(a: Float64Array, n: number): Float64Array {
  return n === 0 ? new Float64Array(0) : denseInverse(a, n);
}

/** A + shift·I. */
export function shifted(dense: Float64Array, n: number, shift: number): Float64Array {
  const a = dense.slice();
  for (let j = 0; j < n; j++) a[j + j * n] += shift;
  return a;
}

function denseMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) {
    const bkj = b[k + j * n];
    if (bkj !== 0) for (let i = 0; i < n; i++) c[i + j * n] += a[i + k * n] * bkj;
  }
  return c;
}

function denseT(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) t[j + i * n] = a[i + j * n];
  return t;
}

/** y = A x. */
export function mv(a: Float64Array, n: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) y[i] += a[i + j * n] * x[j];
  return y;
}

/** The matrix each solve system inverts, from the factor's own L, D and P (so systems are checked against each other). */
export function systemMatrix(system: SolveSystem, L: Float64Array, D: Float64Array, perm: Int32Array, A: Float64Array, n: number): Float64Array {
  const Dm = new Float64Array(n * n);
  D.forEach((d, k) => { Dm[k + k * n] = d; });
  const Lt = denseT(L, n);
  const P = new Float64Array(n * n);
  perm.forEach((p, k) => { P[k + p * n] = 1; }); // (P x)[k] = x[perm[k]]
  switch (system) {
    case 'A': return A;
    case 'LDLt': return denseMul(denseMul(L, Dm, n), Lt, n);
    case 'LD': return denseMul(L, Dm, n);
    case 'DLt': return denseMul(Dm, Lt, n);
    case 'L': return L;
    case 'Lt': return Lt;
    case 'D': return Dm;
    case 'P': return denseT(P, n); // x = P b  ⇔  Pᵀ x = b
    case 'Pt': return P;
  }
}
