/**
 * `POST /factor`: decode the matrix (in the worker), then answer from the cache or factorise with
 * choleskyAsync, whose analysis and numeric factorisation run on libuv's thread pool.
 *
 * Answer: { key, cached, kept, n, nnzA, nnzL, memoryBytes, ordering, supernodal, blasThreads,
 * timings: { decodeMs, analyzeMs, factorMs, totalMs } }. `cached` is true when this request did
 * not factorise (the factor was in the cache, or another request was making it); `kept` is false
 * when the factor alone is larger than the cache's byte bound (it served this request, and is gone).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { choleskyAsync, CscMatrix } from '../../lib';
import type { ServerContext } from './context';
import type { Cached, Lease } from './factor-cache';
import { HttpError, readBody, sendJson } from './http-json';
import type { DecodedFactorRequest } from './request-decoder';

export async function factorRoute(context: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const request = await context.decoder.decodeFactor(await readBody(req, context.limits.maxBodyBytes));
  // The matrix's memory goes back to the decoder's pool as soon as nothing reads it: at the end
  // of this request, unless the request makes the factor, which keeps it until it is disposed.
  let matrixKept = false;
  try {
    const { lease, cached } = await context.cache.acquireOrCreate(request.key, async () => {
      const made = await factorise(context, request);
      matrixKept = true;
      return made;
    });
    answer(res, context, request, lease, cached, started);
  } finally {
    if (!matrixKept) request.matrix.release();
  }
}

function answer(res: ServerResponse, context: ServerContext, request: DecodedFactorRequest, lease: Lease, cached: boolean, started: number): void {
  try {
    const info = lease.factor.info;
    sendJson(res, 200, {
      key: lease.key,
      cached,
      kept: context.cache.has(lease.key),
      n: info.n,
      nnzA: info.nnzA,
      nnzL: info.nnzL,
      memoryBytes: info.memoryBytes,
      ordering: info.ordering,
      supernodal: info.isSupernodal,
      blasThreads: info.blasThreads,
      timings: {
        decodeMs: round(request.decodeMs),
        analyzeMs: round(info.analyzeSeconds * 1e3),
        factorMs: round(info.factorSeconds * 1e3),
        totalMs: round(performance.now() - started),
      },
    });
  } finally {
    lease.release();
  }
}

async function factorise(context: ServerContext, { matrix, options }: DecodedFactorRequest): Promise<Cached> {
  const { state, limits, stats } = context;
  if (state.factorizationsRunning >= limits.maxConcurrentFactorizations) {
    throw new HttpError(503, `busy: ${state.factorizationsRunning} factorisations are running (the server's limit); retry later`);
  }
  state.factorizationsRunning++;
  try {
    // The worker validated the arrays already, but a CscMatrix is only ever made by a check:
    // this one scans the entries on libuv's pool, not on the event loop (the constructor would).
    const A = await CscMatrix.fromArraysAsync(matrix.nrows, matrix.ncols, matrix.colPtr, matrix.rowIdx, matrix.values, { symmetry: matrix.symmetry });
    // Until its first await, choleskyAsync runs on the main thread (checks, copying A for the job).
    const factorisation = stats.time('choleskyAsync (synchronous part)', () => choleskyAsync(A, options));
    // The factor keeps A (factor.matrix), whose arrays are the slot's: freed with the factor.
    return { factor: await factorisation, shift: options.shift, afterDispose: matrix.release };
  } catch (error) {
    // The options and the matrix's shape are only checked by the library; its messages name the culprit.
    if (error instanceof TypeError || error instanceof RangeError) throw new HttpError(400, `${error.name}: ${error.message}`);
    throw error;
  } finally {
    state.factorizationsRunning--;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
