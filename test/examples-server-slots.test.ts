/**
 * The server example's matrix slots (examples/server/matrix-slots.ts), both sides in this process
 * with the "messages" passed by hand: a matrix arrives intact, a slot's memory is sent once and
 * reused after its release, a slot in use is never handed out again, and surplus free slots are
 * dropped on both sides.
 */
import { poisson2d, poisson3d, type CscMatrix } from '../lib';
import { MainThreadSlots, WorkerSlotPool, type PlacedMatrix } from '../examples/server/matrix-slots';

function pair() {
  const pool = new WorkerSlotPool();
  const released: number[] = [];
  const main = new MainThreadSlots((slotId) => {
    released.push(slotId);
    pool.release(slotId);
  });
  return { pool, main, released };
}

const arraysOf = ({ nrows, ncols, colPtr, rowIdx, values, symmetry }: CscMatrix) => ({ nrows, ncols, colPtr, rowIdx, values, symmetry });

describe('matrix slots of the example server', () => {
  test('a matrix crosses intact, in shared memory', () => {
    const { pool, main } = pair();
    const A = poisson3d(6);
    const placed = pool.place(arraysOf(A));
    expect(placed.buffer).toBeInstanceOf(SharedArrayBuffer);
    const M = main.receive(placed);
    expect([M.nrows, M.ncols, M.symmetry]).toEqual([A.nrows, A.ncols, A.symmetry]);
    expect(M.colPtr).toEqual(A.colPtr);
    expect(M.rowIdx).toEqual(A.rowIdx);
    expect(M.values).toEqual(A.values);
    expect(M.values.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  test('a released slot is reused, without sending its memory again; one in use is not', () => {
    const { pool, main, released } = pair();
    const first = pool.place(arraysOf(poisson3d(6)));
    const M1 = main.receive(first);
    const busy = pool.place(arraysOf(poisson3d(6)));
    expect(busy.slotId).not.toBe(first.slotId);
    M1.release();
    M1.release(); // idempotent
    expect(released).toEqual([first.slotId]);
    const again: PlacedMatrix = pool.place(arraysOf(poisson3d(5))); // smaller: fits the free slot
    expect(again.slotId).toBe(first.slotId);
    expect(again.buffer).toBeUndefined();
    const B = poisson3d(5);
    const M2 = main.receive(again);
    expect(M2.values).toEqual(B.values);
    expect(M2.rowIdx).toEqual(B.rowIdx);
  });

  test('a matrix larger than every free slot gets a new one', () => {
    const { pool, main } = pair();
    main.receive(pool.place(arraysOf(poisson2d(4)))).release();
    const large = pool.place(arraysOf(poisson2d(12)));
    expect(large.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(main.receive(large).values).toEqual(poisson2d(12).values);
  });

  test('free slots beyond eight are dropped, and the main thread forgets them', () => {
    const { pool, main } = pair();
    const matrices = Array.from({ length: 10 }, (_, k) => main.receive(pool.place(arraysOf(poisson2d(3 + k)))));
    for (const M of matrices) M.release();
    // The two smallest were dropped, and the next answer says so; the smallest of the eight kept fits.
    const next = pool.place(arraysOf(poisson2d(3)));
    expect(next.dropped).toHaveLength(2);
    expect(next.dropped).not.toContain(next.slotId);
    expect(next.buffer).toBeUndefined();
    expect(main.receive(next).values).toEqual(poisson2d(3).values);
    // A dropped slot's release (a late one) is ignored by the pool.
    expect(() => pool.release(next.dropped[0])).not.toThrow();
  });
});
