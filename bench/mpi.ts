/**
 * MUMPS over MPI (spsolve-mpi) against CHOLMOD in-process, and a projection to large n.
 *
 *   npm run bench:mpi              3-D Poisson 60³ and the elasticity block 40×20×20 on 1 and 2 ranks
 *   npm run bench:mpi -- --quick   smaller problems (a smoke run)
 *   node dist/bench/mpi.js --projection-only 3.1   only the projection, at that GFLOP/s per rank
 *
 * 1. Per problem: CHOLMOD's analyze / factor / solve in this process, then MUMPS on 1 and 2 ranks:
 *    the wall time of each phase seen from Node (analyse = create + chunked upload + scatter +
 *    ordering + MUMPS analysis), the workers' own times, the memory per rank MUMPS reports, and the
 *    protocol overhead = Node's wall time minus the workers' time, over the total.
 * 2. Projection: analysis-only runs (no factorisation) of 3-D Poisson at several n on 1–8 ranks
 *    give MUMPS's estimates INFOG(16) (MB, busiest rank), INFOG(17) (MB, all ranks) and RINFOG(1)
 *    (flops); power laws fitted in n, and the per-rank imbalance fitted in log2 K, are extrapolated
 *    to n = 10M and 100M on 16–256 ranks; time = flops / (K · the flop rate one rank reached here).
 */
import { analyze, mpiCluster, poisson3d, type CscMatrix, type RemoteFactorInfo } from '../lib';
import { elasticity3d } from './peers/elasticity';

const quick = process.argv.includes('--quick');
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const mib = (bytes: number) => bytes / 2 ** 20;

interface Row { label: string; analyse: number; factor: number; solve: number; memory: string; worker?: string; overhead?: string }

function cholmodRow(A: CscMatrix, b: Float64Array): { row: Row; x: Float64Array; flops: number } {
  const t0 = performance.now();
  const factor = analyze(A);
  const t1 = performance.now();
  factor.refactor(A.values);
  const t2 = performance.now();
  const x = factor.solve(b);
  const t3 = performance.now();
  const { memoryBytes, flops } = factor.info;
  factor.dispose();
  return { row: { label: 'CHOLMOD in-process', analyse: (t1 - t0) / 1e3, factor: (t2 - t1) / 1e3, solve: (t3 - t2) / 1e3, memory: `${f1(mib(memoryBytes))} MiB (factor)` }, x, flops };
}

async function mumpsRow(A: CscMatrix, b: Float64Array, ranks: number, reference: Float64Array): Promise<{ row: Row; info: RemoteFactorInfo }> {
  const cluster = await mpiCluster({ ranks, timeoutMs: 3_600_000 });
  try {
    const t0 = performance.now();
    const factor = await cluster.analyze(A, { kind: 'cholesky', ordering: 'metis' });
    const t1 = performance.now();
    await factor.refactorAsync(A.values);
    const t2 = performance.now();
    const x = await factor.solveAsync(b);
    const t3 = performance.now();
    const info = await factor.infoAsync();
    factor.dispose();
    let err = 0;
    let scale = 0;
    for (let i = 0; i < x.length; i++) {
      err = Math.max(err, Math.abs(x[i] - reference[i]));
      scale = Math.max(scale, Math.abs(reference[i]));
    }
    if (err > 1e-8 * scale) throw new Error(`MUMPS on ${ranks} ranks differs from CHOLMOD: ${err / scale}`);
    const wall = (t3 - t0) / 1e3;
    const s = info.seconds;
    const worker = s.analyse + s.scatter + s.factorize + s.solve;
    const memory = info.memoryPerRank.map((r) => `${r.usedMB}`).join(' + ') + ' MB used';
    return {
      row: {
        label: `MUMPS, ${ranks} rank${ranks > 1 ? 's' : ''}`,
        analyse: (t1 - t0) / 1e3,
        factor: (t2 - t1) / 1e3,
        solve: (t3 - t2) / 1e3,
        memory,
        worker: `${f2(s.analyse)} / ${f2(s.factorize)} / ${f2(s.solve)}`,
        overhead: `${f2(wall - worker)} s = ${f1((100 * (wall - worker)) / wall)} %`,
      },
      info,
    };
  } finally {
    await cluster.close();
  }
}

function table(rows: Row[]): void {
  console.log('| | analyse s | factor s | solve s | memory | workers: analyse / factor / solve s | protocol overhead |');
  console.log('|---|---:|---:|---:|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${f2(r.analyse)} | ${f2(r.factor)} | ${f2(r.solve)} | ${r.memory} | ${r.worker ?? ''} | ${r.overhead ?? ''} |`);
}

/** Least squares of y = a x + c; returns [a, c]. */
function fitLine(xs: number[], ys: number[]): [number, number] {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const a = sxx === 0 ? 0 : sxy / sxx;
  return [a, my - a * mx];
}

async function projection(flopRatePerRank: number): Promise<void> {
  const sides = quick ? [12, 16, 20] : [20, 28, 36, 44];
  const rankCounts = quick ? [1, 2, 4] : [1, 2, 4, 8];
  const samples: { n: number; ranks: number; maxMB: number; totalMB: number; flops: number }[] = [];
  for (const ranks of rankCounts) {
    const cluster = await mpiCluster({ ranks, timeoutMs: 3_600_000 });
    try {
      for (const side of sides) {
        const A = poisson3d(side);
        const f = await cluster.analyze(A, { kind: 'cholesky', ordering: ranks > 1 ? 'ptscotch' : 'scotch' });
        const i = f.info;
        samples.push({ n: A.nrows, ranks, maxMB: i.estimatedMemoryMaxMB, totalMB: i.estimatedMemoryTotalMB, flops: i.estimatedFlops });
        f.dispose();
      }
    } finally {
      await cluster.close();
    }
  }
  console.log('\nAnalysis-only estimates (3-D Poisson, cholesky; SCOTCH on 1 rank, PT-Scotch on more):\n');
  console.log('| n | ranks | INFOG(16) MB, busiest rank | INFOG(17) MB, all ranks | RINFOG(1) flops |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const s of samples) console.log(`| ${s.n} | ${s.ranks} | ${s.maxMB} | ${s.totalMB} | ${s.flops.toExponential(2)} |`);

  // Totals from the 1-rank analyses (no per-rank overhead): power laws in n. How the total spreads
  // over K ranks, from the largest analysed n on the most ranks: busiest rank × K / 1-rank total
  // (imbalance plus per-rank overhead; 1 would be a perfect split).
  const seq = samples.filter((s) => s.ranks === 1);
  const [memExp, memC] = fitLine(seq.map((s) => Math.log(s.n)), seq.map((s) => Math.log(s.totalMB)));
  const [flopExp, flopC] = fitLine(seq.map((s) => Math.log(s.n)), seq.map((s) => Math.log(s.flops)));
  const largest = Math.max(...samples.map((s) => s.n));
  const kMax = rankCounts[rankCounts.length - 1];
  const atLargest = (k: number) => samples.find((s) => s.n === largest && s.ranks === k)!;
  const spread = (atLargest(kMax).maxMB * kMax) / atLargest(1).totalMB;
  console.log(
    `\nFits on the 1-rank analyses: total memory ∝ n^${f2(memExp)}, flops ∝ n^${f2(flopExp)}. ` +
      `At n = ${largest} on ${kMax} ranks the busiest rank holds ${f2(spread)} × (1-rank total / ${kMax}). ` +
      `One rank's factorisation rate here: ${f1(flopRatePerRank / 1e9)} GFLOP/s.\n`,
  );
  const time = (seconds: number) => (seconds < 7200 ? `${f1(seconds / 60)} min` : `${f1(seconds / 3600)} h`);
  console.log(`| n | ranks | total GB | GB per rank, perfect split | GB per rank, × ${f2(spread)} (as at ${kMax} ranks) | flops | time at ${f1(flopRatePerRank / 1e9)} GFLOP/s per rank, perfect scaling |`);
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of [1e7, 1e8]) {
    const totalGB = (Math.exp(memC) * n ** memExp) / 1024;
    const flops = Math.exp(flopC) * n ** flopExp;
    for (const k of [16, 32, 64, 128, 256]) {
      console.log(`| ${n.toExponential(0)} | ${k} | ${f1(totalGB)} | ${f1(totalGB / k)} | ${f1((spread * totalGB) / k)} | ${flops.toExponential(2)} | ${time(flops / (k * flopRatePerRank))} |`);
    }
  }
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--projection-only');
  if (only >= 0) {
    // node dist/bench/mpi.js --projection-only <GFLOP/s of one rank, from a full run>
    await projection(Number(process.argv[only + 1]) * 1e9);
    return;
  }
  const problems: [string, () => CscMatrix][] = quick
    ? [['3-D Poisson 24³', () => poisson3d(24)], ['elasticity 16×8×8', () => elasticity3d(16, 8, 8)]]
    : [['3-D Poisson 60³', () => poisson3d(60)], ['elasticity 40×20×20', () => elasticity3d(40, 20, 20)]];
  let rate = 0;
  for (const [name, build] of problems) {
    const A = build();
    const b = new Float64Array(A.nrows).fill(1);
    console.log(`\n### ${name}: n = ${A.nrows}, nnz(lower) = ${A.nnz}\n`);
    const local = cholmodRow(A, b);
    const rows = [local.row];
    for (const ranks of [1, 2]) {
      const { row, info } = await mumpsRow(A, b, ranks, local.x);
      rows.push(row);
      if (ranks === 1 && name.includes('Poisson')) rate = info.flops / info.seconds.factorize;
    }
    table(rows);
    console.log(`\n(CHOLMOD ${(local.flops / 1e9).toFixed(0)} GFLOP.)`);
  }
  await projection(rate);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
