/**
 * A user-written solver plugged into linearSolve unchanged: block-Jacobi-preconditioned
 * conjugate gradients whose expensive setup (factorising the diagonal blocks) lives in
 * an opaque engine object held in an integer-keyed registry. That is how a solver
 * behind a foreign call (a C library, a worker, a child process) keeps its state alive
 * between calls: spsolve only ever sees the integer key, and the derivative rules work
 * on it through init / compute / transpose / conj / dispose like on any other solver.
 *
 * Run: `npm run example:external-solver`.
 */
import { MissingTagError, Result, UnsupportedOperatorError } from '../lib/errors';
import { LinearOperator, SparseOperator, TaggedOperator, isPositiveSemidefinite, toCsc } from '../lib/operators';
import { linearSolve } from '../lib/solve';
import type { Computed, LinearSolver, Rhs, SolveOptions } from '../lib/solvers';
import { poisson2d } from '../lib/sparse';

/** Integer handles to live objects; a freed key is never reused, so a stale key is an error, not a wrong object. */
export class Registry<T> {
  readonly #entries = new Map<number, T>();
  #nextKey = 1;

  add(value: T): number {
    const key = this.#nextKey++;
    this.#entries.set(key, value);
    return key;
  }

  get(key: number): T {
    const value = this.#entries.get(key);
    if (value === undefined) throw new RangeError(`registry: no live entry for key ${key} (disposed or never created)`);
    return value;
  }

  delete(key: number): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

interface EngineResult {
  x: Float64Array;
  steps: number;
  residualNorm: number;
  result: Result;
}

/** The "external library": knows nothing about spsolve's operators or solvers. */
class BlockJacobiEngine {
  /** Cholesky factors (column-major, size x size) of the diagonal blocks A[start.., start..]. */
  readonly #blocks: { start: number; size: number; factor: Float64Array }[] = [];

  constructor(
    readonly n: number,
    readonly colPtr: Int32Array,
    readonly rowIdx: Int32Array,
    readonly values: Float64Array,
    readonly blockSize: number,
  ) {
    for (let start = 0; start < n; start += blockSize) {
      const size = Math.min(blockSize, n - start);
      this.#blocks.push({ start, size, factor: this.#factorBlock(start, size) });
    }
  }

  #factorBlock(start: number, m: number): Float64Array {
    const block = new Float64Array(m * m);
    for (let j = 0; j < m; j++) {
      for (let k = this.colPtr[start + j]; k < this.colPtr[start + j + 1]; k++) {
        const i = this.rowIdx[k] - start;
        if (i >= 0 && i < m) block[i + j * m] = this.values[k];
      }
    }
    for (let j = 0; j < m; j++) {
      let d = block[j + j * m];
      for (let k = 0; k < j; k++) d -= block[j + k * m] ** 2;
      if (!(d > 0)) throw new RangeError(`block-Jacobi setup: diagonal block at ${start} is not positive definite`);
      block[j + j * m] = Math.sqrt(d);
      for (let i = j + 1; i < m; i++) {
        let s = block[i + j * m];
        for (let k = 0; k < j; k++) s -= block[i + k * m] * block[j + k * m];
        block[i + j * m] = s / block[j + j * m];
      }
    }
    return block;
  }

  #matvec(x: Float64Array): Float64Array {
    const y = new Float64Array(this.n);
    for (let j = 0; j < this.n; j++) for (let k = this.colPtr[j]; k < this.colPtr[j + 1]; k++) y[this.rowIdx[k]] += this.values[k] * x[j];
    return y;
  }

  /** z = M⁻¹ r with M the block diagonal: two triangular solves per block. */
  #precondition(r: Float64Array): Float64Array {
    const z = r.slice();
    for (const { start, size: m, factor: l } of this.#blocks) {
      for (let j = 0; j < m; j++) {
        z[start + j] /= l[j + j * m];
        for (let i = j + 1; i < m; i++) z[start + i] -= l[i + j * m] * z[start + j];
      }
      for (let j = m - 1; j >= 0; j--) {
        for (let i = j + 1; i < m; i++) z[start + j] -= l[i + j * m] * z[start + i];
        z[start + j] /= l[j + j * m];
      }
    }
    return z;
  }

  /** Preconditioned CG from x = 0; stops on ‖b - A x‖ ≤ atol + rtol ‖b‖, maxSteps, or breakdown. */
  solve(b: Float64Array, rtol: number, atol: number, maxSteps: number): EngineResult {
    const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, vi) => s + vi * vi, 0));
    const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, i) => s + ui * v[i], 0);
    const x = new Float64Array(this.n);
    if (!b.every(Number.isFinite)) return { x: x.fill(NaN), steps: 0, residualNorm: NaN, result: Result.nonfiniteInput };
    const tolerance = atol + rtol * norm(b);
    const r = b.slice();
    let z = this.#precondition(r);
    const p = z.slice();
    let rz = dot(r, z);
    let steps = 0;
    // Aim below the tolerance: the recurrence residual drifts from the true one by rounding.
    while (norm(r) > tolerance / 2) {
      if (steps === maxSteps) return { x, steps, residualNorm: norm(r), result: Result.maxStepsReached };
      const q = this.#matvec(p);
      const curvature = dot(p, q);
      if (!(curvature > 0)) return { x, steps, residualNorm: norm(r), result: Result.breakdown };
      const alpha = rz / curvature;
      for (let i = 0; i < this.n; i++) {
        x[i] += alpha * p[i];
        r[i] -= alpha * q[i];
      }
      z = this.#precondition(r);
      const rzNext = dot(r, z);
      for (let i = 0; i < this.n; i++) p[i] = z[i] + (rzNext / rz) * p[i];
      rz = rzNext;
      steps++;
    }
    // Report the true residual, not the recurrence's.
    const trueResidual = b.slice();
    this.#matvec(x).forEach((v, i) => (trueResidual[i] -= v));
    const residualNorm = norm(trueResidual);
    return { x, steps, residualNorm, result: residualNorm <= tolerance ? Result.successful : Result.stagnation };
  }
}

interface Entry {
  engine: BlockJacobiEngine;
  /** Keys made by transpose from this one: they borrow the engine and go when it goes. */
  derived: number[];
  transposedKey?: number;
}

/** Every live engine handle; exported so tests can check that nothing leaks. */
export const registry = new Registry<Entry>();

/** How many engines were set up (the expensive part), to show compute never repeats it. */
export const engineStats = { setups: 0 };

export interface BlockJacobiCGSettings {
  blockSize?: number;
  rtol?: number;
  atol?: number;
  maxSteps?: number;
}

/** The LinearSolver: its state is nothing but an integer key into `registry`. */
export class BlockJacobiCG implements LinearSolver<number> {
  readonly name = 'BlockJacobiCG';

  constructor(readonly settings: BlockJacobiCGSettings = {}) {}

  init(op: LinearOperator): number {
    if (!isPositiveSemidefinite(op)) throw new MissingTagError(this.name, ['positiveSemidefinite']);
    const matrix = toCsc(op)?.toGeneral();
    if (!matrix) throw new UnsupportedOperatorError(this.name, 'needs a sparse operator (its blocks are read from the entries)');
    engineStats.setups++;
    const engine = new BlockJacobiEngine(matrix.ncols, matrix.colPtr, matrix.rowIdx, matrix.values, this.settings.blockSize ?? 8);
    return registry.add({ engine, derived: [] });
  }

  compute<V extends Rhs>(key: number, b: V, _options: SolveOptions): Computed<V> {
    const { engine } = registry.get(key);
    const { rtol = 1e-10, atol = 0, maxSteps = 10 * engine.n } = this.settings;
    const columns = b instanceof Float64Array ? [b] : Array.from({ length: b.ncols }, (_, j) => b.data.subarray(j * b.nrows, (j + 1) * b.nrows));
    if (columns.some((c) => c.length !== engine.n)) throw new RangeError(`${this.name}: b must have ${engine.n} rows`);
    const solved = columns.map((c) => engine.solve(c, rtol, atol, maxSteps));
    const result = solved.find((s) => s.result !== Result.successful)?.result ?? Result.successful;
    const stats = { steps: Math.max(...solved.map((s) => s.steps)), residualNorm: Math.max(...solved.map((s) => s.residualNorm)) };
    if (b instanceof Float64Array) return { value: solved[0].x as V, result, stats };
    const data = new Float64Array(b.data.length);
    solved.forEach((s, j) => data.set(s.x, j * engine.n));
    return { value: { nrows: engine.n, ncols: b.ncols, data } as V, result, stats };
  }

  /**
   * A key for Aᵀ, made once per key and cached. A is symmetric (CG needs SPD), so the
   * transposed entry shares the engine: no second setup. It is owned by `key`.
   */
  transpose(key: number, options: SolveOptions): [number, SolveOptions] {
    const entry = registry.get(key);
    if (entry.transposedKey === undefined) {
      entry.transposedKey = registry.add({ engine: entry.engine, derived: [], transposedKey: key });
      entry.derived.push(entry.transposedKey);
    }
    return [entry.transposedKey, options];
  }

  /** Real arithmetic: the conjugate problem is the same one, under the same key. */
  conj(key: number, options: SolveOptions): [number, SolveOptions] {
    registry.get(key);
    return [key, options];
  }

  assumeFullRank(): boolean {
    return true;
  }

  /** Frees the entry and the keys derived from it; disposing twice is harmless. */
  dispose(key: number): void {
    let entry: Entry;
    try {
      entry = registry.get(key);
    } catch {
      return;
    }
    registry.delete(key);
    entry.derived.forEach((derivedKey) => this.dispose(derivedKey));
  }
}

/** Demo: a 2-D Poisson problem through linearSolve with the external solver. */
function main(): void {
  const A = new TaggedOperator(new SparseOperator(poisson2d(40)), ['positiveSemidefinite']);
  const b = new Float64Array(A.inSize).fill(1);
  const solver = new BlockJacobiCG({ blockSize: 40, rtol: 1e-10 });
  const { value, stats } = linearSolve(A, b, solver);
  const residual = A.mv(value).reduce((s, v, i) => s + (v - b[i]) ** 2, 0) ** 0.5;
  console.log(`n = ${A.inSize}: ${stats.steps} CG steps, ‖b - A x‖ = ${residual.toExponential(2)}, live keys ${registry.size}`);
}

if (require.main === module) main();
