/**
 * The checks of index vectors a factorisation takes: a permutation of 0..n−1 (a user ordering)
 * and a set of distinct columns (the column subset of an A Aᵀ factor).
 * @internal @module
 */
import { toInt32Array } from '../sparse/validate';

/**
 * `value` as an Int32Array permutation of 0..n−1 (a copy, so the caller may reuse theirs):
 * TypeError when it is not an array of integers, RangeError naming the offending index for a
 * wrong length, an entry out of range or a repeated entry.
 */
export function checkPermutation(value: unknown, n: number, name: string): Int32Array {
  const perm = toInt32Array(value, name);
  if (perm.length !== n) throw new RangeError(`${name} must be a permutation of 0..${n - 1} (${n} entries), got ${perm.length} entries`);
  return checkDistinct(perm, n, name, value);
}

/** Distinct indices in 0..size−1 (any number of them), checked like {@link checkPermutation}. */
export function checkSubset(value: unknown, size: number, name: string): Int32Array {
  return checkDistinct(toInt32Array(value, name), size, name, value);
}

function checkDistinct(indices: Int32Array, size: number, name: string, original: unknown): Int32Array {
  const firstSeen = new Int32Array(size).fill(-1);
  for (let k = 0; k < indices.length; k++) {
    const p = indices[k];
    if (p < 0 || p >= size) throw new RangeError(`${name}[${k}] must be an integer in [0, ${size}), got ${p}`);
    if (firstSeen[p] >= 0) throw new RangeError(`${name}[${k}] must not repeat an entry, got ${p} (also at index ${firstSeen[p]})`);
    firstSeen[p] = k;
  }
  return indices === original ? indices.slice() : indices;
}
