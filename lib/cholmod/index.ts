export { analyze, analyzeAsync, buildInfo, cholesky, choleskyAsync, getThreads, liveHandles, setThreads } from './cholesky';
export { CholmodError, DisposedError, NotPositiveDefiniteError } from './errors';
export { Factor, type FactorInfo, type RefactorOptions, type FactorSolveOptions, type SolveSystem } from './factor';
export type { FactorKind, FactorMode, FactorOptions, Ordering } from './options';
