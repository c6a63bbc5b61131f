export {
  analyze, analyzeAsync, buildInfo, type BuildInfo, cholesky, choleskyAsync, getThreads, liveHandles, setThreads, type ThreadPolicy,
} from './cholesky';
export { factorBatch, factorBatchAsync } from './batch';
export { CholmodError, DisposedError, NotPositiveDefiniteError } from './errors';
export {
  Factor, type FactorInfo, type FactorSolveOptions, type InverseColumnsOptions, type RefactorOptions, type SolveSystem,
  type UpdateOptions,
} from './factor';
export type { FactorKind, FactorMode, FactorOptions, Ordering } from './options';
