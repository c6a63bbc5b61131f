/**
 * `node dist/bench/reliability/determinism.js [rounds]`: are orderings reproducible when several
 * factorisations run at once? For each ordering, every pattern is factorised once after another
 * (the reference), then `rounds` times with JOBS `choleskyAsync` calls started together (libuv's
 * pool runs UV_THREADPOOL_SIZE of them at once, default 4). Prints, per ordering and pattern, how
 * many concurrent results differ from the reference in the permutation, nnz(L) and (for the
 * first pattern) the solution's bits, and the range of nnz(L) seen.
 *
 * The test that guards the property is test/determinism.test.ts; this program is the wider,
 * slower survey behind it (docs/factorizations.md, "Reproducible orderings").
 *
 *   POISSON=30 node dist/bench/reliability/determinism.js 3
 */
import { buildInfo, choleskyAsync, getThreads, type Ordering } from '../../lib/cholmod';
import { type CscMatrix, poisson2d, poisson3d } from '../../lib/sparse';
import { loadCXSparseLower } from '../matrices';

const ROUNDS = Number(process.argv[2] ?? 2);
const JOBS = Number(process.env.JOBS ?? 8);
const side = Number(process.env.POISSON ?? 24);
const ORDERINGS: Ordering[] = ['metis', 'nesdis', 'default', 'best', 'amd', 'colamd'];

const patterns: Array<[string, CscMatrix]> = [
  [`poisson3d(${side})`, poisson3d(side)],
  ['poisson3d(20)', poisson3d(20)],
  ['bcsstk16', loadCXSparseLower('bcsstk16')],
  ['poisson2d(150)', poisson2d(150)],
];

interface Outcome { perm: Int32Array; nnzL: number; x?: Float64Array }

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

async function run(A: CscMatrix, ordering: Ordering, solve: boolean): Promise<Outcome> {
  using f = await choleskyAsync(A, { ordering });
  return { perm: f.permutation, nnzL: f.info.nnzL, x: solve ? f.solve(new Float64Array(A.nrows).fill(1)) : undefined };
}

async function main(): Promise<void> {
  console.log(`build ${JSON.stringify(buildInfo())}, threads ${getThreads()}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`);
  console.log(`${JOBS} concurrent jobs per round over ${patterns.length} patterns, ${ROUNDS} rounds`);
  console.log('ordering  pattern          perm≠  nnzL≠  x≠   nnz(L) reference  range under concurrency');
  for (const ordering of ORDERINGS) {
    const reference: Outcome[] = [];
    for (const [k, [, A]] of patterns.entries()) reference.push(await run(A, ordering, k === 0));
    const differ = patterns.map(() => ({ perm: 0, nnzL: 0, x: 0, runs: 0, lo: Infinity, hi: -Infinity }));
    for (let round = 0; round < ROUNDS; round++) {
      // Every job is started before any is awaited, so the pool always has work for all threads.
      const jobs = Array.from({ length: JOBS }, (_, j) => {
        const k = j % patterns.length;
        return run(patterns[k][1], ordering, k === 0).then((o) => ({ k, o }));
      });
      for (const { k, o } of await Promise.all(jobs)) {
        const d = differ[k];
        const ref = reference[k];
        d.runs++;
        if (Buffer.compare(Buffer.from(o.perm.buffer), Buffer.from(ref.perm.buffer)) !== 0) d.perm++;
        if (o.nnzL !== ref.nnzL) d.nnzL++;
        if (o.x && ref.x && !sameBits(o.x, ref.x)) d.x++;
        d.lo = Math.min(d.lo, o.nnzL);
        d.hi = Math.max(d.hi, o.nnzL);
      }
    }
    patterns.forEach(([name], k) => {
      const d = differ[k];
      const x = k === 0 ? `${d.x}/${d.runs}` : '-';
      console.log(`${ordering.padEnd(9)} ${name.padEnd(16)} ${`${d.perm}/${d.runs}`.padEnd(6)} ${`${d.nnzL}/${d.runs}`.padEnd(6)} ${x.padEnd(4)} ` +
        `${String(reference[k].nnzL).padStart(16)}  ${d.lo}..${d.hi}`);
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
