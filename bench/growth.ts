/**
 * Cost growth (`node dist/bench/growth.js`): time per phase, nnz(L), flops and native memory of
 * spsolve against n for 2-D and 3-D Poisson over more than a decade of sizes, with the exponent p
 * of a least-squares fit cost ≈ c · n^p on log-log axes. Default options and threads.
 * Nested dissection theory: 2-D nnz(L) ~ n log n, flops ~ n^1.5; 3-D nnz(L) ~ n^(4/3), flops ~ n^2.
 */
import { getThreads, poisson2d, poisson3d } from '../lib';
import { fitExponent, rightHandSide } from './peers/exchange';
import { timeSpsolve } from './tune';

const CLASSES = [
  { name: '2D Poisson', sizes: [250, 350, 500, 700, 1000], build: (k: number) => poisson2d(k), label: (k: number) => `${k}²` },
  { name: '3D Poisson', sizes: [20, 25, 32, 40, 50, 60], build: (k: number) => poisson3d(k), label: (k: number) => `${k}³` },
];

const COLUMNS = ['analyze', 'factor', 'solve', 'nnzL', 'flops', 'memoryBytes'] as const;

function main(): void {
  console.log(`BLAS threads ${getThreads()}; best of 3 per size\n`);
  const fits: string[] = [];
  for (const cls of CLASSES) {
    console.log(`### ${cls.name}\n`);
    console.log('| grid | n | ordering | analyze (s) | factor (s) | solve (s) | nnz(L) | GFLOP | memory (MiB) | GFLOP/s |');
    console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
    const ns: number[] = [];
    const series: Record<(typeof COLUMNS)[number], number[]> = { analyze: [], factor: [], solve: [], nnzL: [], flops: [], memoryBytes: [] };
    for (const k of cls.sizes) {
      const A = cls.build(k);
      const r = timeSpsolve(A, rightHandSide(A), 'default', 3);
      ns.push(A.nrows);
      for (const c of COLUMNS) series[c].push(r[c]);
      console.log(`| ${cls.label(k)} | ${A.nrows.toLocaleString('en-US')} | ${r.ordering} | ${r.analyze.toFixed(3)} | ${r.factor.toFixed(3)} | ${r.solve.toFixed(4)} | ` +
        `${r.nnzL.toLocaleString('en-US')} | ${(r.flops / 1e9).toFixed(2)} | ${(r.memoryBytes / 2 ** 20).toFixed(0)} | ${(r.flops / r.factor / 1e9).toFixed(1)} |`);
    }
    console.log('');
    fits.push(`| ${cls.name} | ${ns[0].toLocaleString('en-US')} – ${ns[ns.length - 1].toLocaleString('en-US')} | ` +
      COLUMNS.map((c) => fitExponent(ns, series[c]).toFixed(2)).join(' | ') + ' |');
  }
  console.log('### Fitted exponent p (cost ≈ c · n^p, least squares on log-log)\n');
  console.log('| problem | n | analyze | factor | solve | nnz(L) | flops | memory |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const f of fits) console.log(f);
}

main();
