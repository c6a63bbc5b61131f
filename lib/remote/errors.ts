/**
 * The one error class of a remote (MPI) solver.
 * @module
 */

/**
 * What went wrong with a remote solver: the `code` says which kind of failure.
 *
 * - `'worker-not-found'`: no spsolve-mpi binary (build it with `npm run build:mpi-worker`,
 *   put it on PATH, or set `SPSOLVE_MPI_WORKER`); `'mpirun-failed'`: mpirun could not start it.
 * - `'worker-exited'`: the MPI job ended (a rank died or was killed, mpirun failed).
 * - `'timeout'`: a call took longer than its timeout; the cluster is stopped, since its state is unknown.
 * - `'protocol'`: a malformed message either way; `'closed'`: the cluster was closed; a factor
 *   from before a restart (or from a cluster that stopped) is `'stale'`. (A disposed factor raises
 *   DisposedError, as a local one does.)
 * - `'engine'`, `'singular'`, `'not-positive-definite'`, `'memory'`: MUMPS reported a failure
 *   (`status` holds the worker's status, the message MUMPS's INFOG(1) and INFOG(2)); the cluster
 *   stays usable.
 *
 * @example
 * ```ts
 * import { RemoteSolverError } from 'spsolve';
 *
 * const error = new RemoteSolverError('timeout', 'mpiCluster.factorize: no reply within 10 ms');
 * console.log(error.name, error.code, error instanceof Error); // → RemoteSolverError timeout true
 * ```
 */
export class RemoteSolverError extends Error {
  /** `'RemoteSolverError'`, so the class survives serialisation and shows in stack traces. */
  override name = 'RemoteSolverError';
  /**
   * @param code The kind of failure (see the class description).
   * @param message What happened, for people.
   * @param status The worker's reply status, when the worker reported the failure.
   */
  constructor(
    /** The kind of failure. */
    readonly code: RemoteErrorCode,
    message: string,
    /** The worker's reply status (worker/protocol.h), when it reported the failure itself. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The kinds of {@link RemoteSolverError}. */
export type RemoteErrorCode =
  | 'worker-not-found'
  | 'mpirun-failed'
  | 'worker-exited'
  | 'timeout'
  | 'protocol'
  | 'closed'
  | 'stale'
  | 'engine'
  | 'singular'
  | 'not-positive-definite'
  | 'memory'
  | 'bad-key'
  | 'state';
