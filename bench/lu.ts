/**
 * `npm run bench:lu`: sparse LU side by side. The addon (lu(): UMFPACK, and KLU where it fits)
 * against the same UMFPACK/KLU called from C on the same static libraries (bench/lu/driver.c),
 * and against peers: Octave's A\b (Debian's UMFPACK), SciPy's splu and spsolve (SuperLU) and the
 * pure-JS mathjs slu + lusolve (small problems only). Plus UMFPACK's rate on the 3-D problem as a
 * fraction of the machine's dgemm peak (bench/peers/dgemm).
 *
 *   node dist/bench/lu.js [--small] [--rounds N] [--only TEXT] [--no-peers]
 *
 * Every contender runs once per round, in turn (side by side: the same machine load), and its best
 * round counts. Times in seconds: 'factor' is analysis + numeric factorisation from the matrix in
 * compressed columns (the C driver's index copy included, as the addon makes it), 'solve' one
 * right-hand side. Install the peers with bench/peers/setup.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInfo, convectionDiffusion2d, convectionDiffusion3d, lu, readMatrixMarket, type CscMatrix, type LuEngine } from '../lib';
import { relativeResidual, rightHandSide, writeProblem } from './peers/exchange';

const root = path.resolve(__dirname, '..', '..');
const peersDir = path.join(root, 'bench', 'peers');
const driver = path.join(root, 'build', 'Release', 'spsolve_lu_driver');
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const suiteSparse = process.env.SPSOLVE_SUITESPARSE_SRC ?? path.join(root, 'deps', 'SuiteSparse-5.12.0');

interface Problem { name: string; make: () => CscMatrix; klu: boolean; mathjs: boolean }
interface Timing { factor?: number; solve?: number; total: number; residual: number; flops?: number }

function problems(small: boolean): Problem[] {
  return [
    { name: `2-D convection–diffusion ${small ? 300 : 1000}², Pe 100`, make: () => convectionDiffusion2d(small ? 300 : 1000, { peclet: 100 }), klu: small, mathjs: false },
    { name: `3-D convection–diffusion ${small ? 20 : 40}³, Pe 100`, make: () => convectionDiffusion3d(small ? 20 : 40, { peclet: 100 }), klu: small, mathjs: false },
    { name: 'Pd (Mongoose/Matrix, real unsymmetric)', make: () => readMatrixMarket(path.join(suiteSparse, 'Mongoose', 'Matrix', 'Pd.mtx')) as CscMatrix, klu: true, mathjs: true },
    { name: '2-D convection–diffusion 60², Pe 100 (for mathjs)', make: () => convectionDiffusion2d(60, { peclet: 100 }), klu: true, mathjs: true },
  ];
}

function addon(A: CscMatrix, b: Float64Array, engine: LuEngine): Timing {
  const t0 = process.hrtime.bigint();
  const f = lu(A, { engine });
  const t1 = process.hrtime.bigint();
  const x = f.solve(b);
  const t2 = process.hrtime.bigint();
  const flops = f.info.flops;
  f.dispose();
  const factor = Number(t1 - t0) / 1e9;
  const solve = Number(t2 - t1) / 1e9;
  return { factor, solve, total: factor + solve, residual: relativeResidual(A, x, b), flops };
}

function child(cmd: string, args: string[], timeout: number): { json?: Record<string, number>; error?: string } {
  const run = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeout * 1e3, killSignal: 'SIGKILL', maxBuffer: 1 << 24 });
  if (run.error || run.status !== 0) return { error: (run.error?.message ?? run.stderr.trim().split('\n').pop()) || `exit ${run.status}` };
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    // Octave prints an infinite time as Inf (a phase it does not time).
    return { json: JSON.parse(line.replace(/\bInf\b/g, 'null')) as Record<string, number> };
  } catch {
    return { error: `unreadable output: ${line.slice(0, 200)}` };
  }
}

function cDriver(file: string, engine: LuEngine): Timing | string {
  if (!fs.existsSync(driver)) return 'no C driver (npm run build:bench-driver)';
  const { json, error } = child(driver, [file, engine, '2'], 1800); // best of 2 inside: warm, as the addon is
  if (!json) return error ?? 'failed';
  const factor = json.analyze + json.factor;
  return { factor, solve: json.solve, total: factor + json.solve, residual: json.residual, flops: json.flops };
}

function peer(cmd: string, args: string[], A: CscMatrix, b: Float64Array, out: string): Timing | string {
  const { json, error } = child(cmd, args, 1800);
  if (!json) return error ?? 'failed';
  const x = new Float64Array(fs.readFileSync(out).buffer.slice(0));
  return { factor: json.factor ?? undefined, solve: json.solve ?? undefined, total: json.total, residual: relativeResidual(A, x, b) };
}

/** mathjs slu (order 1: COLAMD-like on A, threshold 1: partial pivoting) + lusolve, in this process. */
function mathjs(A: CscMatrix, b: Float64Array): Timing | string {
  let math: { sparse: (d: unknown) => unknown; slu: (a: unknown, o: number, t: number) => unknown; lusolve: (f: unknown, b: number[]) => { toArray?: () => number[][] } | number[][] };
  try {
    math = require(path.join(peersDir, 'node_modules', 'mathjs'));
  } catch {
    return 'mathjs not installed (bench/peers/setup)';
  }
  const rows: number[][] = Array.from({ length: A.nrows }, () => new Array<number>(A.ncols).fill(0));
  for (let j = 0; j < A.ncols; j++) for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) rows[A.rowIdx[k]][j] = A.values[k];
  const S = math.sparse(rows);
  const t0 = process.hrtime.bigint();
  const f = math.slu(S, 1, 1);
  const t1 = process.hrtime.bigint();
  const solved = math.lusolve(f, Array.from(b));
  const t2 = process.hrtime.bigint();
  const column = (Array.isArray(solved) ? solved : solved.toArray!()) as number[][];
  const x = Float64Array.from(column, (r) => (Array.isArray(r) ? r[0] : (r as number)));
  const factor = Number(t1 - t0) / 1e9;
  const solve = Number(t2 - t1) / 1e9;
  return { factor, solve, total: factor + solve, residual: relativeResidual(A, x, b) };
}

function dgemmRate(threads: number): number {
  const bin = path.join(peersDir, 'dgemm');
  if (!fs.existsSync(bin)) return NaN;
  let best = 0;
  for (let r = 0; r < 4; r++) best = Math.max(best, (JSON.parse(spawnSync(bin, ['2000', String(threads)], { encoding: 'utf8' }).stdout) as { gflops: number }).gflops);
  return best;
}

const better = (a: Timing | string | undefined, b: Timing | string): Timing | string =>
  typeof b === 'string' ? (a ?? b) : a === undefined || typeof a === 'string' || b.total < a.total ? b : a;

const fmt = (s: number | undefined) => (s === undefined ? '—' : s < 1e-3 ? `${(s * 1e6).toFixed(0)} µs` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(2)} s`);

function main(argv: string[]): void {
  const small = argv.includes('--small');
  const roundsAt = argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : small ? 3 : 2;
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  const withPeers = !argv.includes('--no-peers');
  const peak = { one: dgemmRate(1), two: dgemmRate(2) };
  const octave = spawnSync('octave-cli', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'octave: not installed';
  const scipy = spawnSync(python, ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' }).stdout?.trim() || 'not installed';
  const info = buildInfo();
  console.log(`${os.cpus()[0].model}, ${os.cpus().length} cores; UMFPACK ${info.umfpack}, KLU ${info.klu} (${info.flavor}); ${info.blas}; ${octave}; SciPy ${scipy}`);
  console.log(`dgemm (OpenBLAS, n = 2000): ${peak.one.toFixed(1)} GFLOP/s on 1 thread, ${peak.two.toFixed(1)} on 2`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spsolve-lu-bench-'));
  try {
    for (const p of problems(small)) {
      if (only && !p.name.includes(only)) continue;
      const A = p.make();
      const b = rightHandSide(A);
      const file = path.join(dir, 'problem.bin');
      const out = path.join(dir, 'x.bin');
      writeProblem(file, A, b);
      console.log(`\n### ${p.name}: n = ${A.nrows}, nnz = ${A.nnz}`);
      const best = new Map<string, Timing | string>();
      const keep = (name: string, t: Timing | string) => best.set(name, better(best.get(name), t));
      // Warm-up, not counted: the first call of a process pays for loading and compiling code.
      addon(A, b, 'umfpack');
      if (p.klu) addon(A, b, 'klu');
      for (let r = 0; r < rounds; r++) {
        keep('spsolve lu() UMFPACK', addon(A, b, 'umfpack'));
        keep('C driver UMFPACK', cDriver(file, 'umfpack'));
        if (p.klu) {
          keep('spsolve lu() KLU', addon(A, b, 'klu'));
          keep('C driver KLU', cDriver(file, 'klu'));
        }
        if (!withPeers) continue;
        keep('Octave A\\b (UMFPACK)', peer('octave-cli', ['--no-init-file', '--quiet', path.join(peersDir, 'peer.m'), 'backslash', file, out, '1'], A, b, out));
        keep('SciPy splu (SuperLU)', peer(python, [path.join(peersDir, 'peer.py'), 'splu', file, out, '1'], A, b, out));
        keep('SciPy spsolve (SuperLU)', peer(python, [path.join(peersDir, 'peer.py'), 'spsolve', file, out, '1'], A, b, out));
        if (p.mathjs && r === 0) keep('mathjs slu + lusolve', mathjs(A, b));
      }
      const ours = best.get('spsolve lu() UMFPACK') as Timing;
      console.log('| contender | factor | solve | total | total / spsolve UMFPACK | residual |');
      console.log('| --- | --- | --- | --- | --- | --- |');
      for (const [name, t] of best) {
        if (typeof t === 'string') console.log(`| ${name} | ${t} | | | | |`);
        else console.log(`| ${name} | ${fmt(t.factor)} | ${fmt(t.solve)} | ${fmt(t.total)} | ${(t.total / ours.total).toFixed(2)} | ${t.residual.toExponential(1)} |`);
      }
      for (const engine of ['UMFPACK', 'KLU']) {
        const a = best.get(`spsolve lu() ${engine}`);
        const c = best.get(`C driver ${engine}`);
        if (a && c && typeof a !== 'string' && typeof c !== 'string') {
          console.log(`addon / C, ${engine}: factor ${(a.factor! / c.factor!).toFixed(3)}, solve ${(a.solve! / c.solve!).toFixed(3)}, total ${(a.total / c.total).toFixed(3)}`);
        }
      }
      if (ours.flops && Number.isFinite(peak.two)) {
        const rate = ours.flops / ours.factor! / 1e9;
        console.log(`UMFPACK: ${(ours.flops / 1e9).toFixed(2)} GFLOP in ${fmt(ours.factor)}: ${rate.toFixed(1)} GFLOP/s = ${((100 * rate) / peak.two).toFixed(0)}% of 2-thread dgemm (${((100 * rate) / peak.one).toFixed(0)}% of 1-thread)`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
