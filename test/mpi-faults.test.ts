/**
 * Faults of the MPI worker: a rank killed during a factorisation, the worker (rank 0) killed
 * during a solve, a worker that never answers, one that answers garbage, and Node itself killed
 * with SIGKILL while its cluster works. Each gives a typed RemoteSolverError within seconds, no
 * hang, no orphan process, and a new cluster works afterwards.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MpiCluster, RemoteSolverError, liveHandles, mpiCluster, poisson2d, poisson3d } from '../lib';
import { describeMpi, parentOf, processAlive, waitGone } from './helpers/mpi';
import { REPO, ensureBuilt } from './helpers/spawn';

/** Resolves to [the error, milliseconds until it came]; fails the test if `promise` resolves. */
async function failure(promise: Promise<unknown>): Promise<[RemoteSolverError, number]> {
  const start = Date.now();
  try {
    await promise;
  } catch (error) {
    return [error as RemoteSolverError, Date.now() - start];
  }
  throw new Error('expected a failure');
}

/** The job's processes: the ranks and mpirun. */
/**
 * The job's ranks and its mpirun, read while the job runs: once mpirun has exited, rank 0's
 * parent is init (or a subreaper), which never goes.
 */
function jobPids(cluster: MpiCluster): number[] {
  return [...cluster.pids, parentOf(cluster.pids[0])];
}

/** A stand-in for mpirun: connects to the socket like rank 0, then stays silent or answers garbage. */
function fakeMpirun(dir: string, mode: 'silent' | 'garbage'): string {
  const script = join(dir, `fake-mpirun-${mode}`);
  writeFileSync(
    script,
    `#!${process.execPath}
const net = require('node:net');
const path = process.argv[process.argv.indexOf('--socket') + 1];
const socket = net.connect(path);
socket.on('data', () => { if (${JSON.stringify(mode)} === 'garbage') socket.write(Buffer.alloc(32, 0x5a)); });
socket.on('close', () => process.exit(0));
`,
  );
  chmodSync(script, 0o755);
  return script;
}

describeMpi('faults of the MPI worker', () => {
  const live0 = liveHandles();
  const everyPid: number[] = [];
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spsolve-mpi-faults-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    // No orphans after the suite: every rank and mpirun these tests started is gone.
    expect(await waitGone(everyPid, 5000)).toEqual([]);
    expect(liveHandles()).toBe(live0);
  });

  it('a rank killed during the factorisation: worker-exited within seconds, factors lost, restart works', async () => {
    const cluster = await mpiCluster({ ranks: 2, timeoutMs: 60_000 });
    const pids = jobPids(cluster);
    everyPid.push(...pids);
    const A = poisson3d(30);
    const small = await cluster.factorize(poisson2d(5), { kind: 'cholesky' });
    const factor = await cluster.analyze(A, { kind: 'cholesky', ordering: 'metis' });
    const before = liveHandles();
    // Rank 1 stopped first: the factorisation cannot finish before the kill, however fast the machine.
    process.kill(cluster.pids[1], 'SIGSTOP');
    const factorizing = factor.refactorAsync(A.values);
    setTimeout(() => process.kill(cluster.pids[1], 'SIGKILL'), 300);
    const [error, ms] = await failure(factorizing);
    expect(error).toBeInstanceOf(RemoteSolverError);
    expect(error.code).toBe('worker-exited');
    expect(ms).toBeLessThan(10_000);
    expect(cluster.alive).toBe(false);
    expect(liveHandles()).toBe(before - 2); // both factors went with the job
    expect(await waitGone(pids, 5000)).toEqual([]);
    await expect(small.solveAsync(new Float64Array(25))).rejects.toMatchObject({ code: 'stale' });
    await expect(cluster.ping()).rejects.toBeInstanceOf(RemoteSolverError);
    // The same cluster object restarts.
    await cluster.restart();
    everyPid.push(...jobPids(cluster));
    const again = await cluster.factorize(poisson2d(5), { kind: 'cholesky' });
    expect((await again.solveAsync(new Float64Array(25).fill(1))).every(Number.isFinite)).toBe(true);
    small.dispose();
    factor.dispose();
    again.dispose();
    await cluster.close();
  });

  it('the worker killed during a solve: worker-exited within seconds, a new cluster works', async () => {
    const cluster = await mpiCluster({ ranks: 2, timeoutMs: 60_000 });
    const pids = jobPids(cluster);
    everyPid.push(...pids);
    const A = poisson3d(24);
    const factor = await cluster.factorize(A, { kind: 'ldlt' });
    const k = 400;
    // Rank 1 stopped: the solve cannot finish before rank 0 is killed (and a stopped rank must go too).
    process.kill(cluster.pids[1], 'SIGSTOP');
    const solving = factor.solveAsync({ nrows: A.nrows, ncols: k, data: new Float64Array(A.nrows * k).fill(1) });
    setTimeout(() => process.kill(cluster.pids[0], 'SIGKILL'), 300);
    const [error, ms] = await failure(solving);
    expect(error.code).toBe('worker-exited');
    expect(ms).toBeLessThan(10_000);
    expect(await waitGone(pids, 5000)).toEqual([]);
    factor.dispose(); // lost already: harmless
    await cluster.close();
    const fresh = await mpiCluster({ ranks: 2 });
    everyPid.push(...jobPids(fresh));
    const f = await fresh.factorize(poisson2d(6), { kind: 'lu' });
    expect((await f.solveAsync(new Float64Array(36).fill(1))).every(Number.isFinite)).toBe(true);
    f.dispose();
    await fresh.close();
  });

  it('a worker that never answers: timeout, and the job is stopped', async () => {
    const [error, ms] = await failure(mpiCluster({ ranks: 1, mpirun: fakeMpirun(dir, 'silent'), timeoutMs: 1000 }));
    expect(error).toBeInstanceOf(RemoteSolverError);
    expect(error.code).toBe('timeout');
    expect(ms).toBeLessThan(5000);
  });

  it('a worker that answers garbage: protocol error', async () => {
    const [error] = await failure(mpiCluster({ ranks: 1, mpirun: fakeMpirun(dir, 'garbage'), timeoutMs: 5000 }));
    expect(error.code).toBe('protocol');
    expect(error.message).toMatch(/bad magic/);
  });

  it('mpirun missing, or exiting at once: typed errors', async () => {
    const [missing] = await failure(mpiCluster({ ranks: 1, mpirun: join(dir, 'no-such-mpirun') }));
    expect(missing.code).toBe('mpirun-failed');
    const [exits] = await failure(mpiCluster({ ranks: 1, mpirun: '/bin/false' }));
    expect(exits.code).toBe('worker-exited');
    const [noWorker] = await failure(mpiCluster({ ranks: 1, env: { SPSOLVE_MPI_WORKER: join(dir, 'nothing') } }));
    expect(noWorker.code).toBe('worker-not-found');
  });

  it('a call slower than its timeout (a hung rank) stops the cluster with a timeout error', async () => {
    const cluster = await mpiCluster({ ranks: 2 });
    const pids = jobPids(cluster);
    everyPid.push(...pids);
    process.kill(cluster.pids[1], 'SIGSTOP'); // a hung rank: the ping's gather never completes
    const [error, ms] = await failure(cluster.ping({ timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(ms).toBeLessThan(3000);
    expect(cluster.alive).toBe(false);
    expect(await waitGone(pids, 5000)).toEqual([]);
    await cluster.close();
  });

  it('SIGKILL of Node leaves no orphan, even during a factorisation', async () => {
    ensureBuilt(['dist/lib/index.js']);
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { mpiCluster, poisson3d } = require(${JSON.stringify(join(REPO, 'dist', 'lib'))});
         const { readFileSync } = require('node:fs');
         const ppid = (pid) => { const s = readFileSync('/proc/' + pid + '/stat', 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]); };
         (async () => {
           const cluster = await mpiCluster({ ranks: 2 });
           console.log(JSON.stringify([...cluster.pids, ppid(cluster.pids[0])]));
           await cluster.factorize(poisson3d(34), { kind: 'cholesky' });
         })();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pids = await new Promise<number[]>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString())));
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before starting its cluster`)));
    });
    everyPid.push(...pids);
    expect(pids).toHaveLength(3);
    expect(pids.every(processAlive)).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // inside the upload / factorisation
    child.kill('SIGKILL');
    expect(await waitGone(pids, 5000)).toEqual([]);
  });
});
