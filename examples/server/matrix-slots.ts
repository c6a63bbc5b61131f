/**
 * Where a decoded matrix crosses from the decoder worker to the main thread: shared memory
 * (SharedArrayBuffer "slots") that the worker writes and the main thread reads, reused from one
 * request to the next instead of a new ArrayBuffer per request.
 *
 * Why: V8 counts every ArrayBuffer that arrives in the main thread (a transferred one included)
 * as external memory, and each time that count grows 64 MB past what the last full collection
 * left it starts another full collection, whose pauses (5–15 ms on the 2-core VM, its code paged
 * out between two of them) are the longest the event loop sees (bench/README.md, the server). A
 * 40³ Poisson matrix is 3 MB, so that was a collection every 20 factorisations, freeing only the
 * arrays of evicted factors. Shared memory is not counted, and a slot in use stays in use until
 * the factor made from it is disposed: in steady state no memory is allocated per request at all.
 *
 * The worker owns the pool (WorkerSlotPool): it chooses a free slot that fits, or makes a new
 * one, and sends a slot's buffer the first time only. The main thread (MainThreadSlots) keeps
 * the buffers it was sent and gives a slot back by message when it is done with the matrix.
 * Released slots the pool will not reuse (beyond MAX_FREE_SLOTS) are dropped on both sides.
 */
import type { Symmetry } from '../../lib';
import type { MatrixArrays } from './factor-request';

/** Free slots kept for reuse; more are dropped (a burst of large requests does not stay allocated). */
const MAX_FREE_SLOTS = 8;
/** A new slot is this much larger than its first matrix, so that a slightly larger one fits too. */
const HEADROOM = 1.25;

/** A matrix in a slot, as the worker describes it to the main thread. */
export interface PlacedMatrix {
  nrows: number;
  ncols: number;
  nnz: number;
  symmetry: Symmetry;
  slotId: number;
  /** The slot's memory, sent along the first time the slot is used only. */
  buffer?: SharedArrayBuffer;
  /** Slots the worker dropped since its previous answer: the main thread forgets them too. */
  dropped: number[];
}

/** Bytes of a matrix in a slot: values first (8-byte aligned), then colPtr and rowIdx. */
function bytesOf(ncols: number, nnz: number): number {
  return 8 * nnz + 4 * (ncols + 1) + 4 * nnz;
}

/** Views of a matrix's arrays in a slot's memory (the same layout on both sides). */
function viewsIn(buffer: SharedArrayBuffer, ncols: number, nnz: number) {
  const values = new Float64Array(buffer, 0, nnz);
  const colPtr = new Int32Array(buffer, 8 * nnz, ncols + 1);
  const rowIdx = new Int32Array(buffer, 8 * nnz + 4 * (ncols + 1), nnz);
  return { colPtr, rowIdx, values };
}

/** The decoder worker's side: the slots, which of them are free, and copying a matrix into one. */
export class WorkerSlotPool {
  #buffers = new Map<number, SharedArrayBuffer>();
  #free = new Set<number>();
  #sent = new Set<number>();
  #dropped: number[] = [];
  #nextId = 1;

  /** Copies `matrix` into a free slot that fits (or a new one); the slot is in use until released. */
  place(matrix: MatrixArrays): PlacedMatrix {
    const { nrows, ncols, symmetry, colPtr, rowIdx, values } = matrix;
    const nnz = values.length;
    const slotId = this.#take(bytesOf(ncols, nnz));
    const buffer = this.#buffers.get(slotId)!;
    const views = viewsIn(buffer, ncols, nnz);
    views.colPtr.set(colPtr);
    views.rowIdx.set(rowIdx);
    views.values.set(values);
    const first = !this.#sent.has(slotId);
    this.#sent.add(slotId);
    const dropped = this.#dropped;
    this.#dropped = [];
    return { nrows, ncols, nnz, symmetry, slotId, ...(first ? { buffer } : {}), dropped };
  }

  /** The main thread is done with the slot's matrix. Unknown ids (a dropped slot) are ignored. */
  release(slotId: number): void {
    if (!this.#buffers.has(slotId)) return;
    this.#free.add(slotId);
    if (this.#free.size > MAX_FREE_SLOTS) this.#drop(this.#smallestFree());
  }

  #take(bytes: number): number {
    let best: number | undefined;
    for (const id of this.#free) {
      const size = this.#buffers.get(id)!.byteLength;
      if (size >= bytes && (best === undefined || size < this.#buffers.get(best)!.byteLength)) best = id;
    }
    if (best !== undefined) {
      this.#free.delete(best);
      return best;
    }
    const id = this.#nextId++;
    // Rounded up to 8 bytes, so that the values (first) are aligned whatever the headroom.
    this.#buffers.set(id, new SharedArrayBuffer(Math.ceil((bytes * HEADROOM) / 8) * 8));
    return id;
  }

  #smallestFree(): number {
    let smallest = -1;
    for (const id of this.#free) {
      if (smallest < 0 || this.#buffers.get(id)!.byteLength < this.#buffers.get(smallest)!.byteLength) smallest = id;
    }
    return smallest;
  }

  #drop(slotId: number): void {
    this.#free.delete(slotId);
    this.#buffers.delete(slotId);
    if (this.#sent.delete(slotId)) this.#dropped.push(slotId);
  }
}

/** A decoded matrix on the main thread: its arrays (views of a slot) and how to give the slot back. */
export interface SlottedMatrix extends MatrixArrays {
  /** Idempotent. Afterwards the worker may overwrite the arrays: call it when nothing reads them any more. */
  release(): void;
}

/** The main thread's side: the slot buffers it was sent, by id, for one worker's pool. */
export class MainThreadSlots {
  #buffers = new Map<number, SharedArrayBuffer>();

  constructor(private readonly sendRelease: (slotId: number) => void) {}

  /** The arrays of a placed matrix, and its release. */
  receive(placed: PlacedMatrix): SlottedMatrix {
    for (const id of placed.dropped) this.#buffers.delete(id);
    if (placed.buffer) this.#buffers.set(placed.slotId, placed.buffer);
    const buffer = this.#buffers.get(placed.slotId);
    if (!buffer) throw new Error(`the decoder worker used slot ${placed.slotId} without sending it`);
    const { nrows, ncols, nnz, symmetry, slotId } = placed;
    let released = false;
    return {
      nrows,
      ncols,
      symmetry,
      ...viewsIn(buffer, ncols, nnz),
      release: () => {
        if (released) return;
        released = true;
        this.sendRelease(slotId);
      },
    };
  }
}
