/** Meshes: Gmsh `.msh` in and out, VTK `.vtu` out. */
export { CELL_TYPES, cellDimension, cellNodeCount, type CellType } from './cell-types';
export { createMesh, meshCells, physicalGroup } from './mesh';
export type { CellBlock, CellBlockInit, Mesh, MeshInit, PhysicalGroup, PhysicalGroupInit, SkippedElements } from './mesh';
export { MeshFormatError } from './mesh-format-error';
export { parseMsh, readMsh } from './msh-reader';
export { formatMsh, writeMsh, type MshFormat, type MshWriteOptions } from './msh-writer';
export { formatVtu, writeVtu, type VtuField, type VtuOptions } from './vtu';
