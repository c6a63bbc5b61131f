/**
 * fast-check generators of valid factorisation input: small symmetric positive definite matrices
 * with a dense reference built here (independent of the library), and valid factor options.
 */
import fc from 'fast-check';

import { CscMatrix, type Symmetry } from '../../lib/sparse';
import type { FactorOptions } from '../../lib/cholmod';
import { rng } from '../helpers/dense';

export const ORDERINGS = ['default', 'best', 'amd', 'metis', 'nesdis', 'colamd', 'natural'] as const;
export const MODES = ['auto', 'simplicial', 'supernodal'] as const;

/** A symmetric positive definite matrix (diagonally dominant, so well conditioned) in one of the three storages. */
export interface SpdCase {
  A: CscMatrix;
  /** Dense n × n copy of the full symmetric matrix, built here, independent of the library. */
  dense: Float64Array;
  seed: number;
}

/** Random symmetric pattern with density `density`, off-diagonal values in [-1, 1], dominant diagonal. */
export function buildSpd(n: number, density: number, seed: number, symmetry: Symmetry): SpdCase {
  const rand = rng(seed);
  const dense = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      if (rand() < density) {
        const v = 2 * rand() - 1;
        dense[i + j * n] = v;
        dense[j + i * n] = v;
      }
    }
  }
  for (let j = 0; j < n; j++) {
    let rowSum = 0;
    for (let i = 0; i < n; i++) rowSum += Math.abs(dense[i + j * n]);
    dense[j + j * n] = rowSum + 0.1 + rand();
  }
  const A = CscMatrix.fromDense(n, n, dense, { symmetry });
  return { A, dense, seed };
}

export const symmetryArb = fc.constantFrom<Symmetry>('lower', 'upper', 'general');

export const spdArb = (maxN = 12): fc.Arbitrary<SpdCase> =>
  fc
    .record({
      n: fc.integer({ min: 0, max: maxN }),
      density: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer(),
      symmetry: symmetryArb,
    })
    .map(({ n, density, seed, symmetry }) => buildSpd(n, density, seed, symmetry));

/** Valid factor options (supernodal LDLᵀ, which CHOLMOD cannot do, is left out). */
export const optionsArb: fc.Arbitrary<FactorOptions> = fc
  .record({
    ordering: fc.constantFrom(...ORDERINGS),
    mode: fc.constantFrom(...MODES),
    kind: fc.constantFrom('LLt' as const, 'LDLt' as const),
    shift: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
  })
  .map((o) => (o.kind === 'LDLt' && o.mode === 'supernodal' ? { ...o, mode: 'simplicial' as const } : o));
