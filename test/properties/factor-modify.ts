/**
 * Changing a factor in place and the sparse and partial solves: update / downdate, rowDelete /
 * rowAdd, solveSparse, inverseColumns, each against the dense matrix it should now factor.
 */
import fc from 'fast-check';

import { CscMatrix, cholesky, liveHandles } from '../../lib';
import { denseOf } from '../helpers/dense';
import { spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak, close } from './checks';
import { inverse, solveDense } from './dense-reference';
import type { NamedProperty } from './named-property';

/** Rank-one update and downdate against the dense A ± c cᵀ. */
const updateValid = fc.property(spdArb(10), fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (c, seed, density) => {
  const n = c.A.nrows;
  if (n === 0) return true;
  const before = liveHandles();
  const f = cholesky(c.A);
  try {
    const col = vectorFromSeed(n, seed).map((v, k) => ((k * 7919 + seed) >>> 0) % 100 < density * 100 ? v : 0);
    const C = CscMatrix.fromDense(n, 1, col);
    f.update(C);
    const up = c.dense.slice();
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) up[i + j * n] += col[i] * col[j];
    const b = vectorFromSeed(n, seed + 3);
    close(f.solve(b), solveDense(up, n, b), 1e-9, 'solve after update');
    f.update(C, { downdate: true });
    close(f.solve(b), solveDense(c.dense, n, b), 1e-8, 'solve after downdate');
  } finally {
    f.dispose();
  }
  checkNoLeak(before, 'update');
  return true;
});

/** rowDelete / rowAdd, solveSparse, inverseColumns (dense and sparse) against dense references. */
const modifyValid = fc.property(spdArb(10), fc.nat(), fc.integer(), (c, pick, seed) => {
  const n = c.A.nrows;
  if (n === 0) return true;
  const before = liveHandles();
  const f = cholesky(c.A);
  try {
    const Z = inverse(c.dense, n);
    const cols = [pick % n, (pick >>> 4) % n, pick % n];
    const X = f.inverseColumns(cols);
    cols.forEach((col, j) => close(X.data.subarray(j * n, (j + 1) * n), Z.subarray(col * n, (col + 1) * n), 1e-9, 'inverseColumns'));
    const Xs = f.inverseColumns(cols, { format: 'sparse' });
    close(denseOf(Xs), X.data, 1e-12, 'inverseColumns sparse');
    const B = CscMatrix.fromDense(n, 2, vectorFromSeed(2 * n, seed).map((v) => (v > 0 ? v : 0)));
    const XB = f.solveSparse(B);
    const denseB = denseOf(B);
    close(denseOf(XB), [...solveDense(c.dense, n, denseB.subarray(0, n)), ...solveDense(c.dense, n, denseB.subarray(n))], 1e-9, 'solveSparse');
    // Row and column k replaced by the identity's, then put back.
    const k = pick % n;
    f.rowDelete(k);
    const deleted = c.dense.slice();
    for (let i = 0; i < n; i++) { deleted[i + k * n] = 0; deleted[k + i * n] = 0; }
    deleted[k + k * n] = 1;
    const b = vectorFromSeed(n, seed + 1);
    close(f.solve(b), solveDense(deleted, n, b), 1e-9, 'solve after rowDelete');
    f.rowAdd(k, c.dense.slice(k * n, (k + 1) * n));
    close(f.solve(b), solveDense(c.dense, n, b), 1e-8, 'solve after rowAdd');
  } finally {
    f.dispose();
  }
  checkNoLeak(before, 'modify');
  return true;
});

export const FACTOR_MODIFY_PROPERTIES: NamedProperty[] = [
  { name: 'cholesky.update', covers: 'Factor.update / downdate vs dense A ± c cᵀ', property: updateValid },
  { name: 'cholesky.modify', covers: 'rowDelete / rowAdd, solveSparse, inverseColumns (dense and sparse) vs dense', property: modifyValid },
];
