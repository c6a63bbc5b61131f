/**
 * The factor API users of scikit-sparse and Julia reach for: user permutations, copy(),
 * determinant()/det(), LLᵀ ⇄ LDLᵀ conversion, rowAdd on an identity row, solve into `out`, and
 * the non-throwing factorisation (check: false). Each against a dense reference.
 */
import { analyze, cholesky, CholmodError, NotPositiveDefiniteError, type Factor } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { CscMatrix, poisson2d, poisson3d } from '../lib/sparse';
import { denseOf, logAbsDet, matmul, relErr, rng, randomVector, solveDense, transposeDense } from './helpers/dense';
import { loadTri } from './helpers/suitesparse';

afterAll(() => expect(liveHandles()).toBe(0));

function using<T>(factor: Factor, body: (f: Factor) => T): T {
  try {
    return body(factor);
  } finally {
    factor.dispose();
  }
}

async function usingAsync<T>(factor: Factor, body: (f: Factor) => Promise<T>): Promise<T> {
  try {
    return await body(factor);
  } finally {
    factor.dispose();
  }
}

/** P A Pᵀ, dense, for the factor's permutation: (P A Pᵀ)[i, j] = A[p[i], p[j]]. */
function permutedDense(A: CscMatrix, p: Int32Array): Float64Array {
  const n = A.nrows;
  const a = denseOf(A);
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i + j * n] = a[p[i] + p[j] * n];
  return out;
}

/** L · diag(D) · Lᵀ, dense, from the factor's own L() and D(). */
function reassembled(factor: Factor): Float64Array {
  const n = factor.n;
  const L = denseOf(factor.L());
  const D = factor.D();
  const LD = Float64Array.from(L, (v, k) => v * D[Math.floor(k / n)]);
  return matmul(LD, transposeDense(L, n, n), n, n, n);
}

/** A symmetric quasi-definite matrix [[H, Bᵀ], [B, −G]] (H, G positive definite), lower triangle stored: indefinite, LDLᵀ-factorable in any order. */
function quasiDefinite(nh: number, ng: number, seed: number): CscMatrix {
  const rand = rng(seed);
  const n = nh + ng;
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < n; j++) {
    rows.push(j); cols.push(j); vals.push(j < nh ? 4 + rand() : -(3 + rand()));
    for (let i = j + 1; i < n; i++) {
      if (rand() < 0.3) { rows.push(i); cols.push(j); vals.push(rand() - 0.5); }
    }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, vals, { symmetry: 'lower' });
}

describe('a user permutation (ordering: Int32Array)', () => {
  const A = poisson2d(7); // 49 × 49
  const rand = rng(5);
  const perm = Int32Array.from({ length: 49 }, (_, k) => k);
  for (let k = 48; k > 0; k--) { const j = Math.floor(rand() * (k + 1)); [perm[k], perm[j]] = [perm[j], perm[k]]; }

  for (const mode of ['simplicial', 'supernodal'] as const) {
    test(`${mode}: the factor's permutation is the one given, and it solves`, () => using(cholesky(A, { ordering: perm, mode }), (f) => {
      expect(Array.from(f.permutation)).toEqual(Array.from(perm));
      expect(f.info.ordering).toBe('given');
      expect(f.info.isSupernodal).toBe(mode === 'supernodal');
      const b = randomVector(rng(1), 49);
      expect(relErr(f.solve(b), solveDense(denseOf(A), 49, b))).toBeLessThan(1e-12);
      // L D Lᵀ = P A Pᵀ with this P:
      expect(relErr(reassembled(f), permutedDense(A, perm))).toBeLessThan(1e-13);
    }));
  }

  test('a plain array works, and analyze takes it too', () => using(analyze(A, { ordering: Array.from(perm) }), (f) => {
    expect(Array.from(f.permutation)).toEqual(Array.from(perm));
  }));

  test('the number of nonzeros in L depends on the permutation given', () => {
    const natural = Int32Array.from({ length: 49 }, (_, k) => k);
    const nnzNatural = using(analyze(A, { ordering: natural }), (f) => f.info.nnzL);
    const nnzAmd = using(analyze(A, { ordering: 'amd' }), (f) => f.info.nnzL);
    const nnzRandom = using(analyze(A, { ordering: perm }), (f) => f.info.nnzL);
    expect(nnzAmd).toBeLessThan(nnzNatural);
    expect(nnzAmd).toBeLessThan(nnzRandom);
  });

  test('RangeError naming the offending index: length, range, duplicates; TypeError for non-integers', () => {
    expect(() => cholesky(A, { ordering: new Int32Array(48) })).toThrow(/opts.ordering must be a permutation of 0..48 \(49 entries\), got 48 entries/);
    const outOfRange = perm.slice(); outOfRange[10] = 49;
    expect(() => cholesky(A, { ordering: outOfRange })).toThrow(/opts.ordering\[10\] must be an integer in \[0, 49\), got 49/);
    const negative = perm.slice(); negative[3] = -1;
    expect(() => cholesky(A, { ordering: negative })).toThrow(RangeError);
    const duplicate = perm.slice(); duplicate[20] = duplicate[5];
    expect(() => cholesky(A, { ordering: duplicate })).toThrow(new RegExp(`opts.ordering\\[20\\] must not repeat an entry, got ${perm[5]} \\(also at index 5\\)`));
    expect(() => cholesky(A, { ordering: [0.5] as unknown as number[] })).toThrow(/opts.ordering\[0\] must be an integer/);
    expect(() => cholesky(A, { ordering: 'reverse' as 'amd' })).toThrow(RangeError);
    expect(liveHandles()).toBe(0);
  });
});

describe('factor.copy()', () => {
  test('an independent handle that survives disposing the original, and is unaffected by its refactor and update', () => {
    const A = poisson2d(6);
    const b = randomVector(rng(3), 36);
    const reference = solveDense(denseOf(A), 36, b);
    const original = cholesky(A, { kind: 'LDLt' });
    const copy = original.copy();
    try {
      expect(copy.handle).not.toBe(original.handle);
      original.refactor(A, { shift: 10 });
      original.rowDelete(3);
      expect(relErr(copy.solve(b), reference)).toBeLessThan(1e-12);
      original.dispose();
      expect(relErr(copy.solve(b), reference)).toBeLessThan(1e-12);
      expect(copy.kind).toBe('LDLt');
      expect(copy.info.factorizations).toBe(1);
      using(copy.copy(), (second) => expect(Array.from(second.D())).toEqual(Array.from(copy.D()))); // copies of copies
    } finally {
      original.dispose();
      copy.dispose();
    }
  });

  test('a copy of an analysis only, and of a failed factor, keep their state', () => {
    const A = poisson2d(4);
    using(analyze(A), (f) => using(f.copy(), (c) => {
      expect(c.info.isNumeric).toBe(false);
      c.refactor(A);
      expect(c.isSuccess).toBe(true);
      expect(f.isSuccess).toBe(false);
    }));
    const indefinite = A.withValues(A.values.map((v, k) => (k === 0 ? -v : v)));
    using(cholesky(indefinite, { check: false }), (f) => using(f.copy(), (c) => {
      expect(c.isSuccess).toBe(false);
      expect(c.failedColumn).toBe(f.failedColumn);
    }));
  });
});

describe('determinant() and det()', () => {
  test('SPD matrices (bcsstk01, poisson3d): log|det| and sign +1 as dense LU gives, LLᵀ and LDLᵀ, supernodal and simplicial', () => {
    for (const A of [loadTri('bcsstk01'), poisson3d(4)]) {
      const n = A.nrows;
      const reference = logAbsDet(denseOf(A), n);
      for (const opts of [{ mode: 'supernodal' as const }, { mode: 'simplicial' as const }, { kind: 'LDLt' as const }]) {
        using(cholesky(A, opts), (f) => {
          const { sign, logAbs } = f.determinant();
          expect(sign).toBe(1);
          expect(Math.abs(logAbs - reference.logAbsDet)).toBeLessThan(1e-10 * Math.abs(reference.logAbsDet));
        });
      }
    }
  });

  test('indefinite quasi-definite matrices: the sign from D\'s negative pivots matches dense LU', () => {
    for (const [nh, ng, seed] of [[3, 2, 1], [5, 5, 2], [8, 3, 3], [2, 9, 4]]) {
      const A = quasiDefinite(nh, ng, seed);
      const n = nh + ng;
      const reference = logAbsDet(denseOf(A), n);
      expect(reference.sign).toBe(ng % 2 === 0 ? 1 : -1); // Sylvester: ng negative eigenvalues
      for (const ordering of ['natural', 'amd'] as const) {
        using(cholesky(A, { kind: 'LDLt', ordering }), (f) => {
          const { sign, logAbs } = f.determinant();
          expect(sign).toBe(reference.sign);
          expect(Math.abs(logAbs - reference.logAbsDet)).toBeLessThan(1e-12 * Math.max(1, Math.abs(reference.logAbsDet)));
          expect(relErr([f.det()], [reference.sign * Math.exp(reference.logAbsDet)])).toBeLessThan(1e-12);
        });
      }
    }
  });

  test('det() of a small matrix is exact enough; overflow gives Infinity while determinant() stays finite', () => {
    const A = CscMatrix.fromTriplets(3, 3, [0, 1, 2, 1], [0, 1, 2, 0], [4, 5, 6, 2], { symmetry: 'lower' });
    using(cholesky(A), (f) => expect(Math.abs(f.det() - (4 * 5 - 4) * 6)).toBeLessThan(1e-12));
    const big = CscMatrix.identity(1100).withValues(new Float64Array(1100).fill(2));
    using(cholesky(big), (f) => {
      expect(f.det()).toBe(Infinity);
      expect(Math.abs(f.determinant().logAbs - 1100 * Math.log(2))).toBeLessThan(1e-9);
    });
    const tiny = CscMatrix.identity(1100).withValues(new Float64Array(1100).fill(0.5));
    using(cholesky(tiny), (f) => expect(f.det()).toBe(0));
    // A zero pivot fails the factorisation (LDLᵀ too): no determinant of a failed factor.
    const singular = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, 0], { symmetry: 'lower' });
    using(cholesky(singular, { kind: 'LDLt', ordering: 'natural', check: false }), (f) => {
      expect(f.isSuccess).toBe(false);
      expect(() => f.det()).toThrow(CholmodError);
    });
  });
});

describe('toKind: converting between LLᵀ and LDLᵀ', () => {
  const A = loadTri('bcsstk01'); // 48 × 48
  const n = A.nrows;

  test('every start and target: L D Lᵀ = P A Pᵀ, D all ones for LLᵀ, unit L for LDLᵀ, and solves unchanged', () => {
    const b = randomVector(rng(9), n);
    const reference = solveDense(denseOf(A), n, b);
    for (const start of [{ mode: 'supernodal' as const }, { mode: 'simplicial' as const }, { kind: 'LDLt' as const }]) {
      for (const target of ['LDLt', 'LLt', 'LDLt', 'LLt'] as const) {
        using(cholesky(A, start), (f) => {
          f.toKind(target);
          expect(f.kind).toBe(target);
          expect(f.info.isLL).toBe(target === 'LLt');
          if (target === 'LDLt') expect(f.info.isSupernodal).toBe(false);
          const L = f.L();
          const D = f.D();
          const diagonal = Array.from({ length: n }, (_, j) => L.get(j, j));
          if (target === 'LLt') expect(Array.from(D)).toEqual(new Array(n).fill(1));
          else expect(diagonal).toEqual(new Array(n).fill(1));
          const scale = Math.max(...denseOf(A).map(Math.abs));
          const diff = reassembled(f).map((v, k) => Math.abs(v - permutedDense(A, f.permutation)[k]));
          expect(Math.max(...diff)).toBeLessThan(1e-12 * scale);
          expect(relErr(f.solve(b), reference)).toBeLessThan(1e-9);
        });
      }
    }
  });

  test('an LLᵀ factor from LDLᵀ: D = diag(L_LLt)², L_LDLt = L_LLt · diag(L_LLt)⁻¹', () => {
    using(cholesky(A, { mode: 'simplicial' }), (ll) => using(ll.copy(), (ldl) => {
      ldl.toKind('LDLt');
      const d = Array.from({ length: n }, (_, j) => ll.L().get(j, j));
      expect(relErr(ldl.D(), d.map((v) => v * v))).toBeLessThan(1e-14);
    }));
  });

  test('refactor after a conversion produces the new kind', () => {
    using(cholesky(A, { mode: 'supernodal' }), (f) => {
      f.toKind('LDLt');
      f.refactor(A, { shift: 1 });
      expect(f.info.isLL).toBe(false);
      f.toKind('LLt');
      f.refactor(A, { shift: 0 });
      expect(f.info.isLL).toBe(true);
      const b = randomVector(rng(2), n);
      expect(relErr(f.solve(b), solveDense(denseOf(A), n, b))).toBeLessThan(1e-9);
    });
  });

  test('an indefinite LDLᵀ factor cannot become LLᵀ: NotPositiveDefiniteError, factor unchanged; bad kinds are typed errors', () => {
    const Q = quasiDefinite(4, 3, 7);
    using(cholesky(Q, { kind: 'LDLt' }), (f) => {
      const before = f.D();
      expect(() => f.toKind('LLt')).toThrow(NotPositiveDefiniteError);
      expect(f.kind).toBe('LDLt');
      expect(Array.from(f.D())).toEqual(Array.from(before));
      expect(() => f.toKind('LU' as 'LLt')).toThrow(RangeError);
      expect(() => f.toKind(1 as unknown as 'LLt')).toThrow(TypeError);
    });
    using(analyze(A), (f) => expect(() => f.toKind('LDLt')).toThrow(CholmodError));
  });
});

describe('rowAdd on a row that is the identity\'s', () => {
  test('A with row/column k = e_k: rowAdd(k, column) gives the factor of the new matrix (supernodal and simplicial start)', () => {
    const base = poisson2d(5); // 25 × 25, lower
    const k = 12;
    const dense = denseOf(base);
    for (let i = 0; i < 25; i++) { dense[i + k * 25] = 0; dense[k + i * 25] = 0; }
    dense[k + k * 25] = 1;
    const withIdentity = CscMatrix.fromDense(25, 25, dense, { symmetry: 'lower' });
    const column = new Float64Array(25);
    column[k] = 6; column[k - 1] = -1; column[k + 1] = -1; column[k - 5] = -1; column[k + 5] = -1;
    const target = Float64Array.from(dense);
    for (let i = 0; i < 25; i++) { target[i + k * 25] = column[i]; target[k + i * 25] = column[i]; }
    const b = randomVector(rng(4), 25);
    for (const mode of ['supernodal', 'simplicial'] as const) {
      using(cholesky(withIdentity, { mode }), (f) => {
        f.rowAdd(k, column);
        expect(relErr(f.solve(b), solveDense(target, 25, b))).toBeLessThan(1e-12);
        expect(f.info.updates).toBe(1);
      });
    }
  });

  test('a row that is neither deleted nor the identity\'s is refused (RangeError), and the factor still solves', () => {
    const A = poisson2d(4);
    using(cholesky(A), (f) => {
      expect(() => f.rowAdd(5, new Float64Array(16))).toThrow(/row 5 is not deleted: rowAdd fills a row removed by rowDelete, or one that is the identity's/);
      const b = randomVector(rng(6), 16);
      expect(relErr(f.solve(b), solveDense(denseOf(A), 16, b))).toBeLessThan(1e-12);
    });
  });
});

describe('solve(b, { out })', () => {
  const A = poisson2d(6);
  const n = 36;
  const b = randomVector(rng(8), n);
  const reference = solveDense(denseOf(A), n, b);

  test('writes into a Float64Array or a DenseMatrix and returns it', async () => {
    await usingAsync(cholesky(A), async (f) => {
      const out = new Float64Array(n);
      expect(f.solve(b, { out })).toBe(out);
      expect(relErr(out, reference)).toBeLessThan(1e-12);
      const B = { nrows: n, ncols: 2, data: new Float64Array(2 * n) };
      B.data.set(b); B.data.set(b, n);
      const X = { nrows: n, ncols: 2, data: new Float64Array(2 * n) };
      expect(f.solve(B, { out: X })).toBe(X);
      expect(relErr(X.data.subarray(n), reference)).toBeLessThan(1e-12);
      const outAsync = new Float64Array(n);
      expect(await f.solveAsync(b, { out: outAsync })).toBe(outAsync);
      expect(relErr(outAsync, reference)).toBeLessThan(1e-12);
      const Y = new Float64Array(n);
      expect(f.solve(b, { out: Y, system: 'P' })[0]).toBe(b[f.permutation[0]]);
    });
  });

  test('aliasing is handled: out may be b itself, or overlap it', async () => {
    await usingAsync(cholesky(A), async (f) => {
      const inPlace = Float64Array.from(b);
      f.solve(inPlace, { out: inPlace });
      expect(relErr(inPlace, reference)).toBeLessThan(1e-12);
      const inPlaceAsync = Float64Array.from(b);
      await f.solveAsync(inPlaceAsync, { out: inPlaceAsync });
      expect(relErr(inPlaceAsync, reference)).toBeLessThan(1e-12);
      const buffer = new Float64Array(n + 3);
      buffer.set(b);
      const shifted = buffer.subarray(3);
      f.solve(buffer.subarray(0, n), { out: shifted });
      expect(relErr(shifted, reference)).toBeLessThan(1e-12);
    });
  });

  test('a wrong length, shape or type is a typed error, and nothing is written', () => {
    using(cholesky(A), (f) => {
      const short = new Float64Array(n - 1);
      expect(() => f.solve(b, { out: short })).toThrow(RangeError);
      expect(Array.from(short).every((v) => v === 0)).toBe(true);
      expect(() => f.solve(b, { out: { nrows: n, ncols: 2, data: new Float64Array(2 * n) } })).toThrow(/must have 1 columns/);
      expect(() => f.solve(b, { out: new Int32Array(n) as unknown as Float64Array })).toThrow(TypeError);
      expect(() => f.solve(b, { out: null as unknown as Float64Array })).toThrow(TypeError);
    });
  });
});

describe('check: false (Julia\'s check=false / issuccess)', () => {
  const A = poisson2d(5);
  const bad = A.withValues(A.values.map((v, k) => (A.rowIdx[k] === 7 && k === A.colPtr[7] ? -v : v))); // A[7,7] < 0

  test('cholesky returns a failed factor with isSuccess false and the failing column, instead of throwing', () => {
    let thrown: NotPositiveDefiniteError | undefined;
    try { cholesky(bad, { ordering: 'natural' }); } catch (e) { thrown = e as NotPositiveDefiniteError; }
    expect(thrown).toBeInstanceOf(NotPositiveDefiniteError);
    using(cholesky(bad, { check: false, ordering: 'natural' }), (f) => {
      expect(f.isSuccess).toBe(false);
      expect(f.failedColumn).toBe(thrown!.column);
      expect(f.info.isNumeric).toBe(false);
      // Solving raises the typed error it always has for a factor without valid values.
      expect(() => f.solve(new Float64Array(25))).toThrow(CholmodError);
      expect(() => f.solve(new Float64Array(25))).toThrow(/not positive definite \(column 7\)/);
      expect(() => f.determinant()).toThrow(CholmodError);
      // A refactor with good values makes it a success; with bad ones and check: false, a failure again.
      expect(f.refactor(A)).toBe(true);
      expect(f.isSuccess).toBe(true);
      expect(f.failedColumn).toBe(-1);
      expect(f.refactor(bad, { check: false })).toBe(false);
      expect(f.isSuccess).toBe(false);
      expect(() => f.refactor(bad)).toThrow(NotPositiveDefiniteError);
    });
  });

  test('async and LDLᵀ: choleskyAsync / refactorAsync with check: false', async () => {
    const { choleskyAsync } = await import('../lib/cholmod');
    const f = await choleskyAsync(bad, { check: false });
    try {
      expect(f.isSuccess).toBe(false);
      expect(await f.refactorAsync(A)).toBe(true);
      expect(await f.refactorAsync(bad, { check: false })).toBe(false);
    } finally {
      f.dispose();
    }
    // An LDLᵀ factorisation of an indefinite (but LDLᵀ-factorable) matrix is a success.
    using(cholesky(bad, { kind: 'LDLt', check: false }), (g) => expect(g.isSuccess).toBe(true));
  });

  test('check must be a boolean', () => {
    expect(() => cholesky(A, { check: 0 as unknown as boolean })).toThrow(TypeError);
    expect(liveHandles()).toBe(0);
  });
});
