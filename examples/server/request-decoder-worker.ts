/**
 * The decoder worker: parses request bodies (JSON, Matrix Market), generates and validates
 * matrices and hashes them, all O(size of the request) work that would otherwise stop the event
 * loop for tens of milliseconds on a large matrix. It never touches a factorisation: factors
 * live in the main thread's addon instance. The main-thread side is request-decoder.ts; a decoded
 * matrix reaches it in shared memory (matrix-slots.ts).
 */
import { parentPort } from 'node:worker_threads';

import { factorKey } from './factor-key';
import { decodeFactorRequest } from './factor-request';
import { HttpError } from './http-json';
import { decodeSolveRequest } from './solve-request';
import { WorkerSlotPool } from './matrix-slots';
import type { DecodeJob, DecodeReply, PlacedFactorRequest, ReleaseSlot } from './request-decoder';

const slots = new WorkerSlotPool();

function decode(job: DecodeJob): { result: DecodeReply['result']; transfer: ArrayBuffer[] } {
  const started = performance.now();
  const body: unknown = parseJson(job.body);
  if (job.kind === 'solve') {
    const solve = decodeSolveRequest(body);
    return { result: solve, transfer: [solve.B.buffer as ArrayBuffer] };
  }
  const { matrix, options } = decodeFactorRequest(body);
  const key = factorKey(matrix, options);
  // Into shared memory the main thread already has (matrix-slots.ts), not moved as new buffers.
  const decoded: PlacedFactorRequest = { matrix: slots.place(matrix), options, key, decodeMs: performance.now() - started };
  return { result: decoded, transfer: [] };
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

parentPort!.on('message', (job: DecodeJob | ReleaseSlot) => {
  if ('releaseSlot' in job) return slots.release(job.releaseSlot);
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
