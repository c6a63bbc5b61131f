/**
 * Invalid input to cholesky, analyze and every Factor method: typed errors only, and the factor
 * still usable afterwards.
 */
import fc from 'fast-check';

import { CscMatrix, analyze, cholesky, factorBatch, liveHandles, type Factor } from '../../lib';
import { garbageArb } from '../arbitraries/garbage';
import { spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak, close } from './checks';
import { solveDense } from './dense-reference';
import type { NamedProperty } from './named-property';
import { typedOrValue } from './outcomes';

/** Calls that may leave the factor unfactorised, so that a later solve may fail (with a typed error). */
const CHANGES_THE_FACTOR = ['refactor', 'refactorValues', 'update', 'rowDelete', 'rowAdd'];

const choleskyInvalid = fc.property(
  spdArb(8),
  fc.constantFrom('cholesky', 'analyze', 'solve', 'solveDense', 'refactor', 'refactorValues', 'selectedInverse', 'update', 'solveSparse', 'inverseColumns',
                  'rowDelete', 'rowAdd', 'factorBatch', 'notPositiveDefinite', 'unsymmetric'),
  fc.array(garbageArb, { maxLength: 4 }),
  fc.integer(),
  (c, what, args, seed) => {
    const before = liveHandles();
    const n = c.A.nrows;
    const f = cholesky(c.A);
    const a = args as any[];
    try {
      const made = typedOrValue((): unknown => {
        switch (what) {
          case 'cholesky': return (cholesky as any)(...a);
          case 'analyze': return (analyze as any)(a[0] ?? c.A, a[1]);
          case 'solve': return (f.solve as any).apply(f, a);
          case 'solveDense': return f.solve({ nrows: a[0], ncols: a[1], data: a[2] } as any, a[3]);
          case 'refactor': return (f.refactor as any).apply(f, a);
          case 'refactorValues': return f.refactor(c.A.values.map((v, k) => (k === (seed >>> 0) % Math.max(1, c.A.nnz) ? (a[0] as number) : v)) as any);
          case 'selectedInverse': return (f.selectedInverse as any).apply(f, a);
          case 'update': return (f.update as any).apply(f, a);
          case 'solveSparse': return (f.solveSparse as any).apply(f, a);
          case 'inverseColumns': return (f.inverseColumns as any).apply(f, a);
          case 'rowDelete': return (f.rowDelete as any).apply(f, a);
          case 'rowAdd': return (f.rowAdd as any).apply(f, a);
          case 'factorBatch': {
            const made = (factorBatch as any)(a[0] ?? c.A, a[1], a[2]) as Factor[];
            made.forEach((m) => m.dispose());
            return undefined;
          }
          case 'notPositiveDefinite': {
            // Flip the sign of one diagonal entry: not positive definite (LLᵀ); column reported.
            const values = c.A.values.slice();
            if (n === 0) return undefined;
            const j = (seed >>> 0) % n;
            for (let k = c.A.colPtr[j]; k < c.A.colPtr[j + 1]; k++) if (c.A.rowIdx[k] === j) values[k] = -values[k];
            return cholesky(c.A.withValues(values), { ordering: 'natural' });
          }
          case 'unsymmetric': {
            if (n < 2) return undefined;
            const G = c.A.toGeneral();
            const values = G.values.slice();
            const off = Array.from(G.rowIdx).findIndex((r, k) => r !== colOf(G, k));
            if (off < 0) return undefined;
            values[off] += 1;
            return cholesky(G.withValues(values));
          }
        }
      });
      if (made && typeof made === 'object' && 'dispose' in made && typeof made.dispose === 'function') made.dispose();
      if (what === 'notPositiveDefinite' && n > 0 && made !== undefined) throw new Error('a matrix with a negative diagonal entry was factorised');
      // The factor survives whatever happened to it: a call that changed it (refactor, update) may
      // leave it unfactorised, which is a typed error too; any other call leaves it as it was.
      const b = vectorFromSeed(n, seed);
      const x = typedOrValue(() => f.solve(b));
      if (!CHANGES_THE_FACTOR.includes(what)) close(x ?? [], solveDense(c.dense, n, b), 1e-8, 'solve after invalid call');
    } finally {
      f.dispose();
    }
    checkNoLeak(before, what);
    return true;
  },
);

/** The column of entry k of a compressed-column matrix. */
function colOf(A: CscMatrix, k: number): number {
  let j = 0;
  while (A.colPtr[j + 1] <= k) j++;
  return j;
}

export const FACTOR_INVALID_PROPERTIES: NamedProperty[] = [
  { name: 'cholesky.invalid', covers: 'garbage to cholesky/analyze/solve/refactor/selectedInverse/update/solveSparse/inverseColumns/rowDelete/rowAdd/factorBatch; not positive definite; unsymmetric', property: choleskyInvalid },
];
