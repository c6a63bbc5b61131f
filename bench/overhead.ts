/**
 * `npm run bench`: the addon against the same static CHOLMOD driven from C
 * (build/Release/spsolve_bench_driver, which `npm run bench` builds first), phase by phase, best of several
 * runs each, on the same matrices, right-hand side and options; then the per-call cost of one
 * solve on a tiny system from JS and from C.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInfo, cholesky, CscMatrix, getThreads, poisson2d, setThreads } from '../lib';
import { overheadProblems } from './matrices';
import { bestPhases } from './phases';

const driver = path.resolve(__dirname, '..', '..', 'build', 'Release', 'spsolve_bench_driver');

interface Phases { analyze: number; factor: number; solve: number; perSolve?: number; residual?: number }

function writeProblem(A: CscMatrix, b: Float64Array, file: string): void {
  const header = Buffer.alloc(20);
  header.writeBigInt64LE(BigInt(A.nrows), 0);
  header.writeBigInt64LE(BigInt(A.nnz), 8);
  header.writeInt32LE(A.symmetry === 'lower' ? -1 : 1, 16);
  const parts = [header, A.colPtr, A.rowIdx, A.values, b].map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  fs.writeFileSync(file, Buffer.concat(parts));
}

function runC(A: CscMatrix, b: Float64Array, repeats: number): Phases {
  const file = path.join(os.tmpdir(), `spsolve-bench-${process.pid}.bin`);
  writeProblem(A, b, file);
  try {
    // The driver's OpenBLAS gets the thread count the addon gives a factorisation running alone.
    const policy = getThreads();
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(policy === 'auto' ? buildInfo().cores : policy) };
    return JSON.parse(execFileSync(driver, [file, String(repeats), '-1', '0'], { encoding: 'utf8', env })) as Phases;
  } finally {
    fs.unlinkSync(file);
  }
}


function perSolveJs(A: CscMatrix, b: Float64Array, calls: number): number {
  const factor = cholesky(A);
  let sink = 0;
  for (let k = 0; k < 20000; k++) sink += factor.solve(b)[0]; // warm-up (JIT)
  const t0 = performance.now();
  for (let k = 0; k < calls; k++) sink += factor.solve(b)[0];
  const seconds = (performance.now() - t0) / 1e3;
  factor.dispose();
  if (sink === 12345.678) console.log(sink);
  return seconds / calls;
}

const ms = (s: number) => (s * 1e3).toFixed(s < 0.01 ? 2 : 1);

function main(): void {
  // SPSOLVE_BENCH_THREADS: BLAS threads for both sides (default: the library's default).
  if (process.env.SPSOLVE_BENCH_THREADS) setThreads(Number(process.env.SPSOLVE_BENCH_THREADS));
  if (!fs.existsSync(driver)) throw new Error(`C driver not found at ${driver}; run npm run build:bench-driver`);
  console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `node ${process.version}; CHOLMOD ${buildInfo().cholmod} (${buildInfo().flavor}); BLAS threads ${getThreads()}`);
  console.log('');
  console.log('| problem | nnz(A) | phase | C (ms) | addon (ms) | addon / C |');
  console.log('|---|---:|---|---:|---:|---:|');
  const only = process.env.SPSOLVE_BENCH_ONLY;
  for (const { name, build } of overheadProblems().filter((p) => !only || p.name.includes(only))) {
    const A = build();
    const b = new Float64Array(A.nrows).fill(1);
    const repeats = A.nrows > 500000 ? 3 : A.nrows < 10000 ? 15 : 5;
    // Interleave to spread machine noise evenly: C, addon, C, addon.
    const c1 = runC(A, b, repeats), a1 = bestPhases(A, b, repeats);
    const c2 = runC(A, b, repeats), a2 = bestPhases(A, b, repeats);
    const c = { analyze: Math.min(c1.analyze, c2.analyze), factor: Math.min(c1.factor, c2.factor), solve: Math.min(c1.solve, c2.solve) };
    const a = { analyze: Math.min(a1.analyze, a2.analyze), factor: Math.min(a1.factor, a2.factor), solve: Math.min(a1.solve, a2.solve) };
    for (const phase of ['analyze', 'factor', 'solve'] as const) {
      console.log(`| ${name} | ${A.nnz.toLocaleString('en-US')} | ${phase} | ${ms(c[phase])} | ${ms(a[phase])} | ${(a[phase] / c[phase]).toFixed(3)} |`);
    }
    const cTotal = c.analyze + c.factor + c.solve, aTotal = a.analyze + a.factor + a.solve;
    console.log(`| ${name} | | **total** | ${ms(cTotal)} | ${ms(aTotal)} | **${(aTotal / cTotal).toFixed(3)}** |`);
  }

  const tiny = poisson2d(10, 1); // n = 10, tridiagonal
  const b = new Float64Array(tiny.nrows).fill(1);
  const cTiny = runC(tiny, b, 1);
  const jsTiny = perSolveJs(tiny, b, 200000);
  console.log('');
  console.log('| one solve, n = 10 | per call (µs) |');
  console.log('|---|---:|');
  console.log(`| C (cholmod_l_start + cholmod_l_solve + copy + finish) | ${((cTiny.perSolve ?? NaN) * 1e6).toFixed(2)} |`);
  console.log(`| JS factor.solve(b) | ${(jsTiny * 1e6).toFixed(2)} |`);
  console.log(`| JS overhead over C | ${((jsTiny - (cTiny.perSolve ?? NaN)) * 1e6).toFixed(2)} |`);
}

main();
