/**
 * Many factorisations of matrices that share one pattern (a parameter sweep, an ensemble):
 * the symbolic analysis (ordering, elimination tree, supernodes) is computed once and copied
 * into every factor, so each value set costs only its numeric factorisation.
 * @module
 */
import { native } from '../native';
import type { CscMatrix } from '../sparse/csc';
import { checkLength, describe, toFiniteVector, toFloat64Array } from '../sparse/validate';
import { analysisArgs, prepare, wrap, type Prepared } from './cholesky';
import type { Factor } from './factor';
import type { FactorOptions } from './options';
import { symmetricStype } from './symmetric-input';

/**
 * The value sets, each copied (memcpy). `onWorker`: finiteness and, for a 'general' A, symmetry
 * are left to the addon, which checks them where the factorisation runs (the async form keeps
 * the main thread to work that does not grow with the data).
 */
function checkValueSets(p: Prepared, valueSets: unknown, fn: string, onWorker = false): Float64Array[] {
  if (!Array.isArray(valueSets)) {
    throw new TypeError(`${fn}: valueSets must be an array of value arrays, got ${describe(valueSets)}`);
  }
  return valueSets.map((v: unknown, k) => {
    const name = `${fn}: valueSets[${k}]`;
    if (onWorker) {
      const values = toFloat64Array(v, name);
      checkLength(values, p.A.nnz, name, 'A.nnz');
      return values === v ? values.slice() : values;
    }
    const checked = toFiniteVector(v, p.A.nnz, name, 'A.nnz');
    if (p.A.symmetry === 'general') symmetricStype(p.A.withValues(checked), `${fn}: A with valueSets[${k}]`);
    // A copy: the factor keeps its values as its matrix's, and the caller may overwrite theirs.
    return checked === v ? checked.slice() : checked;
  });
}

// Which value set failed goes into the message; the error keeps its class and fields.
function tagged(error: unknown, k: number): unknown {
  if (error instanceof Error) error.message = `valueSets[${k}]: ${error.message}`;
  return error;
}

function freeAll(handles: number[]): void {
  for (const h of handles) native().free(h);
}

/**
 * Factorises A's pattern with each of `valueSets` (aligned with `A.values`), analysing once.
 * Returns one independent Factor per value set, in order; dispose each. `A.values` only serve
 * the symmetry check of a 'general' A: the ordering depends on the pattern alone.
 *
 * @param A The shared pattern (symmetric, as for {@link cholesky}).
 * @param valueSets One array of `A.nnz` values per factorisation (copied).
 * @param opts Ordering, mode, kind and shift, common to all (see {@link FactorOptions}).
 * @throws NotPositiveDefiniteError (message prefixed with `valueSets[k]:`) when a set fails;
 *   no factor is left alive then. TypeError / RangeError for a value set of the wrong length or
 *   with a non-finite value.
 * @example
 * ```ts
 * import { factorBatch, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(20);
 * const factors = factorBatch(A, [1, 2, 4].map((E) => A.values.map((v) => E * v)));
 * const b = new Float64Array(400).fill(1);
 * const x0 = factors.map((f) => f.solve(b)[0]);
 * console.log(x0.map((x) => (x / x0[0]).toFixed(3))); // → [ '1.000', '0.500', '0.250' ]
 * factors.forEach((f) => f.dispose());
 * ```
 */
export function factorBatch(A: CscMatrix, valueSets: readonly (Float64Array | number[])[], opts?: FactorOptions): Factor[] {
  const p = prepare(A, opts, 'factorBatch');
  const sets = checkValueSets(p, valueSets, 'factorBatch');
  const base = native().analyze(analysisArgs(p, false));
  const handles: number[] = [];
  try {
    sets.forEach((values, k) => {
      handles.push(native().cloneSymbolic({ handle: base }));
      try {
        native().factorize({ handle: handles[k], values, shift: p.options.shift, check: p.options.check });
      } catch (error) {
        throw tagged(error, k);
      }
    });
  } catch (error) {
    freeAll(handles);
    throw error;
  } finally {
    native().free(base);
  }
  return handles.map((h, k) => wrap(h, { ...p, A: p.A.withValues(sets[k]) }));
}

/**
 * {@link factorBatch} off the event loop: the analysis runs on the thread pool, then every value
 * set is factorised as its own job, so up to the pool size (UV_THREADPOOL_SIZE, default 4) run
 * concurrently. See {@link setThreads} for the BLAS threads each job uses.
 *
 * @throws (as a rejection) what {@link factorBatch} throws; no factor is left alive then.
 * @example
 * ```ts
 * import { factorBatchAsync, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(30);
 * const scales = [1, 10, 100, 1000];
 * const factors = await factorBatchAsync(A, scales.map((E) => A.values.map((v) => E * v)));
 * console.log(factors.map((f) => f.info.factorizations)); // → [ 1, 1, 1, 1 ]
 * factors.forEach((f) => f.dispose());
 * ```
 */
export async function factorBatchAsync(A: CscMatrix, valueSets: readonly (Float64Array | number[])[],
                                       opts?: FactorOptions): Promise<Factor[]> {
  const p = prepare(A, opts, 'factorBatchAsync');
  const sets = checkValueSets(p, valueSets, 'factorBatchAsync', true);
  const base = await native().analyzeAsync(analysisArgs(p, false));
  const handles: number[] = [];
  try {
    for (let k = 0; k < sets.length; k++) handles.push(native().cloneSymbolic({ handle: base }));
  } catch (error) {
    freeAll(handles);
    throw error;
  } finally {
    native().free(base);
  }
  const outcomes = await Promise.allSettled(handles.map((h, k) => native().factorizeAsync({ handle: h, values: sets[k], shift: p.options.shift, check: p.options.check })));
  const failed = outcomes.findIndex((o) => o.status === 'rejected');
  if (failed >= 0) {
    freeAll(handles);
    throw tagged((outcomes[failed] as PromiseRejectedResult).reason, failed);
  }
  return handles.map((h, k) => wrap(h, { ...p, A: p.A.withValues(sets[k]) }));
}
