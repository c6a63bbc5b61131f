/**
 * The symbolic tools: ordering() by each method and etree(), against a dense symbolic
 * elimination written here, the fill of a numeric factor, and published matrices.
 */
import { analyze, CholmodError, etree, etreeAsync, ordering, orderingAsync, type OrderingMethod } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { CscMatrix, poisson2d, poisson3d } from '../lib/sparse';
import { rng } from './helpers/dense';
import { asCsc, loadMtx, loadTri } from './helpers/suitesparse';
import { patternOf, symbolicElimination } from './helpers/symbolic';

afterAll(() => expect(liveHandles()).toBe(0));

function isPermutation(p: Int32Array, n: number): boolean {
  return p.length === n && new Set(p).size === n && p.every((v) => v >= 0 && v < n);
}

/** A random sparse symmetric pattern (lower triangle stored, diagonal present). */
function randomSymmetric(n: number, density: number, seed: number): CscMatrix {
  const rand = rng(seed);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < n; j++) {
    rows.push(j); cols.push(j); vals.push(n);
    for (let i = j + 1; i < n; i++) if (rand() < density) { rows.push(i); cols.push(j); vals.push(-1); }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, vals, { symmetry: 'lower' });
}

function nnzL(A: CscMatrix, order: Int32Array | 'natural'): number {
  const f = analyze(A, { ordering: order, mode: 'simplicial' });
  try {
    return f.info.nnzL;
  } finally {
    f.dispose();
  }
}

const SYMMETRIC_METHODS: OrderingMethod[] = ['amd', 'metis', 'nesdis', 'camd'];

describe('ordering(A, method)', () => {
  const published: Array<[string, CscMatrix]> = [
    ['bcsstk01', loadTri('bcsstk01')], ['can___24', asCsc(loadMtx('can___24'))], ['poisson3d(8)', poisson3d(8)],
  ];
  for (const [name, A] of published) {
    test(`${name}: every method returns a permutation; amd and metis make less fill than the natural order`, () => {
      const natural = nnzL(A, 'natural');
      for (const method of SYMMETRIC_METHODS) {
        const perm = ordering(A, method);
        expect(isPermutation(perm, A.nrows)).toBe(true);
        // The factor with this permutation has the fill of a dense symbolic elimination in that order.
        if (A.nrows <= 64) expect(nnzL(A, perm)).toBe(symbolicElimination(patternOf(A), perm).counts.reduce((s, c) => s + c));
        if (method === 'amd' || method === 'metis') expect(nnzL(A, perm)).toBeLessThan(natural);
      }
    });
  }

  test('a full symmetric matrix ("general" storage) orders like its lower triangle', () => {
    const lower = loadTri('bcsstk01');
    const full = lower.toGeneral();
    expect(Array.from(ordering(full, 'amd'))).toEqual(Array.from(ordering(lower, 'amd')));
  });

  test('A Aᵀ (aat): lp_afiro, every method, and colamd; columns restrict A', () => {
    const A = loadTri('lp_afiro'); // 27 × 51
    for (const method of [...SYMMETRIC_METHODS, 'colamd'] as OrderingMethod[]) {
      const perm = ordering(A, method, { aat: true });
      expect(isPermutation(perm, 27)).toBe(true);
    }
    const perm = ordering(A, 'colamd', { aat: true, columns: [0, 5, 10, 20, 50] });
    expect(isPermutation(perm, 27)).toBe(true);
    // The A Aᵀ ordering is a good one for the A Aᵀ factor: no more fill than the natural order.
    const fill = (order: Int32Array | 'natural') => {
      const f = analyze(A, { aat: true, ordering: order, mode: 'simplicial' });
      try { return f.info.nnzL; } finally { f.dispose(); }
    };
    expect(fill(ordering(A, 'amd', { aat: true }))).toBeLessThanOrEqual(fill('natural'));
  });

  test('camd keeps the constraint groups in order', () => {
    const A = poisson2d(6);
    const constraints = Int32Array.from({ length: 36 }, (_, k) => (k % 6 === 0 ? 0 : k < 18 ? 1 : 2));
    const perm = ordering(A, 'camd', { constraints });
    expect(isPermutation(perm, 36)).toBe(true);
    const groups = Array.from(perm, (k) => constraints[k]);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
  });

  test('orderingAsync gives what ordering gives', async () => {
    const A = poisson2d(12);
    expect(Array.from(await orderingAsync(A, 'amd'))).toEqual(Array.from(ordering(A, 'amd')));
    expect(isPermutation(await orderingAsync(A, 'nesdis'), 144)).toBe(true);
  });

  test('typed errors', () => {
    const A = poisson2d(3);
    expect(() => ordering(A, 'rcm' as OrderingMethod)).toThrow(RangeError);
    expect(() => ordering(A, 'colamd')).toThrow(/'colamd' orders A Aᵀ: pass opts.aat: true/);
    expect(() => ordering(A, 'amd', { constraints: new Int32Array(9) })).toThrow(/constraints apply to method 'camd'/);
    expect(() => ordering(A, 'camd', { constraints: new Int32Array(8) })).toThrow(/must have 9 entries/);
    expect(() => ordering(A, 'camd', { constraints: [0, 0, 0, 0, 9, 0, 0, 0, 0] })).toThrow(/constraints\[4\] must be an integer in \[0, 9\), got 9/);
    expect(() => ordering(A, 'amd', { columns: [0] })).toThrow(/columns needs opts.aat/);
    expect(() => ordering(A, 'amd', { aat: true })).toThrow(/must be stored in full/);
    expect(() => ordering(CscMatrix.fromTriplets(2, 3, [0], [0], [1]), 'amd')).toThrow(/must be square/);
    expect(() => ordering(A, 'amd', { typo: 1 } as never)).toThrow(/typo/);
    expect(() => ordering({} as CscMatrix, 'amd')).toThrow(TypeError);
    expect(CholmodError).toBeDefined();
  });
});

describe('etree(A)', () => {
  test('random symmetric patterns: the tree and column counts of a dense symbolic elimination', () => {
    for (const [n, density, seed] of [[1, 0, 1], [5, 0.4, 2], [12, 0.2, 3], [30, 0.1, 4], [40, 0.05, 5]] as const) {
      const A = randomSymmetric(n, density, seed);
      const { parent, columnCounts } = etree(A);
      const reference = symbolicElimination(patternOf(A));
      expect(Array.from(parent)).toEqual(reference.parent);
      expect(Array.from(columnCounts)).toEqual(reference.counts);
    }
  });

  test('upper storage and a permutation: the tree of P A Pᵀ', () => {
    const lower = randomSymmetric(20, 0.15, 7);
    const upper = lower.transpose();
    const asUpper = new CscMatrix(20, 20, upper.colPtr, upper.rowIdx, upper.values, { symmetry: 'upper' });
    expect(Array.from(etree(asUpper).parent)).toEqual(Array.from(etree(lower).parent));
    const perm = ordering(lower, 'amd');
    const { parent, columnCounts } = etree(lower, { ordering: perm });
    const reference = symbolicElimination(patternOf(lower), perm);
    expect(Array.from(parent)).toEqual(reference.parent);
    expect(Array.from(columnCounts)).toEqual(reference.counts);
  });

  test('column counts sum to nnz(L) of a simplicial factor in the same order (bcsstk01, poisson3d)', () => {
    for (const A of [loadTri('bcsstk01'), poisson3d(6)]) {
      const sum = (c: Int32Array) => c.reduce((s, v) => s + v, 0);
      expect(sum(etree(A).columnCounts)).toBe(nnzL(A, 'natural'));
      const perm = ordering(A, 'amd');
      expect(sum(etree(A, { ordering: perm }).columnCounts)).toBe(nnzL(A, perm));
    }
  });

  test('A Aᵀ (aat): the tree of the pattern of A Aᵀ', () => {
    const rand = rng(12);
    const rows: number[] = [], cols: number[] = [], vals: number[] = [];
    for (let j = 0; j < 30; j++) for (let i = 0; i < 15; i++) if (rand() < 0.12) { rows.push(i); cols.push(j); vals.push(1); }
    const A = CscMatrix.fromTriplets(15, 30, rows, cols, vals);
    const { parent, columnCounts } = etree(A, { aat: true });
    const reference = symbolicElimination(patternOf(A, true));
    expect(Array.from(parent)).toEqual(reference.parent);
    // Counts of A Aᵀ's factor: the diagonal of each row counts even when A's row is empty.
    expect(Array.from(columnCounts)).toEqual(reference.counts);
  });

  test('etreeAsync, and typed errors', async () => {
    const A = poisson2d(5);
    expect(Array.from((await etreeAsync(A)).parent)).toEqual(Array.from(etree(A).parent));
    expect(() => etree(A, { ordering: [0, 1, 2] })).toThrow(/opts.ordering must be a permutation of 0..24 \(25 entries\), got 3 entries/);
    const dup = Int32Array.from({ length: 25 }, (_, k) => k);
    dup[24] = 0;
    expect(() => etree(A, { ordering: dup })).toThrow(/opts.ordering\[24\] must not repeat an entry, got 0 \(also at index 0\)/);
    expect(() => etree(A, { aat: 1 as unknown as boolean })).toThrow(TypeError);
  });
});
