/**
 * Assertions for valid input. They throw plain Errors (which fast-check reports with the
 * counterexample) rather than use jest's expect, so the properties also run outside jest, in the
 * child processes of `npm run fuzz`.
 */
import { liveHandles } from '../../lib';
import { relErr } from '../helpers/dense';

/** Same length and a relative error within `tol`. */
export function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  const err = relErr(actual, expected);
  if (!(err <= tol)) throw new Error(`${what}: relative error ${err} > ${tol}`);
}

/** The handle count must come back to where a case started: every factor it made is freed. */
export function checkNoLeak(before: number, what: string): void {
  const after = liveHandles();
  if (after !== before) throw new Error(`${what}: liveHandles() ${before} → ${after}`);
}
