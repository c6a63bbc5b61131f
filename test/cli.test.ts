/**
 * The `spsolve` command end to end: spawned `node dist/lib/cli.js` processes, their exit codes,
 * their output compared with the library API, and one readable stderr line for every failure.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PNG } from 'pngjs';

import { cholesky } from '../lib/cholmod';
import { spyPng } from '../lib/plot';
import { CscMatrix, DenseMatrix, poisson2d, readMatrixMarket, writeMatrixMarket } from '../lib/sparse';
import { randomVector, relErr, rng } from './helpers/dense';
import { ensureBuilt, runNode, type Run } from './helpers/spawn';
import { cholmodMatrixPath, loadCXSparse } from './helpers/suitesparse';

const CLI = 'dist/lib/cli.js';
const spsolve = (...args: string[]): Run => runNode(CLI, args, { cwd: workDir });

let workDir: string;
const A = poisson2d(30, 20); // 600 × 600, lower triangle
beforeAll(() => {
  ensureBuilt([CLI, 'dist/lib/cli/info.js', 'dist/lib/cli/solve.js', 'dist/lib/cli/spy.js', 'dist/lib/plot/index.js']);
  workDir = mkdtempSync(join(tmpdir(), 'spsolve-cli-'));
  writeMatrixMarket(join(workDir, 'A.mtx'), A);
  writeMatrixMarket(join(workDir, 'bcsstk16.mtx'), loadCXSparse('bcsstk16'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function dense(m: CscMatrix | DenseMatrix): DenseMatrix {
  if (m instanceof CscMatrix) throw new Error('expected an array file');
  return m;
}

const PROGRESS_LINE = /^spsolve: .* … \d+\.\d\d s$/;

/**
 * A failure is one line on stderr, starting 'spsolve: ', with no stack trace; only the progress
 * lines of the phases that succeeded before it may precede it.
 */
function expectOneLineError(run: Run, exitCode: number, pattern: RegExp): void {
  expect(run.status).toBe(exitCode);
  const lines = run.stderr.split('\n').filter((l) => l !== '' && !PROGRESS_LINE.test(l));
  expect(lines).toHaveLength(1);
  expect(run.stderr.trimEnd().endsWith(lines[0])).toBe(true);
  expect(lines[0]).toMatch(/^spsolve: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

function residualOf(run: Run, stream: 'stdout' | 'stderr' = 'stdout'): number {
  const match = /relative residual\s+(\S+)/.exec(run[stream]);
  if (!match) throw new Error(`no residual in ${stream}: ${run[stream]}`);
  return Number(match[1]);
}

describe('help and version', () => {
  test.each(['--help', '-h', 'help'])('spsolve %s lists the commands and the exit codes', (flag) => {
    const run = spsolve(flag);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/spsolve info/);
    expect(run.stdout).toMatch(/spsolve solve/);
    expect(run.stdout).toMatch(/spsolve spy/);
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*0 +success[\s\S]*1 +numerical[\s\S]*2 +usage[\s\S]*3 +input/);
  });

  test.each(['info', 'solve', 'spy'])('spsolve %s --help', (command) => {
    for (const run of [spsolve(command, '--help'), spsolve('help', command), spsolve(command, 'A.mtx', '-h')]) {
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: spsolve ${command} A\\.mtx`));
      expect(run.stdout).toMatch(/--ordering/);
      expect(run.stdout).toMatch(/Exit codes:/);
      expect(run.stderr).toBe('');
    }
  });

  test('bare spsolve prints the help on stderr and exits 2', () => {
    const run = spsolve();
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Usage:/);
  });

  test('--version names the CHOLMOD version', () => {
    const run = spsolve('--version');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^spsolve \d+\.\d+\.\d+ \(CHOLMOD 3\.0\.14, /);
  });
});

describe('spsolve info', () => {
  test('--json reports what the library reports', () => {
    const run = spsolve('info', 'bcsstk16.mtx', '--json', '-q');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    const B = loadCXSparse('bcsstk16');
    const factor = cholesky(B);
    try {
      const info = factor.info;
      expect(report).toMatchObject({
        file: 'bcsstk16.mtx',
        nrows: 4884,
        ncols: 4884,
        nnz: 147631,
        nnzFull: 2 * 147631 - 4884,
        symmetry: 'symmetric',
        stored: 'lower',
        ordering: info.ordering,
        mode: info.isSupernodal ? 'supernodal' : 'simplicial',
        kind: 'LLt',
        nnzL: info.nnzL,
        flops: info.flops,
      });
      expect(report.memoryBytes).toBeGreaterThan(8 * info.nnzL);
      expect(report.factorSeconds).toBeGreaterThan(0);
    } finally {
      factor.dispose();
    }
  });

  test('the table names size, entries, symmetry, ordering, nnz(L), flops, memory and times', () => {
    const run = spsolve('info', 'A.mtx');
    expect(run.status).toBe(0);
    const factor = cholesky(A);
    try {
      const { nnzL, ordering } = factor.info;
      expect(run.stdout).toMatch(/^size +600 x 600$/m);
      expect(run.stdout).toMatch(new RegExp(`^nnz +${A.nnz.toLocaleString('en-US')} stored`, 'm'));
      expect(run.stdout).toMatch(/^symmetry +symmetric, lower triangle stored$/m);
      expect(run.stdout).toMatch(new RegExp(`^ordering +${ordering}$`, 'm'));
      expect(run.stdout).toMatch(new RegExp(`^nnz\\(L\\) +${nnzL.toLocaleString('en-US')} `, 'm'));
      for (const key of ['flops', 'memory', 'analyze', 'factorize', 'factor']) expect(run.stdout).toMatch(new RegExp(`^${key} +\\S`, 'm'));
    } finally {
      factor.dispose();
    }
    // A progress line per phase on stderr.
    expect(run.stderr).toMatch(/^spsolve: reading A\.mtx … \d+\.\d\d s$/m);
    expect(run.stderr).toMatch(/^spsolve: factorizing 600 x 600 … \d+\.\d\d s$/m);
  });

  test('--ordering and --mode reach CHOLMOD', () => {
    const run = spsolve('info', 'A.mtx', '--ordering', 'natural', '--mode', 'simplicial', '--kind', 'LDLt', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ordering: 'natural', mode: 'simplicial', kind: 'LDLt' });
  });

  test('a general file holding a symmetric matrix is accepted', () => {
    writeMatrixMarket(join(workDir, 'full.mtx'), A.toGeneral());
    const run = spsolve('info', 'full.mtx', '--json', '-q');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ symmetry: 'general', nnz: A.toGeneral().nnz });
  });
});

describe('spsolve solve', () => {
  test('x.mtx is the library solution, and the residual is printed', () => {
    const b = randomVector(rng(7), A.nrows);
    writeMatrixMarket(join(workDir, 'b.mtx'), { nrows: A.nrows, ncols: 1, data: b });
    const run = spsolve('solve', 'A.mtx', 'b.mtx', '-o', 'x.mtx');
    expect(run.status).toBe(0);
    const x = dense(readMatrixMarket(join(workDir, 'x.mtx')));
    expect([x.nrows, x.ncols]).toEqual([A.nrows, 1]);
    const factor = cholesky(A);
    try {
      expect(relErr(x.data, factor.solve(b))).toBeLessThan(1e-12);
    } finally {
      factor.dispose();
    }
    expect(residualOf(run)).toBeLessThan(1e-12);
    expect(run.stdout).toMatch(/^solution +x\.mtx \(600 x 1\)$/m);
    expect(run.stderr).toMatch(/^spsolve: solving … /m);
  });

  test('without b, b is the vector of ones', () => {
    const run = spsolve('solve', 'A.mtx', '-o', 'x1.mtx', '-q');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const x = dense(readMatrixMarket(join(workDir, 'x1.mtx')));
    const factor = cholesky(A);
    try {
      expect(relErr(x.data, factor.solve(new Float64Array(A.nrows).fill(1)))).toBeLessThan(1e-12);
    } finally {
      factor.dispose();
    }
  });

  test('many right-hand sides, from an array or a coordinate file, with another ordering and mode', () => {
    const B: DenseMatrix = { nrows: A.nrows, ncols: 3, data: randomVector(rng(3), 3 * A.nrows) };
    B.data.fill(0, A.nrows, 2 * A.nrows); // a zero column: its residual is absolute
    writeMatrixMarket(join(workDir, 'B.mtx'), B);
    writeMatrixMarket(join(workDir, 'Bsparse.mtx'), CscMatrix.fromDense(B.nrows, B.ncols, B.data));
    const factor = cholesky(A);
    try {
      const expected = factor.solve(B);
      for (const [file, extra] of [['B.mtx', []], ['Bsparse.mtx', ['--ordering', 'metis', '--mode', 'supernodal']]] as const) {
        const run = spsolve('solve', 'A.mtx', file, '-o', 'X.mtx', '-q', ...extra);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/largest over the columns/);
        const X = dense(readMatrixMarket(join(workDir, 'X.mtx')));
        expect(X.ncols).toBe(3);
        expect(relErr(X.data, expected.data)).toBeLessThan(1e-12);
        expect(residualOf(run)).toBeLessThan(1e-12);
      }
    } finally {
      factor.dispose();
    }
  });

  test("-o - writes x to stdout and the report to stderr", () => {
    const run = spsolve('solve', 'A.mtx', '-o', '-', '-q');
    expect(run.status).toBe(0);
    const x = dense(readMatrixMarket(run.stdout));
    expect(x.nrows).toBe(A.nrows);
    expect(residualOf(run, 'stderr')).toBeLessThan(1e-12);
  });

  test('without -o only the residual is printed', () => {
    const run = spsolve('solve', 'bcsstk16.mtx', '-q');
    expect(run.status).toBe(0);
    expect(residualOf(run)).toBeLessThan(1e-10);
    expect(run.stdout).not.toMatch(/solution/);
  });
});

describe('spsolve spy', () => {
  test('the PNG of A and of L are the library pictures', () => {
    for (const [file, factorFlag] of [['A.png', false], ['L.png', true]] as const) {
      const run = spsolve('spy', 'A.mtx', '-o', file, '--size', '300', ...(factorFlag ? ['--factor'] : []));
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^${file}: pattern of ${factorFlag ? 'L' : 'A'} `));
      const factor = cholesky(A);
      const expected = spyPng(factorFlag ? factor.L() : A, { size: 300 });
      factor.dispose();
      const written = PNG.sync.read(readFileSync(join(workDir, file)));
      expect(written.width).toBe(300);
      expect(Buffer.compare(written.data, PNG.sync.read(expected).data)).toBe(0);
    }
  });

  test('SVG by extension, 512 pixels by default', () => {
    const run = spsolve('spy', 'bcsstk16.mtx', '--factor', '-o', 'L.svg', '-q');
    expect(run.status).toBe(0);
    const svg = readFileSync(join(workDir, 'L.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]* width="512" height="512"/);
    expect(svg).toContain('<title>L of bcsstk16.mtx</title>');
  });
});

describe('failures: exit code and one readable line', () => {
  test.each(['mangle1.mtx', 'mangle2.mtx', 'mangle3.mtx', 'mangle4.mtx'])('%s is an input error naming file and line', (name) => {
    const path = cholmodMatrixPath(name);
    for (const args of [['info', path], ['solve', path], ['spy', path, '-o', 'm.png']]) {
      expectOneLineError(spsolve(...args), 3, new RegExp(`^spsolve: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: .*junk`));
    }
  });

  test('malformed data names the line', () => {
    writeFileSync(join(workDir, 'short.mtx'), '%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 1\n2 2 x\n');
    expectOneLineError(spsolve('solve', 'short.mtx'), 3, /^spsolve: short\.mtx:4: value must be a number, found 'x'$/);
    writeFileSync(join(workDir, 'trunc.mtx'), '%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n1 1 1\n');
    expectOneLineError(spsolve('info', 'trunc.mtx'), 3, /^spsolve: trunc\.mtx:3: unexpected end of file/);
    writeFileSync(join(workDir, 'empty.mtx'), '');
    expectOneLineError(spsolve('spy', 'empty.mtx', '-o', 'e.png'), 3, /^spsolve: empty\.mtx:1: empty file/);
  });

  test('a missing file, a directory, a bad b are input errors', () => {
    expectOneLineError(spsolve('info', 'missing.mtx'), 3, /^spsolve: cannot read missing\.mtx: no such file or directory$/);
    expectOneLineError(spsolve('info', '.'), 3, /^spsolve: cannot read \.: is a directory$/);
    expectOneLineError(spsolve('solve', 'A.mtx', 'missing.mtx'), 3, /missing\.mtx/);
    writeMatrixMarket(join(workDir, 'b5.mtx'), { nrows: 5, ncols: 1, data: new Float64Array(5) });
    expectOneLineError(spsolve('solve', 'A.mtx', 'b5.mtx'), 3, /^spsolve: b5\.mtx: b has 5 rows but A \(A\.mtx\) has 600$/);
  });

  test('a matrix that is not square is an input error for the square methods; one that is not symmetric, for Cholesky only', () => {
    writeMatrixMarket(join(workDir, 'rect.mtx'), CscMatrix.fromTriplets(2, 3, [0, 1], [0, 2], [1, 1]));
    expectOneLineError(spsolve('info', 'rect.mtx', '--method', 'lu'), 3, /rect\.mtx: the matrix is 2 x 3; --method lu needs a square matrix: use --method qr/);
    writeMatrixMarket(join(workDir, 'unsym.mtx'), CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [2, 1, 2]));
    expectOneLineError(spsolve('solve', 'unsym.mtx', '--method', 'cholesky'), 3, /unsym\.mtx: the matrix is not symmetric \(entry \(2, 1\) differs from \(1, 2\)\).*--method lu/);
    // Drawing A needs neither.
    expect(spsolve('spy', 'rect.mtx', '-o', 'rect.png', '-q').status).toBe(0);
  });

  test('a matrix that is not positive definite is a numerical failure with its column', () => {
    const path = cholmodMatrixPath('can___24.mtx'); // a pattern file: all ones, indefinite
    let column = -1;
    try {
      cholesky(readMatrixMarket(path) as CscMatrix).dispose();
    } catch (error) {
      column = (error as { column: number }).column;
    }
    expect(column).toBeGreaterThanOrEqual(0);
    for (const args of [['info', path, '--method', 'cholesky'], ['solve', path, '--method', 'cholesky'], ['spy', path, '--factor', '-o', 'c.png']]) {
      expectOneLineError(spsolve(...args), 1, new RegExp(`can___24\\.mtx: the matrix is not positive definite \\(the factorization failed at column ${column + 1},`));
    }
  });

  test.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['help', 'frobnicate'], /unknown command 'frobnicate'/],
    [['info'], /missing the matrix file/],
    [['info', 'A.mtx', 'B.mtx'], /unexpected argument 'B\.mtx'/],
    [['info', 'A.mtx', '--frob'], /unknown option '--frob'.*spsolve info --help/],
    [['solve', 'A.mtx', '-o'], /'-o, --output <value>' argument missing/],
    [['solve', 'A.mtx', '--ordering', 'fastest'], /--ordering must be one of 'default', 'best', 'amd', 'metis', 'nesdis', 'colamd', 'natural', got the string "fastest"/],
    [['solve', 'A.mtx', '--mode', 'turbo'], /--mode must be one of 'auto', 'simplicial', 'supernodal', got the string "turbo"/],
    [['info', 'A.mtx', '--kind', 'LDLt', '--mode', 'supernodal'], /supernodal factors are always LLt/],
    [['spy', 'A.mtx'], /missing -o FILE/],
    [['spy', 'A.mtx', '-o', 'A.jpg'], /cannot tell the picture format of 'A\.jpg'/],
    [['spy', 'A.mtx', '-o', 'A.png', '--size', '10'], /--size must be an integer in 16\.\.4096, got the string "10"/],
    [['spy', 'A.mtx', '-o', 'A.png', '--size', '1e3'], /--size must be an integer/],
  ])('usage error: %j', (args, pattern) => {
    expectOneLineError(spsolve(...args), 2, pattern);
  });

  test('an output that cannot be written exits 4', () => {
    expectOneLineError(spsolve('solve', 'A.mtx', '-o', 'no/such/dir/x.mtx'), 4, /^spsolve: cannot write no\/such\/dir\/x\.mtx: no such file or directory$/);
    expectOneLineError(spsolve('spy', 'A.mtx', '-o', 'no/such/dir/A.svg'), 4, /^spsolve: cannot write no\/such\/dir\/A\.svg/);
  });

  test('an unreadable file is an input error', () => {
    if (process.getuid?.() === 0) return; // root reads everything
    writeFileSync(join(workDir, 'locked.mtx'), '');
    chmodSync(join(workDir, 'locked.mtx'), 0o000);
    expectOneLineError(spsolve('info', 'locked.mtx'), 3, /permission denied/);
  });
});

describe('--method: LU for what Cholesky cannot factorize, and why', () => {
  test('an unsymmetric matrix is solved by LU (UMFPACK), and the report says why', () => {
    writeMatrixMarket(join(workDir, 'west0067.mtx'), loadCXSparse('west0067'));
    const run = spsolve('solve', 'west0067.mtx', '-q');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/method +lu \(the matrix is not symmetric: LU \(UMFPACK\)\)/);
    expect(residualOf(run)).toBeLessThan(1e-12);
    const info = JSON.parse(spsolve('info', 'west0067.mtx', '--json', '-q').stdout);
    expect(info).toMatchObject({ method: 'lu', engine: 'umfpack', nrows: 67, reason: 'the matrix is not symmetric: LU (UMFPACK)' });
    expect(info.nnzL + info.nnzU).toBeGreaterThan(67);
    const klu = JSON.parse(spsolve('info', 'west0067.mtx', '--json', '-q', '--method', 'klu', '--ordering', 'colamd').stdout);
    expect(klu).toMatchObject({ method: 'klu', engine: 'klu', ordering: 'colamd', reason: '--method klu' });
  });

  test('can___24 (symmetric indefinite): auto falls back from Cholesky to LU; LDLᵀ reports a zero pivot, not "not positive definite"', () => {
    const path = cholmodMatrixPath('can___24.mtx');
    const run = spsolve('solve', path, '-q');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/method +lu \(the matrix is symmetric but not positive definite \(Cholesky failed at column \d+\): LU \(UMFPACK\)\)/);
    expect(residualOf(run)).toBeLessThan(1e-12);
    expect(JSON.parse(spsolve('info', path, '--json', '-q').stdout).method).toBe('lu');
    expectOneLineError(spsolve('solve', path, '--method', 'ldlt'), 1, /can___24\.mtx: LDLᵀ without pivoting met a zero pivot at column 15 .*--method lu/);
  });

  test('a symmetric positive definite matrix still goes to Cholesky', () => {
    expect(JSON.parse(spsolve('info', 'A.mtx', '--json', '-q').stdout)).toMatchObject({ method: 'cholesky', reason: 'the matrix is symmetric and positive definite: Cholesky' });
  });

  test('a singular matrix is a numerical failure naming the column; bad combinations are usage errors', () => {
    writeMatrixMarket(join(workDir, 'singular.mtx'), CscMatrix.fromTriplets(3, 3, [0, 1, 0], [0, 0, 2], [1, 2, 3]));
    expectOneLineError(spsolve('solve', 'singular.mtx', '--method', 'klu'), 1, /singular\.mtx: the matrix is singular \(klu found it at column 2\)/);
    expectOneLineError(spsolve('solve', 'A.mtx', '--method', 'svd'), 2, /--method must be one of/);
    expectOneLineError(spsolve('solve', 'A.mtx', '--method', 'lu', '--kind', 'LDLt'), 2, /--mode and --kind are Cholesky options/);
    expectOneLineError(spsolve('solve', 'A.mtx', '--method', 'klu', '--ordering', 'metis'), 2, /--ordering with --method klu/);
    expectOneLineError(spsolve('solve', 'A.mtx', '--method', 'qr', '--kind', 'LDLt'), 2, /--mode and --kind are Cholesky options; --method qr/);
    expectOneLineError(spsolve('solve', 'A.mtx', '--method', 'qr', '--ordering', 'nesdis'), 2, /--ordering with --method qr/);
  });
});

describe('--method qr: least squares and minimum norm for matrices that are not square', () => {
  // A line fit y = c0 + c1 t through 5 points, and its transpose (wide: the minimum-norm solution).
  const t = [0, 1, 2, 3, 4];
  const y = [1.1, 2.9, 5.2, 7.1, 8.8];
  const tall = CscMatrix.fromDense(5, 2, [...t.map(() => 1), ...t]);

  test('auto picks QR for a tall matrix: the least-squares fit, its optimality, x written', () => {
    writeMatrixMarket(join(workDir, 'tall.mtx'), tall);
    writeMatrixMarket(join(workDir, 'y.mtx'), { nrows: 5, ncols: 1, data: Float64Array.from(y) });
    const run = spsolve('solve', 'tall.mtx', 'y.mtx', '-o', 'c.mtx', '-q');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/method +qr \(the matrix is 5 x 2, not square: QR \(SPQR\), least squares\)/);
    const optimality = Number(/optimality +(\S+)/.exec(run.stdout)![1]);
    expect(optimality).toBeLessThan(1e-14);
    // Reference: the normal equations of the line fit.
    const n = 5, st = 10, stt = 30, sy = y.reduce((a, b) => a + b, 0), sty = t.reduce((a, ti, i) => a + ti * y[i], 0);
    const c1 = (n * sty - st * sy) / (n * stt - st * st), c0 = (sy - c1 * st) / n;
    const c = dense(readMatrixMarket(join(workDir, 'c.mtx')));
    expect(c.nrows).toBe(2);
    expect(Math.abs(c.data[0] - c0)).toBeLessThan(1e-13);
    expect(Math.abs(c.data[1] - c1)).toBeLessThan(1e-13);
  });

  test('a wide matrix gets the minimum-norm solution; info reports rank, R and why', () => {
    writeMatrixMarket(join(workDir, 'wide.mtx'), tall.transpose());
    const run = spsolve('solve', 'wide.mtx', '-q', '--method', 'qr', '--ordering', 'amd');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/method +qr \(--method qr \(minimum norm\)\)/);
    expect(residualOf(run)).toBeLessThan(1e-14);
    const info = JSON.parse(spsolve('info', 'wide.mtx', '--json', '-q').stdout);
    expect(info).toMatchObject({ method: 'qr', rank: 2, factorsTranspose: true, nrows: 2, ncols: 5 });
    expect(info.rcond).toBeGreaterThan(0);
    const table = spsolve('info', 'tall.mtx', '-q').stdout;
    expect(table).toMatch(/rank +2 \(full\)/);
    expect(table).toMatch(/nnz\(R\)/);
  });

  test('a rank-deficient matrix: the rank and the tolerance are reported', () => {
    writeMatrixMarket(join(workDir, 'deficient.mtx'), CscMatrix.fromDense(4, 3, [1, 1, 1, 1, 2, 2, 2, 2, 0, 1, 0, 1]));
    expect(spsolve('info', 'deficient.mtx', '-q').stdout).toMatch(/rank +2 of 3 \(tolerance/);
    // A square matrix with --method qr.
    const square = spsolve('solve', 'A.mtx', '--method', 'qr', '-q');
    expect(square.status).toBe(0);
    expect(square.stdout).toMatch(/method +qr \(--method qr\)/);
    expect(residualOf(square)).toBeLessThan(1e-12);
  });
});
