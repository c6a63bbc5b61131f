/**
 * Matrix Market reading and writing: every supported format read against
 * hand-written expectations, exact round trips, SuiteSparse's real and mangled
 * files, and one malformed file per error path (with file and line checked).
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CscMatrix,
  DenseMatrix,
  formatMatrixMarket,
  MatrixMarketError,
  parseMatrixMarket,
  poisson3d,
  readMatrixMarket,
  writeMatrixMarket,
} from '../lib/sparse';
import { denseOf, rng } from './helpers/dense';
import { cholmodMatrixPath } from './helpers/suitesparse';

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'spsolve-mm-'));
});
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function sparse(m: CscMatrix | DenseMatrix): CscMatrix {
  if (!(m instanceof CscMatrix)) throw new Error('expected a CscMatrix');
  return m;
}

function dense(m: CscMatrix | DenseMatrix): DenseMatrix {
  if (m instanceof CscMatrix) throw new Error('expected a DenseMatrix');
  return m;
}

/** The MatrixMarketError thrown while parsing `text` as 'bad.mtx'. */
function errorOf(text: string): MatrixMarketError {
  try {
    parseMatrixMarket(text, 'bad.mtx');
  } catch (error) {
    expect(error).toBeInstanceOf(MatrixMarketError);
    return error as MatrixMarketError;
  }
  throw new Error('expected a MatrixMarketError, but parsing succeeded');
}

/** Bitwise equality of two Float64Arrays (distinguishes -0 from 0). */
function expectSameDoubles(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  const bad = Array.from(a).findIndex((v, k) => !Object.is(v, b[k]));
  expect(bad).toBe(-1);
}

function expectSameSparse(a: CscMatrix, b: CscMatrix): void {
  expect([a.nrows, a.ncols, a.symmetry]).toEqual([b.nrows, b.ncols, b.symmetry]);
  expect(a.samePattern(b)).toBe(true);
  expectSameDoubles(a.values, b.values);
}

const BANNER = '%%MatrixMarket matrix';

describe('reading each format', () => {
  test('coordinate real general (duplicates summed, unsorted entries, comments)', () => {
    const A = sparse(
      parseMatrixMarket(
        `${BANNER} coordinate real general\n% a comment\n%\n3 4 5\n3 2 -1.5\n1 1 2\n2 4 1e-3\n1 1 0.25\n3 1 7\n`,
      ),
    );
    expect([A.nrows, A.ncols, A.nnz, A.symmetry]).toEqual([3, 4, 4, 'general']);
    expect(A.toDense()).toEqual(Float64Array.of(2.25, 0, 7, 0, 0, -1.5, 0, 0, 0, 0, 0.001, 0));
  });

  test('coordinate integer and pattern general', () => {
    const I = sparse(parseMatrixMarket(`${BANNER} coordinate integer general\n2 2 2\n1 2 -7\n2 1 +3\n`));
    expect(I.toDense()).toEqual(Float64Array.of(0, 3, -7, 0));
    const P = sparse(parseMatrixMarket(`${BANNER} coordinate pattern general\n2 3 3\n1 1\n2 3\n1 3\n`));
    expect(P.toDense()).toEqual(Float64Array.of(1, 0, 0, 0, 1, 1));
  });

  test('coordinate symmetric gives lower storage; upper entries are mirrored', () => {
    const S = sparse(parseMatrixMarket(`${BANNER} coordinate real symmetric\n3 3 4\n1 1 4\n2 1 -1\n2 3 -2\n3 3 5\n`));
    expect(S.symmetry).toBe('lower');
    expect(Array.from(S.rowIdx)).toEqual([0, 1, 2, 2]);
    expect(S.toDense()).toEqual(Float64Array.of(4, -1, 0, -1, 0, -2, 0, -2, 5));
    const P = sparse(parseMatrixMarket(`${BANNER} coordinate pattern symmetric\n2 2 2\n1 1\n2 1\n`));
    expect(P.symmetry).toBe('lower');
    expect(P.toDense()).toEqual(Float64Array.of(1, 1, 1, 0));
  });

  test('coordinate skew-symmetric is expanded to general storage', () => {
    const K = sparse(parseMatrixMarket(`${BANNER} coordinate real skew-symmetric\n3 3 2\n2 1 1.5\n1 3 2\n`));
    expect(K.symmetry).toBe('general');
    // (2,1) = 1.5 => (1,2) = -1.5; (1,3) = 2 given above the diagonal => (3,1) = -2.
    expect(K.toDense()).toEqual(Float64Array.of(0, 1.5, -2, -1.5, 0, 0, 2, 0, 0));
    const I = sparse(parseMatrixMarket(`${BANNER} coordinate integer skew-symmetric\n2 2 1\n2 1 4\n`));
    expect(I.toDense()).toEqual(Float64Array.of(0, 4, -4, 0));
  });

  test('array general, symmetric and skew-symmetric give a dense matrix', () => {
    const G = dense(parseMatrixMarket(`${BANNER} array real general\n2 3\n1\n2\n3\n4\n5\n6\n`));
    expect(G).toEqual({ nrows: 2, ncols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) });
    const S = dense(parseMatrixMarket(`${BANNER} array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n`));
    expect(S.data).toEqual(Float64Array.of(1, 2, 3, 2, 4, 5, 3, 5, 6));
    const K = dense(parseMatrixMarket(`${BANNER} array integer skew-symmetric\n3 3\n1\n2\n3\n`));
    expect(K.data).toEqual(Float64Array.of(0, 1, 2, -1, 0, 3, -2, -3, 0));
    const E = dense(parseMatrixMarket(`${BANNER} array real general\n0 4\n`));
    expect(E).toEqual({ nrows: 0, ncols: 4, data: new Float64Array(0) });
  });

  test('leniencies: case, coord, blank and comment lines anywhere, tabs, CRLF, BOM, no final newline', () => {
    const text =
      '\ufeff%%MatrixMarket MATRIX Coord Real General\r\n' +
      '\r\n% comment\r\n  \r\n' +
      '  2\t2   3 \r\n' +
      '\r\n' +
      '1 1 1.0\r\n' +
      '% a comment between entries\r\n' +
      '\t2 2  -2.5e+0\r\n' +
      '\n\n' +
      '2 1 .5\r\n' +
      '% trailing comment\r\n\r\n';
    const A = sparse(parseMatrixMarket(text));
    expect(A.toDense()).toEqual(Float64Array.of(1, 0.5, 0, -2.5));
    const B = sparse(parseMatrixMarket(`${BANNER} coordinate real general\n1 1 1\n1 1 7`));
    expect(B.get(0, 0)).toBe(7);
  });

  test('numbers: exact parsing of short and long decimals, exponents, signed zero', () => {
    const tokens = ['0.1', '-0', '+2', '1e-7', '6.02214076E23', '5e-324', '1.7976931348623157e308', '0.30000000000000004',
      '123456789012345678901234567890', '-.5', '3.', '1E+2', '0.000000000000000000000000000001', '2.2250738585072014e-308'];
    const text = `${BANNER} array real general\n${tokens.length} 1\n${tokens.join('\n')}\n`;
    const M = dense(parseMatrixMarket(text));
    expectSameDoubles(M.data, Float64Array.from(tokens, (t) => Number(t)));
    expect(Object.is(M.data[1], -0)).toBe(true);
  });
});

describe('SuiteSparse files', () => {
  test('can___24.mtx and pts5ldd03.mtx', () => {
    const can = sparse(readMatrixMarket(cholmodMatrixPath('can___24.mtx')));
    expect([can.nrows, can.nnz, can.symmetry]).toEqual([24, 92, 'lower']);
    const pts = sparse(readMatrixMarket(cholmodMatrixPath('pts5ldd03.mtx')));
    expect([pts.nrows, pts.ncols, pts.nnz, pts.symmetry]).toEqual([161, 161, 745, 'general']);
    expect(pts.get(0, 0)).toBe(256);
  });

  const mangled = readdirSync(cholmodMatrixPath('')).filter((f) => /^mangle\d+\.mtx$/.test(f));
  test('there are mangle*.mtx files to test', () => {
    expect(mangled.length).toBeGreaterThanOrEqual(4);
  });
  test.each(mangled)('%s is rejected with file and line', (file) => {
    const path = cholmodMatrixPath(file);
    let caught: unknown;
    try {
      readMatrixMarket(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MatrixMarketError);
    const e = caught as MatrixMarketError;
    expect(e.file).toBe(path);
    expect(e.line).toBe(1);
    expect(e.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: unknown \\w+ 'junk' in the banner`));
  });

  test('complex and hermitian files are refused as unsupported', () => {
    const c = () => readMatrixMarket(cholmodMatrixPath('c.mtx'));
    expect(c).toThrow(MatrixMarketError);
    expect(c).toThrow(/c\.mtx:1: unsupported field 'complex'/);
    expect(errorOf(`${BANNER} coordinate real hermitian\n1 1 1\n1 1 1\n`).message).toBe(
      "bad.mtx:1: unsupported symmetry 'hermitian': hermitian (complex) matrices are not supported",
    );
  });
});

describe('malformed input', () => {
  const cases: Array<[string, string, number, string | RegExp]> = [
    ['empty file', '', 1, /^empty file/],
    ['missing banner', '3 3 1\n1 1 1\n', 1, /^missing '%%MatrixMarket' banner/],
    ['banner with three words', '%%MatrixMarket matrix coordinate real\n', 1, /must have 4 words/],
    ['vector object', '%%MatrixMarket vector coordinate real general\n', 1, /unsupported object 'vector'/],
    ['pattern array', `${BANNER} array pattern general\n1 1\n1\n`, 1, /'pattern' cannot be used with 'array'/],
    ['pattern skew', `${BANNER} coordinate pattern skew-symmetric\n1 1 0\n`, 1, /'pattern' cannot be 'skew-symmetric'/],
    ['banner only', `${BANNER} coordinate real general\n`, 1, /^unexpected end of file: expected the size line 'rows columns entries'/],
    ['banner and comments only', `${BANNER} coordinate real general\n%\n%\n`, 3, /^unexpected end of file/],
    ['size line with two numbers', `${BANNER} coordinate real general\n3 3\n1 1 1\n`, 2, "the size line must hold 3 integers 'rows columns entries', found only 2"],
    ['size line with a word', `${BANNER} coordinate real general\n3 x 3\n`, 2, "size line: columns must be a non-negative integer, found 'x'"],
    ['size line with a fraction', `${BANNER} coordinate real general\n3 3.5 1\n`, 2, /columns must be a non-negative integer, found '3.5'/],
    ['size line negative', `${BANNER} coordinate real general\n-3 3 1\n`, 2, 'size line: rows = -3 is out of range 0..2147483647'],
    ['size line too many numbers', `${BANNER} coordinate real general\n3 3 1 7\n1 1 1\n`, 2, /unexpected '7' on the size line/],
    ['array size line with entries count', `${BANNER} array real general\n2 2 4\n1\n2\n3\n4\n`, 2, /unexpected '4' on the size line \(expected 2 integers 'rows columns'\)/],
    ['symmetric but not square', `${BANNER} coordinate real symmetric\n3 4 1\n1 1 1\n`, 2, 'a symmetric matrix must be square, the size line says 3 x 4'],
    ['truncated', `${BANNER} coordinate real general\n3 3 3\n1 1 1\n2 2 2\n`, 4, 'unexpected end of file: the size line (line 2) declares 3 entries, found only 2'],
    ['truncated mid-line', `${BANNER} coordinate real general\n3 3 2\n1 1 1\n2 2`, 4, "expected 'row column value', found end of line before the value"],
    ['too many entries', `${BANNER} coordinate real general\n3 3 1\n1 1 1\n2 2 2\n`, 4, 'more entries than the 1 declared on the size line (line 2)'],
    ['row index out of range', `${BANNER} coordinate real general\n3 3 1\n999 1 1\n`, 3, 'row index 999 out of range 1..3'],
    ['column index zero', `${BANNER} coordinate real general\n3 3 1\n1 0 1\n`, 3, 'column index 0 out of range 1..3'],
    ['row index negative', `${BANNER} coordinate real general\n3 3 1\n-1 1 1\n`, 3, 'row index -1 out of range 1..3'],
    ['row index not a number', `${BANNER} coordinate real general\n3 3 1\nabc 1 1\n`, 3, "row index must be an integer, found 'abc'"],
    ['column index fractional', `${BANNER} coordinate real general\n3 3 1\n1 1.5 1\n`, 3, "column index must be an integer, found '1.5'"],
    ['missing column', `${BANNER} coordinate pattern general\n3 3 1\n1\n`, 3, "expected 'row column', found end of line before the column index"],
    ['value not a number', `${BANNER} coordinate real general\n3 3 1\n1 1 x1\n`, 3, "value must be a number, found 'x1'"],
    ['value with two dots', `${BANNER} coordinate real general\n3 3 1\n1 1 1.2.3\n`, 3, "value must be a number, found '1.2.3'"],
    ['hexadecimal value', `${BANNER} coordinate real general\n3 3 1\n1 1 0x10\n`, 3, "value must be a number, found '0x10'"],
    ['exponent without digits', `${BANNER} coordinate real general\n3 3 1\n1 1 1e\n`, 3, "value must be a number, found '1e'"],
    ['NaN value', `${BANNER} coordinate real general\n3 3 2\n1 1 1\n2 2 NaN\n`, 4, "value 'NaN' is not finite; matrix values must be finite"],
    ['inf value', `${BANNER} coordinate real general\n3 3 1\n1 1 -inf\n`, 3, "value '-inf' is not finite; matrix values must be finite"],
    ['overflowing value', `${BANNER} coordinate real general\n3 3 1\n1 1 1e400\n`, 3, "value '1e400' overflows to Infinity; matrix values must be finite"],
    ['missing value', `${BANNER} coordinate real general\n3 3 1\n1 1\n`, 3, "expected 'row column value', found end of line before the value"],
    ['extra token', `${BANNER} coordinate real general\n3 3 1\n1 1 1 0\n`, 3, "unexpected '0' after the entry (expected 'row column value')"],
    ['value in a pattern file', `${BANNER} coordinate pattern general\n3 3 1\n1 1 1\n`, 3, "unexpected '1' after the entry (expected 'row column')"],
    ['fraction in an integer file', `${BANNER} coordinate integer general\n3 3 1\n1 1 1.5\n`, 3, "expected an integer value (field 'integer'), found '1.5'"],
    ['skew-symmetric diagonal', `${BANNER} coordinate real skew-symmetric\n3 3 1\n2 2 1\n`, 3, /^diagonal entry \(2, 2\) in a skew-symmetric matrix/],
    ['duplicates overflow', `${BANNER} coordinate real general\n1 1 2\n1 1 1e308\n1 1 1e308\n`, 2, /duplicate entries at row 0, column 0 sum to Infinity/],
    ['array truncated', `${BANNER} array real general\n2 2\n1\n2\n3\n`, 5, 'unexpected end of file: the size line (line 2) declares 4 values, found only 3'],
    ['array too many values', `${BANNER} array real general\n1 2\n1\n2\n3\n`, 5, 'more values than the 2 declared on the size line (line 2)'],
    ['array two values on a line', `${BANNER} array real general\n2 1\n1 2\n`, 3, "unexpected '2' after the entry (expected 'value')"],
    ['array NaN', `${BANNER} array real symmetric\n2 2\n1\nnan\n3\n`, 4, "value 'nan' is not finite; matrix values must be finite"],
    ['array too large', `${BANNER} array real general\n100000 100000\n`, 2, /array \(10000000000 values\) is too large/],
  ];
  test.each(cases)('%s', (_name, text, line, message) => {
    const e = errorOf(text);
    expect(e.file).toBe('bad.mtx');
    expect(e.line).toBe(line);
    if (typeof message === 'string') {
      expect(e.detail).toBe(message);
      expect(e.message).toBe(`bad.mtx:${line}: ${message}`);
    } else {
      expect(e.detail).toMatch(message);
    }
    expect(e.name).toBe('MatrixMarketError');
  });

  test('a huge declared entry count in a tiny file fails without allocating for it', () => {
    const before = process.memoryUsage().arrayBuffers;
    const e = errorOf(`${BANNER} coordinate real general\n2000000000 2000000000 2000000000\n1 1 1\n`);
    expect(e.line).toBe(3);
    expect(e.detail).toMatch(/declares 2000000000 entries, found only 1/);
    const a = errorOf(`${BANNER} array real general\n40000 40000\n1\n`);
    expect(a.detail).toMatch(/declares 1600000000 values, found only 1/);
    // Sized by what the file holds, not by what it declares (2·10⁹ entries would be 24 GB).
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  });

  test('argument types', () => {
    expect(() => readMatrixMarket(42 as never)).toThrow(TypeError);
    expect(() => parseMatrixMarket({} as never)).toThrow(TypeError);
    expect(() => readMatrixMarket(join(workDir, 'does-not-exist.mtx'))).toThrow(/ENOENT/);
  });

  test('the default source name for text is <string>', () => {
    const e = errorOf.call(null, `${BANNER} coordinate real general\n1 1 1\n1 2 1\n`);
    expect(e.message).toBe('bad.mtx:3: column index 2 out of range 1..1');
    expect(() => parseMatrixMarket(`${BANNER} coordinate real general\n`)).toThrow(/^<string>:1: unexpected end of file/);
  });
});

describe('writing and exact round trips', () => {
  /** Doubles that break naive formatting: signed zero, subnormals, extremes, long mantissas. */
  const NASTY = [0.1, -0, 1 / 3, 5e-324, -1.7976931348623157e308, 2.2250738585072014e-308, 123456789012345680000, 1e21, -1e-7,
    0.30000000000000004, 4.35, 2 ** 53 + 2, Math.PI, -Math.E * 1e-200, 1];

  function randomValues(seed: number, count: number, integer: boolean): Float64Array {
    const rand = rng(seed);
    return Float64Array.from({ length: count }, (_, k) => {
      if (integer) return Math.round((rand() - 0.5) * 2e6);
      if (k < NASTY.length) return NASTY[k];
      return (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
    });
  }

  function randomSparse(seed: number, n: number, m: number, symmetry: 'general' | 'lower' | 'upper', integer: boolean): CscMatrix {
    const rand = rng(seed);
    const rows: number[] = [];
    const cols: number[] = [];
    const seen = new Set<number>();
    for (let k = 0; k < n * m * 0.4; k++) {
      let i = Math.floor(rand() * n);
      let j = Math.floor(rand() * m);
      if ((symmetry === 'lower' && i < j) || (symmetry === 'upper' && i > j)) [i, j] = [j, i];
      if (seen.has(i + j * n)) continue; // distinct entries, so no value is a sum
      seen.add(i + j * n);
      rows.push(i);
      cols.push(j);
    }
    return CscMatrix.fromTriplets(n, m, rows, cols, randomValues(seed + 1, rows.length, integer), { symmetry });
  }

  /** A skew-symmetric general matrix: random strict lower part and its negated mirror. */
  function randomSkew(seed: number, n: number, integer: boolean): CscMatrix {
    const L = randomSparse(seed, n, n, 'lower', integer);
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < n; j++) {
      for (let k = L.colPtr[j]; k < L.colPtr[j + 1]; k++) {
        const i = L.rowIdx[k];
        if (i === j) continue;
        rows.push(i, j);
        cols.push(j, i);
        vals.push(L.values[k], 0 - L.values[k]); // the reader's convention: a mirrored zero is +0
      }
    }
    return CscMatrix.fromTriplets(n, n, rows, cols, vals);
  }

  function roundTrip<T extends CscMatrix | DenseMatrix>(m: T, opts?: Parameters<typeof formatMatrixMarket>[1]): { text: string; back: CscMatrix | DenseMatrix } {
    const text = formatMatrixMarket(m, opts);
    const back = parseMatrixMarket(text);
    // Formatting what was read gives the same text again (a fixed point).
    expect(formatMatrixMarket(back, opts)).toBe(text);
    return { text, back };
  }

  test.each([
    ['real', false],
    ['integer', true],
  ] as const)('coordinate %s general / symmetric (lower and upper) / skew-symmetric', (field, integer) => {
    const G = randomSparse(1, 17, 11, 'general', integer);
    const g = roundTrip(G, { field });
    expect(g.text.startsWith(`%%MatrixMarket matrix coordinate ${field} general\n17 11 ${G.nnz}\n`)).toBe(true);
    expectSameSparse(sparse(g.back), G);

    const L = randomSparse(2, 15, 15, 'lower', integer);
    const l = roundTrip(L, { field });
    expect(l.text.split('\n')[0]).toBe(`%%MatrixMarket matrix coordinate ${field} symmetric`);
    expectSameSparse(sparse(l.back), L);

    const U = randomSparse(3, 15, 15, 'upper', integer);
    const u = sparse(parseMatrixMarket(formatMatrixMarket(U, { field })));
    expect(u.symmetry).toBe('lower');
    expectSameSparse(u, U.transpose());

    const K = randomSkew(4, 13, integer);
    const k = roundTrip(K, { field, symmetry: 'skew-symmetric' });
    expect(k.text.split('\n')[0]).toBe(`%%MatrixMarket matrix coordinate ${field} skew-symmetric`);
    expect(Number(k.text.split('\n')[1].split(' ')[2])).toBe(K.nnz / 2);
    expectSameSparse(sparse(k.back), K);
  });

  test('coordinate pattern general / symmetric', () => {
    const G = randomSparse(5, 9, 12, 'general', false);
    const ones = G.withValues(new Float64Array(G.nnz).fill(1));
    const g = roundTrip(ones, { field: 'pattern' });
    expect(g.text.split('\n')[2]).toMatch(/^\d+ \d+$/);
    expectSameSparse(sparse(g.back), ones);
    const L = randomSparse(6, 10, 10, 'lower', false);
    const s = sparse(parseMatrixMarket(formatMatrixMarket(L, { field: 'pattern' })));
    expect(s.samePattern(L)).toBe(true);
    expect(s.values.every((v) => v === 1)).toBe(true);
  });

  test('a general matrix that is symmetric can be written as symmetric (checked exactly)', () => {
    const L = randomSparse(7, 12, 12, 'lower', false);
    const G = L.toGeneral();
    const text = formatMatrixMarket(G, { symmetry: 'symmetric' });
    expect(text).toBe(formatMatrixMarket(L));
    const broken = G.withValues(G.values.map((v, k) => (k === 1 ? v + 1 : v)));
    const offDiagonal = G.rowIdx[1] !== 0; // entry 1 lies off the diagonal unless column 0 has 1 entry
    if (offDiagonal) expect(() => formatMatrixMarket(broken, { symmetry: 'symmetric' })).toThrow(/values are not symmetric/);
    const rect = randomSparse(8, 3, 4, 'general', false);
    expect(() => formatMatrixMarket(rect, { symmetry: 'symmetric' })).toThrow(/not square/);
    expect(() => formatMatrixMarket(CscMatrix.fromTriplets(2, 2, [1], [0], [1]), { symmetry: 'symmetric' })).toThrow(/pattern is not symmetric/);
    expect(() => formatMatrixMarket(CscMatrix.identity(2), { symmetry: 'skew-symmetric' })).toThrow(/skew-symmetric/);
  });

  test('symmetric storage can be written as general', () => {
    const L = randomSparse(9, 8, 8, 'lower', false);
    const back = sparse(parseMatrixMarket(formatMatrixMarket(L, { symmetry: 'general' })));
    expect(back.symmetry).toBe('general');
    expectSameSparse(back, L.toGeneral());
  });

  test.each([
    ['real', false],
    ['integer', true],
  ] as const)('array %s general / symmetric / skew-symmetric', (field, integer) => {
    const values = randomValues(10, 5 * 7, integer);
    const G: DenseMatrix = { nrows: 5, ncols: 7, data: values };
    const g = roundTrip(G, { field });
    expect(g.text.split('\n').slice(0, 2)).toEqual([`%%MatrixMarket matrix array ${field} general`, '5 7']);
    expectSameDoubles(dense(g.back).data, values);

    const S = denseOf(randomSparse(11, 6, 6, 'lower', integer));
    const s = roundTrip({ nrows: 6, ncols: 6, data: S }, { field, symmetry: 'symmetric' });
    expect(s.text.split('\n').length).toBe(2 + 21 + 1);
    expectSameDoubles(dense(s.back).data, S);

    const K = randomSkew(12, 6, integer).toDense();
    const k = roundTrip({ nrows: 6, ncols: 6, data: K }, { field, symmetry: 'skew-symmetric' });
    expect(k.text.split('\n').length).toBe(2 + 15 + 1);
    expectSameDoubles(dense(k.back).data, K);
    expect(() => formatMatrixMarket({ nrows: 2, ncols: 2, data: Float64Array.of(1, 2, 3, 4) }, { symmetry: 'symmetric' })).toThrow(
      /entries \(1, 0\) and \(0, 1\) do not match/,
    );
  });

  test('writeMatrixMarket / readMatrixMarket through a file, with a comment', () => {
    const A = randomSparse(13, 20, 20, 'lower', false);
    const path = join(workDir, 'a.mtx');
    writeMatrixMarket(path, A, { comment: 'generated by a test\nsecond line' });
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '%%MatrixMarket matrix coordinate real symmetric',
      '%generated by a test',
      '%second line',
    ]);
    expectSameSparse(sparse(readMatrixMarket(path)), A);
    // A string with a newline or the banner is text, not a path.
    expectSameSparse(sparse(readMatrixMarket(text)), A);
  });

  test('writer argument errors leave no file behind', () => {
    const A = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, 0.5]);
    const path = join(workDir, 'bad-integer.mtx');
    expect(() => writeMatrixMarket(path, A, { field: 'integer' })).toThrow(/field 'integer': the value 0.5 at \(1, 1\) is not an integer/);
    expect(readdirSync(workDir)).not.toContain('bad-integer.mtx');
    expect(() => writeMatrixMarket(path, { nrows: 1, ncols: 1, data: Float64Array.of(1) }, { field: 'pattern' })).toThrow(RangeError);
    expect(() => writeMatrixMarket(path, A, { field: 'complex' as never })).toThrow(/opts.field must be/);
    expect(() => writeMatrixMarket(path, A, { symmetry: 'hermitian' as never })).toThrow(/opts.symmetry must be/);
    expect(() => writeMatrixMarket(path, A, { field: 'pattern', symmetry: 'skew-symmetric' })).toThrow(RangeError);
    expect(() => writeMatrixMarket(path, { nrows: 2 } as never)).toThrow(TypeError);
    expect(() => writeMatrixMarket(7 as never, A)).toThrow(TypeError);
    expect(readdirSync(workDir)).not.toContain('bad-integer.mtx');
    // A matrix with no entries still produces a valid file.
    const empty = join(workDir, 'empty.mtx');
    writeMatrixMarket(empty, new CscMatrix(3, 2, [0, 0, 0], [], []));
    expect(readFileSync(empty, 'utf8')).toBe('%%MatrixMarket matrix coordinate real general\n3 2 0\n');
  });

  test('a few hundred thousand entries, exactly', () => {
    const A = poisson3d(40); // n = 64000, nnz = 251200 (lower)
    const rand = rng(14);
    const B = A.withValues(A.values.map((v) => v * (1 + rand())));
    const path = join(workDir, 'big.mtx');
    writeMatrixMarket(path, B);
    const back = sparse(readMatrixMarket(path));
    expectSameSparse(back, B);
  });

  test('entries in an unusual order come back canonical', () => {
    const text = `${BANNER} coordinate real general\n3 3 4\n3 3 1\n1 3 2\n2 1 3\n1 1 4\n`;
    writeFileSync(join(workDir, 'order.mtx'), text);
    const A = sparse(readMatrixMarket(join(workDir, 'order.mtx')));
    expect(Array.from(A.colPtr)).toEqual([0, 2, 2, 4]);
    expect(Array.from(A.rowIdx)).toEqual([0, 1, 0, 2]);
    expect(Array.from(A.values)).toEqual([4, 3, 2, 1]);
  });
});
