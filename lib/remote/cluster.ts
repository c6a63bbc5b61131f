/**
 * An MPI job running the spsolve-mpi worker, supervised from Node: start, requests, restart, close.
 * @module
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CscMatrix } from '../sparse';
import { checkInteger, checkString, describe } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import type { Channel, RemoteRequest } from './channel';
import { Connection, Reply } from './connection';
import { RemoteSolverError } from './errors';
import { RemoteFactor, checkTimeout, uploadArray } from './factor';
import { decodeInfo } from './info';
import { RemoteKind, prepareUpload } from './input';
import { countRemoteFactor } from './live';
import { ArrayId, Engine, Kind, Op, Ordering } from './protocol';
import { findMpiWorker } from './worker-path';

/**
 * Options of {@link mpiCluster}.
 *
 * @example
 * ```ts
 * import type { MpiClusterOptions } from 'spsolve';
 *
 * const opts: MpiClusterOptions = { ranks: 4, hostfile: '/etc/spsolve/hosts', timeoutMs: 600_000 };
 * console.log(opts.ranks); // → 4
 * ```
 */
export interface MpiClusterOptions {
  /** MPI processes (`mpirun -np`); at least 1. */
  ranks: number;
  /** An OpenMPI hostfile; the first host must be this machine (rank 0 talks over a local socket). */
  hostfile?: string;
  /** The mpirun command; default `'mpirun'` (OpenMPI). */
  mpirun?: string;
  /** Extra mpirun arguments, placed before the worker (e.g. `['--mca', 'btl', 'self,vader']`). */
  mpirunArgs?: string[];
  /**
   * Environment for mpirun and the ranks, added to this process's and exported to every host
   * (`-x NAME`). Defaults: OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = 1 (one core per rank) and
   * OMPI_MCA_mpi_yield_when_idle = 1 (a waiting rank yields its core rather than spinning).
   */
  env?: Record<string, string>;
  /** Milliseconds allowed to start the job and, by default, for each call; default 600 000. */
  timeoutMs?: number;
}

/**
 * Options of {@link MpiCluster.factorize} and {@link MpiCluster.analyze}.
 *
 * @example
 * ```ts
 * import type { RemoteFactorOptions } from 'spsolve';
 *
 * const opts: RemoteFactorOptions = { kind: 'ldlt', ordering: 'metis' };
 * console.log(opts.kind); // → ldlt
 * ```
 */
export interface RemoteFactorOptions {
  /** 'cholesky' (LLᵀ, SPD; MUMPS SYM=1), 'ldlt' (symmetric indefinite, with pivoting; SYM=2) or 'lu' (SYM=0). */
  kind: RemoteKind;
  /**
   * The fill-reducing ordering: 'ptscotch' (parallel, on every rank), 'metis' (nested dissection
   * by the system METIS on the host, handed to MUMPS), 'scotch' or 'amd' (MUMPS's sequential
   * orderings on the host), or 'auto' (MUMPS chooses; the default).
   */
  ordering?: 'auto' | 'ptscotch' | 'metis' | 'scotch' | 'amd';
  /** Milliseconds for the whole call; default the cluster's timeoutMs. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 600_000;
const KINDS = ['cholesky', 'ldlt', 'lu'] as const;
const ORDERINGS = ['auto', 'ptscotch', 'metis', 'scotch', 'amd'] as const;

interface Session {
  epoch: number;
  child: ChildProcess;
  connection: Connection;
  exited: Promise<void>;
  lost: Set<() => void>;
  pids: number[];
}

/**
 * Starts `mpirun -np ranks spsolve-mpi` and connects to its rank 0 over a Unix socket. The job
 * dies with this process, even on SIGKILL (the worker watches the socket and this process's pid),
 * and does not keep Node alive while idle. See docs/distributed.md.
 *
 * @throws {@link RemoteSolverError} `'worker-not-found'`, `'mpirun-failed'`, `'worker-exited'` or `'timeout'`.
 * @example
 * ```ts
 * import { mpiCluster, poisson2d } from 'spsolve';
 *
 * async function main() {
 *   const cluster = await mpiCluster({ ranks: 2 });
 *   try {
 *     const factor = await cluster.factorize(poisson2d(50), { kind: 'cholesky' });
 *     const x = await factor.solveAsync(new Float64Array(2500).fill(1));
 *     factor.dispose();
 *     return x;
 *   } finally {
 *     await cluster.close();
 *   }
 * }
 * console.log(typeof main); // → function
 * ```
 */
export async function mpiCluster(options: MpiClusterOptions): Promise<MpiCluster> {
  const cluster = new MpiCluster(checkClusterOptions(options));
  await cluster.restart();
  return cluster;
}

/**
 * A running MPI job of spsolve-mpi workers (made by {@link mpiCluster}). Requests go one at a
 * time over its socket. A dead rank, a dead worker, a timeout or a malformed message stops the
 * job and raises {@link RemoteSolverError}; its factors are lost (and leave {@link liveHandles});
 * {@link MpiCluster.restart} starts a fresh job.
 *
 * @example
 * ```ts
 * import type { MpiCluster } from 'spsolve';
 *
 * async function healthy(cluster: MpiCluster): Promise<boolean> {
 *   if (!cluster.alive) await cluster.restart();
 *   return (await cluster.ping()).length === cluster.ranks;
 * }
 * console.log(typeof healthy); // → function
 * ```
 */
export class MpiCluster {
  /** The number of MPI ranks. */
  readonly ranks: number;
  readonly #options: Required<Omit<MpiClusterOptions, 'hostfile'>> & { hostfile?: string };
  #session: Session | undefined;
  #epoch = 0;
  #stderr = '';
  readonly #channel: Channel;

  /** @internal Use {@link mpiCluster}. */
  constructor(options: Required<Omit<MpiClusterOptions, 'hostfile'>> & { hostfile?: string }) {
    this.#options = options;
    this.ranks = options.ranks;
    this.#channel = {
      timeoutMs: options.timeoutMs,
      request: (request, epoch) => this.#request(request, epoch),
      track: (epoch, lost) => {
        const session = this.#session;
        if (!session || session.epoch !== epoch) {
          lost();
          return () => undefined;
        }
        session.lost.add(lost);
        return () => session.lost.delete(lost);
      },
    };
  }

  /** True while the MPI job is running and its socket is open. */
  get alive(): boolean {
    return this.#session !== undefined && this.#session.connection.failure === undefined;
  }

  /** The process ids of the ranks, rank 0 first (as of the last start). */
  get pids(): readonly number[] {
    return this.#session?.pids ?? [];
  }

  /** The last lines mpirun and the ranks wrote to stderr (for diagnostics). */
  get stderr(): string {
    return this.#stderr;
  }

  /** Round trip to every rank; resolves to their process ids (rank 0 first). */
  async ping(opts: { timeoutMs?: number } = {}): Promise<number[]> {
    const { timeoutMs } = checkOptions(opts, ['timeoutMs'], 'MpiCluster.ping: opts');
    const reply = await this.#request({ op: Op.ping, timeoutMs: checkTimeout(timeoutMs, 'MpiCluster.ping'), what: 'MpiCluster.ping' }, this.#epoch);
    const ints = new Int32Array(reply.payload.length / 4);
    new Uint8Array(ints.buffer).set(reply.payload);
    return Array.from(ints.subarray(1, 1 + ints[0]));
  }

  /**
   * Uploads A (scattered across the ranks), analyses and factorises it. For 'cholesky' and
   * 'ldlt' A is symmetric: one stored triangle, or a 'general' matrix that is symmetric.
   * @throws {@link RemoteSolverError} (`'not-positive-definite'`, `'singular'`, `'memory'`, ...), TypeError / RangeError for bad input.
   */
  async factorize(A: CscMatrix, opts: RemoteFactorOptions): Promise<RemoteFactor> {
    return this.#make(A, opts, 'MpiCluster.factorize', true);
  }

  /**
   * Uploads and analyses A only: the factor's `info` then holds MUMPS's estimates (memory per
   * rank, flops) without the cost of the factorisation; `refactorAsync(values)` factorises it.
   */
  async analyze(A: CscMatrix, opts: RemoteFactorOptions): Promise<RemoteFactor> {
    return this.#make(A, opts, 'MpiCluster.analyze', false);
  }

  /**
   * Stops the current job (if any) and starts a new one with the same options. Factors of the
   * old job are lost: they leave {@link liveHandles} and their calls raise `'stale'`.
   */
  async restart(): Promise<void> {
    await this.close();
    this.#epoch++;
    this.#session = await this.#start(this.#epoch);
    this.#session.pids = await this.ping();
  }

  /** Shuts the job down (freeing every factor), killing it if it does not end within seconds. Idempotent. */
  async close(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    if (session.connection.failure === undefined) {
      await session.connection.send({ engine: Engine.none, op: Op.shutdown, timeoutMs: 10_000, what: 'MpiCluster.close' }).catch(() => undefined);
    }
    // Let the ranks finalize and mpirun reap them; only a job that does not end is killed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([session.exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    session.connection.fail(new RemoteSolverError('closed', 'the cluster was closed'));
    await session.exited;
    this.#session = undefined;
  }

  async #make(A: CscMatrix, opts: RemoteFactorOptions, fn: string, factorize: boolean): Promise<RemoteFactor> {
    const checked = checkOptions(opts, ['kind', 'ordering', 'timeoutMs'], `${fn}: opts`);
    if (checked.kind === undefined || !(KINDS as readonly unknown[]).includes(checked.kind)) {
      throw new TypeError(`${fn}: opts.kind must be 'cholesky', 'ldlt' or 'lu', got ${describe(checked.kind)}`);
    }
    const kind = checked.kind as RemoteKind;
    const ordering = checked.ordering ?? 'auto';
    if (!(ORDERINGS as readonly unknown[]).includes(ordering)) {
      throw new TypeError(`${fn}: opts.ordering must be one of 'auto', 'ptscotch', 'metis', 'scotch', 'amd', got ${describe(ordering)}`);
    }
    const timeoutMs = checkTimeout(checked.timeoutMs, fn);
    const upload = prepareUpload(A, kind, fn);
    const epoch = this.#epoch;
    const sizes = new BigInt64Array([BigInt(upload.n), BigInt(upload.rowIdx.length)]);
    const created = await this.#request({ op: Op.create, arg: BigInt(Kind[kind]), payload: [sizes], timeoutMs, what: fn }, epoch);
    const key = Number(created.header.arg);
    countRemoteFactor(1);
    try {
      await uploadArray(this.#channel, epoch, key, ArrayId.colPtr, upload.colPtr, timeoutMs, fn);
      await uploadArray(this.#channel, epoch, key, ArrayId.rowIdx, upload.rowIdx, timeoutMs, fn);
      await uploadArray(this.#channel, epoch, key, ArrayId.values, upload.values, timeoutMs, fn);
      let reply = await this.#request({ op: Op.analyse, key, arg: BigInt(Ordering[ordering as keyof typeof Ordering]), timeoutMs, what: fn }, epoch);
      if (factorize) reply = await this.#request({ op: Op.factorize, key, timeoutMs, what: fn }, epoch);
      return new RemoteFactor(this.#channel, epoch, key, kind, A, upload.valueMap, decodeInfo(reply.payload));
    } catch (error) {
      countRemoteFactor(-1);
      if (this.alive && this.#epoch === epoch) await this.#request({ op: Op.free, key, what: fn }, epoch).catch(() => undefined);
      throw error;
    }
  }

  #request(request: RemoteRequest, epoch: number): Promise<Reply> {
    const session = this.#session;
    if (!session || session.epoch !== epoch) {
      return Promise.reject(new RemoteSolverError('stale', `${request.what}: the cluster has been restarted or closed since`));
    }
    const engine = request.op === Op.ping || request.op === Op.shutdown ? Engine.none : Engine.mumps;
    return session.connection.send({ ...request, engine, timeoutMs: request.timeoutMs ?? this.#options.timeoutMs });
  }

  async #start(epoch: number): Promise<Session> {
    const { ranks, hostfile, mpirun, mpirunArgs, env, timeoutMs } = this.#options;
    const worker = findMpiWorker({ ...process.env, ...env });
    // One BLAS thread per rank unless the caller says otherwise: MPI gets its parallelism from
    // ranks, and threads on top of them oversubscribe the cores (3x slower LDLᵀ measured on 2 cores).
    // A rank waiting for a message yields its core instead of spinning: the job shares the machine
    // with Node (and here with other work); a 2-rank factorisation ran 1.6x faster on a busy host.
    const rankEnv: Record<string, string> = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', OMPI_MCA_mpi_yield_when_idle: '1', ...env };
    const dir = mkdtempSync(join(tmpdir(), 'spsolve-mpi-'));
    const socketPath = join(dir, 'socket');
    const server = createServer();
    const cleanup = () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, resolve);
      });
    } catch (error) {
      cleanup();
      throw error;
    }
    server.unref();
    const args = [
      '-np', String(ranks),
      ...(process.getuid?.() === 0 ? ['--allow-run-as-root'] : []),
      '--oversubscribe', '--bind-to', 'none',
      ...(hostfile ? ['--hostfile', hostfile] : []),
      // The ranks' environment reaches remote hosts only when exported by name.
      ...Object.keys(rankEnv).flatMap((name) => ['-x', name]),
      ...mpirunArgs,
      worker, '--socket', socketPath, '--parent-pid', String(process.pid),
    ];
    const child = spawn(mpirun, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Shared memory between the ranks without the cross-memory attach that containers forbid.
      env: { OMPI_MCA_btl_vader_single_copy_mechanism: 'none', ...process.env, ...rankEnv },
    });
    child.unref();
    const keepTail = (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keepTail);
    child.stderr?.on('data', keepTail);
    (child.stdout as Socket | null)?.unref();
    (child.stderr as Socket | null)?.unref();
    let exitNote = '';
    const exited = new Promise<void>((resolve) => {
      child.once('close', (code, signal) => {
        exitNote = `mpirun exited (${signal ? `signal ${signal}` : `code ${code}`})`;
        resolve();
      });
      child.once('error', (error) => {
        exitNote = `mpirun could not run: ${error.message}`;
        resolve();
      });
    });
    let socket: Socket;
    try {
      socket = await new Promise<Socket>((resolve, reject) => {
        const timer = setTimeout(() => reject(new RemoteSolverError('timeout', `mpiCluster: the worker did not connect within ${timeoutMs} ms`)), timeoutMs);
        server.once('connection', (s) => {
          clearTimeout(timer);
          resolve(s);
        });
        void exited.then(() => {
          clearTimeout(timer);
          const code = exitNote.includes('could not run') ? 'mpirun-failed' : 'worker-exited';
          reject(new RemoteSolverError(code, `mpiCluster: ${exitNote} before the worker connected: ${this.#stderr.trim().slice(-1500)}`));
        });
      });
    } catch (error) {
      child.kill('SIGKILL');
      cleanup();
      throw error;
    }
    cleanup(); // one connection only; the socket file is not needed once connected
    const session: Session = {
      epoch,
      child,
      exited,
      lost: new Set(),
      pids: [],
      connection: new Connection(socket, () => {
        // Any fatal error: stop the job (mpirun tears down every rank), lose the factors.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const lost = [...session.lost];
        session.lost.clear();
        for (const f of lost) f();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
    };
    void exited.then(() => {
      session.connection.fail(new RemoteSolverError('worker-exited', `${exitNote}: ${this.#stderr.trim().slice(-1500)}`));
    });
    return session;
  }
}

function checkClusterOptions(options: MpiClusterOptions): Required<Omit<MpiClusterOptions, 'hostfile'>> & { hostfile?: string } {
  const fn = 'mpiCluster';
  const o = checkOptions(options, ['ranks', 'hostfile', 'mpirun', 'mpirunArgs', 'env', 'timeoutMs'], `${fn}: options`);
  if (options === undefined) throw new TypeError(`${fn}: options must be an object with ranks, got undefined`);
  const ranks = checkInteger(o.ranks, 1, 4096, `${fn}: options.ranks`);
  const hostfile = o.hostfile === undefined ? undefined : checkString(o.hostfile, `${fn}: options.hostfile`);
  if (hostfile !== undefined && !existsSync(hostfile)) throw new RangeError(`${fn}: options.hostfile must be an existing file, got '${hostfile}'`);
  const mpirun = o.mpirun === undefined ? 'mpirun' : checkString(o.mpirun, `${fn}: options.mpirun`);
  const mpirunArgs = o.mpirunArgs ?? [];
  if (!Array.isArray(mpirunArgs) || !mpirunArgs.every((a) => typeof a === 'string')) {
    throw new TypeError(`${fn}: options.mpirunArgs must be an array of strings, got ${describe(mpirunArgs)}`);
  }
  const env = o.env ?? {};
  if (env === null || typeof env !== 'object' || !Object.values(env).every((v) => typeof v === 'string')) {
    throw new TypeError(`${fn}: options.env must be an object of strings, got ${describe(env)}`);
  }
  const timeoutMs = o.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkInteger(o.timeoutMs, 1, 2 ** 31 - 1, `${fn}: options.timeoutMs`);
  return { ranks, hostfile, mpirun, mpirunArgs: mpirunArgs as string[], env: env as Record<string, string>, timeoutMs };
}

