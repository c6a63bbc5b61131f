/**
 * The loop scripts/leakcheck runs under LeakSanitizer or valgrind: create / factorize / solve /
 * dispose, through every native entry point and every error path, `cycles` times. A native leak
 * then shows up as a leak record whose count grows with the cycles.
 *
 *   node dist/bench/reliability/leak-loop.js [cycles]
 */
import { CscMatrix, amg, amgAsync, analyze, buildInfo, cholesky, choleskyAsync, liveHandles, poisson2d, poisson3d } from '../../lib';
import { native } from '../../lib/native';

function swallow(fn: () => unknown): void {
  try {
    fn();
  } catch {
    // error paths are part of the loop: they must free what they allocated
  }
}

async function main(): Promise<void> {
  const cycles = Number(process.argv[2] ?? 200);
  const A = poisson2d(12);                     // simplicial
  const S = poisson3d(8);                      // supernodal
  const b = new Float64Array(A.nrows).fill(1);
  const bS = new Float64Array(S.nrows).fill(1);
  const C = CscMatrix.fromTriplets(A.nrows, 1, [0, 5], [0, 0], [0.5, -0.5]);
  const notSpd = A.withValues(A.values.map((v, k) => (k === 0 ? -v : v)));
  const addon = native();
  for (let k = 0; k < cycles; k++) {
    const f = cholesky(A, { ordering: k % 2 ? 'metis' : 'amd' });
    f.solve(b);
    f.solve({ nrows: A.nrows, ncols: 3, data: new Float64Array(3 * A.nrows).fill(1) });
    f.refactor(A.values.map((v) => 2 * v));
    f.logdet();
    f.L();
    f.D();
    f.selectedInverse();
    f.update(C);
    f.update(C, { downdate: true });
    f.solveSparse(CscMatrix.identity(A.nrows));
    f.dispose();

    const g = cholesky(S, { mode: 'supernodal' });
    g.solve(bS);
    g.L();
    g.selectedInverse();
    g.dispose();

    const h = analyze(A, { kind: 'LDLt' });
    h.refactor(A);
    h.dispose();

    const a = await choleskyAsync(A);
    await a.solveAsync(b);
    await a.refactorAsync(A.values);
    a.dispose();

    // Error paths: not positive definite (sync and async), a refactor that fails, bad arguments
    // to the native surface, a disposed handle, a job whose factor is disposed while it runs.
    swallow(() => cholesky(notSpd, { ordering: 'natural' }));
    await choleskyAsync(notSpd).catch(() => undefined);
    const r = cholesky(A);
    swallow(() => r.refactor(notSpd));
    const running = r.solveAsync(b);
    r.dispose();
    await running.catch(() => undefined);
    swallow(() => r.solve(b));
    swallow(() => addon.analyze({ A: { nrows: 3, ncols: 3, colPtr: new Int32Array([0, 2, 1, 3]), rowIdx: new Int32Array(3), values: new Float64Array(3) }, stype: -1, general: false, ordering: 0, mode: 0, kind: 0 }));
    swallow(() => addon.solve({ handle: r.handle, system: 0, B: b, nrhs: 1, X: b }));

    // AMG (HYPRE), where the build has it: setup, cycle, solves with each Krylov choice, refresh,
    // async, and its error paths (a zero diagonal at setup and at refresh, dispose during a job).
    if (buildInfo().amg) {
      const mg = amg(S, { dimension: 3 });
      mg.cycle(bS);
      for (const krylov of ['cg', 'gmres', 'none'] as const) mg.solve(bS, { krylov, maxSteps: 20 });
      mg.refresh(S.values.map((v) => 2 * v));
      await mg.refreshAsync(S.values);
      await mg.solveAsync(bS);
      swallow(() => mg.refresh(S.values.map((v, i) => (i === 0 ? 0 : v))));
      swallow(() => mg.solve(bS));
      mg.dispose();
      const m2 = await amgAsync(A);
      const pending = m2.solveAsync(b);
      m2.dispose();
      await pending;
      swallow(() => amg(notSpd.withValues(notSpd.values.map((v, i) => (i === 0 ? 0 : v)))));
    }
  }
  if (liveHandles() !== 0) throw new Error(`liveHandles() = ${liveHandles()} after the loop`);
  console.log(`leak-loop: ${cycles} cycles, liveHandles() = 0`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
