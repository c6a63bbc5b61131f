/**
 * CscMatrix, dense helpers and generators, checked against the independent dense
 * reference in test/helpers/dense.ts and against known entries of SuiteSparse's
 * test matrices.
 */

import {
  CscMatrix,
  column,
  denseMatrix,
  denseMatvec,
  denseTranspose,
  fromColumns,
  isDenseMatrix,
  poisson2d,
  poisson3d,
  Symmetry,
} from '../lib/sparse';
import {
  denseOf,
  inverse,
  logAbsDet,
  matmul,
  matvec as denseMv,
  randomVector,
  relErr,
  relResidual,
  residual,
  rng,
  solveDense,
  transposeDense,
} from './helpers/dense';
import { asCsc, loadCXSparse, loadMtx, loadTri } from './helpers/suitesparse';

/** The 4 x 3 matrix [[1 0 2], [0 3 0], [4 0 5], [0 6 0]] in canonical CSC form. */
function small(): CscMatrix {
  return new CscMatrix(4, 3, Int32Array.of(0, 2, 4, 6), Int32Array.of(0, 2, 1, 3, 0, 2), Float64Array.of(1, 4, 3, 6, 2, 5));
}
const SMALL_DENSE = Float64Array.of(1, 0, 4, 0, 0, 3, 0, 6, 2, 0, 5, 0);

/** Random triplets with many duplicates; the reference dense matrix is accumulated by hand. */
function randomTriplets(seed: number, nrows: number, ncols: number, count: number, triangle?: 'lower' | 'upper') {
  const rand = rng(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const dense = new Float64Array(nrows * ncols);
  for (let k = 0; k < count; k++) {
    let i = Math.floor(rand() * nrows);
    let j = Math.floor(rand() * ncols);
    if ((triangle === 'lower' && i < j) || (triangle === 'upper' && i > j)) [i, j] = [j, i];
    const v = Math.round((rand() * 2 - 1) * 1000) / 8; // exact in binary: sums are order-independent
    rows.push(i);
    cols.push(j);
    vals.push(v);
    dense[i + j * nrows] += v;
    if (triangle && i !== j) dense[j + i * nrows] += v;
  }
  return { rows, cols, vals, dense };
}

/** A random sparse matrix of the given storage, from triplets. */
function randomCsc(seed: number, n: number, m: number, symmetry: Symmetry, density = 0.3): CscMatrix {
  const t = randomTriplets(seed, n, m, Math.ceil(n * m * density), symmetry === 'general' ? undefined : symmetry);
  return CscMatrix.fromTriplets(n, m, t.rows, t.cols, t.vals, { symmetry });
}

function expectCanonical(A: CscMatrix): void {
  expect(A.colPtr.length).toBe(A.ncols + 1);
  expect(A.colPtr[0]).toBe(0);
  expect(A.colPtr[A.ncols]).toBe(A.nnz);
  for (let j = 0; j < A.ncols; j++) {
    for (let k = A.colPtr[j] + 1; k < A.colPtr[j + 1]; k++) expect(A.rowIdx[k]).toBeGreaterThan(A.rowIdx[k - 1]);
  }
}

describe('CscMatrix constructor', () => {
  test('keeps canonical typed input without copying', () => {
    const colPtr = Int32Array.of(0, 2, 4, 6);
    const rowIdx = Int32Array.of(0, 2, 1, 3, 0, 2);
    const values = Float64Array.of(1, 4, 3, 6, 2, 5);
    const A = new CscMatrix(4, 3, colPtr, rowIdx, values);
    expect(A.colPtr).toBe(colPtr);
    expect(A.rowIdx).toBe(rowIdx);
    expect(A.values).toBe(values);
    expect([A.nrows, A.ncols, A.nnz, A.symmetry]).toEqual([4, 3, 6, 'general']);
    expect(A.toDense()).toEqual(SMALL_DENSE);
  });

  test('converts plain arrays (and other typed arrays)', () => {
    const A = new CscMatrix(4, 3, [0, 2, 4, 6], [0, 2, 1, 3, 0, 2], [1, 4, 3, 6, 2, 5]);
    expect(A.colPtr).toBeInstanceOf(Int32Array);
    expect(A.values).toBeInstanceOf(Float64Array);
    expect(A.toDense()).toEqual(SMALL_DENSE);
    const B = new CscMatrix(4, 3, Uint32Array.of(0, 2, 4, 6), Float64Array.of(0, 2, 1, 3, 0, 2), Float32Array.of(1, 4, 3, 6, 2, 5));
    expect(B.samePattern(A)).toBe(true);
    expect(B.values).toEqual(A.values);
  });

  test('sorts unsorted columns and sums duplicates into new arrays, leaving the input alone', () => {
    const rowIdx = Int32Array.of(2, 0, 0, 3, 1, 3, 2, 0);
    const values = Float64Array.of(4, 1, 0.5, 6, 3, 0.25, 5, 2);
    const A = new CscMatrix(4, 3, Int32Array.of(0, 3, 6, 8), rowIdx, values);
    expectCanonical(A);
    expect(Array.from(A.rowIdx)).toEqual([0, 2, 1, 3, 0, 2]);
    expect(Array.from(A.values)).toEqual([1.5, 4, 3, 6.25, 2, 5]);
    expect(A.nnz).toBe(6);
    expect(Array.from(rowIdx)).toEqual([2, 0, 0, 3, 1, 3, 2, 0]);
    expect(Array.from(values)).toEqual([4, 1, 0.5, 6, 3, 0.25, 5, 2]);
    // Empty columns and an empty matrix are fine.
    const E = new CscMatrix(3, 4, [0, 0, 0, 0, 0], [], []);
    expect(E.nnz).toBe(0);
    expect(E.toDense()).toEqual(new Float64Array(12));
    expect(new CscMatrix(0, 0, [0], [], []).nnz).toBe(0);
  });

  test('symmetry lower / upper accepted on the right triangle', () => {
    const L = new CscMatrix(2, 2, [0, 2, 3], [0, 1, 1], [4, -1, 3], { symmetry: 'lower' });
    expect(L.symmetry).toBe('lower');
    expect(L.toDense()).toEqual(Float64Array.of(4, -1, -1, 3));
    const U = new CscMatrix(2, 2, [0, 1, 3], [0, 0, 1], [4, -1, 3], { symmetry: 'upper' });
    expect(U.toDense()).toEqual(Float64Array.of(4, -1, -1, 3));
  });

  const cases: Array<[string, () => unknown, typeof TypeError | typeof RangeError, RegExp]> = [
    ['nrows not a number', () => new CscMatrix('4' as never, 3, [0, 0, 0, 0], [], []), TypeError, /^CscMatrix: nrows must be a number/],
    ['nrows negative', () => new CscMatrix(-1, 3, [0, 0, 0, 0], [], []), RangeError, /^CscMatrix: nrows must be an integer in 0\.\.2147483647, got -1/],
    ['nrows fractional', () => new CscMatrix(1.5, 3, [0, 0, 0, 0], [], []), RangeError, /^CscMatrix: nrows .* got 1\.5/],
    ['nrows NaN', () => new CscMatrix(NaN, 3, [0, 0, 0, 0], [], []), RangeError, /^CscMatrix: nrows .* got NaN/],
    ['nrows 2^31', () => new CscMatrix(2 ** 31, 3, [0, 0, 0, 0], [], []), RangeError, /^CscMatrix: nrows .* got 2147483648/],
    ['ncols not a number', () => new CscMatrix(4, null as never, [0], [], []), TypeError, /^CscMatrix: ncols must be a number, got null/],
    ['ncols infinite', () => new CscMatrix(4, Infinity, [0], [], []), RangeError, /^CscMatrix: ncols /],
    ['colPtr wrong type', () => new CscMatrix(4, 3, 'abcd' as never, [], []), TypeError, /^CscMatrix: colPtr must be an Int32Array or an array of integers, got the string/],
    ['colPtr element not a number', () => new CscMatrix(4, 3, [0, '1', 1, 1] as never, [0], [1]), TypeError, /^CscMatrix: colPtr\[1\] must be a number/],
    ['colPtr element fractional', () => new CscMatrix(4, 3, [0, 0.5, 1, 1], [0], [1]), RangeError, /^CscMatrix: colPtr\[1\] must be an integer in -2147483648\.\.2147483647, got 0\.5/],
    ['colPtr wrong length', () => new CscMatrix(4, 3, [0, 1, 1], [0], [1]), RangeError, /^CscMatrix: colPtr must have length ncols \+ 1 = 4, got 3/],
    ['colPtr[0] not 0', () => new CscMatrix(4, 3, [1, 1, 1, 1], [0], [1]), RangeError, /^CscMatrix: colPtr\[0\] must be 0, got 1/],
    ['colPtr decreasing', () => new CscMatrix(4, 3, [0, 2, 1, 2], [0, 1], [1, 2]), RangeError, /^CscMatrix: colPtr must be non-decreasing, got colPtr\[2\] = 1 < colPtr\[1\] = 2/],
    ['colPtr jumps past nnz', () => new CscMatrix(4, 3, [0, 5, 1, 2], [0, 1], [1, 2]), RangeError, /^CscMatrix: colPtr\[1\] must be at most nnz = colPtr\[ncols\] = 2, got 5/],
    ['colPtr end != rowIdx.length', () => new CscMatrix(4, 3, [0, 1, 1, 1], [0, 1], [1, 2]), RangeError, /^CscMatrix: colPtr\[ncols\] must be rowIdx.length = 2, got 1/],
    ['rowIdx wrong type', () => new CscMatrix(4, 3, [0, 0, 0, 1], {} as never, [1]), TypeError, /^CscMatrix: rowIdx must be an Int32Array/],
    ['rowIdx BigInt array', () => new CscMatrix(4, 3, [0, 0, 0, 1], BigInt64Array.of(0n) as never, [1]), TypeError, /^CscMatrix: rowIdx\[0\] must be a number/],
    ['rowIdx out of range', () => new CscMatrix(4, 3, [0, 1, 2, 3], [0, 4, 1], [1, 2, 3]), RangeError, /^CscMatrix: rowIdx\[1\] \(column 1\) must be an integer in 0\.\.3, got 4/],
    ['rowIdx negative', () => new CscMatrix(4, 3, [0, 1, 2, 3], [0, 1, -1], [1, 2, 3]), RangeError, /^CscMatrix: rowIdx\[2\] \(column 2\) must be an integer in 0\.\.3, got -1/],
    ['values wrong type', () => new CscMatrix(4, 3, [0, 0, 0, 1], [0], 7 as never), TypeError, /^CscMatrix: values must be a Float64Array or an array of numbers, got number 7/],
    ['values element not a number', () => new CscMatrix(4, 3, [0, 0, 0, 1], [0], ['x'] as never), TypeError, /^CscMatrix: values\[0\] must be a number/],
    ['values length', () => new CscMatrix(4, 3, [0, 0, 0, 1], [0], [1, 2]), RangeError, /^CscMatrix: values must have length rowIdx.length = 1, got 2/],
    ['opts not an object', () => new CscMatrix(2, 2, [0, 0, 0], [], [], 'lower' as never), TypeError, /^CscMatrix: opts must be an object/],
    ['symmetry misspelt', () => new CscMatrix(2, 2, [0, 0, 0], [], [], { symmetry: 'Lower' as never }), RangeError, /^CscMatrix: opts.symmetry must be one of 'general', 'lower', 'upper', got the string "Lower"/],
    ['symmetry wrong type', () => new CscMatrix(2, 2, [0, 0, 0], [], [], { symmetry: -1 as never }), TypeError, /^CscMatrix: opts.symmetry must be/],
    ['lower not square', () => new CscMatrix(3, 2, [0, 0, 0], [], [], { symmetry: 'lower' }), RangeError, /^CscMatrix: symmetry 'lower' requires a square matrix, got nrows = 3, ncols = 2/],
    ['lower with an upper entry', () => new CscMatrix(2, 2, [0, 1, 3], [0, 0, 1], [1, 2, 3], { symmetry: 'lower' }), RangeError, /^CscMatrix: rowIdx\[1\] = 0 in column 1 is above the diagonal; symmetry 'lower' stores only entries with row >= col/],
    ['upper with a lower entry', () => new CscMatrix(2, 2, [0, 2, 3], [0, 1, 1], [1, 2, 3], { symmetry: 'upper' }), RangeError, /^CscMatrix: rowIdx\[1\] = 1 in column 0 is below the diagonal; symmetry 'upper'/],
  ];
  test.each(cases)('%s', (_name, make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  test.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('values containing %p are rejected with the index of the first one', (bad, word) => {
    const n = 30;
    const colPtr = Int32Array.from({ length: n + 1 }, (_, j) => j);
    const rowIdx = Int32Array.from({ length: n }, (_, j) => j);
    const values = new Float64Array(n).fill(1);
    values[17] = bad;
    values[20] = NaN;
    const make = () => new CscMatrix(n, n, colPtr, rowIdx, values);
    expect(make).toThrow(RangeError);
    expect(make).toThrow(`CscMatrix: values[17] must be finite, got ${word}`);
  });

  test('duplicates summing to Infinity are rejected', () => {
    expect(() => new CscMatrix(1, 1, [0, 2], [0, 0], [1.5e308, 1.5e308])).toThrow(/duplicate entries at row 0, column 0 sum to Infinity/);
  });

  test('trusted() wraps without validation (internal fast path)', () => {
    const A = CscMatrix.trusted(4, 3, Int32Array.of(0, 2, 4, 6), Int32Array.of(0, 2, 1, 3, 0, 2), Float64Array.of(1, 4, 3, 6, 2, 5), 'general');
    expect(A).toBeInstanceOf(CscMatrix);
    expect(A.toDense()).toEqual(SMALL_DENSE);
    // The validating constructor still validates afterwards.
    expect(() => new CscMatrix(1, 1, [0, 1], [5], [1])).toThrow(RangeError);
  });
});

describe('CscMatrix.fromTriplets', () => {
  test('sums duplicates, any order, against a hand-accumulated dense matrix', () => {
    const { rows, cols, vals, dense } = randomTriplets(1, 13, 9, 400);
    const A = CscMatrix.fromTriplets(13, 9, rows, cols, vals);
    expectCanonical(A);
    expect(A.toDense()).toEqual(dense);
    expect(A.nnz).toBeLessThanOrEqual(13 * 9);
    // Reversed order gives the identical matrix.
    const B = CscMatrix.fromTriplets(13, 9, [...rows].reverse(), [...cols].reverse(), [...vals].reverse());
    expect(B.samePattern(A)).toBe(true);
    expect(B.values).toEqual(A.values);
  });

  test('small example with explicit duplicates and an explicit zero kept in the pattern', () => {
    const A = CscMatrix.fromTriplets(3, 3, [2, 0, 2, 1, 0], [0, 0, 0, 2, 1], [1, 2, 3, 0, -1]);
    expect(Array.from(A.colPtr)).toEqual([0, 2, 3, 4]);
    expect(Array.from(A.rowIdx)).toEqual([0, 2, 0, 1]);
    expect(Array.from(A.values)).toEqual([2, 4, -1, 0]);
  });

  test('typed inputs are not adopted (the result owns its arrays)', () => {
    const rows = Int32Array.of(0, 1);
    const vals = Float64Array.of(1, 2);
    const A = CscMatrix.fromTriplets(2, 1, rows, Int32Array.of(0, 0), vals);
    expect(A.rowIdx).not.toBe(rows);
    expect(A.values).not.toBe(vals);
    rows[0] = 1;
    vals[0] = 99;
    expect(A.get(0, 0)).toBe(1);
  });

  test('symmetric storage from one triangle', () => {
    const { rows, cols, vals, dense } = randomTriplets(2, 11, 11, 150, 'lower');
    const L = CscMatrix.fromTriplets(11, 11, rows, cols, vals, { symmetry: 'lower' });
    expect(L.toDense()).toEqual(dense);
    const U = CscMatrix.fromTriplets(11, 11, cols, rows, vals, { symmetry: 'upper' });
    expect(U.toDense()).toEqual(dense);
  });

  test.each<[string, () => unknown, typeof TypeError | typeof RangeError, RegExp]>([
    ['lengths differ (cols)', () => CscMatrix.fromTriplets(2, 2, [0, 1], [0], [1, 2]), RangeError, /^CscMatrix.fromTriplets: cols must have length rows.length = 2, got 1/],
    ['lengths differ (values)', () => CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1]), RangeError, /^CscMatrix.fromTriplets: values must have length rows.length = 2, got 1/],
    ['row out of range', () => CscMatrix.fromTriplets(2, 2, [0, 2], [0, 1], [1, 2]), RangeError, /^CscMatrix.fromTriplets: rows\[1\] must be an integer in 0\.\.1, got 2/],
    ['col negative', () => CscMatrix.fromTriplets(2, 2, [0, 1], [-1, 1], [1, 2]), RangeError, /^CscMatrix.fromTriplets: cols\[0\] must be an integer in 0\.\.1, got -1/],
    ['row not an integer', () => CscMatrix.fromTriplets(2, 2, [0.5], [0], [1]), RangeError, /^CscMatrix.fromTriplets: rows\[0\] must be an integer in -2147483648\.\.2147483647, got 0\.5/],
    ['rows not an array', () => CscMatrix.fromTriplets(2, 2, undefined as never, [0], [1]), TypeError, /^CscMatrix.fromTriplets: rows must be/],
    ['value NaN', () => CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, NaN]), RangeError, /^CscMatrix.fromTriplets: values\[1\] must be finite, got NaN/],
    ['ncols bad', () => CscMatrix.fromTriplets(2, -2, [], [], []), RangeError, /^CscMatrix.fromTriplets: ncols/],
    ['lower with an upper triplet', () => CscMatrix.fromTriplets(2, 2, [0, 0], [0, 1], [1, 2], { symmetry: 'lower' }), RangeError, /^CscMatrix.fromTriplets: triplet 1 at \(row 0, col 1\) is above the diagonal; symmetry 'lower'/],
    ['upper with a lower triplet', () => CscMatrix.fromTriplets(2, 2, [1], [0], [2], { symmetry: 'upper' }), RangeError, /^CscMatrix.fromTriplets: triplet 0 at \(row 1, col 0\) is below the diagonal/],
    ['upper not square', () => CscMatrix.fromTriplets(2, 3, [], [], [], { symmetry: 'upper' }), RangeError, /requires a square matrix/],
  ])('%s', (_name, make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });
});

describe('CscMatrix.fromDense / identity', () => {
  test('drops zeros by default, keeps them on request', () => {
    const A = CscMatrix.fromDense(4, 3, SMALL_DENSE);
    expect(A.samePattern(small())).toBe(true);
    expect(A.values).toEqual(small().values);
    const Z = CscMatrix.fromDense(4, 3, SMALL_DENSE, { dropZeros: false });
    expect(Z.nnz).toBe(12);
    expect(Z.toDense()).toEqual(SMALL_DENSE);
  });

  test('symmetry keeps only that triangle of the data', () => {
    // Deliberately unsymmetric data: the other triangle must be ignored.
    const data = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9); // columns (1 2 3) (4 5 6) (7 8 9)
    const L = CscMatrix.fromDense(3, 3, data, { symmetry: 'lower' });
    expect(Array.from(L.values)).toEqual([1, 2, 3, 5, 6, 9]);
    expect(L.toDense()).toEqual(Float64Array.of(1, 2, 3, 2, 5, 6, 3, 6, 9));
    const U = CscMatrix.fromDense(3, 3, data, { symmetry: 'upper' });
    expect(Array.from(U.values)).toEqual([1, 4, 5, 7, 8, 9]);
    expect(U.toDense()).toEqual(Float64Array.of(1, 4, 7, 4, 5, 8, 7, 8, 9));
  });

  test('validation', () => {
    expect(() => CscMatrix.fromDense(2, 2, [1, 2, 3])).toThrow(/^CscMatrix.fromDense: data must have length nrows \* ncols = 4, got 3/);
    expect(() => CscMatrix.fromDense(2, 2, [1, 2, NaN, 4])).toThrow(/^CscMatrix.fromDense: data\[2\] must be finite, got NaN/);
    expect(() => CscMatrix.fromDense(2, 2, [1, 2, 3, 4], { dropZeros: 'no' as never })).toThrow(TypeError);
    expect(() => CscMatrix.fromDense(2, 3, new Float64Array(6), { symmetry: 'lower' })).toThrow(RangeError);
  });

  test('identity', () => {
    const I = CscMatrix.identity(4);
    expect(I.toDense()).toEqual(Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
    expect(I.symmetry).toBe('general');
    expect(CscMatrix.identity(3, { symmetry: 'lower' }).symmetry).toBe('lower');
    expect(CscMatrix.identity(0).nnz).toBe(0);
    expect(() => CscMatrix.identity(-1)).toThrow(/^CscMatrix.identity: n must be an integer/);
  });
});

describe('products', () => {
  test.each([
    [1, 7, 7],
    [2, 15, 4],
    [3, 3, 20],
    [4, 1, 1],
  ])('general matvec / rmatvec against dense (seed %i, %i x %i)', (seed, n, m) => {
    const A = randomCsc(seed, n, m, 'general');
    const D = denseOf(A);
    const rand = rng(100 + seed);
    const x = randomVector(rand, m);
    const y = randomVector(rand, n);
    expect(relErr(A.matvec(x), denseMv(D, n, m, x))).toBeLessThan(1e-15);
    expect(relErr(A.rmatvec(y), denseMv(transposeDense(D, n, m), m, n, y))).toBeLessThan(1e-15);
  });

  test.each<Symmetry>(['lower', 'upper'])('%s storage applies the full symmetric matrix', (symmetry) => {
    const A = randomCsc(7, 25, 25, symmetry);
    const D = denseOf(A);
    // The reference really is symmetric and really has both triangles.
    expect(transposeDense(D, 25, 25)).toEqual(D);
    const x = randomVector(rng(8), 25);
    expect(relErr(A.matvec(x), denseMv(D, 25, 25, x))).toBeLessThan(1e-15);
    expect(relErr(A.rmatvec(x), denseMv(D, 25, 25, x))).toBeLessThan(1e-15);
    expect(relErr(A.toGeneral().matvec(x), A.matvec(x))).toBeLessThan(1e-15);
  });

  test('out parameter is filled and returned; stale contents do not leak in', () => {
    const A = small();
    const out = new Float64Array(4).fill(123);
    const y = A.matvec(Float64Array.of(1, 2, 3), out);
    expect(y).toBe(out);
    expect(Array.from(y)).toEqual([7, 6, 19, 12]);
    const z = A.rmatvec(Float64Array.of(1, 1, 1, 1), new Float64Array(3).fill(-5));
    expect(Array.from(z)).toEqual([5, 9, 7]);
  });

  test('argument errors', () => {
    const A = small();
    expect(() => A.matvec([1, 2, 3] as never)).toThrow(new TypeError('CscMatrix.matvec: x must be a Float64Array, got an array of length 3'));
    expect(() => A.matvec(new Float64Array(4))).toThrow(new RangeError('CscMatrix.matvec: x must have length 3, got 4'));
    expect(() => A.matvec(new Float64Array(3), new Float64Array(3))).toThrow(new RangeError('CscMatrix.matvec: out must have length 4, got 3'));
    expect(() => A.matvec(new Float64Array(3), new Float32Array(4) as never)).toThrow(TypeError);
    expect(() => A.rmatvec(new Float64Array(3))).toThrow(new RangeError('CscMatrix.rmatvec: x must have length 4, got 3'));
    const S = CscMatrix.identity(3);
    const buffer = new Float64Array(6);
    expect(() => S.matvec(buffer.subarray(0, 3), buffer.subarray(2, 5))).toThrow(/^CscMatrix.matvec: out must not share memory with x/);
    expect(S.matvec(buffer.subarray(0, 3), buffer.subarray(3, 6))).toBeInstanceOf(Float64Array);
  });
});

describe('transpose, toDense, withValues, toGeneral, diagonal, get, samePattern', () => {
  test('transpose of a general rectangular matrix', () => {
    const A = randomCsc(11, 9, 5, 'general');
    const T = A.transpose();
    expectCanonical(T);
    expect([T.nrows, T.ncols, T.nnz]).toEqual([5, 9, A.nnz]);
    expect(T.toDense()).toEqual(transposeDense(denseOf(A), 9, 5));
    const TT = T.transpose();
    expect(TT.samePattern(A)).toBe(true);
    expect(TT.values).toEqual(A.values);
  });

  test('transpose flips lower / upper storage of the same matrix', () => {
    const L = randomCsc(12, 10, 10, 'lower');
    const U = L.transpose();
    expect(U.symmetry).toBe('upper');
    expect(U.toDense()).toEqual(L.toDense());
    expect(U.transpose().symmetry).toBe('lower');
    expect(() => new CscMatrix(10, 10, U.colPtr, U.rowIdx, U.values, { symmetry: 'upper' })).not.toThrow();
  });

  test('toDense of stored triangles equals the independent expansion', () => {
    for (const s of ['general', 'lower', 'upper'] as const) {
      const A = randomCsc(13, 8, 8, s);
      expect(A.toDense()).toEqual(denseOf(A));
    }
  });

  test('withValues shares the pattern and validates', () => {
    const A = small();
    const B = A.withValues([10, 40, 30, 60, 20, 50]);
    expect(B.colPtr).toBe(A.colPtr);
    expect(B.rowIdx).toBe(A.rowIdx);
    expect(B.samePattern(A)).toBe(true);
    expect(B.toDense()).toEqual(SMALL_DENSE.map((v) => 10 * v));
    expect(A.values[0]).toBe(1);
    expect(() => A.withValues(new Float64Array(5))).toThrow(new RangeError('CscMatrix.withValues: values must have length nnz = 6, got 5'));
    expect(() => A.withValues(Float64Array.of(1, 2, 3, Infinity, 5, 6))).toThrow(
      new RangeError('CscMatrix.withValues: values[3] must be finite, got Infinity'),
    );
    expect(() => A.withValues('123456' as never)).toThrow(TypeError);
    const L = randomCsc(3, 6, 6, 'lower');
    expect(L.withValues(L.values.map((v) => 2 * v)).symmetry).toBe('lower');
  });

  test('toGeneral expands a stored triangle, canonically', () => {
    for (const s of ['lower', 'upper'] as const) {
      const A = randomCsc(14, 12, 12, s);
      const G = A.toGeneral();
      expectCanonical(G);
      expect(G.symmetry).toBe('general');
      expect(G.toDense()).toEqual(denseOf(A));
      const diagonalCount = Array.from(A.diagonal()).filter((_, j) => A.colPtr[j] < A.colPtr[j + 1] && findStored(A, j, j)).length;
      expect(G.nnz).toBe(2 * A.nnz - diagonalCount);
    }
    const A = small();
    expect(A.toGeneral()).toBe(A);
  });

  test('diagonal and get', () => {
    const A = small();
    expect(Array.from(A.diagonal())).toEqual([1, 3, 5]);
    expect(A.get(2, 0)).toBe(4);
    expect(A.get(3, 0)).toBe(0);
    const L = new CscMatrix(2, 2, [0, 2, 3], [0, 1, 1], [4, -1, 3], { symmetry: 'lower' });
    expect(L.get(0, 1)).toBe(-1);
    expect(L.transpose().get(1, 0)).toBe(-1);
    expect(() => A.get(4, 0)).toThrow(/^CscMatrix.get: row must be an integer in 0\.\.3, got 4/);
    expect(() => A.get(0, -1)).toThrow(/^CscMatrix.get: col must be an integer/);
  });

  test('samePattern', () => {
    const A = small();
    const B = new CscMatrix(4, 3, Array.from(A.colPtr), Array.from(A.rowIdx), new Float64Array(6));
    expect(A.samePattern(A)).toBe(true);
    expect(A.samePattern(B)).toBe(true);
    expect(A.samePattern(A.transpose())).toBe(false);
    expect(A.samePattern(CscMatrix.fromDense(4, 3, SMALL_DENSE.map((v, k) => (k === 0 ? 0 : v))))).toBe(false);
    const L = CscMatrix.identity(3, { symmetry: 'lower' });
    expect(L.samePattern(CscMatrix.identity(3))).toBe(false); // same arrays, different meaning
    expect(A.samePattern({} as never)).toBe(false);
  });
});

function findStored(A: CscMatrix, i: number, j: number): boolean {
  for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) if (A.rowIdx[k] === i) return true;
  return false;
}

describe('dense helpers', () => {
  test('denseMatrix / isDenseMatrix / column / fromColumns / transpose / matvec', () => {
    const M = denseMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(isDenseMatrix(M)).toBe(true);
    expect(isDenseMatrix({ nrows: 2, ncols: 3, data: new Float64Array(5) })).toBe(false);
    expect(isDenseMatrix(small())).toBe(false);
    expect(isDenseMatrix(new Float64Array(4))).toBe(false);
    expect(Array.from(column(M, 1))).toEqual([3, 4]);
    column(M, 2)[0] = 50;
    expect(M.data[4]).toBe(50);
    expect(fromColumns([Float64Array.of(1, 2), Float64Array.of(3, 4)])).toEqual({ nrows: 2, ncols: 2, data: Float64Array.of(1, 2, 3, 4) });
    expect(denseTranspose(M)).toEqual({ nrows: 3, ncols: 2, data: Float64Array.of(1, 3, 50, 2, 4, 6) });
    expect(Array.from(denseMatvec(M, Float64Array.of(1, 1, 1)))).toEqual([54, 12]);
    expect(denseMatrix(2, 2).data).toEqual(new Float64Array(4));
    expect(() => denseMatrix(2, 2, [1, 2, 3])).toThrow(/^denseMatrix: data must have length nrows \* ncols = 4, got 3/);
    expect(() => denseMatrix(-2, 2)).toThrow(/^denseMatrix: nrows/);
    expect(() => column(M, 3)).toThrow(RangeError);
  });
});

describe('generators', () => {
  /** Independent 5-/7-point stencil via triplets (the generator writes CSC directly). */
  function stencilReference(nx: number, ny: number, nz: number, diagonal: number): Float64Array {
    const n = nx * ny * nz;
    const d = new Float64Array(n * n);
    const idx = (x: number, y: number, z: number) => x + nx * (y + ny * z);
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
          const k = idx(x, y, z);
          d[k + k * n] = diagonal;
          const neighbours = [[x - 1, y, z], [x + 1, y, z], [x, y - 1, z], [x, y + 1, z]];
          if (diagonal === 6) neighbours.push([x, y, z - 1], [x, y, z + 1]);
          for (const [a, b, c] of neighbours) {
            if (a >= 0 && a < nx && b >= 0 && b < ny && c >= 0 && c < nz) d[idx(a, b, c) + k * n] = -1;
          }
        }
      }
    }
    return d;
  }

  test.each([
    [1, 1],
    [1, 5],
    [4, 1],
    [4, 3],
    [5, 5],
  ])('poisson2d(%i, %i) in every storage equals the stencil', (nx, ny) => {
    const reference = stencilReference(nx, ny, 1, 4);
    for (const symmetry of ['lower', 'upper', 'general'] as const) {
      const A = poisson2d(nx, ny, { symmetry });
      expectCanonical(A);
      expect(A.symmetry).toBe(symmetry);
      expect(A.toDense()).toEqual(reference);
      // Re-validating through the public constructor must accept it unchanged.
      const B = new CscMatrix(A.nrows, A.ncols, A.colPtr, A.rowIdx, A.values, { symmetry });
      expect(B.rowIdx).toBe(A.rowIdx);
    }
    expect(poisson2d(nx, ny).symmetry).toBe('lower');
  });

  test.each([
    [2, 2, 2],
    [3, 4, 2],
    [1, 1, 3],
    [2, 3, 1],
  ])('poisson3d(%i, %i, %i) equals the 7-point stencil', (nx, ny, nz) => {
    const reference = stencilReference(nx, ny, nz, 6);
    expect(poisson3d(nx, ny, nz).toDense()).toEqual(reference);
    expect(poisson3d(nx, ny, nz, { symmetry: 'general' }).toDense()).toEqual(reference);
  });

  test('sizes, defaults and nnz formulas', () => {
    expect(poisson2d(3).nrows).toBe(9);
    expect(poisson3d(3).nrows).toBe(27);
    const A = poisson2d(7, 5);
    expect(A.nnz).toBe(35 + 6 * 5 + 7 * 4);
    expect(poisson2d(7, 5, { symmetry: 'general' }).nnz).toBe(35 + 2 * (6 * 5 + 7 * 4));
    expect(() => poisson2d(0)).toThrow(/^poisson2d: nx must be an integer in 1\.\.2147483647, got 0/);
    expect(() => poisson3d(2, 2.5)).toThrow(/^poisson3d: ny must be an integer/);
    expect(() => poisson2d(50000, 50000)).toThrow(/must be < 2\^31/);
  });

  test('n = 1,000,000 is built and is diagonally dominant (row sums >= 0)', () => {
    const A = poisson2d(1000);
    const B = poisson3d(100);
    expect(A.nrows).toBe(1_000_000);
    expect(A.nnz).toBe(1_000_000 + 2 * 999 * 1000);
    expect(B.nrows).toBe(1_000_000);
    expect(B.nnz).toBe(1_000_000 + 3 * 99 * 100 * 100);
    const rowSums = A.matvec(new Float64Array(A.ncols).fill(1));
    expect(Math.min(...rowSums.subarray(0, 5000))).toBe(0);
    expect(rowSums.every((v) => v >= 0)).toBe(true);
  });
});

describe('SuiteSparse test matrices', () => {
  test('bcsstk01 from CXSparse: 48 x 48, lower triangle of 224 entries, known values', () => {
    const A = loadCXSparse('bcsstk01');
    expect([A.nrows, A.ncols, A.nnz, A.symmetry]).toEqual([48, 48, 224, 'lower']);
    expect(A.toGeneral().nnz).toBe(400);
    expect(A.get(0, 0)).toBe(2.83226851852e6);
    expect(A.get(4, 0)).toBe(1.0e6);
    expect(A.get(0, 4)).toBe(1.0e6); // the mirror
    expect(A.get(46, 46)).toBe(9.61679848804e8);
    expect(A.get(47, 46)).toBe(-1.09779731332e8);
    expect(A.get(1, 0)).toBe(0);
  });

  test('bcsstk01 from CHOLMOD .tri (stype -1) agrees with the CXSparse copy', () => {
    const T = (loadTri('bcsstk01'));
    const C = loadCXSparse('bcsstk01');
    expect([T.nrows, T.nnz, T.symmetry]).toEqual([48, 224, 'lower']);
    expect(T.samePattern(C)).toBe(true);
    expect(T.get(0, 0)).toBe(0.283226851851999993e7);
    // The two files print the same matrix with 12 vs 18 digits.
    expect(relErr(T.values, C.values)).toBeLessThan(1e-11);
  });

  test('bcsstk16 from CXSparse: n = 4884, one triangle (147631 entries)', () => {
    const A = loadCXSparse('bcsstk16');
    expect([A.nrows, A.ncols, A.nnz, A.symmetry]).toEqual([4884, 4884, 147631, 'lower']);
    expect(A.toGeneral().nnz).toBe(290378);
    expect(A.get(0, 0)).toBe(285559874.9195);
    expect(A.get(4883, 4883)).toBe(1);
    expect(A.diagonal().every((v) => v > 0)).toBe(true);
  });

  test('can___24 (Matrix Market pattern symmetric): n = 24, 92 stored entries', () => {
    const A = asCsc(loadMtx('can___24'));
    expect([A.nrows, A.ncols, A.nnz, A.symmetry]).toEqual([24, 24, 92, 'lower']);
    expect(A.toGeneral().nnz).toBe(2 * 92 - 24);
    expect(A.get(5, 0)).toBe(1);
    expect(A.get(0, 5)).toBe(1);
    expect(A.get(1, 0)).toBe(0);
    expect(Array.from(A.diagonal())).toEqual(new Array(24).fill(1));
  });

  test('other .tri files: lp_afiro (27 x 51 unsymmetric), bcsstk02, one/two (Matrix Market inside)', () => {
    const lp = (loadTri('lp_afiro'));
    expect([lp.nrows, lp.ncols, lp.nnz, lp.symmetry]).toEqual([27, 51, 102, 'general']);
    expect(lp.get(2, 0)).toBe(1);
    const b2 = (loadTri('bcsstk02'));
    expect([b2.nrows, b2.nnz, b2.symmetry]).toEqual([66, 2211, 'lower']);
    expect((loadTri('one')).toDense()).toEqual(Float64Array.of(1));
    expect((loadTri('two')).toDense()).toEqual(Float64Array.of(3, -1, -1, 3));
    expect((loadTri('0')).nnz).toBe(0);
  });

  test('.tri loader refuses complex and malformed files', () => {
    expect(() => loadTri('up')).toThrow(/complex matrices are not supported/);
    expect(() => loadTri('mangle5')).toThrow(/nrow must be a non-negative integer, got -3/);
    expect(() => loadTri('mangle6')).toThrow(/expected 'i j x'/);
    expect(() => loadTri('mangle7')).toThrow(/row index 999 out of range 1\.\.3/);
    expect(() => loadTri('mangle8')).toThrow(/row index -999 out of range/);
    expect(() => loadTri('empty')).toThrow(/empty file/);
    expect(() => loadCXSparse('c4')).toThrow(/complex/);
  });
});

describe('dense reference helpers (test/helpers/dense.ts) are themselves right', () => {
  test('rng is deterministic and uniform-looking', () => {
    const a = rng(42);
    const b = rng(42);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.02);
    expect(rng(43)()).not.toBe(rng(42)());
  });

  test('LU solve, inverse and log|det| on a matrix that needs pivoting', () => {
    // [[0 2 1], [1 1 0], [2 0 3]] (column-major); det = -8.
    const a = Float64Array.of(0, 1, 2, 2, 1, 0, 1, 0, 3);
    const x = Float64Array.of(1, -2, 3, 0.5, 0.25, -1); // two right-hand sides
    const b = matmul(a, x, 3, 3, 2);
    expect(Array.from(b)).toEqual([-1, -1, 11, -0.5, 0.75, -2]);
    expect(relErr(solveDense(a, 3, b), x)).toBeLessThan(1e-15);
    const eye = matmul(a, inverse(a, 3), 3, 3, 3);
    expect(relErr(eye, Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1))).toBeLessThan(1e-15);
    const det = logAbsDet(a, 3);
    expect(det.sign).toBe(-1);
    expect(det.logAbsDet).toBeCloseTo(Math.log(8), 14);
    expect(() => solveDense(Float64Array.of(1, 2, 2, 4), 2, Float64Array.of(1, 1))).toThrow(/singular/);
  });

  test('residual (backward error, inf-norms) and relResidual (2-norm) on a stored triangle', () => {
    const A = poisson2d(4); // lower storage: the helpers must mirror it
    const D = denseOf(A);
    const x = randomVector(rng(5), 16);
    const b = denseMv(D, 16, 16, x);
    expect(residual(A, x, b)).toBeLessThan(1e-15);
    expect(relResidual(A, x, b)).toBeLessThan(1e-15);
    const solved = solveDense(D, 16, b);
    expect(residual(A, solved, b)).toBeLessThan(1e-15);
    const wrong = Float64Array.from(x, (v, k) => (k === 3 ? v + 1 : v));
    // One unit of error in x[3]: r = A e3, ‖r‖∞ = 4 (the diagonal).
    const normA = 8; // max row sum of |A|: 4 + four neighbours
    const expected = 4 / (normA * Math.max(...wrong.map(Math.abs)) + Math.max(...b.map(Math.abs)));
    expect(residual(A, wrong, b)).toBeCloseTo(expected, 15);
  });
});
