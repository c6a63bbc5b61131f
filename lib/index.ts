/**
 * spsolve: sparse linear solves for Node.js with SuiteSparse CHOLMOD, Lineax-style operators and
 * solvers, and exact derivatives of every solve.
 * @module spsolve
 */
export * from './sparse';
export * from './handles';
export * from './cholmod';
export * from './lu';
export * from './remote';
export * from './qr';
export * from './amg';
export * from './errors';
export * from './operators';
export * from './solvers';
export { linearSolve, type LinearSolveOptions, type Solution } from './solve';
export { linearSolveAsync } from './solve-async';
export * from './plot';
export * from './ad';
export * from './mesh';
export * from './fem';
