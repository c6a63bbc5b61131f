export { analyze, analyzeAsync, cholesky, choleskyAsync } from './cholesky';
export { buildInfo, type BuildInfo } from './build-info';
export { getThreads, setThreads, type ThreadPolicy } from './threads';
export { factorBatch, factorBatchAsync } from './batch';
export { CholmodError, NotPositiveDefiniteError } from './errors';
export {
  Factor, type FactorInfo, type FactorSolveOptions, type InverseColumnsOptions, type RefactorOptions, type SolveSystem,
  type UpdateOptions,
} from './factor';
export type { FactorKind, FactorMode, FactorOptions, Ordering } from './options';
