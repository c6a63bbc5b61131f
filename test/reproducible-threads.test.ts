/**
 * The same bits whatever the threads: a factorisation's numbers do not depend on the thread policy
 * (setThreads) nor on what else runs, for every engine that calls the BLAS (docs/factorizations.md,
 * "Reproducible results").
 *
 * Why this can fail: OpenBLAS's own threaded kernels split their work by the threads they have,
 * and round differently with a different count. spsolve runs OpenBLAS on one thread and cuts large
 * BLAS calls into tiles by their shape alone (native/blas/tiled_blas.h); a cut that looked at the
 * thread count, a tile that overlapped another, or OpenBLAS left threaded would show up here as
 * differing bits (or, for an overlap, a wrong residual).
 *
 * The problems are large enough to be cut: poisson3d(30)'s top separator is a 900 × 900 dense
 * block, so its dpotrf is the blocked one and its dsyrk/dgemm/dtrsm are many tiles. The test also
 * checks, from the team's own counters, that tiles were run and that helpers ran some of them.
 */
import { buildInfo, cholesky, choleskyAsync, getThreads, setThreads, type ThreadPolicy } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { lu } from '../lib/lu';
import { native } from '../lib/native';
import { qr } from '../lib/qr';
import { convectionDiffusion3d, type CscMatrix, type DenseMatrix, poisson3d } from '../lib/sparse';
import { relResidual } from './helpers/dense';

const policies: ThreadPolicy[] = [1, 2, 3, 'auto'];
const bytes = (x: Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/** run() under each policy; every result's arrays must be the first's, byte for byte. */
function expectSameBitsUnderEveryPolicy(run: () => Float64Array[]): Float64Array[] {
  const first = (setThreads(policies[0]), run());
  for (const policy of policies.slice(1)) {
    setThreads(policy);
    const again = run();
    again.forEach((x, i) => expect({ policy, i, same: bytes(x).equals(bytes(first[i])) }).toEqual({ policy, i, same: true }));
  }
  return first;
}

function rhs(n: number, columns: number): DenseMatrix {
  const data = Float64Array.from({ length: n * columns }, (_, i) => Math.sin(i + 1));
  return { nrows: n, ncols: columns, data };
}

let threadsBefore: ThreadPolicy;
beforeAll(() => {
  threadsBefore = getThreads();
});
afterAll(() => setThreads(threadsBefore));
afterEach(() => expect(liveHandles()).toBe(0));

describe('a factorisation gives the same bits under every thread policy', () => {
  const A = poisson3d(30);
  const b = Float64Array.from({ length: A.nrows }, (_, i) => Math.cos(i));

  it('Cholesky (supernodal, poisson3d(30)): L, one and several right-hand sides, the selected inverse', () => {
    const before = native().tileCounts();
    const [x] = expectSameBitsUnderEveryPolicy(() => {
      using f = cholesky(A);
      const X = f.solve(rhs(A.nrows, 4)) as DenseMatrix; // the solve's dtrsm / dgemm on 4 columns
      return [f.solve(b) as Float64Array, f.L().values, X.data, f.selectedInverse()];
    });
    expect(relResidual(A, x, b)).toBeLessThan(1e-12);
    const after = native().tileCounts();
    if (buildInfo().tiledBlas) {
      // CHOLMOD's calls went through the tiles, and under 2 and 3 threads helpers took some.
      expect(after.tiledCalls - before.tiledCalls).toBeGreaterThan(10);
      if (buildInfo().cores >= 2) expect(after.helperTiles - before.helperTiles).toBeGreaterThan(0);
    } else {
      // The system libcholmod calls OpenBLAS itself; only the selected inverse is spsolve's.
      expect(after.tiledCalls - before.tiledCalls).toBeGreaterThan(0);
    }
  });

  it('LU (UMFPACK, convection-diffusion 3D) and QR (SPQR, least squares): the solutions', () => {
    const C = convectionDiffusion3d(16, { peclet: 50 });
    const c = Float64Array.from({ length: C.nrows }, (_, i) => 1 + (i % 7));
    // Square and nonsingular, so the least-squares solution solves it exactly.
    const T = poisson3d(12);
    const t = Float64Array.from({ length: T.nrows }, (_, i) => Math.sin(i));
    const [xLu, xQr] = expectSameBitsUnderEveryPolicy(() => {
      using f = lu(C, { engine: 'umfpack' });
      using g = qr(T);
      return [f.solve(c) as Float64Array, g.solve(t) as Float64Array];
    });
    expect(relResidual(C, xLu, c)).toBeLessThan(1e-10);
    expect(relResidual(T, xQr, t)).toBeLessThan(1e-10);
  });
});

describe('a factorisation gives the same bits beside other jobs', () => {
  it("'auto': 4 choleskyAsync calls at once give the L of one alone", async () => {
    setThreads('auto');
    const A: CscMatrix = poisson3d(30);
    const alone = await choleskyAsync(A);
    const reference = Float64Array.from(alone.L().values);
    alone.dispose();
    const factors = await Promise.all([0, 1, 2, 3].map(() => choleskyAsync(A)));
    try {
      for (const f of factors) expect(bytes(f.L().values).equals(bytes(reference))).toBe(true);
    } finally {
      factors.forEach((f) => f.dispose());
    }
  });
});
