/**
 * Factorisations off the simple path: several value sets on one analysis (factorBatch,
 * factorBatchAsync), and the async factor, solve and refactor run on the thread pool.
 */
import fc from 'fast-check';

import { DisposedError, choleskyAsync, factorBatch, factorBatchAsync, liveHandles } from '../../lib';
import { optionsArb, spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak, close } from './checks';
import { shifted, solveDense } from './dense-reference';
import type { NamedProperty } from './named-property';
import { expectRejects } from './outcomes';

/** factorBatch / factorBatchAsync: one analysis, several value sets, each factor against its dense matrix. */
const batchValid = fc.asyncProperty(spdArb(8), fc.array(fc.double({ min: 0.25, max: 4, noNaN: true }), { maxLength: 4 }), fc.boolean(), fc.integer(),
  async (c, scales, useAsync, seed) => {
    const before = liveHandles();
    const n = c.A.nrows;
    const sets = scales.map((s) => c.A.values.map((v) => s * v));
    const factors = useAsync ? await factorBatchAsync(c.A, sets) : factorBatch(c.A, sets);
    try {
      if (factors.length !== scales.length) throw new Error('factorBatch returned the wrong number of factors');
      const b = vectorFromSeed(n, seed);
      factors.forEach((f, k) => close(f.solve(b), solveDense(c.dense.map((v) => scales[k] * v), n, b), 1e-9, `factorBatch[${k}]`));
    } finally {
      for (const f of factors) f.dispose();
    }
    checkNoLeak(before, 'factorBatch');
    return true;
  });

/** choleskyAsync / solveAsync / refactorAsync against the dense reference. */
const choleskyAsyncValid = fc.asyncProperty(spdArb(10), optionsArb, fc.integer(), async (c, opts, seed) => {
  const before = liveHandles();
  const n = c.A.nrows;
  const f = await choleskyAsync(c.A, opts);
  try {
    const b = vectorFromSeed(n, seed);
    const [x1, x2] = await Promise.all([f.solveAsync(b), f.solveAsync(b)]);
    const ref = solveDense(shifted(c.dense, n, opts.shift ?? 0), n, b);
    close(x1, ref, 1e-9, 'solveAsync');
    close(x2, ref, 1e-9, 'solveAsync (concurrent)');
    await f.refactorAsync(c.A.values.map((v) => 2 * v), { shift: 0 });
    close(await f.solveAsync(b), solveDense(c.dense.map((v) => 2 * v), n, b), 1e-9, 'solveAsync after refactorAsync');
  } finally {
    f.dispose();
  }
  await expectRejects(() => f.solveAsync(new Float64Array(n)), DisposedError);
  checkNoLeak(before, 'choleskyAsync');
  return true;
});

export const FACTOR_BATCH_ASYNC_PROPERTIES: NamedProperty[] = [
  { name: 'cholesky.batch', covers: 'factorBatch / factorBatchAsync vs dense', property: batchValid, weight: 0.5 },
  { name: 'cholesky.async', covers: 'choleskyAsync, concurrent solveAsync, refactorAsync, disposed solveAsync', property: choleskyAsyncValid, weight: 0.5 },
];
