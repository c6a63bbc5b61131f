/** Element shapes and element matrices/vectors: diffusion, elasticity, mass, loads, recovery. */
export type { ElementShape, Quadrature } from './shape';
export { line2, line3 } from './line';
export { triangle3, triangle6 } from './triangle';
export { quad4 } from './quadrilateral';
export { tetra4 } from './tetrahedron';
export { hexa8 } from './hexahedron';
export type { DiffusionOptions } from './diffusion';
export { diffusionStiffness } from './diffusion';
export type { ElasticityOptions } from './elasticity';
export { elasticStiffness, elasticityMatrix } from './elasticity';
export type { MassOptions } from './mass';
export { massMatrix } from './mass';
export type { DistributedLoad, LoadOptions } from './loads';
export { bodyForceLoad, tractionLoad } from './loads';
export { elementFlux, elementStress, nodalAverage, vonMises } from './recovery';
