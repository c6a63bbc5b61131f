/**
 * Evidence for spsolve's defaults (`node dist/bench/tune.js [--only TEXT]`): the fill-reducing
 * ordering per problem class, OpenBLAS threads on this machine, and CHOLMOD's supernodal
 * relaxation (Common->nrelax / zrelax, which the addon does not expose: swept with
 * bench/peers/relax, built by bench/peers/setup against the same static CHOLMOD). Factorisation
 * rates are printed next to dgemm's rate measured in the same run ("fraction of peak").
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, CscMatrix, getThreads, setThreads, type Ordering } from '../lib';
import { PROBLEMS } from './peers';
import { rightHandSide, writeProblem } from './peers/exchange';

const peersDir = path.resolve(__dirname, '..', '..', 'bench', 'peers');

/** Best of several: the machine may be shared, and the peak is what it can do when it is not. */
function dgemm(threads: number): number {
  let best = 0;
  for (let r = 0; r < 6; r++) {
    const out = spawnSync(path.join(peersDir, 'dgemm'), ['2000', String(threads)], { encoding: 'utf8' }).stdout;
    best = Math.max(best, (JSON.parse(out) as { gflops: number }).gflops);
  }
  return best;
}

interface Run { analyze: number; factor: number; solve: number; flops: number; nnzL: number; memoryBytes: number; ordering: string }

/** Best of `repeats` analyze + factor + solve with the addon. */
export function timeSpsolve(A: CscMatrix, b: Float64Array, ordering: Ordering, repeats: number): Run {
  const best: Run = { analyze: Infinity, factor: Infinity, solve: Infinity, flops: 0, nnzL: 0, memoryBytes: 0, ordering: '' };
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const factor = analyze(A, { ordering });
    const t1 = performance.now();
    factor.refactor(A.values);
    const t2 = performance.now();
    factor.solve(b);
    const t3 = performance.now();
    const { flops, nnzL, memoryBytes, ordering: used } = factor.info;
    factor.dispose();
    Object.assign(best, { flops, nnzL, memoryBytes, ordering: used });
    best.analyze = Math.min(best.analyze, (t1 - t0) / 1e3);
    best.factor = Math.min(best.factor, (t2 - t1) / 1e3);
    best.solve = Math.min(best.solve, (t3 - t2) / 1e3);
  }
  return best;
}

const s = (x: number) => (x < 0.1 ? x.toFixed(4) : x.toFixed(3));
const M = (x: number) => (x / 1e6).toFixed(2);
const problems = (only?: string) => PROBLEMS.filter((p) => !only || p.name.includes(only));

function orderings(only: string | undefined, peak: number): void {
  console.log(`\n### Ordering (BLAS threads ${getThreads()}; best of 5)\n`);
  console.log('| problem | ordering | used | analyze | factor | solve | total (s) | nnz(L) M | GFLOP | GFLOP/s | of peak |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, build } of problems(only)) {
    const A = build(), b = rightHandSide(A);
    const rows = (['default', 'amd', 'metis', 'nesdis'] as const).map((o) => [o, timeSpsolve(A, b, o, 5)] as const);
    const fastest = Math.min(...rows.map(([, r]) => r.analyze + r.factor + r.solve));
    for (const [o, r] of rows) {
      const total = r.analyze + r.factor + r.solve, rate = r.flops / r.factor / 1e9;
      console.log(`| ${name} | ${o} | ${r.ordering} | ${s(r.analyze)} | ${s(r.factor)} | ${s(r.solve)} | ${total === fastest ? `**${s(total)}**` : s(total)} | ` +
        `${M(r.nnzL)} | ${(r.flops / 1e9).toFixed(1)} | ${rate.toFixed(1)} | ${((100 * rate) / peak).toFixed(0)}% |`);
    }
  }
}

function threads(only: string | undefined, peak1: number, peak2: number): void {
  console.log('\n### OpenBLAS threads (default ordering; best of 3)\n');
  console.log('| problem | threads | factor (s) | solve (s) | GFLOP/s | of that many threads\' dgemm | of 2-thread dgemm |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const before = getThreads();
  for (const { name, build } of problems(only)) {
    const A = build(), b = rightHandSide(A);
    for (const t of [1, 2]) {
      setThreads(t);
      const r = timeSpsolve(A, b, 'default', 3);
      const rate = r.flops / r.factor / 1e9;
      console.log(`| ${name} | ${t} | ${s(r.factor)} | ${s(r.solve)} | ${rate.toFixed(1)} | ${((100 * rate) / (t === 1 ? peak1 : peak2)).toFixed(0)}% | ${((100 * rate) / peak2).toFixed(0)}% |`);
    }
  }
  setThreads(before);
}

/** CHOLMOD's defaults first (nrelax 4, 16, 48; zrelax 0.8, 0.1, 0.05). */
const RELAX: [string, number[], number[]][] = [
  ['CHOLMOD default', [4, 16, 48], [0.8, 0.1, 0.05]],
  ['none', [0, 0, 0], [0, 0, 0]],
  ['2× nrelax', [8, 32, 96], [0.8, 0.1, 0.05]],
  ['4× nrelax', [16, 64, 192], [0.8, 0.1, 0.05]],
  ['2× zrelax', [4, 16, 48], [0.8, 0.2, 0.1]],
  ['2× both', [8, 32, 96], [0.8, 0.2, 0.1]],
];

function relaxation(only: string | undefined, blasThreads: number, peak: number): void {
  const relax = path.join(peersDir, 'relax');
  if (!fs.existsSync(relax)) return console.log('\n(relaxation sweep skipped: run bench/peers/setup to build bench/peers/relax)');
  console.log(`\n### Supernodal relaxation (C, same static CHOLMOD, default ordering, ${blasThreads} BLAS thread(s), best of 3)\n`);
  console.log('| problem | nrelax | zrelax | setting | factor (s) | stored entries M | GFLOP/s (unrelaxed flops) | of peak |');
  console.log('|---|---|---|---|---:|---:|---:|---:|');
  const file = path.join(os.tmpdir(), `spsolve-tune-${process.pid}.bin`);
  for (const { name, build } of problems(only).filter((p) => p.name !== 'bcsstk16')) {
    const A = build();
    writeProblem(file, A, rightHandSide(A));
    for (const [label, n, z] of RELAX) {
      const run = spawnSync(relax, [file, '-1', ...n.map(String), ...z.map(String), '3'],
        { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: String(blasThreads) } });
      const r = JSON.parse(run.stdout) as { factor: number; flops: number; stored: number };
      const rate = r.flops / r.factor / 1e9;
      console.log(`| ${name} | ${n.join(', ')} | ${z.join(', ')} | ${label} | ${s(r.factor)} | ${M(r.stored)} | ${rate.toFixed(1)} | ${((100 * rate) / peak).toFixed(0)}% |`);
    }
  }
  fs.rmSync(file, { force: true });
}

function main(argv: string[]): void {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const peak1 = dgemm(1), peak2 = dgemm(2);
  console.log(`machine: ${os.cpus()[0].model}, ${os.cpus().length} cores; dgemm (OpenBLAS, n = 2000) ` +
    `${peak1.toFixed(1)} GFLOP/s on 1 thread, ${peak2.toFixed(1)} on 2; spsolve's default BLAS threads ${getThreads()}`);
  if (!argv.includes('--no-orderings')) orderings(only, getThreads() === 1 ? peak1 : peak2);
  if (!argv.includes('--no-threads')) threads(only, peak1, peak2);
  if (!argv.includes('--no-relax')) for (const t of [1, 2]) relaxation(only, t, t === 2 ? peak2 : peak1);
  console.log(`\ndgemm again at the end: ${dgemm(1).toFixed(1)} GFLOP/s on 1 thread, ${dgemm(2).toFixed(1)} on 2`);
}

if (require.main === module) main(process.argv.slice(2));
