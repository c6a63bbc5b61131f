export { analyze, analyzeAsync, cholesky, choleskyAsync } from './cholesky';
export { buildInfo, type BuildInfo } from './build-info';
export { getThreads, setThreads, type ThreadPolicy } from './threads';
export { getJobPriority, setJobPriority, type JobPriority } from './job-priority';
export { factorBatch, factorBatchAsync } from './batch';
export { CholmodError, NotPositiveDefiniteError, ZeroPivotError } from './errors';
export {
  etree, etreeAsync, ordering, orderingAsync, type EliminationTree, type EtreeOptions, type OrderingMethod, type OrderingOptions,
} from './orderings';
export {
  Factor, type FactorInfo, type FactorSolveOptions, type InverseColumnsOptions, type RefactorOptions, type SolveIntoOptions,
  type SolveSystem, type UpdateOptions,
} from './factor';
export type { FactorKind, FactorMode, FactorOptions, Ordering } from './options';
