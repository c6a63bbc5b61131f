export { AmgError } from './errors';
export { COARSENINGS, INTERPOLATIONS, SMOOTHERS, type AmgOptions } from './options';
export {
  Multigrid,
  amg,
  amgAsync,
  type AmgKrylov,
  type AmgLevel,
  type AmgSolution,
  type AmgSolveOptions,
  type MultigridInfo,
} from './multigrid';
