/** Finite-element assembly with a fixed pattern, its transpose, and a plane-stress quad. */
export type { AssemblyOptions } from './assembly';
export { Assembly } from './assembly';
export type { DofMap } from './dofs';
export { eliminateDofs, restrictElementDofs } from './dofs';
export type { PlaneStressOptions, QuadGrid } from './quad';
export { planeStressQuadStiffness, quadGrid } from './quad';
