/**
 * The cell types a {@link Mesh} holds, with their node counts, dimensions and their numbers in
 * the Gmsh and VTK formats. Node orderings are Gmsh's, which for these types are also VTK's
 * (the 6-node triangle: three corners, then the midpoints of edges 0–1, 1–2, 2–0).
 * @module
 */

/**
 * A cell type: `vertex` (1 node), `line` (2), `line3` (3: the ends, then the midpoint; the edges
 * of 6-node triangles), `triangle` (3), `quad` (4, counter-clockwise),
 * `tetra` (4), `hexahedron` (8: the bottom face counter-clockwise, then the top face),
 * `triangle6` (6: corners, then edge midpoints).
 *
 * @example
 * ```ts
 * import { CELL_TYPES, cellNodeCount, type CellType } from 'spsolve';
 *
 * const t: CellType = 'triangle6';
 * console.log(cellNodeCount(t), CELL_TYPES.length); // → 6 8
 * ```
 */
export type CellType = 'vertex' | 'line' | 'line3' | 'triangle' | 'quad' | 'tetra' | 'hexahedron' | 'triangle6';

interface CellInfo {
  readonly nodes: number;
  readonly dim: number;
  readonly gmsh: number;
  readonly vtk: number;
}

const INFO: Readonly<Record<CellType, CellInfo>> = {
  vertex: { nodes: 1, dim: 0, gmsh: 15, vtk: 1 },
  line: { nodes: 2, dim: 1, gmsh: 1, vtk: 3 },
  line3: { nodes: 3, dim: 1, gmsh: 8, vtk: 21 },
  triangle: { nodes: 3, dim: 2, gmsh: 2, vtk: 5 },
  quad: { nodes: 4, dim: 2, gmsh: 3, vtk: 9 },
  tetra: { nodes: 4, dim: 3, gmsh: 4, vtk: 10 },
  hexahedron: { nodes: 8, dim: 3, gmsh: 5, vtk: 12 },
  triangle6: { nodes: 6, dim: 2, gmsh: 9, vtk: 22 },
};

/**
 * Every {@link CellType}, in the order of their dimension.
 *
 * @example
 * ```ts
 * import { CELL_TYPES } from 'spsolve';
 *
 * console.log(CELL_TYPES.join(' ')); // → vertex line line3 triangle quad triangle6 tetra hexahedron
 * ```
 */
export const CELL_TYPES: readonly CellType[] = ['vertex', 'line', 'line3', 'triangle', 'quad', 'triangle6', 'tetra', 'hexahedron'];

/**
 * Nodes per cell of a type.
 *
 * @example
 * ```ts
 * import { cellNodeCount } from 'spsolve';
 *
 * console.log(cellNodeCount('hexahedron')); // → 8
 * ```
 */
export function cellNodeCount(type: CellType): number {
  if (!isCellType(type)) throw new TypeError(`cellNodeCount: type must be one of ${CELL_TYPES.join(', ')}, got ${String(type)}`);
  return INFO[type].nodes;
}

/**
 * Topological dimension of a cell type: 0 for vertices, 1 for lines, 2 for triangles and quads, 3 for solids.
 *
 * @example
 * ```ts
 * import { cellDimension } from 'spsolve';
 *
 * console.log(cellDimension('quad'), cellDimension('tetra')); // → 2 3
 * ```
 */
export function cellDimension(type: CellType): number {
  if (!isCellType(type)) throw new TypeError(`cellDimension: type must be one of ${CELL_TYPES.join(', ')}, got ${String(type)}`);
  return INFO[type].dim;
}

/** True for a valid {@link CellType} name. @internal */
export function isCellType(value: unknown): value is CellType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INFO, value);
}

/** Gmsh's element type number of a cell type. @internal */
export function gmshTypeOf(type: CellType): number {
  return INFO[type].gmsh;
}

/** VTK's cell type number of a cell type. @internal */
export function vtkTypeOf(type: CellType): number {
  return INFO[type].vtk;
}

const BY_GMSH = new Map(CELL_TYPES.map((t) => [INFO[t].gmsh, t]));

/** The cell type of a Gmsh element type number, or undefined for one this library does not hold. @internal */
export function cellTypeOfGmsh(gmshType: number): CellType | undefined {
  return BY_GMSH.get(gmshType);
}

/**
 * Node counts and names of the other Gmsh element types (Gmsh's numbering, from its
 * GmshDefines.h): the reader skips their elements, and must know their length to do so in a
 * binary file.
 */
const OTHER_GMSH: ReadonlyMap<number, readonly [number, string]> = new Map([
  [6, [6, '6-node prism']], [7, [5, '5-node pyramid']], [10, [9, '9-node quadrangle']],
  [11, [10, '10-node tetrahedron']], [12, [27, '27-node hexahedron']], [13, [18, '18-node prism']],
  [14, [14, '14-node pyramid']], [16, [8, '8-node quadrangle']], [17, [20, '20-node hexahedron']],
  [18, [15, '15-node prism']], [19, [13, '13-node pyramid']], [20, [9, '9-node triangle']],
  [21, [10, '10-node triangle']], [26, [4, '4-node line']], [27, [5, '5-node line']], [28, [6, '6-node line']],
  [29, [20, '20-node tetrahedron']], [30, [35, '35-node tetrahedron']], [31, [56, '56-node tetrahedron']],
] as const);

/** Node count and name of a Gmsh element type this library skips, or undefined when it does not know the type. @internal */
export function otherGmshType(gmshType: number): readonly [number, string] | undefined {
  return OTHER_GMSH.get(gmshType);
}
