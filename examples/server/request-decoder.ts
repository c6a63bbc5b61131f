/**
 * The main thread's side of the decoder worker (request-decoder-worker.ts): hands it a request
 * body, gets back the decoded request, with the matrix arrays in shared memory the worker reuses
 * (matrix-slots.ts) and right-hand sides moved (transferred), not copied. One worker decodes one
 * body at a time; the event loop only waits for a message.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import type { FactorOptionsWithDefaults } from './factor-request';
import { HttpError } from './http-json';
import { MainThreadSlots, type PlacedMatrix, type SlottedMatrix } from './matrix-slots';
import type { SolveRequest } from './solve-request';

export interface DecodeJob {
  id: number;
  kind: 'factor' | 'solve';
  body: Uint8Array;
}

/** The main thread gives a matrix's slot back to the worker's pool. */
export interface ReleaseSlot {
  releaseSlot: number;
}

/** A decoded /factor body as the worker sends it: the matrix as a place in a slot. */
export interface PlacedFactorRequest {
  matrix: PlacedMatrix;
  options: FactorOptionsWithDefaults;
  /** The cache key (factor-key.ts). */
  key: string;
  /** Time the worker spent parsing, generating, validating and hashing. */
  decodeMs: number;
}

/**
 * A decoded /factor body on the main thread. Release the matrix (`matrix.release()`) once
 * nothing reads its arrays any more: the worker then reuses their memory.
 */
export interface DecodedFactorRequest extends Omit<PlacedFactorRequest, 'matrix'> {
  matrix: SlottedMatrix;
}

export interface DecodeReply {
  id: number;
  result?: PlacedFactorRequest | SolveRequest;
  error?: { status: number; message: string };
}

interface Waiting {
  resolve: (result: PlacedFactorRequest | SolveRequest) => void;
  reject: (error: Error) => void;
}

export class RequestDecoder {
  #worker: Worker | undefined;
  /** The slots of the running worker's pool (a new worker starts a new pool). */
  #slots: MainThreadSlots | undefined;
  #waiting = new Map<number, Waiting>();
  #nextId = 1;

  async decodeFactor(body: Buffer): Promise<DecodedFactorRequest> {
    this.#running(); // the worker that decodes this body, and its pool
    const slots = this.#slots!;
    const placed = (await this.#decode('factor', body)) as PlacedFactorRequest;
    return { ...placed, matrix: slots.receive(placed.matrix) };
  }

  decodeSolve(body: Buffer): Promise<SolveRequest> {
    return this.#decode('solve', body) as Promise<SolveRequest>;
  }

  /** Stops the worker (at shutdown, once no request is in flight). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #decode(kind: DecodeJob['kind'], body: Buffer): Promise<PlacedFactorRequest | SolveRequest> {
    const id = this.#nextId++;
    const job: DecodeJob = { id, kind, body };
    // A body that owns its whole ArrayBuffer is moved; a small one sits in Node's shared buffer
    // pool, which must not be detached, and is copied instead.
    const ownsBuffer = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#running().postMessage(job, ownsBuffer ? [body.buffer as ArrayBuffer] : []);
    });
  }

  #running(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(join(__dirname, 'request-decoder-worker.js'));
    // A matrix of an earlier worker keeps its memory (shared, not the worker's), but its slot
    // belongs to no pool any more: releasing it is a no-op.
    this.#slots = new MainThreadSlots((slotId) => {
      if (this.#worker === worker) worker.postMessage({ releaseSlot: slotId } satisfies ReleaseSlot);
    });
    worker.on('message', (reply: DecodeReply) => this.#settle(reply));
    // A worker that dies (out of memory, a bug) fails the requests it held; the next one starts afresh.
    const failAll = (why: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const waiting of this.#waiting.values()) waiting.reject(new HttpError(500, `the decoder worker ${why}`));
      this.#waiting.clear();
    };
    worker.on('error', (error) => failAll(`failed: ${error.message}`));
    worker.on('exit', (code) => failAll(`exited with code ${code}`));
    this.#worker = worker;
    return worker;
  }

  #settle(reply: DecodeReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    if (reply.error) waiting.reject(new HttpError(reply.error.status, reply.error.message));
    else waiting.resolve(reply.result!);
  }
}
