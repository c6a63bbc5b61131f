/**
 * Finite elements: assembly with a fixed pattern and its transpose, element shapes and
 * matrices, Dirichlet conditions (elimination, lifting), boundary extraction.
 */
export type { AssemblyOptions } from './assembly';
export { Assembly } from './assembly';
export type { ElementMatrices, ElementMatrixFill } from './element-matrices';
export { DofMap, eliminateDofs, restrictElementDofs } from './dofs';
export { Lifting } from './lifting';
export { elementCoords, nodeDofs, vectorDofs } from './mesh';
export type { BoundaryFacets } from './boundary';
export { boundaryFacets, facetNodes, selectFacets } from './boundary';
export * from './elements';
export type { PlaneStressOptions, QuadGrid } from './quad';
export { planeStressQuadStiffness, quadGrid } from './quad';
