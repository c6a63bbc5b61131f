import { rng } from '../helpers/dense';

/**
 * A deterministic vector from a seed (values in [-1, 1)). Properties draw one integer seed and
 * derive their vectors from it, so a shrunk counterexample stays short and readable.
 */
export function vectorFromSeed(n: number, seed: number): Float64Array {
  const rand = rng(seed);
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = 2 * rand() - 1;
  return v;
}
