/**
 * Reproducible orderings: the same pattern with the same options gives the same permutation and
 * nnz(L) whether it is factorised alone or while other factorisations run on libuv's pool, and
 * (for one pattern) bit-for-bit the same solution.
 *
 * Why this can fail: METIS draws random numbers (coarsening, initial bisections) and reseeds its
 * generator at the start of every call. When that generator is process-wide (libc's rand, or
 * GKlib's GKRAND generator as shipped, whose state is a static array), two concurrent calls
 * consume each other's numbers and the orderings depend on the thread schedule. The bundled build
 * gives the generator one state per thread (cmake/bundled-suitesparse.cmake); Debian's libmetis5
 * calls libc's rand, so the system-library build runs its analyses one at a time instead
 * (analyzeReproducibly, native/cholmod/factor.h): there the orderings cannot overlap, only the
 * rest of the jobs (docs/factorizations.md, "Reproducible orderings").
 *
 * How we know the calls overlapped: all JOBS calls are started before any is awaited, so every
 * analysis is queued on the pool before the first factorisation. Each factor reports how long its
 * analysis (ordering included) took, measured on its pool thread; if no two analyses had run at the
 * same time their intervals would be disjoint within the batch, and their durations could not
 * add up to more than the batch's wall time. The test asserts that they do (on 2 cores they add
 * up to 2-4 times the batch), which holds however fast or loaded the machine is; it fails only if
 * the pool runs one job at a time (UV_THREADPOOL_SIZE=1), when the test would prove nothing. For
 * AMD and COLAMD, whose orderings take milliseconds, the whole jobs must overlap instead.
 *
 * Under the default thread policy ('auto'): the factor's numbers, and so the solution compared
 * here, do not depend on the threads either (test/reproducible-threads.test.ts).
 */
import { analyzeAsync, buildInfo, choleskyAsync, type Factor, type Ordering } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { type CscMatrix, poisson2d, poisson3d } from '../lib/sparse';
import { loadCXSparse } from './helpers/suitesparse';

const JOBS = 8;
// Three patterns, the first big enough that each METIS ordering takes ~0.1 s, and 'default'
// (AMD, then METIS when AMD fills in badly) chooses METIS for it.
const patterns: Array<[string, CscMatrix]> = [
  ['poisson3d(24)', poisson3d(24)],
  ['bcsstk16', loadCXSparse('bcsstk16')],
  ['poisson2d(150)', poisson2d(150)],
];
// Only the bundled build owns its METIS; the system one serialises analyses (see above).
const analysesOverlap = buildInfo().flavor === 'bundled';

interface Outcome {
  permutation: Int32Array;
  nnzL: number;
  analyzeSeconds: number;
  factorSeconds: number;
  x?: Float64Array;
}

type Start = (A: CscMatrix, options: { ordering: Ordering }) => Promise<Factor>;

async function outcome(start: Start, A: CscMatrix, ordering: Ordering, solve: boolean): Promise<Outcome> {
  using f = await start(A, { ordering });
  const { nnzL, analyzeSeconds, factorSeconds } = f.info;
  return { permutation: f.permutation, nnzL, analyzeSeconds, factorSeconds, x: solve ? f.solve(new Float64Array(A.nrows).fill(1)) : undefined };
}

/**
 * Each pattern alone, then JOBS calls round-robin over the patterns all in flight together;
 * every concurrent result must equal its pattern's sequential one.
 */
async function checkOrdering(ordering: Ordering, start: Start, solveFirst: boolean, set = patterns): Promise<void> {
  const sequential: Outcome[] = [];
  for (const [k, [, A]] of set.entries()) sequential.push(await outcome(start, A, ordering, solveFirst && k === 0));

  const t0 = performance.now();
  const jobs = Array.from({ length: JOBS }, (_, j) => {
    const k = j % set.length;
    return outcome(start, set[k][1], ordering, solveFirst && k === 0).then((o) => ({ k, o }));
  });
  const concurrent = await Promise.all(jobs);
  const batchSeconds = (performance.now() - t0) / 1000;

  // The jobs overlapped; and where METIS is involved, so did the orderings (see above). AMD's
  // orderings take milliseconds and hold no shared state, so there only the jobs must.
  const sum = (seconds: (o: Outcome) => number) => concurrent.reduce((total, { o }) => total + seconds(o), 0);
  expect(sum((o) => o.analyzeSeconds + o.factorSeconds)).toBeGreaterThan(batchSeconds);
  if (analysesOverlap && ordering !== 'amd' && ordering !== 'colamd') {
    expect(sum((o) => o.analyzeSeconds)).toBeGreaterThan(batchSeconds);
  }
  for (const { k, o } of concurrent) {
    const name = set[k][0];
    const ref = sequential[k];
    expect({ name, nnzL: o.nnzL }).toEqual({ name, nnzL: ref.nnzL });
    // toEqual on two long Int32Arrays prints a useless diff; count the differences instead.
    const differing = o.permutation.reduce((n, p, i) => n + (p === ref.permutation[i] ? 0 : 1), 0);
    expect({ name, differing }).toEqual({ name, differing: 0 });
    if (o.x && ref.x) {
      // Bit-for-bit, not to a tolerance: compare the bytes.
      const bits = (x: Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
      expect(bits(o.x).equals(bits(ref.x))).toBe(true);
    }
  }
}

afterEach(() => expect(liveHandles()).toBe(0));

describe('orderings do not depend on what else runs', () => {
  it.each(['metis', 'nesdis', 'default'] as const)('%s: 8 concurrent choleskyAsync calls give the sequential permutations, nnz(L) and solution', async (ordering) => {
    await checkOrdering(ordering, choleskyAsync, true);
  });

  // 'best' tries AMD, METIS and NESDIS with several settings, 4 times the work of 'nesdis': the
  // analysis alone is what matters, and smaller patterns keep it cheap.
  it('best: 8 concurrent analyzeAsync calls give the sequential permutations', async () => {
    const small: Array<[string, CscMatrix]> = [['poisson3d(16)', poisson3d(16)], patterns[1], ['poisson2d(80)', poisson2d(80)]];
    await checkOrdering('best', analyzeAsync, false, small);
  });

  // One at a time, every build reseeds METIS at each call.
  it.each(['metis', 'nesdis'] as const)('%s: one call after another gives the same permutation (every build)', async (ordering) => {
    const [name, A] = patterns[0];
    const first = await outcome(analyzeAsync, A, ordering, false);
    const again = await outcome(analyzeAsync, A, ordering, false);
    expect({ name, nnzL: again.nnzL }).toEqual({ name, nnzL: first.nnzL });
    expect(Buffer.from(again.permutation.buffer).equals(Buffer.from(first.permutation.buffer))).toBe(true);
  });

  // No METIS inside: reproducible in every build.
  it.each(['amd', 'colamd'] as const)('%s: 8 concurrent choleskyAsync calls give the sequential permutations and solution', async (ordering) => {
    await checkOrdering(ordering, choleskyAsync, true);
  });
});
