/**
 * Where the spsolve-mpi worker is: `SPSOLVE_MPI_WORKER`, else the package's own build
 * (`build/mpi/spsolve-mpi`, made by `npm run build:mpi-worker`), else PATH.
 * @module
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

import { RemoteSolverError } from './errors';

const WORKER_NAME = 'spsolve-mpi';

/** The package root: the nearest folder above this file with a package.json (from lib/ or dist/lib/). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of the spsolve-mpi worker: `$SPSOLVE_MPI_WORKER` when set (it must then
 * exist), else `build/mpi/spsolve-mpi` in this package, else the first `spsolve-mpi` on PATH.
 *
 * @throws {@link RemoteSolverError} `'worker-not-found'`, saying how to build it.
 *
 * @example
 * ```ts
 * import { RemoteSolverError, findMpiWorker } from 'spsolve';
 *
 * process.env.SPSOLVE_MPI_WORKER = '/nonexistent/spsolve-mpi';
 * try {
 *   findMpiWorker();
 * } catch (e) {
 *   if (e instanceof RemoteSolverError) console.log(e.code); // → worker-not-found
 * }
 * delete process.env.SPSOLVE_MPI_WORKER;
 * ```
 */
export function findMpiWorker(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.SPSOLVE_MPI_WORKER;
  if (override) {
    if (executable(override)) return override;
    throw new RemoteSolverError('worker-not-found', `findMpiWorker: SPSOLVE_MPI_WORKER names ${override}, which is not an executable file`);
  }
  const built = join(packageRoot(), 'build', 'mpi', WORKER_NAME);
  if (executable(built)) return built;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, WORKER_NAME);
    if (dir && executable(candidate)) return candidate;
  }
  throw new RemoteSolverError(
    'worker-not-found',
    `findMpiWorker: no ${WORKER_NAME} worker: not in ${built}, not on PATH, and SPSOLVE_MPI_WORKER is not set. ` +
      'Build it with `npm run build:mpi-worker` (needs libmumps-dev and libopenmpi-dev: `npm run setup`), or see docs/distributed.md',
  );
}
