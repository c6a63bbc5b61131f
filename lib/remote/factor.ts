/**
 * A factorisation held by the MUMPS worker: solves, refactorisations, determinant, statistics.
 * @module
 */
import { CscMatrix, DenseMatrix } from '../sparse';
import { checkFloat64Array, checkInteger, describe } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import type { Channel } from './channel';
import { DisposedError } from '../handles';
import { RemoteSolverError } from './errors';
import { RemoteDeterminant, RemoteFactorInfo, decodeInfo } from './info';
import { RemoteKind, gather } from './input';
import { countRemoteFactor } from './live';
import { ArrayId, MAX_PAYLOAD, Op } from './protocol';

/**
 * Options of {@link RemoteFactor.solveAsync}.
 *
 * @example
 * ```ts
 * import type { RemoteSolveOptions } from 'spsolve';
 *
 * const opts: RemoteSolveOptions = { transpose: true, timeoutMs: 60_000 };
 * console.log(opts.transpose); // → true
 * ```
 */
export interface RemoteSolveOptions {
  /** Solve Aᵀ x = b (MUMPS's ICNTL(9)); the same as A for cholesky and ldlt. Default false. */
  transpose?: boolean;
  /** Milliseconds for the whole solve; default the cluster's timeoutMs. */
  timeoutMs?: number;
}

/**
 * Options of {@link RemoteFactor.refactorAsync} and the other calls that only take a timeout.
 *
 * @example
 * ```ts
 * import type { RemoteCallOptions } from 'spsolve';
 *
 * const opts: RemoteCallOptions = { timeoutMs: 5000 };
 * console.log(opts.timeoutMs); // → 5000
 * ```
 */
export interface RemoteCallOptions {
  /** Milliseconds for the call; default the cluster's timeoutMs. */
  timeoutMs?: number;
}

const finalizer = new FinalizationRegistry<() => void>((release) => release());

/**
 * A MUMPS factorisation living on the ranks of an {@link MpiCluster}; made by
 * {@link MpiCluster.factorize} or {@link MpiCluster.analyze}. The key is the worker's integer
 * handle (slot + generation, like a local factor's); a key from before a restart of the cluster
 * is refused as `'stale'`. It counts in {@link liveHandles} until disposed (or lost with its
 * cluster). Every call has a timeout; failures are {@link RemoteSolverError}s.
 *
 * @example
 * ```ts
 * import { poisson2d } from 'spsolve';
 * import type { MpiCluster } from 'spsolve';
 *
 * async function solveTwice(cluster: MpiCluster) {
 *   const A = poisson2d(30);
 *   const factor = await cluster.factorize(A, { kind: 'cholesky' });
 *   try {
 *     const x = await factor.solveAsync(new Float64Array(A.nrows).fill(1));
 *     await factor.refactorAsync(A.values.map((v) => 2 * v)); // same pattern, no new analysis
 *     const y = await factor.solveAsync(new Float64Array(A.nrows).fill(1)); // = x / 2
 *     return { x, y, memory: factor.info.memoryPerRank };
 *   } finally {
 *     factor.dispose();
 *   }
 * }
 * console.log(typeof solveTwice); // → function
 * ```
 */
export class RemoteFactor implements Disposable {
  /** The order of A. */
  readonly n: number;
  /** The factorisation: LLᵀ ('cholesky'), LDLᵀ with pivoting ('ldlt'), or LU ('lu'). */
  readonly kind: RemoteKind;
  readonly #channel: Channel;
  readonly #epoch: number;
  readonly #valueMap: Int32Array;
  readonly #source: CscMatrix;
  #key: number;
  #info: RemoteFactorInfo;
  #determinant: RemoteDeterminant;
  #untrack: () => void;
  #lost = false;

  /** @internal Use {@link MpiCluster.factorize} or {@link MpiCluster.analyze}. */
  constructor(
    channel: Channel,
    epoch: number,
    key: number,
    kind: RemoteKind,
    source: CscMatrix,
    valueMap: Int32Array,
    reply: ReturnType<typeof decodeInfo>,
  ) {
    this.#channel = channel;
    this.#epoch = epoch;
    this.#key = key;
    this.kind = kind;
    this.n = source.nrows;
    this.#source = source;
    this.#valueMap = valueMap;
    this.#info = reply.info;
    this.#determinant = reply.determinant;
    this.#untrack = channel.track(epoch, () => this.#loseWithCluster());
    finalizer.register(this, releaseRemotely(channel, epoch, key, this.#untrack), this);
  }

  /** The worker's integer key for this factor (0 once disposed or lost). */
  get key(): number {
    return this.#key;
  }

  /** True once disposed, or lost because its cluster stopped. */
  get disposed(): boolean {
    return this.#key === 0;
  }

  /** MUMPS's statistics of the last analysis / factorisation: flops, memory per rank, times. */
  get info(): RemoteFactorInfo {
    return this.#info;
  }

  /**
   * det(A) from the factorisation (MUMPS's ICNTL(33)), as mantissa · 2^exponent with its sign
   * and log |det|, which do not overflow.
   * @throws {@link RemoteSolverError} `'state'` before the factorisation (an analysis only).
   */
  determinant(): RemoteDeterminant {
    this.#liveKey('RemoteFactor.determinant');
    if (this.#info.phase !== 'factorised') throw new RemoteSolverError('state', 'RemoteFactor.determinant: the factor is only analysed');
    return this.#determinant;
  }

  /**
   * Solves A x = b (or Aᵀ x = b) for one right-hand side (a Float64Array of length n) or many
   * (a {@link DenseMatrix} with n rows), returning the same shape. Many right-hand sides go in
   * as few round trips as the message size allows (64 MiB each).
   */
  async solveAsync(b: Float64Array, opts?: RemoteSolveOptions): Promise<Float64Array>;
  /** Many right-hand sides, the columns of B. */
  async solveAsync(B: DenseMatrix, opts?: RemoteSolveOptions): Promise<DenseMatrix>;
  async solveAsync(b: Float64Array | DenseMatrix, opts: RemoteSolveOptions = {}): Promise<Float64Array | DenseMatrix> {
    const fn = 'RemoteFactor.solveAsync';
    const { transpose = false, timeoutMs } = checkOptions(opts, ['transpose', 'timeoutMs'], `${fn}: opts`);
    if (typeof transpose !== 'boolean') throw new TypeError(`${fn}: opts.transpose must be a boolean, got ${describe(transpose)}`);
    const single = b instanceof Float64Array;
    const data = single ? b : checkColumns(b, this.n, fn);
    if (single && b.length !== this.n) throw new RangeError(`${fn}: b must have length n = ${this.n}, got ${b.length}`);
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k])) throw new RangeError(`${fn}: b must be finite, got ${data[k]} at index ${k}`);
    }
    const key = this.#liveKey(fn);
    if (this.#info.phase !== 'factorised') throw new RemoteSolverError('state', `${fn}: the factor is only analysed; refactorAsync() it first`);
    const ncols = data.length / this.n;
    const out = new Float64Array(data.length);
    const perRequest = Math.max(1, Math.floor(MAX_PAYLOAD / (8 * this.n)));
    for (let first = 0; first < ncols; first += perRequest) {
      const count = Math.min(perRequest, ncols - first);
      const part = data.subarray(first * this.n, (first + count) * this.n);
      const reply = await this.#channel.request(
        { op: Op.solve, key, arg: BigInt(count) | (transpose ? 1n << 32n : 0n), payload: [part], timeoutMs: checkTimeout(timeoutMs, fn), what: fn },
        this.#epoch,
      );
      new Uint8Array(out.buffer, first * this.n * 8, part.byteLength).set(reply.payload);
    }
    return single ? out : { nrows: this.n, ncols, data: out };
  }

  /**
   * Factorises new values on the same pattern (the analysis is reused): a CscMatrix with the
   * pattern and symmetry of the original, or its values array (one per stored entry). Also
   * completes a factor made by {@link MpiCluster.analyze}.
   */
  async refactorAsync(AorValues: CscMatrix | Float64Array, opts: RemoteCallOptions = {}): Promise<void> {
    const fn = 'RemoteFactor.refactorAsync';
    const { timeoutMs } = checkOptions(opts, ['timeoutMs'], `${fn}: opts`);
    let values: Float64Array;
    if (AorValues instanceof CscMatrix) {
      if (!AorValues.samePattern(this.#source)) throw new RangeError(`${fn}: A must have the pattern and symmetry of the factorised matrix`);
      values = AorValues.values;
    } else {
      checkFloat64Array(AorValues, `${fn}: values`);
      if (AorValues.length !== this.#source.nnz) {
        throw new RangeError(`${fn}: values must have one entry per stored entry (${this.#source.nnz}), got ${AorValues.length}`);
      }
      values = AorValues;
    }
    for (let k = 0; k < values.length; k++) {
      if (!Number.isFinite(values[k])) throw new RangeError(`${fn}: values must be finite, got ${values[k]} at index ${k}`);
    }
    const key = this.#liveKey(fn);
    const uploaded = gather(values, this.#valueMap);
    const timeout = checkTimeout(timeoutMs, fn);
    await uploadArray(this.#channel, this.#epoch, key, ArrayId.values, uploaded, timeout, fn);
    const reply = await this.#channel.request({ op: Op.refactor, key, timeoutMs: timeout, what: fn }, this.#epoch);
    ({ info: this.#info, determinant: this.#determinant } = decodeInfo(reply.payload));
  }

  /** Asks the worker for fresh statistics (the INFO request) and returns them. */
  async infoAsync(opts: RemoteCallOptions = {}): Promise<RemoteFactorInfo> {
    const fn = 'RemoteFactor.infoAsync';
    const { timeoutMs } = checkOptions(opts, ['timeoutMs'], `${fn}: opts`);
    const key = this.#liveKey(fn);
    const reply = await this.#channel.request({ op: Op.info, key, timeoutMs: checkTimeout(timeoutMs, fn), what: fn }, this.#epoch);
    ({ info: this.#info } = decodeInfo(reply.payload));
    return this.#info;
  }

  /**
   * Frees the factor on every rank (in the background: errors of a dead cluster are ignored) and
   * stops counting it in {@link liveHandles}. Idempotent; later calls raise {@link DisposedError}, as
   * for a local factor.
   */
  dispose(): void {
    void this.disposeAsync();
  }

  /** {@link RemoteFactor.dispose}, resolved once the worker has freed the factor. */
  async disposeAsync(): Promise<void> {
    const key = this.#key;
    if (key === 0) return;
    this.#key = 0;
    finalizer.unregister(this);
    this.#untrack();
    if (!this.#lost) countRemoteFactor(-1);
    await this.#channel.request({ op: Op.free, key, what: 'RemoteFactor.dispose' }, this.#epoch).catch(() => undefined);
  }

  /** {@link RemoteFactor.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #liveKey(fn: string): number {
    if (this.#lost) throw new RemoteSolverError('stale', `${fn}: the cluster this factor lived on has stopped or restarted`);
    if (this.#key === 0) throw new DisposedError(`${fn}: the remote factor has been disposed`);
    return this.#key;
  }

  #loseWithCluster(): void {
    if (this.#lost || this.#key === 0) return;
    this.#lost = true;
    countRemoteFactor(-1);
    finalizer.unregister(this);
  }
}

function releaseRemotely(channel: Channel, epoch: number, key: number, untrack: () => void): () => void {
  return () => {
    untrack();
    countRemoteFactor(-1);
    channel.request({ op: Op.free, key, what: 'RemoteFactor (finalizer)' }, epoch).catch(() => undefined);
  };
}

function checkColumns(B: DenseMatrix, n: number, fn: string): Float64Array {
  if (B === null || typeof B !== 'object' || !(B.data instanceof Float64Array)) {
    throw new TypeError(`${fn}: b must be a Float64Array or a DenseMatrix, got ${describe(B)}`);
  }
  if (B.nrows !== n || B.data.length !== B.nrows * B.ncols || B.ncols < 1) {
    throw new RangeError(`${fn}: B must be an n x k DenseMatrix with n = ${n} and k >= 1, got ${B.nrows} x ${B.ncols}`);
  }
  return B.data;
}

export function checkTimeout(value: unknown, fn: string): number | undefined {
  return value === undefined ? undefined : checkInteger(value, 1, 2 ** 31 - 1, `${fn}: opts.timeoutMs`);
}

/** Uploads one array in chunks below the message limit: payload = int64 offset, then elements. */
export async function uploadArray(
  channel: Channel,
  epoch: number,
  key: number,
  array: number,
  data: Int32Array | Float64Array,
  timeoutMs: number | undefined,
  what: string,
): Promise<void> {
  const perChunk = Math.floor((MAX_PAYLOAD - 8) / data.BYTES_PER_ELEMENT);
  for (let offset = 0; offset < data.length || offset === 0; offset += perChunk) {
    const part = data.subarray(offset, offset + perChunk);
    const header = new BigInt64Array([BigInt(offset)]);
    await channel.request({ op: Op.upload, key, arg: BigInt(array), payload: [header, part], timeoutMs, what }, epoch);
    if (data.length === 0) break;
  }
}
