/**
 * `POST /solve/:key`: solves with a cached factor on libuv's thread pool (Factor.solveAsync), all
 * right-hand sides in one call.
 *
 * Answer: { key, n, nrhs, solveMs, relativeResidual, x } with x shaped like b. x is left out, and
 * `summary` ({ norm2, min, max } per right-hand side) given instead, when it would hold more than
 * the server's maxSolutionValues numbers (100,000 by default): serialising a million numbers to
 * JSON takes the main thread about a second, and a client that sends that much usually wants the
 * solution in a file, not in a response. `"return": "x"` or `"summary"` in the body overrides it.
 *
 * relativeResidual is ‖b − (A + βI) x‖ / ‖b‖ per right-hand side, computed on the main thread
 * from the matrix the factor holds (O(nnz) per right-hand side): a check the client gets for free.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { CscMatrix } from '../../lib';
import type { ServerContext } from './context';
import { HttpError, readBody, sendJson } from './http-json';

export async function solveRoute(context: ServerContext, req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
  // Answer an unknown key before reading a possibly large body.
  if (!context.cache.has(key)) throw unknownKey(key);
  const request = await context.decoder.decodeSolve(await readBody(req, context.limits.maxBodyBytes));
  const lease = context.cache.acquire(key);
  if (!lease) throw unknownKey(key); // evicted while the body was being read
  try {
    const { factor, shift } = lease;
    const { B, nrhs } = request;
    const n = factor.n;
    if (B.length !== n * nrhs) throw new HttpError(400, `each right-hand side must have length n = ${n}, got ${B.length / nrhs}`);
    const started = performance.now();
    const X = await factor.solveAsync({ nrows: n, ncols: nrhs, data: B }).catch((error: Error) => {
      if (error instanceof RangeError) throw new HttpError(400, `${error.name}: ${error.message}`); // e.g. b[3] is Infinity
      throw error;
    });
    const solveMs = performance.now() - started;
    const columns = Array.from({ length: nrhs }, (_, j) => ({ b: B.subarray(j * n, (j + 1) * n), x: X.data.subarray(j * n, (j + 1) * n) }));
    const residuals = columns.map(({ b, x }) => relativeResidual(factor.matrix, shift, x, b));
    const answerX = (request.return ?? (n * nrhs <= context.limits.maxSolutionValues ? 'x' : 'summary')) === 'x';
    const pick = <T>(perColumn: T[]): T | T[] => (request.several ? perColumn : perColumn[0]);
    sendJson(res, 200, {
      key,
      n,
      nrhs,
      solveMs: Math.round(solveMs * 100) / 100,
      relativeResidual: pick(residuals),
      ...(answerX ? { x: pick(columns.map(({ x }) => Array.from(x))) } : { summary: pick(columns.map(({ x }) => summarise(x))) }),
    });
  } finally {
    lease.release();
  }
}

function unknownKey(key: string): HttpError {
  return new HttpError(404, `no factor with key ${key} in the cache: POST /factor first (it may have been evicted)`, { key });
}

/** ‖b − (A + βI) x‖₂ / ‖b‖₂, with A as the factor holds it (one triangle stands for both). */
function relativeResidual(A: CscMatrix, shift: number, x: Float64Array, b: Float64Array): number {
  const Ax = A.matvec(x);
  let rr = 0, bb = 0;
  for (let i = 0; i < b.length; i++) {
    rr += (b[i] - Ax[i] - shift * x[i]) ** 2;
    bb += b[i] ** 2;
  }
  return bb === 0 ? Math.sqrt(rr) : Math.sqrt(rr / bb);
}

function summarise(x: Float64Array): { norm2: number; min: number; max: number } {
  let sum = 0, min = Infinity, max = -Infinity;
  for (const value of x) {
    sum += value * value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return { norm2: Math.sqrt(sum), min, max };
}
