/**
 * Fault injection (`npm run faults`; results in docs/reliability.md). Each scenario runs in its
 * own child process, so that a fault that did kill the process is seen as such. It lives under
 * test/ because test/faults.test.ts runs it; tsc compiles it to dist/test/harness/ (tsconfig.json).
 *
 *   node dist/test/harness/faults.js                 all scenarios, a summary table
 *   node dist/test/harness/faults.js oom [grid]      CHOLMOD out of memory (poisson3d(grid), natural ordering)
 *   node dist/test/harness/faults.js metis-guard     METIS refused by CHOLMOD's memory guard under an address-space limit
 *   node dist/test/harness/faults.js worker [grid]   worker threads terminated in the middle of choleskyAsync
 *
 * A scenario prints one line `FAULT {json}`; the parent checks it and the child's exit status.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { CholmodError, CscMatrix, cholesky, analyze, liveHandles, poisson2d, poisson3d } from '../../lib';

// The compiled library beside this file's output: dist/test/harness/ → dist/lib/index.js.
const entry = path.resolve(__dirname, '..', '..', 'lib', 'index.js');

function report(result: Record<string, unknown>): void {
  console.log(`FAULT ${JSON.stringify(result)}`);
}

/** A small factorisation and solve with its residual: "later calls work". */
function laterCallWorks(): boolean {
  const A = poisson2d(20); // simplicial (no BLAS)
  const b = new Float64Array(A.nrows).fill(1);
  const f = cholesky(A);
  const r = A.matvec(f.solve(b));
  f.dispose();
  return r.every((v, k) => Math.abs(v - b[k]) < 1e-10);
}

/** L of poisson3d(grid) in the natural order has ~grid⁵ entries: far more than the machine's memory. */
function oom(grid: number): void {
  const A = poisson3d(grid);
  const t0 = Date.now();
  let error: unknown;
  try {
    cholesky(A, { ordering: 'natural' }).dispose();
  } catch (e) {
    error = e;
  }
  const ms = Date.now() - t0;
  const e = error as CholmodError | undefined;
  const analysis = analyze(A, { ordering: 'natural' });
  const nnzL = analysis.info.nnzL;
  analysis.dispose();
  report({
    scenario: 'oom', grid, n: A.nrows, nnzL, bytesOfL: nnzL * 8, ms,
    error: e && { name: e.name, code: e.code, status: e.status, message: e.message, isCholmodError: e instanceof CholmodError },
    laterCallWorks: laterCallWorks(), liveHandles: liveHandles(),
  });
}

function vmSizeKiB(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return Number(/VmSize:\s+(\d+)/.exec(status)![1]);
}

/**
 * A banded SPD matrix (lower triangle, half-bandwidth `band`): many entries, little fill, so
 * METIS's guard block (2 × (10 nz + 50 n + 4096) 8-byte integers, about 20 times the matrix) is
 * by far the largest allocation of a factorisation.
 */
function banded(n: number, band: number): CscMatrix {
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) colPtr[j + 1] = colPtr[j] + Math.min(band + 1, n - j);
  const rowIdx = new Int32Array(colPtr[n]);
  const values = new Float64Array(colPtr[n]);
  for (let j = 0; j < n; j++) {
    for (let k = colPtr[j], i = j; k < colPtr[j + 1]; k++, i++) {
      rowIdx[k] = i;
      values[k] = i === j ? 2 * band + 1 : -1;
    }
  }
  return new CscMatrix(n, n, colPtr, rowIdx, values, { symmetry: 'lower' });
}

const GUARD_N = 20000;
const GUARD_BAND = 100;

/**
 * Factorise the banded matrix asking for METIS. Under an address-space limit (set by the parent)
 * the guard's trial allocation fails, CHOLMOD skips METIS (which would abort the process when
 * it runs out of memory) and its AMD backup orders the matrix instead.
 */
function metisGuardChild(): void {
  const A = banded(GUARD_N, GUARD_BAND);
  const b = new Float64Array(A.nrows).fill(1);
  const vm = vmSizeKiB();
  if (process.env.FAULT_PROBE) {
    report({ scenario: 'metis-guard-probe', vmSizeKiB: vm });
    return;
  }
  let result: Record<string, unknown>;
  try {
    // Simplicial: no BLAS. Under an address-space limit OpenBLAS's buffer allocator
    // (blas_memory_alloc) retries its failed mmap forever, a hang (see docs/reliability.md).
    const f = cholesky(A, { ordering: 'metis', mode: 'simplicial' });
    const r = A.matvec(f.solve(b));
    const residual = r.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k])), 0);
    result = { orderingUsed: f.info.ordering, nnzL: f.info.nnzL, residual };
    f.dispose();
  } catch (e) {
    const err = e as CholmodError;
    result = { error: { name: err.name, code: err.code, message: err.message } };
  }
  report({ scenario: 'metis-guard', n: A.nrows, nnzA: A.nnz, vmSizeKiB: vm, ...result, laterCallWorks: laterCallWorks(), liveHandles: liveHandles() });
}

function metisGuard(headroomMiB: number[]): Record<string, unknown> {
  const nz = 2 * GUARD_N * GUARD_BAND;
  const guardMiB = (2 * (10 * nz + 50 * GUARD_N + 4096) * 8) / 2 ** 20;
  const probe = runScenario(['metis-guard-child'], { FAULT_PROBE: '1' });
  const vm = Number(probe.result?.vmSizeKiB);
  const limited = headroomMiB.map((h) => ({ headroomMiB: h, ...runScenario(['metis-guard-child'], {}, vm + h * 1024) }));
  const unlimited = runScenario(['metis-guard-child']);
  return { guardMiB, probeVmSizeKiB: vm, limited, unlimited };
}

/** Workers that start choleskyAsync(poisson3d(grid)) and are terminated after `delays` ms. */
async function workerTerminate(grid: number, delays: number[]): Promise<void> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { choleskyAsync, poisson3d } = require(workerData.entry);
    const A = poisson3d(workerData.grid);
    parentPort.postMessage('started');
    choleskyAsync(A).then((f) => { parentPort.postMessage('finished'); f.dispose(); });
  `;
  const outcomes: Array<{ delayMs: number; finishedBeforeTerminate: boolean; exitCode: number; mainFactorWorks: boolean }> = [];
  for (const delayMs of delays) {
    const worker = new Worker(source, { eval: true, workerData: { entry, grid } });
    let finished = false;
    await new Promise<void>((resolve) => worker.on('message', (m) => { if (m === 'started') resolve(); else finished = true; }));
    await new Promise((r) => setTimeout(r, delayMs));
    const exitCode = await worker.terminate();
    outcomes.push({ delayMs, finishedBeforeTerminate: finished, exitCode, mainFactorWorks: laterCallWorks() });
  }
  // The main thread keeps factorising while the terminated workers' jobs drain from the pool.
  const mainStillWorks = laterCallWorks();
  report({ scenario: 'worker', grid, outcomes, mainStillWorks, liveHandles: liveHandles() });
}

interface ScenarioRun {
  status: number | null;
  signal: string | null;
  seconds: number;
  result?: Record<string, unknown>;
  stderr: string;
}

function runScenario(args: string[], env: Record<string, string> = {}, limitKiB?: number): ScenarioRun {
  const node = [process.execPath, __filename, ...args].map((a) => `'${a}'`).join(' ');
  const command = limitKiB ? `ulimit -v ${limitKiB} && exec ${node}` : `exec ${node}`;
  const t0 = Date.now();
  const run = spawnSync('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('FAULT '));
  return {
    status: run.status, signal: run.signal, seconds: (Date.now() - t0) / 1000,
    result: line ? JSON.parse(line.slice(6)) : undefined, stderr: run.stderr.slice(-2000),
  };
}

async function main(): Promise<void> {
  const [scenario, arg] = process.argv.slice(2);
  switch (scenario) {
    case 'oom': return oom(Number(arg ?? 100));
    case 'metis-guard-child': return metisGuardChild();
    case 'metis-guard': return report({ scenario: 'metis-guard-summary', ...metisGuard((arg ?? '150,300,450,600,800').split(',').map(Number)) });
    case 'worker': return workerTerminate(Number(arg ?? 50), [0, 5, 20, 50, 100, 200, 500, 1000]);
    case undefined: {
      const oomRun = runScenario(['oom', '100']);
      console.log('oom:', JSON.stringify(oomRun, null, 2));
      console.log('metis-guard:', JSON.stringify(metisGuard([300]), null, 2));
      console.log('worker:', JSON.stringify(runScenario(['worker', '50']), null, 2));
      return;
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
