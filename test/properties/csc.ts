/** Properties of CscMatrix and the sparse factories: valid triplets, corrupted arrays, garbage arguments. */
import fc from 'fast-check';

import { CscMatrix, poisson2d, poisson3d } from '../../lib';
import { denseOf } from '../helpers/dense';
import { corrupt, corruptionArb } from '../arbitraries/corruption';
import { clampSize, garbageArb } from '../arbitraries/garbage';
import { spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { close } from './checks';
import type { NamedProperty } from './named-property';
import { typedOrValue } from './outcomes';

/** CscMatrix from random triplets (duplicates, any order) and its methods against dense loops. */
const cscValid = fc.property(
  fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }),
  fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: -4, max: 4, noNaN: true })), { maxLength: 40 }),
  fc.integer(),
  (nrows, ncols, triplets, seed) => {
    const t = nrows && ncols ? triplets.map(([i, j, v]) => [i % nrows, j % ncols, v] as const) : [];
    const A = CscMatrix.fromTriplets(nrows, ncols, t.map((e) => e[0]), t.map((e) => e[1]), t.map((e) => e[2]));
    const ref = new Float64Array(nrows * ncols);
    for (const [i, j, v] of t) ref[i + j * nrows] += v;
    close(denseOf(A), ref, 1e-15, 'fromTriplets');
    // The constructor on the same columns in reverse order (unsorted) canonicalises to the same matrix.
    const rev = A.rowIdx.slice();
    const revValues = A.values.slice();
    for (let j = 0; j < ncols; j++) {
      rev.subarray(A.colPtr[j], A.colPtr[j + 1]).reverse();
      revValues.subarray(A.colPtr[j], A.colPtr[j + 1]).reverse();
    }
    const B = new CscMatrix(nrows, ncols, Array.from(A.colPtr), rev, revValues);
    if (!B.samePattern(A)) throw new Error('constructor did not canonicalise an unsorted column');
    close(B.toDense(), ref, 1e-15, 'toDense');
    close(A.transpose().toDense(), denseOf(A.transpose()), 0, 'transpose');
    const x = vectorFromSeed(ncols, seed);
    const y = vectorFromSeed(nrows, seed + 1);
    const ax = new Float64Array(nrows), aty = new Float64Array(ncols);
    for (let j = 0; j < ncols; j++) for (let i = 0; i < nrows; i++) { ax[i] += ref[i + j * nrows] * x[j]; aty[j] += ref[i + j * nrows] * y[i]; }
    close(A.matvec(x), ax, 1e-12, 'matvec');
    close(A.rmatvec(y), aty, 1e-12, 'rmatvec');
    if (nrows && ncols) {
      const i = (seed >>> 0) % nrows, j = (seed >>> 8) % ncols;
      if (A.get(i, j) !== ref[i + j * nrows]) throw new Error('get');
    }
    return true;
  },
);

/** The CscMatrix constructor on corrupted arrays: a valid matrix or a TypeError / RangeError. */
const cscInvalid = fc.property(
  spdArb(8), fc.array(corruptionArb, { minLength: 1, maxLength: 3 }), fc.constantFrom('lower', 'upper', 'general', 'full', undefined),
  (c, corruptions, symmetry) => {
    const raw = corrupt(c.A, corruptions);
    const M = typedOrValue(() => new CscMatrix(raw.nrows, raw.ncols, raw.colPtr, raw.rowIdx, raw.values, { symmetry } as never));
    if (M) {
      if (M.colPtr.length !== M.ncols + 1 || M.colPtr[M.ncols] !== M.nnz || M.values.some((v) => !Number.isFinite(v))) {
        throw new Error('constructor accepted arrays that break the invariants');
      }
    }
    return true;
  },
);

/** Garbage to every CscMatrix factory and method. */
const cscGarbage = fc.property(
  fc.constantFrom('new', 'fromTriplets', 'fromDense', 'identity', 'matvec', 'rmatvec', 'withValues', 'get', 'samePattern', 'poisson2d', 'poisson3d'),
  fc.array(garbageArb, { maxLength: 6 }),
  (what, args) => {
    const A = poisson2d(3);
    const a = args as any[];
    typedOrValue(() => {
      switch (what) {
        case 'new': return new (CscMatrix as any)(...a);
        // The factories get their sizes through clampSize: huge valid sizes are real allocations.
        case 'fromTriplets': return (CscMatrix.fromTriplets as any)(...a.map(clampSize));
        case 'fromDense': return (CscMatrix.fromDense as any)(...a.map(clampSize));
        case 'identity': return (CscMatrix.identity as any)(...a.map(clampSize));
        case 'matvec': return (A.matvec as any)(...a);
        case 'rmatvec': return (A.rmatvec as any)(...a);
        case 'withValues': return (A.withValues as any)(...a);
        case 'get': return (A.get as any)(...a);
        case 'samePattern': return (A.samePattern as any)(...a);
        case 'poisson2d': return (poisson2d as any)(...a.map(clampSize));
        case 'poisson3d': return (poisson3d as any)(...a.map(clampSize));
      }
    });
    return true;
  },
);

export const CSC_PROPERTIES: NamedProperty[] = [
  { name: 'csc.valid', covers: 'CscMatrix.fromTriplets / constructor / toDense / transpose / matvec / rmatvec / get vs dense', property: cscValid },
  { name: 'csc.invalid', covers: 'CscMatrix constructor on corrupted arrays (colPtr not monotone, out-of-range or duplicate indices, NaN/Inf, wrong lengths, bad dimensions)', property: cscInvalid },
  { name: 'csc.garbage', covers: 'garbage arguments to CscMatrix factories and methods, poisson2d/3d', property: cscGarbage },
];
