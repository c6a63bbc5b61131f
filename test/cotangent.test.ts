/**
 * The native projection of Ā = scale · L Rᵀ onto a sparse operator's stored entries
 * (projectCotangent, used by every VJP), against the dense product written here, for general
 * (rectangular), 'lower' and 'upper' storage and 0 … 8 columns; and its refusal of patterns
 * edited after construction.
 */
import { liveHandles } from '../lib/handles';
import { SparseOperator } from '../lib/operators';
import { linearSolveVjp, projectCotangent } from '../lib/ad';
import { CscMatrix, DenseMatrix, Symmetry } from '../lib/sparse';
import { randomVector, rng } from './helpers/dense';

const rand = rng(7321);

afterEach(() => expect(liveHandles()).toBe(0));

/** A random pattern (about `density` of the entries, diagonal always present when square). */
function randomMatrix(m: number, n: number, symmetry: Symmetry, density: number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      if (symmetry === 'lower' && i < j) continue;
      if (symmetry === 'upper' && i > j) continue;
      if (i === j || rand() < density) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  return CscMatrix.fromTriplets(m, n, rows, cols, randomVector(rand, rows.length), { symmetry });
}

function block(rows: number, k: number): DenseMatrix {
  return { nrows: rows, ncols: k, data: randomVector(rand, rows * k) };
}

/** scale · Σ_c L[i, c] R[j, c], computed directly. */
function outer(L: DenseMatrix, R: DenseMatrix, i: number, j: number, scale: number): number {
  let s = 0;
  for (let c = 0; c < L.ncols; c++) s += L.data[c * L.nrows + i] * R.data[c * R.nrows + j];
  return scale * s;
}

function expected(A: CscMatrix, L: DenseMatrix, R: DenseMatrix, scale: number): Float64Array {
  const out = new Float64Array(A.nnz);
  for (let j = 0; j < A.ncols; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
      const i = A.rowIdx[q];
      // A stored off-diagonal value of a triangle is both A_ij and A_ji.
      out[q] = outer(L, R, i, j, scale) + (A.symmetry !== 'general' && i !== j ? outer(L, R, j, i, scale) : 0);
    }
  }
  return out;
}

describe.each([
  ['general, tall', 37, 23, 'general'],
  ['general, wide', 19, 41, 'general'],
  ['lower', 53, 53, 'lower'],
  ['upper', 47, 47, 'upper'],
] as const)('projectCotangent onto a sparse %s operator', (_name, m, n, symmetry) => {
  const A = randomMatrix(m, n, symmetry, 0.15);
  const op = new SparseOperator(A);

  it.each([0, 1, 2, 3, 5, 8])('equals the dense product on the pattern with %i column(s)', (k) => {
    const L = block(m, k);
    const R = block(n, k);
    for (const scale of [1, -1, 0.37]) {
      const cot = projectCotangent(op, L, R, scale);
      if (cot.kind !== 'sparse') throw new Error(`expected a sparse cotangent, got ${cot.kind}`);
      const want = expected(A, L, R, scale);
      expect(cot.values.length).toBe(A.nnz);
      for (let q = 0; q < A.nnz; q++) expect(Math.abs(cot.values[q] - want[q])).toBeLessThanOrEqual(1e-14 * (1 + Math.abs(want[q])));
    }
  });
});

describe('projectCotangent with blocks too large for the scratch path (read in place)', () => {
  /** A banded n x n pattern: diagonal, first sub-diagonal and the one n/100 below. */
  function banded(n: number, symmetry: Symmetry): CscMatrix {
    const rows: number[] = [];
    const cols: number[] = [];
    const add = (i: number, j: number) => {
      if (i < n) {
        rows.push(i);
        cols.push(j);
      }
    };
    for (let j = 0; j < n; j++) {
      add(j, j);
      add(j + 1, j);
      add(j + Math.floor(n / 100), j);
      if (symmetry === 'general' && j > 0) add(j - 1, j);
    }
    return CscMatrix.fromTriplets(n, n, rows, cols, randomVector(rand, rows.length), { symmetry });
  }

  it.each([
    ['lower', 2],
    ['lower', 8],
    ['general', 8],
  ] as const)('%s storage, %i columns, n = 40,000', (symmetry, k) => {
    const n = 40_000; // (4n or 2n) · k values exceed the scratch limit
    const A = banded(n, symmetry);
    const L = block(n, k);
    const R = block(n, k);
    const cot = projectCotangent(new SparseOperator(A), L, R, -0.5);
    if (cot.kind !== 'sparse') throw new Error('expected a sparse cotangent');
    const want = expected(A, L, R, -0.5);
    let worst = 0;
    for (let q = 0; q < A.nnz; q++) worst = Math.max(worst, Math.abs(cot.values[q] - want[q]) / (1 + Math.abs(want[q])));
    expect(worst).toBeLessThanOrEqual(1e-14);
  });

  it('refuses an edited row index there too', () => {
    const A = banded(40_000, 'lower');
    (A.rowIdx as Int32Array)[A.nnz - 1] = 40_000;
    expect(() => projectCotangent(new SparseOperator(A), block(40_000, 8), block(40_000, 8))).toThrow(/row index 40000/);
  });
});

describe('projectCotangent on a pattern edited after construction', () => {
  // CscMatrix's arrays are documented as read-only but are plain typed arrays: a caller can
  // still corrupt them, and the native pass must answer with a RangeError, not read out of bounds.
  const fresh = () => randomMatrix(30, 30, 'lower', 0.2);
  const project = (A: CscMatrix, k: number) => projectCotangent(new SparseOperator(A), block(30, k), block(30, k));

  it.each([1, 4])('refuses a row index outside the matrix (%i columns)', (k) => {
    for (const bad of [30, 1 << 30, -1]) {
      const A = fresh();
      (A.rowIdx as Int32Array)[A.nnz - 1] = bad;
      expect(() => project(A, k)).toThrow(RangeError);
      expect(() => project(A, k)).toThrow(/row index/);
    }
  });

  it.each([1, 4])('refuses decreasing or out-of-range column pointers (%i columns)', (k) => {
    const A = fresh();
    (A.colPtr as Int32Array)[10] = A.nnz + 5;
    expect(() => project(A, k)).toThrow(/colPtr/);
    const B = fresh();
    (B.colPtr as Int32Array)[10] = -3;
    expect(() => project(B, k)).toThrow(RangeError);
  });

  it('still works on intact patterns afterwards', () => {
    const A = fresh();
    const L = block(30, 2);
    const cot = projectCotangent(new SparseOperator(A), L, L);
    if (cot.kind !== 'sparse') throw new Error('expected a sparse cotangent');
    const want = expected(A, L, L, 1);
    for (let q = 0; q < A.nnz; q++) expect(cot.values[q]).toBeCloseTo(want[q], 13);
  });
});

describe('pullback into a caller-owned array', () => {
  const A = randomMatrix(40, 40, 'lower', 0.2);
  // Diagonally dominant, so positive definite whatever the random off-diagonal values.
  for (let j = 0; j < 40; j++) A.values[A.colPtr[j]] = 50;
  const op = new SparseOperator(A, ['positiveSemidefinite']);
  const b = randomVector(rand, 40);

  it('writes the values cotangent into the given array and returns that array', () => {
    const vjp = linearSolveVjp(op, b);
    try {
      const fresh = vjp.pullback(vjp.value).op;
      const into = new Float64Array(A.nnz).fill(Number.NaN);
      const reused = vjp.pullback(vjp.value, { into }).op;
      if (fresh.kind !== 'sparse' || reused.kind !== 'sparse') throw new Error('expected sparse cotangents');
      expect(reused.values).toBe(into);
      expect(Array.from(into)).toEqual(Array.from(fresh.values));
    } finally {
      vjp.dispose();
    }
  });

  it('refuses an array of the wrong length or type', () => {
    const vjp = linearSolveVjp(op, b);
    try {
      expect(() => vjp.pullback(vjp.value, { into: new Float64Array(A.nnz - 1) })).toThrow(RangeError);
      expect(() => vjp.pullback(vjp.value, { into: [] as unknown as Float64Array })).toThrow(TypeError);
    } finally {
      vjp.dispose();
    }
  });
});
