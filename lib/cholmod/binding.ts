/** The addon, loaded once and told about spsolve's error classes. @internal @module */
import { loadAddon, type NativeAddon } from '../native';
import { CholmodError, DisposedError, NotPositiveDefiniteError } from './errors';

let addon: NativeAddon | undefined;

export function native(): NativeAddon {
  if (!addon) {
    const loaded = loadAddon();
    loaded.init({ CholmodError, NotPositiveDefiniteError, DisposedError, TypeError, RangeError });
    addon = loaded;
  }
  return addon;
}
