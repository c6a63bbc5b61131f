/**
 * The addon in several JS environments at once (worker_threads: one addon instance and handle
 * table each) and the FinalizationRegistry backstop. Both run the compiled package (dist/), the
 * way users load it.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

const entry = path.resolve(__dirname, '..', 'dist', 'lib', 'index.js');

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { cholesky, poisson2d, liveHandles } = require(workerData.entry);
const A = poisson2d(workerData.size);
const b = new Float64Array(A.nrows).fill(1);
const results = [];
for (let round = 0; round < 5; round++) {
  const f = cholesky(A, { ordering: round % 2 ? 'metis' : 'amd' });
  const x = f.solve(b);
  const r = A.matvec(x);
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) { num += (b[i] - r[i]) ** 2; den += b[i] ** 2; }
  results.push(Math.sqrt(num / den));
  if (!workerData.leak) f.dispose();
}
parentPort.postMessage({ residuals: results, live: liveHandles() });
`;

function runWorker(size: number, leak: boolean): Promise<{ residuals: number[]; live: number; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { entry, size, leak } });
    let message: { residuals: number[]; live: number } | undefined;
    worker.on('message', (m) => { message = m; });
    worker.on('error', reject);
    worker.on('exit', (exitCode) => (message ? resolve({ ...message, exitCode }) : reject(new Error(`worker exited ${exitCode} without a result`))));
  });
}

describe('worker threads', () => {
  it('4 workers load the addon and factorize at once, with correct results, and exit cleanly', async () => {
    const results = await Promise.all([60, 70, 80, 90].map((size, k) => runWorker(size, k === 3)));
    for (const [k, r] of results.entries()) {
      expect(r.exitCode).toBe(0);
      expect(r.residuals).toHaveLength(5);
      for (const res of r.residuals) expect(res).toBeLessThan(1e-12);
      // each worker has its own table: the leaking one sees only its own 5 factors
      expect(r.live).toBe(k === 3 ? 5 : 0);
    }
  });
});

describe('finalization backstop', () => {
  it('factors that are garbage-collected undisposed are freed', () => {
    const script = `
      const { cholesky, poisson2d, liveHandles } = require(${JSON.stringify(entry)});
      const A = poisson2d(20);
      (function make() { for (let k = 0; k < 300; k++) cholesky(A); })();
      const made = liveHandles();
      (async () => {
        for (let round = 0; round < 50 && liveHandles() > 0; round++) {
          global.gc();
          await new Promise((r) => setTimeout(r, 10));
        }
        console.log(JSON.stringify({ made, after: liveHandles() }));
      })();
    `;
    const run = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 60000 });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ made: 300, after: 0 });
  });
});
