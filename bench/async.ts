/**
 * `node dist/bench/async.js`: throughput of async jobs with 1, 2 and 4 in flight at once, for the
 * default BLAS thread policy ('auto', see setThreads), for one thread per call, and for BLAS
 * threads = cores on every call, which oversubscribes the machine as soon as two jobs run together.
 *
 * Jobs: numeric refactorisations of a 3D Poisson matrix (each stream owns its factor) and
 * solves with 16 right-hand sides on one shared factor. Every run does the same total work.
 */
import * as os from 'node:os';
import { buildInfo, cholesky, getThreads, setThreads, type Factor, type ThreadPolicy } from '../lib/cholmod';
import { poisson3d } from '../lib/sparse';

const CONCURRENCY = [1, 2, 4];
const FACTOR_JOBS = 16;
const SOLVE_JOBS = 64;
const SIDE = Number(process.env.POISSON_N ?? 36);

/** Runs `total` jobs keeping `inFlight` of them running; returns jobs per second. */
async function throughput(total: number, inFlight: number, job: (stream: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async (_, stream) => {
    while (next < total) {
      next++;
      await job(stream);
    }
  }));
  return total / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const cores = os.availableParallelism();
  const defaultPolicy = getThreads();
  const { cholmod } = buildInfo();
  const A = poisson3d(SIDE);
  const factors: Factor[] = Array.from({ length: Math.max(...CONCURRENCY) }, () => cholesky(A));
  const shared = cholesky(A);
  const B = { nrows: A.nrows, ncols: 16, data: new Float64Array(A.nrows * 16).fill(1) };
  console.log(`CHOLMOD ${cholmod}, ${cores} cores (UV_THREADPOOL_SIZE ` +
              `${process.env.UV_THREADPOOL_SIZE ?? 4}), node ${process.version}`);
  console.log(`\n### Async throughput: 3D Poisson ${SIDE}³ (n = ${A.nrows.toLocaleString('en')}, ` +
              `one factorisation ${(factors[0].info.factorSeconds * 1e3).toFixed(0)} ms)\n`);
  console.log('| jobs in flight | BLAS threads | refactorAsync (jobs/s) | speed-up | solveAsync, 16 rhs (jobs/s) | speed-up |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const threads of [...new Set<ThreadPolicy>([defaultPolicy, 1, cores])]) {
    setThreads(threads);
    let baseFactor = 0, baseSolve = 0;
    for (const c of CONCURRENCY) {
      await factors[0].refactorAsync(A.values); // warm-up
      const f = await throughput(FACTOR_JOBS, c, (s) => factors[s].refactorAsync(A.values));
      const s = await throughput(SOLVE_JOBS, c, () => shared.solveAsync(B));
      if (c === 1) [baseFactor, baseSolve] = [f, s];
      console.log(`| ${c} | ${threads}${threads === defaultPolicy ? ' (default)' : ''} | ${f.toFixed(2)} | ` +
                  `${(f / baseFactor).toFixed(2)}× | ${s.toFixed(1)} | ${(s / baseSolve).toFixed(2)}× |`);
    }
  }
  setThreads(defaultPolicy);
  factors.forEach((f) => f.dispose());
  shared.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
