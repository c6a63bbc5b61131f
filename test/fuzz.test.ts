/**
 * Property-based tests of every public entry point and of the raw native surface (the
 * properties live in test/properties/). A few dozen runs each, so that `npm test` stays quick;
 * `npm run fuzz` runs the same properties 100,000+ times in child processes.
 * FUZZ_RUNS overrides the number of runs; FUZZ_SEED fixes the seed (reproduce a report).
 */
import fc from 'fast-check';

import { PROPERTIES } from './properties';

const runs = Number(process.env.FUZZ_RUNS ?? 40);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('fuzz: no input gives anything but a correct result or a typed error', () => {
  for (const { name, covers, property, weight = 1 } of PROPERTIES) {
    test(`${name}: ${covers}`, async () => {
      await fc.assert(property as fc.IAsyncPropertyWithHooks<unknown>, { numRuns: Math.max(1, Math.round(runs * weight)), seed });
    });
  }
});
