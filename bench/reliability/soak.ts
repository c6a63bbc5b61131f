/**
 * Soak test (`npm run soak`): many factorize / solve / dispose cycles with the resident set size
 * sampled, to show that native memory does not grow and that no handle is left behind.
 *
 *   node --expose-gc dist/bench/reliability/soak.js [--small 1000000] [--large 1000] [--grid 30]
 *                                                   [--ordering default] [--tolerance 0.05]
 *
 * Small cycles: poisson2d(4) (n = 16); every 4th cycle also refactors and solves a block of
 * right-hand sides, every 10th goes through choleskyAsync / solveAsync. Large cycles:
 * poisson3d(grid) (n = grid³). The RSS is sampled after a full GC (so that JS garbage does not
 * count); after a warm-up of 10% of the cycles, the median of the last tenth of the samples of
 * RSS − V8 heapTotal (the memory outside the JS heap, where a native leak would be) must be within
 * `tolerance` of the median of the first tenth. Exit code 1 if it is not, or if liveHandles() is
 * not 0 at the end. The RSS itself and V8's heap are reported beside it.
 */
import { cholesky, choleskyAsync, liveHandles, poisson2d, poisson3d, type CscMatrix, type Ordering } from '../../lib';

function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const k = args.indexOf(`--${name}`);
  return k >= 0 && k + 1 < args.length ? args[k + 1] : fallback;
}

const gc = (globalThis as { gc?: () => void }).gc;

function rssMiB(): number {
  gc?.();
  const m = process.memoryUsage();
  lastHeapMiB = m.heapTotal / 2 ** 20;
  return m.rss / 2 ** 20;
}

/** V8's heap (heapTotal) at the last RSS sample: RSS − heap is the memory outside the JS heap. */
let lastHeapMiB = 0;

interface Phase {
  name: string;
  cycles: number;
  seconds: number;
  warmRss: number;
  /** Median RSS of the tenth of the samples right after the warm-up, and of the last tenth. */
  earlyRss: number;
  lateRss: number;
  maxRss: number;
  finalRss: number;
  samples: number[];
  /** V8 heapTotal at each sample, and medians as for the RSS: what of a change is the JS heap. */
  heap: number[];
  earlyHeap: number;
  lateHeap: number;
  /** RSS − heapTotal: native memory (the addon, CHOLMOD, OpenBLAS, node) and the rest. */
  earlyOutside: number;
  lateOutside: number;
  rssGrowth: number;
  /** The criterion: growth of RSS − heapTotal (late median / early median − 1). */
  growth: number;
}

/** Runs `cycles` cycles, sampling the RSS `sampleCount` times; the first 10% are the warm-up. */
async function phase(name: string, cycles: number, sampleCount: number, cycle: (k: number) => void | Promise<void>): Promise<Phase> {
  const every = Math.max(1, Math.floor(cycles / sampleCount));
  const warmup = Math.floor(cycles / 10);
  const samples: number[] = [];
  const heap: number[] = [];
  let warmRss = NaN;
  const start = process.hrtime.bigint();
  for (let k = 0; k < cycles; k++) {
    await cycle(k);
    if (k + 1 === warmup) warmRss = rssMiB();
    if ((k + 1) % every === 0) {
      const rss = rssMiB();
      samples.push(rss);
      heap.push(lastHeapMiB);
      process.stdout.write(`\r${name}: ${k + 1}/${cycles} cycles, RSS ${rss.toFixed(1)} MiB   `);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write('\n');
  // Growth: the median of the last tenth of the samples against the median of the tenth right
  // after the warm-up. Medians, because one sample can land while glibc still holds a freed
  // block of a large factor, which is noise, not growth; the maximum is reported beside them.
  // The criterion is on RSS − V8's heapTotal: V8 resizes its heap in steps of megabytes on its
  // own schedule (a JS-heap leak would show in heapUsed, which jest-style tests already watch),
  // while a native leak can only show outside the JS heap.
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const after = samples.slice(tenth);
  const early = median(after.slice(0, tenth));
  const late = median(after.slice(-tenth));
  const maxRss = Math.max(...after);
  const finalRss = samples[samples.length - 1];
  const outside = samples.map((r, k) => r - heap[k]).slice(tenth);
  const earlyOutside = median(outside.slice(0, tenth));
  const lateOutside = median(outside.slice(-tenth));
  return {
    name, cycles, seconds, warmRss, earlyRss: early, lateRss: late, maxRss, finalRss, samples, heap,
    rssGrowth: late / early - 1, growth: lateOutside / earlyOutside - 1,
    earlyHeap: median(heap.slice(tenth, 2 * tenth)), lateHeap: median(heap.slice(-tenth)), earlyOutside, lateOutside,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<number> {
  const small = Number(option('small', '1000000'));
  const large = Number(option('large', '1000'));
  const grid = Number(option('grid', '30'));
  const ordering = option('ordering', 'default') as Ordering;
  const tolerance = Number(option('tolerance', '0.05'));
  if (!gc) console.log('note: run with node --expose-gc for RSS samples after a full GC');
  console.log(`node ${process.version}, RSS at start ${rssMiB().toFixed(1)} MiB, liveHandles ${liveHandles()}`);

  const S = poisson2d(4);
  const bS = new Float64Array(S.nrows).fill(1);
  const block = { nrows: S.nrows, ncols: 3, data: new Float64Array(3 * S.nrows).fill(1) };
  const scaled = S.values.map((v) => 2 * v);
  const smallCycle = async (k: number) => {
    if (k % 10 === 9) {
      const f = await choleskyAsync(S);
      await f.solveAsync(bS);
      f.dispose();
      return;
    }
    const f = cholesky(S);
    f.solve(bS);
    if (k % 4 === 3) {
      f.refactor(scaled);
      f.solve(block);
    }
    f.dispose();
  };

  let L: CscMatrix | undefined;
  let bL: Float64Array | undefined;
  const largeCycle = (k: number) => {
    L ??= poisson3d(grid);
    bL ??= new Float64Array(L.nrows).fill(1);
    const f = cholesky(L, { ordering });
    f.solve(bL);
    f.dispose();
  };

  const phases: Phase[] = [];
  if (small > 0) phases.push(await phase(`small (poisson2d(4), n = ${S.nrows})`, small, 200, smallCycle));
  if (large > 0) phases.push(await phase(`large (poisson3d(${grid}), n = ${grid ** 3}, ordering ${ordering})`, large, 100, largeCycle));

  let ok = true;
  console.log('\nphase                                              cycles   seconds  µs/cycle  RSS early  RSS late  RSS max  RSS growth  native growth');
  for (const p of phases) {
    const flat = p.growth <= tolerance;
    ok &&= flat;
    console.log(
      `${p.name.padEnd(50)} ${String(p.cycles).padStart(7)} ${p.seconds.toFixed(1).padStart(9)} ${((p.seconds / p.cycles) * 1e6).toFixed(0).padStart(9)}` +
        ` ${p.earlyRss.toFixed(1).padStart(10)} ${p.lateRss.toFixed(1).padStart(9)} ${p.maxRss.toFixed(1).padStart(8)} ${(100 * p.rssGrowth).toFixed(2).padStart(9)}% ${(100 * p.growth).toFixed(2).padStart(9)}%  ${flat ? 'flat' : 'GROWS'}`,
    );
  }
  console.log('\nwhere a change is (medians, MiB):      V8 heapTotal early → late    RSS − heapTotal early → late');
  for (const p of phases) {
    console.log(`${p.name.slice(0, 36).padEnd(38)} ${p.earlyHeap.toFixed(1).padStart(8)} → ${p.lateHeap.toFixed(1).padEnd(12)} ${p.earlyOutside.toFixed(1).padStart(10)} → ${p.lateOutside.toFixed(1)}`);
  }
  const live = liveHandles();
  console.log(`liveHandles() at the end: ${live}`);
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
  console.log(`SOAK ${JSON.stringify(phases.map(({ samples, heap, ...p }) => ({ ...p, samplesMiB: round(samples), heapMiB: round(heap) })))}`);
  return ok && live === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; });
