/**
 * What every object that owns a native handle shares: the handle in a private field, idempotent
 * dispose, `Symbol.dispose`, and the FinalizationRegistry backstop.
 * @module
 */
import { native } from '../native';
import { DisposedError } from './disposed-error';

// The backstop for objects that are never disposed: frees the native object when its wrapper is
// collected. dispose() unregisters, so an object is never freed twice by this path. The addon's
// free() takes a handle of any kind.
const finalizer = new FinalizationRegistry<number>((handle) => {
  try {
    native().free(handle);
  } catch {
    // the addon instance is gone (environment teardown): its table was emptied already
  }
});

/**
 * The base of every class that owns a native object through the addon's handle table (an integer:
 * slot index + generation, so a stale handle never reaches a reused slot). The native object is
 * freed by `dispose()`, by a `using` declaration where available, or, as a backstop, when the
 * wrapper is garbage-collected undisposed; a job still running on it finishes first.
 */
export abstract class NativeHandle implements Disposable {
  #handle: number;
  readonly #what: string;

  /** @param what How a DisposedError names this object, e.g. 'factor'. */
  protected constructor(handle: number, what: string) {
    this.#handle = handle;
    this.#what = what;
    finalizer.register(this, handle, this);
  }

  /** True once `dispose()` has run. */
  get disposed(): boolean {
    return this.#handle === 0;
  }

  /** The native handle; throws DisposedError after dispose(). @internal */
  get handle(): number {
    if (this.#handle === 0) throw new DisposedError(`the ${this.#what} has been disposed`);
    return this.#handle;
  }

  /**
   * Frees the native object. Idempotent; a running async job finishes first, and large objects
   * are freed on a worker thread. Any later use raises {@link DisposedError}.
   */
  dispose(): void {
    if (this.#handle === 0) return;
    const handle = this.#handle;
    this.#handle = 0;
    finalizer.unregister(this);
    native().free(handle);
  }

  /** Same as `dispose()`, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
