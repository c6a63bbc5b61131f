import {
  AddOperator,
  DiagonalOperator,
  FunctionOperator,
  IdentityOperator,
  InverseOperator,
  LinearOperator,
  MatrixOperator,
  SparseOperator,
  TaggedOperator,
  TridiagonalOperator,
  add,
  allTags,
  closeTags,
  compose,
  diagonal,
  diagonalOf,
  hasUnitDiagonal,
  isDiagonal,
  isLowerTriangular,
  isNegativeSemidefinite,
  isPositiveSemidefinite,
  isSparseBacked,
  isSymmetric,
  isTridiagonal,
  isUpperTriangular,
  lowerTriangular,
  neg,
  negativeSemidefinite,
  positiveSemidefinite,
  scale,
  symmetric,
  toCsc,
  tridiagonal,
  tridiagonalOf,
  unitDiagonal,
  upperTriangular,
} from '../lib/operators';
import { CscMatrix } from '../lib/sparse';
import { denseOf, inverse, matmul, matvec, randomVector, relErr, rng, solveDense, transposeDense } from './helpers/dense';

const rand = rng(20240611);

/** A random sparse matrix with about `density` of its entries set, plus the dense matrix it is. */
function randomSparse(m: number, n: number, density = 0.4, symmetry: 'general' | 'lower' | 'upper' = 'general'): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const kept = symmetry === 'lower' ? i >= j : symmetry === 'upper' ? i <= j : true;
      if (kept && (i === j || rand() < density)) {
        rows.push(i);
        cols.push(j);
        values.push(2 * rand() - 1);
      }
    }
  }
  return CscMatrix.fromTriplets(m, n, rows, cols, values, { symmetry });
}

const randomDense = (m: number, n: number) => ({ nrows: m, ncols: n, data: randomVector(rand, m * n) });

function symmetricDense(n: number): Float64Array {
  const a = randomVector(rand, n * n);
  const s = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) s[i + j * n] = a[i + j * n] + a[j + i * n];
  return s;
}

function spdDense(n: number): Float64Array {
  const a = randomVector(rand, n * n);
  const s = matmul(transposeDense(a, n, n), a, n, n, n);
  for (let i = 0; i < n; i++) s[i + i * n] += n;
  return s;
}

const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, i) => s + ui * v[i], 0);
const norm = (u: Float64Array) => Math.sqrt(dot(u, u));

interface Case {
  name: string;
  op: LinearOperator;
  /** The matrix the operator should be, built independently of the operator code. */
  dense: Float64Array;
  tolerance?: number;
}

function cases(): Case[] {
  const general = randomSparse(7, 5);
  const lower = randomSparse(6, 6, 0.4, 'lower');
  const upper = randomSparse(6, 6, 0.4, 'upper');
  const m46 = randomDense(4, 6);
  const d = randomVector(rand, 5);
  const [tl, td, tu] = [randomVector(rand, 5), randomVector(rand, 6), randomVector(rand, 5)];
  const tri = new Float64Array(36);
  for (let i = 0; i < 6; i++) {
    tri[i + i * 6] = td[i];
    if (i < 5) {
      tri[i + 1 + i * 6] = tl[i];
      tri[i + (i + 1) * 6] = tu[i];
    }
  }
  const f53 = randomVector(rand, 15);
  const sym5 = symmetricDense(5);
  const m75 = randomDense(7, 5);
  const s65 = randomSparse(6, 5);
  const spd4 = spdDense(4);
  const eye = new Float64Array(25).map((_, k) => (k % 6 === 0 ? 1 : 0));
  const denseM46 = m46.data;
  return [
    { name: 'SparseOperator general 7x5', op: new SparseOperator(general), dense: denseOf(general) },
    { name: 'SparseOperator lower', op: new SparseOperator(lower), dense: denseOf(lower) },
    { name: 'SparseOperator upper', op: new SparseOperator(upper), dense: denseOf(upper) },
    { name: 'MatrixOperator 4x6', op: new MatrixOperator(m46), dense: denseM46 },
    { name: 'DiagonalOperator', op: new DiagonalOperator(d), dense: new Float64Array(25).map((_, k) => (k % 6 === 0 ? d[k / 6] : 0)) },
    { name: 'IdentityOperator', op: new IdentityOperator(5), dense: eye },
    { name: 'TridiagonalOperator', op: new TridiagonalOperator(tl, td, tu), dense: tri },
    {
      name: 'FunctionOperator 5x3',
      op: new FunctionOperator((x) => matvec(f53, 5, 3, x), { inSize: 3, outSize: 5 }, { transposeMv: (y) => matvec(transposeDense(f53, 5, 3), 3, 5, y) }),
      dense: f53,
    },
    { name: 'symmetric FunctionOperator', op: new FunctionOperator((x) => matvec(sym5, 5, 5, x), 5, { tags: [symmetric] }), dense: sym5 },
    { name: 'TaggedOperator', op: new TaggedOperator(new MatrixOperator({ nrows: 5, ncols: 5, data: sym5 }), [symmetric]), dense: sym5 },
    {
      name: 'add(Matrix, Sparse)',
      op: add(new MatrixOperator(m75), new SparseOperator(general)),
      dense: m75.data.map((v, k) => v + denseOf(general)[k]),
    },
    {
      name: 'compose(Matrix 4x6, Sparse 6x5)',
      op: compose(new MatrixOperator(m46), new SparseOperator(s65)),
      dense: matmul(denseM46, denseOf(s65), 4, 6, 5),
    },
    { name: 'scale(Sparse, -2.5)', op: scale(new SparseOperator(general), -2.5), dense: denseOf(general).map((v) => -2.5 * v) },
    { name: 'neg(Matrix)', op: neg(new MatrixOperator(m46)), dense: denseM46.map((v) => -v) },
    {
      name: 'InverseOperator',
      op: new InverseOperator({ n: 4, solve: (b) => solveDense(spd4, 4, b) }),
      dense: inverse(spd4, 4),
      tolerance: 1e-12,
    },
    {
      name: 'transpose of a transpose',
      op: new SparseOperator(general).transpose().transpose(),
      dense: denseOf(general),
    },
  ];
}

describe('every operator against its dense matrix', () => {
  for (const { name, op, dense, tolerance = 1e-14 } of cases()) {
    describe(name, () => {
      const m = op.outSize;
      const n = op.inSize;
      it('has the expected sizes', () => {
        expect(dense.length).toBe(m * n);
      });

      it('mv matches the dense product', () => {
        const x = randomVector(rand, n);
        expect(relErr(op.mv(x), matvec(dense, m, n, x))).toBeLessThanOrEqual(tolerance);
      });

      it('asMatrix is the dense matrix, and a fresh copy', () => {
        const a = op.asMatrix();
        expect([a.nrows, a.ncols]).toEqual([m, n]);
        expect(relErr(a.data, dense)).toBeLessThanOrEqual(tolerance);
        a.data.fill(7);
        expect(relErr(op.asMatrix().data, dense)).toBeLessThanOrEqual(tolerance);
      });

      it('transpose() applies Aᵀ', () => {
        const t = op.transpose();
        expect([t.outSize, t.inSize]).toEqual([n, m]);
        const w = randomVector(rand, m);
        expect(relErr(t.mv(w), matvec(transposeDense(dense, m, n), n, m, w))).toBeLessThanOrEqual(tolerance);
      });

      it('⟨A v, w⟩ = ⟨v, Aᵀ w⟩', () => {
        for (let trial = 0; trial < 3; trial++) {
          const v = randomVector(rand, n);
          const w = randomVector(rand, m);
          const left = dot(op.mv(v), w);
          const right = dot(v, op.transpose().mv(w));
          const scaleOf = norm(op.mv(v)) * norm(w) + norm(v) * norm(op.transpose().mv(w));
          expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-13 * scaleOf);
        }
      });

      it('mv leaves x alone and returns a new array', () => {
        const x = randomVector(rand, n);
        const copy = x.slice();
        const y = op.mv(x);
        expect(y).not.toBe(x);
        expect(x).toEqual(copy);
      });

      it('rejects a vector of the wrong length or type', () => {
        expect(() => op.mv(new Float64Array(n + 1))).toThrow(RangeError);
        expect(() => op.mv(Array.from({ length: n }, () => 1) as unknown as Float64Array)).toThrow(TypeError);
      });
    });
  }
});

describe('transpose structure', () => {
  it('a symmetric operator is its own transpose; a general sparse one caches both ways', () => {
    const lower = new SparseOperator(randomSparse(5, 5, 0.5, 'lower'));
    expect(lower.transpose()).toBe(lower);
    const general = new SparseOperator(randomSparse(5, 4));
    expect(general.transpose().transpose()).toBe(general);
    expect(new DiagonalOperator(new Float64Array([1, 2])).transpose().tags.has(diagonal)).toBe(true);
  });

  it('a FunctionOperator without transposeMv explains itself; tagged symmetric it transposes to itself', () => {
    const f = new FunctionOperator((x) => x.map((v) => 2 * v), 3);
    expect(() => f.transpose()).toThrow(TypeError);
    expect(() => f.transpose()).toThrow(/transposeMv/);
    const g = new FunctionOperator((x) => x.map((v) => 2 * v), 3, { tags: [symmetric] });
    expect(g.transpose()).toBe(g);
  });

  it('a FunctionOperator returning its input gets a copy back', () => {
    const f = new FunctionOperator((x) => x, 3);
    const x = new Float64Array([1, 2, 3]);
    expect(f.mv(x)).not.toBe(x);
  });
});

describe('tags', () => {
  const square = new MatrixOperator(randomDense(4, 4));
  const tagged = (...tags: Parameters<typeof closeTags>[0][]) => new TaggedOperator(square, tags.flat() as never);

  it('exports every tag as a string constant', () => {
    expect(allTags).toEqual([
      symmetric,
      positiveSemidefinite,
      negativeSemidefinite,
      diagonal,
      tridiagonal,
      lowerTriangular,
      upperTriangular,
      unitDiagonal,
    ]);
  });

  it('diagonal ⇒ symmetric, tridiagonal and both triangular', () => {
    const op = tagged([diagonal]);
    expect([isSymmetric(op), isTridiagonal(op), isLowerTriangular(op), isUpperTriangular(op)]).toEqual([true, true, true, true]);
    expect(isPositiveSemidefinite(op)).toBe(false);
  });

  it('PSD or NSD ⇒ symmetric; lower and upper ⇒ diagonal', () => {
    expect(isSymmetric(tagged([positiveSemidefinite]))).toBe(true);
    expect(isSymmetric(tagged([negativeSemidefinite]))).toBe(true);
    expect(isDiagonal(tagged([lowerTriangular, upperTriangular]))).toBe(true);
    expect(isSymmetric(square)).toBe(false);
  });

  it('the structural operators tag themselves', () => {
    expect(isDiagonal(new DiagonalOperator(new Float64Array(3)))).toBe(true);
    const eye = new IdentityOperator(3);
    expect([isPositiveSemidefinite(eye), hasUnitDiagonal(eye), isSymmetric(eye)]).toEqual([true, true, true]);
    const tri = new TridiagonalOperator(new Float64Array(2), new Float64Array(3), new Float64Array(2));
    expect([isTridiagonal(tri), isSymmetric(tri)]).toEqual([true, false]);
    expect(isSymmetric(new SparseOperator(randomSparse(4, 4, 0.5, 'lower')))).toBe(true);
    expect(isSymmetric(new SparseOperator(randomSparse(4, 4, 0.5, 'upper')))).toBe(true);
    expect(isSymmetric(new SparseOperator(randomSparse(4, 4, 0.5)))).toBe(false);
  });

  it('a sum keeps what both share, except a unit diagonal', () => {
    const s = add(tagged([positiveSemidefinite, lowerTriangular]), tagged([positiveSemidefinite]));
    expect(isPositiveSemidefinite(s)).toBe(true);
    expect(isLowerTriangular(s)).toBe(false);
    const eyes = add(new IdentityOperator(3), new IdentityOperator(3));
    expect(isDiagonal(eyes)).toBe(true);
    expect(hasUnitDiagonal(eyes)).toBe(false);
  });

  it('a negative scale swaps PSD and NSD; neg too', () => {
    const psd = tagged([positiveSemidefinite]);
    expect(isNegativeSemidefinite(scale(psd, -2))).toBe(true);
    expect(isPositiveSemidefinite(scale(psd, -2))).toBe(false);
    expect(isPositiveSemidefinite(scale(psd, 3))).toBe(true);
    expect(isPositiveSemidefinite(neg(tagged([negativeSemidefinite])))).toBe(true);
    expect(hasUnitDiagonal(scale(new IdentityOperator(2), 2))).toBe(false);
    expect(hasUnitDiagonal(scale(new IdentityOperator(2), 1))).toBe(true);
  });

  it('transpose swaps lower and upper triangular', () => {
    const lowerOp = tagged([lowerTriangular, unitDiagonal]);
    expect(isUpperTriangular(lowerOp.transpose())).toBe(true);
    expect(isLowerTriangular(lowerOp.transpose())).toBe(false);
    expect(hasUnitDiagonal(lowerOp.transpose())).toBe(true);
    const m = new MatrixOperator(randomDense(3, 3), [upperTriangular]);
    expect(isLowerTriangular(m.transpose())).toBe(true);
  });

  it('a composition keeps triangular and diagonal structure only', () => {
    const l = tagged([lowerTriangular, unitDiagonal]);
    expect(isLowerTriangular(compose(l, l))).toBe(true);
    expect(hasUnitDiagonal(compose(l, l))).toBe(true);
    expect(isSymmetric(compose(tagged([symmetric]), tagged([symmetric])))).toBe(false);
    const d = new DiagonalOperator(new Float64Array([1, 2, 3]), [positiveSemidefinite]);
    expect(isPositiveSemidefinite(compose(d, d))).toBe(true);
  });

  it('rejects unknown tags and tags on a non-square operator', () => {
    expect(() => new TaggedOperator(square, ['hermitian' as never])).toThrow(TypeError);
    expect(() => new MatrixOperator(randomDense(3, 2), [symmetric])).toThrow(RangeError);
    expect(() => new FunctionOperator((x) => x, { inSize: 2, outSize: 3 }, { tags: [diagonal] })).toThrow(RangeError);
  });
});

describe('size checks', () => {
  it('add and compose need matching sizes', () => {
    const a = new MatrixOperator(randomDense(3, 4));
    const b = new MatrixOperator(randomDense(4, 3));
    expect(() => add(a, b)).toThrow(RangeError);
    expect(() => compose(a, a)).toThrow(RangeError);
    expect(compose(a, b).inSize).toBe(3);
    expect(() => new AddOperator(a, {} as LinearOperator)).toThrow(TypeError);
  });

  it('constructors check their inputs', () => {
    expect(() => new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array(3) })).toThrow(RangeError);
    expect(() => new MatrixOperator({ nrows: 2, ncols: 2, data: [1, 2, 3, 4] as never })).toThrow(TypeError);
    expect(() => new TridiagonalOperator(new Float64Array(1), new Float64Array(3), new Float64Array(2))).toThrow(RangeError);
    expect(() => new IdentityOperator(-1)).toThrow(RangeError);
    expect(() => new FunctionOperator((x) => x, { inSize: 1.5, outSize: 2 })).toThrow(RangeError);
    expect(() => scale(new IdentityOperator(2), NaN)).toThrow(new RangeError('scale: the scalar must be a finite number, got NaN'));
    expect(() => scale(new IdentityOperator(2), '2' as never)).toThrow(TypeError);
  });

  it('a FunctionOperator whose mv returns the wrong length is caught', () => {
    const f = new FunctionOperator(() => new Float64Array(2), 3);
    expect(() => f.mv(new Float64Array(3))).toThrow(RangeError);
  });
});

describe('reading entries back', () => {
  it('diagonalOf and tridiagonalOf probe exactly', () => {
    const d = randomVector(rand, 7);
    expect(diagonalOf(new TaggedOperator(new MatrixOperator({ nrows: 7, ncols: 7, data: new Float64Array(49).map((_, k) => (k % 8 === 0 ? d[k / 8] : 0)) }), [diagonal]))).toEqual(d);
    const [l, dd, u] = [randomVector(rand, 6), randomVector(rand, 7), randomVector(rand, 6)];
    const fromFunction = tridiagonalOf(new FunctionOperator((x) => new TridiagonalOperator(l, dd, u).mv(x), 7, { tags: [tridiagonal] }));
    expect(fromFunction).toEqual({ lower: l, diag: dd, upper: u });
    const one = tridiagonalOf(new FunctionOperator((x) => x.map((v) => 3 * v), 1));
    expect(one.diag).toEqual(new Float64Array([3]));
  });

  it('toCsc materialises sparse, dense, diagonal, scaled and summed operators', () => {
    const lower = randomSparse(5, 5, 0.5, 'lower');
    const general = randomSparse(5, 5, 0.5);
    const dense = randomDense(5, 5);
    const ops: LinearOperator[] = [
      new SparseOperator(lower),
      new TaggedOperator(new SparseOperator(lower), [positiveSemidefinite]),
      scale(new SparseOperator(general), 3),
      add(new SparseOperator(lower), new IdentityOperator(5)),
      add(new SparseOperator(lower), new SparseOperator(general)),
      new MatrixOperator(dense),
      new DiagonalOperator(randomVector(rand, 5)),
      new TridiagonalOperator(randomVector(rand, 4), randomVector(rand, 5), randomVector(rand, 4)),
    ];
    for (const op of ops) {
      const csc = toCsc(op) as CscMatrix;
      expect(relErr(denseOf(csc), op.asMatrix().data)).toBeLessThanOrEqual(1e-15);
    }
    expect(toCsc(new SparseOperator(lower))).toBe(lower);
    expect(toCsc(add(new SparseOperator(lower), new IdentityOperator(5)))?.symmetry).toBe('lower');
    expect(toCsc(new FunctionOperator((x) => x, 5))).toBeUndefined();
    expect(toCsc(compose(new SparseOperator(lower), new SparseOperator(lower)))).toBeUndefined();
    expect(isSparseBacked(scale(new SparseOperator(lower), 2))).toBe(true);
    expect(isSparseBacked(new MatrixOperator(dense))).toBe(false);
  });
});
