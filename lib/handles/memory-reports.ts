/**
 * Whether the garbage collector hears of the native memory that factors and other native
 * objects hold: the switch for programs that dispose every object themselves.
 * @module
 */
import { native } from '../native';
import { checkBoolean } from '../sparse/validate';

/**
 * Switches the reports of native memory to V8 on (the default) or off, for this thread's
 * addon instance.
 *
 * With reports on, every native object's memory counts towards V8's external memory, so that a
 * factor nobody disposed is freed by the garbage collector once enough of it piles up. The
 * price: whenever the reported total grows 64 MB beyond what the last full collection left,
 * V8 starts a full (mark-compact) collection, whose final pause runs on the event loop. A
 * program that keeps factors alive on purpose, such as a server with a cache of factors that
 * disposes each one when it evicts it, pays one such collection per large factorisation, and
 * it frees nothing.
 *
 * With reports off, objects made from then on are not reported: no collection is ever started
 * for them. What was reported before is still taken back when it is freed, so V8's count stays
 * right. The cost is that a forgotten object is freed only when the collector runs for other
 * reasons, maybe never: switch reports off only where every object is disposed, and watch
 * {@link liveHandles}.
 *
 * @param enabled True to report (the default), false not to.
 * @throws TypeError unless `enabled` is a boolean.
 * @example
 * ```ts
 * import { cholesky, liveHandles, poisson2d, setMemoryReports } from 'spsolve';
 *
 * setMemoryReports(false); // this program disposes every factor it makes
 * const factor = cholesky(poisson2d(50));
 * factor.dispose();
 * console.log(liveHandles()); // → 0
 * setMemoryReports(true);
 * ```
 */
export function setMemoryReports(enabled: boolean): void {
  native().setMemoryReports(checkBoolean(enabled, 'setMemoryReports: enabled'));
}
