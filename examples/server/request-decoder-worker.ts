/**
 * The decoder worker: parses request bodies (JSON, Matrix Market), generates and validates
 * matrices and hashes them, all O(size of the request) work that would otherwise stop the event
 * loop for tens of milliseconds on a large matrix. It never touches a factorisation: factors
 * live in the main thread's addon instance. The main-thread side is request-decoder.ts.
 */
import { parentPort } from 'node:worker_threads';

import { factorKey } from './factor-key';
import { decodeFactorRequest } from './factor-request';
import { HttpError } from './http-json';
import { decodeSolveRequest } from './solve-request';
import type { DecodeJob, DecodeReply, DecodedFactorRequest } from './request-decoder';

function decode(job: DecodeJob): { result: DecodeReply['result']; transfer: ArrayBuffer[] } {
  const started = performance.now();
  const body: unknown = parseJson(job.body);
  if (job.kind === 'solve') {
    const solve = decodeSolveRequest(body);
    return { result: solve, transfer: [solve.B.buffer as ArrayBuffer] };
  }
  const { matrix, options } = decodeFactorRequest(body);
  const decoded: DecodedFactorRequest = { matrix, options, key: factorKey(matrix, options), decodeMs: performance.now() - started };
  // Moved, not copied, to the main thread; a Set because views may share one buffer.
  const buffers = new Set([matrix.colPtr.buffer, matrix.rowIdx.buffer, matrix.values.buffer] as ArrayBuffer[]);
  return { result: decoded, transfer: [...buffers] };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** What the client did wrong, as an HTTP status and a message; anything unexpected is a 500. */
function describe(error: unknown): DecodeReply['error'] {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof Error && ['TypeError', 'RangeError', 'MatrixMarketError'].includes(error.name)) {
    return { status: 400, message: `${error.name}: ${error.message}` };
  }
  return { status: 500, message: `decoding failed: ${String(error)}` };
}

parentPort!.on('message', (job: DecodeJob) => {
  let reply: DecodeReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const decoded = decode(job);
    reply = { id: job.id, result: decoded.result };
    transfer = decoded.transfer;
  } catch (error) {
    reply = { id: job.id, error: describe(error) };
  }
  parentPort!.postMessage(reply, transfer);
});
