/**
 * Remote solvers: MUMPS over MPI in a separate worker process (spsolve-mpi), behind the same
 * factor and solver shapes as the local engines. The addon never links MPI.
 * @module
 */
export { mpiCluster, MpiCluster, type MpiClusterOptions, type RemoteFactorOptions } from './cluster';
export { RemoteFactor, type RemoteSolveOptions, type RemoteCallOptions } from './factor';
export type { RemoteFactorInfo, RankMemory, RemoteDeterminant } from './info';
export type { RemoteKind } from './input';
export { RemoteSolverError, type RemoteErrorCode } from './errors';
export { findMpiWorker } from './worker-path';
export { liveRemoteFactors } from './live';
