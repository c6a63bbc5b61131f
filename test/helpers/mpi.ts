/**
 * The MPI tests' gate and process checks.
 *
 * The tests of the MUMPS worker run whenever `npm test` runs. Without the worker they FAIL, saying
 * how to build it, unless SPSOLVE_NO_MPI=1 says that this machine was set up without MPI
 * (`scripts/setup --no-mpi`); then each MPI file runs one test instead: that the library reports
 * the missing worker as the typed error users will see. Nothing is skipped either way.
 */
import { readFileSync } from 'node:fs';

import { RemoteSolverError, findMpiWorker } from '../../lib';

export function mpiWorkerPresent(): boolean {
  try {
    findMpiWorker();
    return true;
  } catch {
    return false;
  }
}

/** describe() for MPI tests: the real tests with a worker, the no-MPI check with SPSOLVE_NO_MPI=1, else a failure. */
export function describeMpi(name: string, body: () => void): void {
  if (mpiWorkerPresent()) {
    describe(name, body);
  } else if (process.env.SPSOLVE_NO_MPI === '1') {
    describe(`${name} (SPSOLVE_NO_MPI=1: no MPI on this machine)`, () => {
      it('reports the missing worker as RemoteSolverError worker-not-found', () => {
        expect(() => findMpiWorker()).toThrow(RemoteSolverError);
        try {
          findMpiWorker();
        } catch (e) {
          expect((e as RemoteSolverError).code).toBe('worker-not-found');
        }
      });
    });
  } else {
    describe(name, () => {
      it('needs the spsolve-mpi worker', () => {
        throw new Error(
          'the spsolve-mpi worker is missing: run `npm run setup` (or `npm run build:mpi-worker`); ' +
            'on a machine set up with `scripts/setup --no-mpi`, run the tests with SPSOLVE_NO_MPI=1',
        );
      });
    });
  }
}

/** True while `pid` is a live process (a zombie waiting for its parent to reap it counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The parent of `pid` (from /proc), or 0. */
export function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** Waits until none of `pids` is alive, up to `ms`; resolves to those still alive. */
export async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  for (;;) {
    const alive = pids.filter(processAlive);
    if (alive.length === 0 || Date.now() > end) return alive;
    await new Promise((r) => setTimeout(r, 50));
  }
}
