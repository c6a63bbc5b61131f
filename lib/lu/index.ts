/**
 * Sparse LU: UMFPACK and KLU behind the handle table.
 * @module
 */
export { lu, luAsync, luAnalyze } from './lu';
export { LUFactor, type LUDeterminant, type LUInfo, type LUParts, type LUSolveOptions } from './lu-factor';
export { LuError, SingularMatrixError, type LuEngine } from './errors';
export type { LuOptions, LuOrdering, LuScaling, LuStrategy } from './options';
