/**
 * The factor API of issue 18 on random SPD matrices: a user permutation, copy(), toKind() both
 * ways, determinant(), solve into `out`, A Aᵀ + βI, and the symbolic tools (ordering, etree),
 * each against a dense reference or a dense symbolic elimination.
 */
import fc from 'fast-check';

import { CscMatrix, cholesky, etree, liveHandles, ordering, type OrderingMethod } from '../../lib';
import { denseOf, logAbsDet, matmul, transposeDense } from '../helpers/dense';
import { patternOf, symbolicElimination } from '../helpers/symbolic';
import { spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak, close } from './checks';
import { solveDense } from './dense-reference';
import type { NamedProperty } from './named-property';

/** A permutation of 0..n−1 drawn from `seed` (Fisher–Yates on a fixed generator). */
function permutationFromSeed(n: number, seed: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, k) => k);
  let state = seed >>> 0;
  for (let k = n - 1; k > 0; k--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (k + 1);
    [p[k], p[j]] = [p[j], p[k]];
  }
  return p;
}

/** User permutation, copy, toKind, determinant and solve into out, on one factor. */
const factorApi = fc.property(spdArb(10), fc.integer(), fc.constantFrom('simplicial', 'supernodal') as fc.Arbitrary<'simplicial' | 'supernodal'>,
  (c, seed, mode) => {
    const n = c.A.nrows;
    const before = liveHandles();
    const perm = permutationFromSeed(n, seed);
    const f = cholesky(c.A, { ordering: perm, mode });
    const copy = f.copy();
    try {
      if (Array.from(f.permutation).join() !== Array.from(perm).join()) throw new Error('permutation differs from the one given');
      const b = vectorFromSeed(n, seed + 1);
      const expected = solveDense(c.dense, n, b);
      const out = new Float64Array(n);
      if (f.solve(b, { out }) !== out) throw new Error('solve with out returned another array');
      close(out, expected, 1e-9, 'solve into out');
      const ref = logAbsDet(c.dense, n);
      const { sign, logAbs } = f.determinant();
      if (sign !== 1) throw new Error(`sign ${sign} for an SPD matrix`);
      close([logAbs], [ref.logAbsDet], 1e-9, 'determinant');
      for (const kind of ['LDLt', 'LLt'] as const) {
        f.toKind(kind);
        const L = denseOf(f.L());
        const D = f.D();
        const LD = Float64Array.from(L, (v, k) => v * D[Math.floor(k / n)]);
        const PAPt = Float64Array.from({ length: n * n }, (_, k) => c.dense[perm[k % n] + perm[Math.floor(k / n)] * n]);
        close(matmul(LD, transposeDense(L, n, n), n, n, n), PAPt, 1e-9, `L D Lᵀ after toKind('${kind}')`);
      }
      f.refactor(c.A, { shift: 1 });
      f.dispose();
      close(copy.solve(b), expected, 1e-9, 'the copy after the original changed and was disposed');
    } finally {
      f.dispose();
      copy.dispose();
    }
    checkNoLeak(before, 'factor api');
    return true;
  });

/** A Aᵀ + βI for a random m × n A against the dense product. */
const aatValid = fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.integer(), fc.double({ min: 1e-3, max: 10, noNaN: true }),
  (m, n, seed, beta) => {
    const before = liveHandles();
    const values = vectorFromSeed(m * n, seed).map((v, k) => (((k * 2654435761 + seed) >>> 0) % 3 === 0 ? v : 0));
    const A = CscMatrix.fromDense(m, n, values);
    const f = cholesky(A, { aat: true, beta });
    try {
      const a = denseOf(A);
      const M = matmul(a, transposeDense(a, m, n), m, n, m);
      for (let i = 0; i < m; i++) M[i + i * m] += beta;
      const b = vectorFromSeed(m, seed + 2);
      close(f.solve(b), solveDense(M, m, b), 1e-8, 'A Aᵀ + βI solve');
      if (m > 0) close([f.determinant().logAbs], [logAbsDet(M, m).logAbsDet], 1e-8, 'A Aᵀ + βI determinant');
    } finally {
      f.dispose();
    }
    checkNoLeak(before, 'aat');
    return true;
  });

/** ordering() is a permutation whose fill matches a dense symbolic elimination; etree() matches it too. */
const symbolicValid = fc.property(spdArb(12), fc.constantFrom('amd', 'metis', 'nesdis', 'camd') as fc.Arbitrary<OrderingMethod>, (c, method) => {
  const n = c.A.nrows;
  const perm = ordering(c.A, method);
  if (perm.length !== n || new Set(perm).size !== n || perm.some((v) => v < 0 || v >= n)) throw new Error(`${method}: not a permutation`);
  const G = patternOf(c.A);
  for (const p of [undefined, perm]) {
    const { parent, columnCounts } = etree(c.A, p ? { ordering: p } : undefined);
    const reference = symbolicElimination(G, p);
    if (Array.from(parent).join() !== reference.parent.join()) throw new Error('etree differs from the dense symbolic elimination');
    if (Array.from(columnCounts).join() !== reference.counts.join()) throw new Error('column counts differ from the dense symbolic elimination');
  }
  return true;
});

export const FACTOR_API_PROPERTIES: NamedProperty[] = [
  { name: 'cholesky.api', covers: 'user permutation, copy, toKind both ways (L D Lᵀ = P A Pᵀ), determinant, solve into out vs dense', property: factorApi },
  { name: 'cholesky.aat', covers: 'cholesky(A, { aat, beta }) for random m × n A vs dense A Aᵀ + βI', property: aatValid },
  { name: 'cholesky.symbolic', covers: 'ordering (amd, metis, nesdis, camd) and etree vs a dense symbolic elimination', property: symbolicValid },
];
