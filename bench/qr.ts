/**
 * `npm run bench:qr`: sparse least squares with SuiteSparseQR.
 *
 * 1. The addon against the same static SPQR driven from C++ (build/Release/spsolve_qr_driver,
 *    bench/qr/driver.cc, built by `npm run build:bench-driver`): analyse + factorise and the
 *    least-squares solve, best of several runs, interleaved, on the same matrices and b.
 * 2. Least squares against peers, each run side by side on the same problem: SciPy's iterative
 *    `lsqr` and `lsmr` (atol = btol = 1e-12) and Octave's `A\b` (SPQR inside), when installed
 *    (bench/peers/setup). Each answer is checked by its optimality ‖Aᵀr‖ / (‖A‖_F ‖r‖).
 *
 * Problems: a 2-D surface fit (bilinear hat functions on a g × g grid, scattered samples: 4
 * entries a row), and two rectangular matrices of SPQR/Matrix (Franz6_id1959_aug,
 * Groebner_id2003_aug). SPSOLVE_BENCH_ONLY=<substring> picks problems.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { buildInfo, CscMatrix, getThreads, qr, readMatrixMarket } from '../lib';

const root = path.resolve(__dirname, '..', '..');
const driver = path.join(root, 'build', 'Release', 'spsolve_qr_driver');
const peerDir = path.join(root, 'bench', 'qr');
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's python3-scipy

interface Phases { analyzeFactor: number; solve: number }

/** A deterministic generator (the bench must give every run the same problem). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Bilinear hat functions on a g × g grid over [0, 1]², at `points` random samples: 4 entries a row. */
function surfaceFit(points: number, g: number): { A: CscMatrix; b: Float64Array } {
  const rand = lcg(points + g);
  const rows = new Int32Array(4 * points), cols = new Int32Array(4 * points), vals = new Float64Array(4 * points);
  const b = new Float64Array(points);
  const h = 1 / (g - 1);
  for (let p = 0; p < points; p++) {
    const x = rand(), y = rand();
    const i = Math.min(Math.floor(x / h), g - 2), j = Math.min(Math.floor(y / h), g - 2);
    const s = x / h - i, t = y / h - j;
    const w = [(1 - s) * (1 - t), s * (1 - t), (1 - s) * t, s * t];
    const c = [i + g * j, i + 1 + g * j, i + g * (j + 1), i + 1 + g * (j + 1)];
    for (let k = 0; k < 4; k++) {
      rows[4 * p + k] = p;
      cols[4 * p + k] = c[k];
      vals[4 * p + k] = w[k];
    }
    b[p] = Math.sin(3 * x) * Math.cos(2 * y) + x * y + 1e-3 * (rand() - 0.5);
  }
  return { A: CscMatrix.fromTriplets(points, g * g, rows, cols, vals), b };
}

function spqrMatrix(name: string): { A: CscMatrix; b: Float64Array } {
  const dir = process.env.SPSOLVE_SUITESPARSE_SRC ?? path.join(root, 'deps', 'SuiteSparse-5.12.0');
  const A = readMatrixMarket(path.join(dir, 'SPQR', 'Matrix', `${name}.mtx`)) as CscMatrix;
  const rand = lcg(A.nnz);
  return { A, b: Float64Array.from({ length: A.nrows }, () => rand() - 0.5) };
}

/** SPSOLVE_BENCH_LARGE=1 adds a 1M-sample fit (minutes per run on 2 cores). */
function problems() {
  return [
    { name: 'surface fit 200k × 101²', build: () => surfaceFit(200000, 101) },
    ...(process.env.SPSOLVE_BENCH_LARGE === '1' ? [{ name: 'surface fit 1M × 201²', build: () => surfaceFit(1000000, 201) }] : []),
    { name: 'Franz6_id1959_aug', build: () => spqrMatrix('Franz6_id1959_aug') },
    { name: 'Groebner_id2003_aug', build: () => spqrMatrix('Groebner_id2003_aug') },
  ];
}

function writeProblem(file: string, A: CscMatrix, b: Float64Array): void {
  const header = Buffer.alloc(24);
  header.writeBigInt64LE(BigInt(A.nrows), 0);
  header.writeBigInt64LE(BigInt(A.ncols), 8);
  header.writeBigInt64LE(BigInt(A.nnz), 16);
  const parts = [header, A.colPtr, A.rowIdx, A.values, b].map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  fs.writeFileSync(file, Buffer.concat(parts));
}

function optimality(A: CscMatrix, x: Float64Array, b: Float64Array): number {
  const Ax = A.matvec(x);
  const r = b.map((v, i) => v - Ax[i]);
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, e) => s + e * e, 0));
  return norm(A.rmatvec(r)) / (norm(A.values) * norm(r));
}

function runC(file: string, repeats: number): Phases & { optimality: number; rank: number } {
  // The driver's tile team gets the addon's threads, for both phases.
  const policy = getThreads();
  const threads = String(policy === 'auto' ? buildInfo().cores : policy);
  const out = JSON.parse(execFileSync(driver, [file, String(repeats), '7', threads, threads], { encoding: 'utf8' }));
  return { analyzeFactor: out.analyze + out.factor, solve: out.solve, optimality: out.optimality, rank: out.rank };
}

function runAddon(A: CscMatrix, b: Float64Array, repeats: number): Phases & { x: Float64Array } {
  let best = { analyzeFactor: Infinity, solve: Infinity };
  let x: Float64Array = new Float64Array(0);
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const factor = qr(A);
    const t1 = performance.now();
    x = factor.solve(b);
    const t2 = performance.now();
    factor.dispose();
    best = { analyzeFactor: Math.min(best.analyzeFactor, (t1 - t0) / 1e3), solve: Math.min(best.solve, (t2 - t1) / 1e3) };
  }
  return { ...best, x };
}

function runPeer(command: string, args: string[], A: CscMatrix, b: Float64Array): { seconds: number; optimality: number; iterations?: number } | string {
  const out = path.join(os.tmpdir(), `spsolve-qr-x-${process.pid}.bin`);
  const result = spawnSync(command, [...args.slice(0, -2), args[args.length - 2], out, args[args.length - 1]], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) return `failed: ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-1)[0]}`;
  const json = JSON.parse(result.stdout.trim().split('\n').slice(-1)[0]);
  const raw = fs.readFileSync(out);
  fs.unlinkSync(out);
  const x = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { seconds: json.total, optimality: optimality(A, x, b), iterations: json.iterations };
}

const ms = (s: number) => (s * 1e3).toFixed(s < 0.01 ? 2 : 1);

function main(): void {
  if (!fs.existsSync(driver)) throw new Error(`C++ driver not found at ${driver}; run npm run build:bench-driver`);
  const scipy = spawnSync(python, ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' }).stdout.trim() || 'not installed';
  const octave = spawnSync('octave-cli', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] || 'octave: not installed';
  console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; ` +
    `SPQR (${buildInfo().flavor}); BLAS threads ${getThreads()}; SciPy ${scipy}; ${octave}`);
  const only = process.env.SPSOLVE_BENCH_ONLY;
  const rows: string[] = [];
  const peers: string[] = [];
  for (const { name, build } of problems().filter((p) => !only || p.name.includes(only))) {
    const { A, b } = build();
    const file = path.join(os.tmpdir(), `spsolve-qr-${process.pid}.bin`);
    writeProblem(file, A, b);
    try {
      const repeats = A.nnz > 2e6 ? 2 : 3;
      // Interleaved: C, addon, C, addon.
      const c1 = runC(file, repeats), a1 = runAddon(A, b, repeats);
      const c2 = runC(file, repeats), a2 = runAddon(A, b, repeats);
      const c = { analyzeFactor: Math.min(c1.analyzeFactor, c2.analyzeFactor), solve: Math.min(c1.solve, c2.solve) };
      const a = { analyzeFactor: Math.min(a1.analyzeFactor, a2.analyzeFactor), solve: Math.min(a1.solve, a2.solve) };
      const shape = `${A.nrows.toLocaleString('en-US')} × ${A.ncols.toLocaleString('en-US')}, nnz ${A.nnz.toLocaleString('en-US')}, rank ${c1.rank}`;
      for (const phase of ['analyzeFactor', 'solve'] as const) {
        rows.push(`| ${name} (${shape}) | ${phase === 'solve' ? 'solve' : 'analyse + factorise'} | ${ms(c[phase])} | ${ms(a[phase])} | ${(a[phase] / c[phase]).toFixed(3)} |`);
      }
      const cTotal = c.analyzeFactor + c.solve, aTotal = a.analyzeFactor + a.solve;
      rows.push(`| ${name} | **total** | ${ms(cTotal)} | ${ms(aTotal)} | **${(aTotal / cTotal).toFixed(3)}** |`);
      const mine = optimality(A, a1.x, b);
      peers.push(`| ${name} | spsolve qr(A).solve(b) | ${ms(aTotal)} | 1.00 | ${mine.toExponential(1)} | |`);
      const peerRuns: Array<[string, string, string[]]> = [
        ['SciPy lsqr', python, [path.join(peerDir, 'peer.py'), 'lsqr', file, '1']],
        ['SciPy lsmr', python, [path.join(peerDir, 'peer.py'), 'lsmr', file, '1']],
        ['Octave A\\b (SPQR)', 'octave-cli', ['--no-init-file', '--quiet', path.join(peerDir, 'peer.m'), file, '2']],
      ];
      for (const [peer, command, args] of peerRuns) {
        const r = runPeer(command, args, A, b);
        if (typeof r === 'string') peers.push(`| ${name} | ${peer} | ${r} | | | |`);
        else peers.push(`| ${name} | ${peer} | ${ms(r.seconds)} | ${(r.seconds / aTotal).toFixed(2)} | ${r.optimality.toExponential(1)} | ${r.iterations ?? ''} |`);
      }
    } finally {
      fs.unlinkSync(file);
    }
  }
  console.log('\n| problem | phase | C++ (ms) | addon (ms) | addon / C++ |\n|---|---|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('\n| problem | solver | time (ms) | time / spsolve | ‖Aᵀr‖ / (‖A‖_F ‖r‖) | iterations |\n|---|---|---:|---:|---:|---:|');
  for (const row of peers) console.log(row);
}

main();
