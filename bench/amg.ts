/**
 * Algebraic multigrid (`npm run bench:amg`): HYPRE BoomerAMG-PCG through the addon on 3-D Poisson
 * 40³ … 100³ and 3-D elasticity (the cantilever of examples/elasticity3d), against the same HYPRE
 * library called from C (bench/amg/driver.c, same settings, same matrix file) and against CHOLMOD
 * (analyse + factor + solve) where it fits. Setup time, iterations to rtol 1e-8, solve time, total,
 * memory; growth exponents of setup and solve time against n.
 *
 *   node dist/bench/amg.js [--quick] [--only TEXT] [--repeats K]
 *   (--quick: 40³, 60³ and the small cantilever only; --only: problems whose name contains TEXT;
 *    --repeats: best of K for every problem)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CscMatrix, amg, buildInfo, cholesky, poisson3d, type AmgOptions } from '../lib';
import { cantilever } from '../examples/elasticity3d';
import { fitExponent, rightHandSide } from './peers/exchange';

interface Problem {
  name: string;
  build: () => CscMatrix;
  options: AmgOptions;
  /** Direct solve too (CHOLMOD needs it in memory and in reasonable time). */
  direct: boolean;
  repeats: number;
  series?: 'poisson';
}

const RTOL = 1e-8;
const MAX_ITERATIONS = 500;
const driverPath = join(__dirname, '..', '..', 'build', 'Release', 'spsolve_amg_driver');

function problems(quick: boolean): Problem[] {
  const poisson = (m: number, direct: boolean, repeats: number): Problem => ({
    name: `Poisson ${m}³`, build: () => poisson3d(m), options: { dimension: 3 }, direct, repeats, series: 'poisson',
  });
  // Without the 3-D default's aggressive coarsening level: fewer iterations, denser coarse levels.
  const poissonPlain = (m: number, repeats: number): Problem => ({
    name: `Poisson ${m}³, aggressiveLevels 0`, build: () => poisson3d(m), options: { dimension: 3, aggressiveLevels: 0 }, direct: false, repeats,
  });
  const elasticity = (nx: number, ny: number, nz: number, direct: boolean): Problem => ({
    name: `elasticity ${nx}×${ny}×${nz}`, build: () => cantilever(nx, ny, nz).K, options: { dimension: 3, numFunctions: 3 }, direct, repeats: 1,
  });
  const all = [poisson(40, true, 3), poisson(60, true, 2), poisson(80, false, 1), poisson(100, false, 1), poissonPlain(40, 2), poissonPlain(60, 1),
    poissonPlain(100, 1), elasticity(40, 20, 20, true), elasticity(60, 30, 30, false)];
  return quick ? all.filter((p) => /(40|60)[³×]/.test(p.name) && !/60×/.test(p.name)) : all;
}

interface AddonRun { setup: number; solve: number; iterations: number; relres: number; memory: number; oc: number; levels: number }

function runAddon(A: CscMatrix, b: Float64Array, options: AmgOptions, repeats: number): AddonRun {
  let best: AddonRun | undefined;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const mg = amg(A, options);
    const t1 = performance.now();
    const out = mg.solve(b, { rtol: RTOL, maxSteps: MAX_ITERATIONS });
    const t2 = performance.now();
    const info = mg.info;
    mg.dispose();
    const run = { setup: (t1 - t0) / 1e3, solve: (t2 - t1) / 1e3, iterations: out.iterations, relres: out.relativeResidual, memory: info.memoryBytes, oc: info.operatorComplexity, levels: info.levels.length };
    if (!best || run.setup + run.solve < best.setup + best.solve) best = run;
  }
  return best!;
}

interface DriverRun { assemble: number; setup: number; solve: number; iterations: number; relres: number }

/** The C driver on the same matrix (stored in full: its columns are its rows) and right-hand side. */
function runDriver(A: CscMatrix, b: Float64Array, options: AmgOptions, repeats: number): DriverRun {
  const full = A.symmetry === 'general' ? A : A.toGeneral();
  const dir = mkdtempSync(join(tmpdir(), 'spsolve-amg-bench-'));
  const file = join(dir, 'matrix.bin');
  try {
    const header = new BigInt64Array([BigInt(full.nrows), BigInt(full.nnz)]);
    writeFileSync(file, Buffer.concat([header, full.colPtr, full.rowIdx, full.values, b].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
    const theta = options.strongThreshold ?? (options.dimension === 3 ? 0.5 : 0.25);
    let best: DriverRun | undefined;
    for (let r = 0; r < repeats; r++) {
      const out = spawnSync(driverPath, [file, String(theta), String(options.numFunctions ?? 1), String(options.aggressiveLevels ?? (options.dimension === 3 ? 1 : 0)), String(RTOL), String(MAX_ITERATIONS)], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`driver failed: ${out.stderr}`);
      const run = JSON.parse(out.stdout) as DriverRun;
      if (!best || run.assemble + run.setup + run.solve < best.assemble + best.setup + best.solve) best = run;
    }
    return best!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runCholmod(A: CscMatrix, b: Float64Array): { total: number; memory: number } {
  const t0 = performance.now();
  const factor = cholesky(A);
  factor.solve(b);
  const t1 = performance.now();
  const memory = factor.info.memoryBytes;
  factor.dispose();
  return { total: (t1 - t0) / 1e3, memory };
}

const s = (x: number) => (x < 1 ? x.toFixed(3) : x.toFixed(2));
const MiB = (x: number) => (x / 2 ** 20).toFixed(0);

function main(): void {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const repeats = argv.includes('--repeats') ? Number(argv[argv.indexOf('--repeats') + 1]) : undefined;
  const info = buildInfo();
  console.log(`HYPRE ${info.hypre} (sequential, in the addon); CHOLMOD ${info.cholmod}, ${info.blas}; PCG to rtol ${RTOL}; default options for 3-D (HMIS, extended+i, θ = 0.5, one aggressive level, hybrid GS, V-cycle)\n`);
  console.log('| problem | n | levels | op. complexity | setup (s) | iterations | solve (s) | total (s) | memory (MiB) | C total (s) | C iterations | addon / C | CHOLMOD total (s) | CHOLMOD memory (MiB) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const growth: { n: number; setup: number; solve: number }[] = [];
  for (const p of problems(quick).filter((q) => !only || q.name.includes(only))) {
    const A = p.build();
    const b = rightHandSide(A);
    const addon = runAddon(A, b, p.options, repeats ?? p.repeats);
    const c = runDriver(A, b, p.options, repeats ?? p.repeats);
    const direct = p.direct ? runCholmod(A, b) : undefined;
    const total = addon.setup + addon.solve;
    const cTotal = c.assemble + c.setup + c.solve;
    if (p.series) growth.push({ n: A.nrows, setup: addon.setup, solve: addon.solve });
    console.log(`| ${p.name} | ${A.nrows.toLocaleString('en-US')} | ${addon.levels} | ${addon.oc.toFixed(2)} | ${s(addon.setup)} | ${addon.iterations} | ${s(addon.solve)} | ${s(total)} | ${MiB(addon.memory)} | ` +
      `${s(cTotal)} | ${c.iterations} | ${(total / cTotal).toFixed(3)} | ${direct ? s(direct.total) : '—'} | ${direct ? MiB(direct.memory) : '—'} |`);
  }
  if (growth.length >= 3) {
    const ns = growth.map((g) => g.n);
    console.log(`\nGrowth exponent p (time ≈ c · n^p, least squares on log-log, Poisson ${growth.length} sizes): setup ${fitExponent(ns, growth.map((g) => g.setup)).toFixed(2)}, solve ${fitExponent(ns, growth.map((g) => g.solve)).toFixed(2)}`);
  }
}

main();
