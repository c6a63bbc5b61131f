/** Derivatives of linear solves and log-determinants. */
export type { OperatorCotangent } from './cotangent';
export { projectCotangent } from './cotangent';
export { UnsupportedDerivativeError } from './errors';
export type { JvpResult, SolveTangents } from './jvp';
export { linearSolveJvp } from './jvp';
export type { PullbackOptions, SolveCotangents, VjpResult } from './vjp';
export { linearSolveVjp } from './vjp';
export type { DerivativeOptions } from './session';
export type { LogdetInput, LogdetVjp } from './logdet';
export { inverseDiagonal, logdet, logdetGradient, logdetVjp } from './logdet';
export type { AsyncVjpResult } from './vjp-async';
export { linearSolveVjpAsync } from './vjp-async';
export type { GradientParts, HessianDirection, HessianResult, SolveObjective } from './hessian';
export { linearSolveHessian } from './hessian';
