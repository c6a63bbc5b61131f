/**
 * The mesh every reader and writer here shares: node coordinates, cells grouped by type, and
 * physical groups (Gmsh's named sets of cells, with the nodes of those cells).
 * @module
 */
import { checkOptions } from '../sparse/validate-options';
import { checkInteger, checkString, describe, toFloat64Array, toInt32Array } from '../sparse/validate';
import { CELL_TYPES, cellDimension, cellNodeCount, isCellType, type CellType } from './cell-types';

/**
 * All cells of one type. `connectivity` holds `cellNodeCount(type)` 0-based point indices per
 * cell, one cell after the other.
 */
export interface CellBlock {
  /** The cell type of every cell in the block. */
  readonly type: CellType;
  /** `cellNodeCount(type)` point indices per cell, 0-based, cell after cell. */
  readonly connectivity: Int32Array;
  /** Per cell: the Gmsh entity (geometric point, curve, surface, volume) it belongs to; 0 when unknown. */
  readonly entityTags: Int32Array;
  /** Per cell: its tag (number) in the file it came from, 1-based. */
  readonly ids: Int32Array;
}

/**
 * A physical group: a named set of cells of one dimension (for example the edges where a load
 * acts, or the region made of one material) and the sorted, distinct nodes of those cells.
 */
export interface PhysicalGroup {
  /** The name given in the file, '' when there is none. */
  readonly name: string;
  /** Dimension of its cells (0 points, 1 edges, 2 faces, 3 volumes). */
  readonly dim: number;
  /** Its number in the file, positive. */
  readonly tag: number;
  /** Per cell type that has cells in the group: the indices of those cells in the type's block, ascending. */
  readonly cells: ReadonlyMap<CellType, Int32Array>;
  /** The points of its cells, 0-based, ascending, each once. */
  readonly nodes: Int32Array;
}

/** Gmsh elements of a type this library does not hold, which the reader skipped. */
export interface SkippedElements {
  /** Gmsh element type number. */
  readonly gmshType: number;
  /** Its name, e.g. '10-node tetrahedron'. */
  readonly name: string;
  /** How many elements of the type the file had. */
  readonly count: number;
}

/**
 * A mesh: points, cells, physical groups. Made by {@link readMsh} / {@link parseMsh} or by
 * {@link createMesh}; written by {@link formatMsh} and {@link formatVtu}.
 *
 * `dim` is 2 when every point lies in the plane z = 0 and no cell is a solid (then `points`
 * holds x, y per point), else 3 (x, y, z per point).
 */
export interface Mesh {
  /** 2 (x, y per point) or 3 (x, y, z per point). */
  readonly dim: 2 | 3;
  /** Coordinates, `dim` per point. */
  readonly points: Float64Array;
  /** Per point: its tag (number) in the file, 1-based. */
  readonly nodeIds: Int32Array;
  /** One block per cell type present, in the order of {@link CELL_TYPES}. */
  readonly cells: readonly CellBlock[];
  /** The physical groups, ordered by dimension, then tag. */
  readonly groups: readonly PhysicalGroup[];
  /** Elements of types the reader does not hold (for example 10-node tetrahedra), left out. */
  readonly skipped: readonly SkippedElements[];
}

/** A cell block given to {@link createMesh}: the type and connectivity, the rest optional. */
export interface CellBlockInit {
  /** The type of the block's cells; one block per type. */
  type: CellType;
  /** `cellNodeCount(type)` 0-based point indices per cell. */
  connectivity: ArrayLike<number>;
  /** Per cell, the Gmsh entity it belongs to (default 0: none; the writer makes entities). */
  entityTags?: ArrayLike<number>;
  /** Per cell, its id (default: numbered from 1 across the blocks, in order). */
  ids?: ArrayLike<number>;
}

/** A physical group given to {@link createMesh}: its cells by type; the nodes are derived. */
export interface PhysicalGroupInit {
  /** Its name (default '': a group known by its tag only). */
  name?: string;
  /** Positive; default: one more than the largest tag given so far. */
  tag?: number;
  /** Indices of the group's cells in each type's block; all types must be of one dimension. */
  cells: Partial<Record<CellType, ArrayLike<number>>>;
}

/** What {@link createMesh} takes. */
export interface MeshInit {
  /** 2 or 3: the number of coordinates per point. */
  dim: 2 | 3;
  /** Coordinates, `dim` per point, finite. */
  points: ArrayLike<number>;
  /** The cells, one block per type. */
  cells: readonly CellBlockInit[];
  /** Physical groups (default none). */
  groups?: readonly PhysicalGroupInit[];
  /** Per point, its id in files (default 1, 2, 3, ...). */
  nodeIds?: ArrayLike<number>;
}

/**
 * Builds a checked {@link Mesh} from arrays (for example the triangles of an npm mesher), so
 * that it can be written as `.msh` or `.vtu` and its groups used for boundary conditions.
 *
 * @throws TypeError / RangeError naming the argument: unknown keys or cell types, a
 *   connectivity whose length is not a multiple of the node count, an index out of range, a
 *   group mixing dimensions.
 * @example
 * ```ts
 * import { createMesh, physicalGroup } from 'spsolve';
 *
 * const mesh = createMesh({
 *   dim: 2,
 *   points: [0, 0, 1, 0, 1, 1, 0, 1],
 *   cells: [{ type: 'triangle', connectivity: [0, 1, 2, 0, 2, 3] }, { type: 'line', connectivity: [0, 1] }],
 *   groups: [{ name: 'bottom', cells: { line: [0] } }],
 * });
 * console.log(mesh.cells.length, Array.from(physicalGroup(mesh, 'bottom').nodes)); // → 2 [ 0, 1 ]
 * ```
 */
export function createMesh(init: MeshInit): Mesh {
  const fn = 'createMesh';
  const o = checkOptions(init, ['dim', 'points', 'cells', 'groups', 'nodeIds'], `${fn}: init`);
  if (o.dim !== 2 && o.dim !== 3) throw new RangeError(`${fn}: init.dim must be 2 or 3, got ${describe(o.dim)}`);
  const dim = o.dim;
  const points = toFloat64Array(o.points, `${fn}: init.points`);
  if (points.length % dim !== 0) throw new RangeError(`${fn}: init.points must hold ${dim} coordinates per point, got length ${points.length}`);
  for (let k = 0; k < points.length; k++) {
    if (!Number.isFinite(points[k])) throw new RangeError(`${fn}: init.points must be finite, got ${points[k]} at index ${k}`);
  }
  const nPoints = points.length / dim;
  const nodeIds = o.nodeIds === undefined ? Int32Array.from({ length: nPoints }, (_, k) => k + 1) : toInt32Array(o.nodeIds, `${fn}: init.nodeIds`);
  if (nodeIds.length !== nPoints) throw new RangeError(`${fn}: init.nodeIds must have one id per point (${nPoints}), got length ${nodeIds.length}`);
  if (!Array.isArray(o.cells)) throw new TypeError(`${fn}: init.cells must be an array of cell blocks, got ${describe(o.cells)}`);
  const byType = new Map<CellType, CellBlock>();
  let nextId = 1;
  for (const [b, raw] of (o.cells as unknown[]).entries()) {
    const name = `${fn}: init.cells[${b}]`;
    const c = checkOptions(raw, ['type', 'connectivity', 'entityTags', 'ids'], name);
    if (!isCellType(c.type)) throw new TypeError(`${name}.type must be one of ${CELL_TYPES.join(', ')}, got ${describe(c.type)}`);
    if (byType.has(c.type)) throw new RangeError(`${name}.type '${c.type}' is given twice: give one block per type`);
    if (cellDimension(c.type) > dim) throw new RangeError(`${name}.type '${c.type}' is a ${cellDimension(c.type)}-D cell, which a mesh of dim ${dim} cannot hold`);
    const connectivity = toInt32Array(c.connectivity, `${name}.connectivity`);
    const per = cellNodeCount(c.type);
    if (connectivity.length % per !== 0) throw new RangeError(`${name}.connectivity must hold ${per} nodes per ${c.type}, got length ${connectivity.length}`);
    for (let k = 0; k < connectivity.length; k++) {
      if (connectivity[k] < 0 || connectivity[k] >= nPoints) throw new RangeError(`${name}.connectivity[${k}] must be a point index in 0..${nPoints - 1}, got ${connectivity[k]}`);
    }
    const nCells = connectivity.length / per;
    const entityTags = c.entityTags === undefined ? new Int32Array(nCells) : toInt32Array(c.entityTags, `${name}.entityTags`);
    if (entityTags.length !== nCells) throw new RangeError(`${name}.entityTags must have one tag per cell (${nCells}), got length ${entityTags.length}`);
    const ids = c.ids === undefined ? Int32Array.from({ length: nCells }, () => nextId++) : toInt32Array(c.ids, `${name}.ids`);
    if (ids.length !== nCells) throw new RangeError(`${name}.ids must have one id per cell (${nCells}), got length ${ids.length}`);
    byType.set(c.type, { type: c.type, connectivity, entityTags, ids });
  }
  const cells = CELL_TYPES.flatMap((t) => byType.get(t) ?? []);
  if (o.groups !== undefined && !Array.isArray(o.groups)) throw new TypeError(`${fn}: init.groups must be an array, got ${describe(o.groups)}`);
  const groups: PhysicalGroup[] = [];
  let nextTag = 1;
  for (const [g, raw] of ((o.groups ?? []) as unknown[]).entries()) {
    const name = `${fn}: init.groups[${g}]`;
    const gi = checkOptions(raw, ['name', 'tag', 'cells'], name);
    const groupName = gi.name === undefined ? '' : checkString(gi.name, `${name}.name`);
    const tag = gi.tag === undefined ? nextTag : checkInteger(gi.tag, 1, 2 ** 31 - 1, `${name}.tag`);
    nextTag = Math.max(nextTag, tag + 1);
    const given = checkOptions(gi.cells, CELL_TYPES, `${name}.cells`);
    const members = new Map<CellType, Int32Array>();
    let groupDim = -1;
    for (const type of CELL_TYPES) {
      if (given[type] === undefined) continue;
      const block = byType.get(type);
      const count = block ? block.connectivity.length / cellNodeCount(type) : 0;
      const indices = sortedDistinct(Int32Array.from(toInt32Array(given[type], `${name}.cells.${type}`)));
      for (const i of indices) if (i < 0 || i >= count) throw new RangeError(`${name}.cells.${type} must hold indices in 0..${count - 1} of the ${type} block, got ${i}`);
      if (groupDim >= 0 && cellDimension(type) !== groupDim) throw new RangeError(`${name}.cells must all have one dimension, got ${type} (dimension ${cellDimension(type)}) with cells of dimension ${groupDim}`);
      groupDim = cellDimension(type);
      members.set(type, indices);
    }
    if (groupDim < 0) throw new RangeError(`${name}.cells must name at least one cell type`);
    groups.push({ name: groupName, dim: groupDim, tag, cells: members, nodes: nodesOfCells(cells, members, nPoints) });
  }
  // The order the readers give: by dimension, then tag.
  groups.sort((a, b) => a.dim - b.dim || a.tag - b.tag);
  return { dim, points, nodeIds, cells, groups, skipped: [] };
}

/** The sorted distinct points of some cells. @internal */
export function nodesOfCells(cells: readonly CellBlock[], members: ReadonlyMap<CellType, Int32Array>, nPoints: number): Int32Array {
  // A mark per point, then one sweep: sorted and distinct without a Set or a sort.
  const mark = new Uint8Array(nPoints);
  let count = 0;
  for (const block of cells) {
    const indices = members.get(block.type);
    if (!indices) continue;
    const per = cellNodeCount(block.type);
    const q = block.connectivity;
    for (const c of indices) {
      for (let k = c * per, end = k + per; k < end; k++) {
        if (mark[q[k]] === 0) {
          mark[q[k]] = 1;
          count++;
        }
      }
    }
  }
  const nodes = new Int32Array(count);
  for (let p = 0, k = 0; p < nPoints; p++) if (mark[p] === 1) nodes[k++] = p;
  return nodes;
}

/** The indices ascending and distinct: as they are when they already are (the common case), else sorted and deduplicated. @internal */
export function sortedDistinct(indices: Int32Array): Int32Array {
  let ordered = true;
  for (let k = 1; ordered && k < indices.length; k++) ordered = indices[k] > indices[k - 1];
  return ordered ? indices : Int32Array.from(new Set(indices)).sort();
}

/**
 * The cells of one type, or undefined when the mesh has none.
 *
 * @example
 * ```ts
 * import { createMesh, meshCells } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 2, points: [0, 0, 1, 0, 0, 1], cells: [{ type: 'triangle', connectivity: [0, 1, 2] }] });
 * console.log(meshCells(mesh, 'triangle')?.connectivity, meshCells(mesh, 'quad')); // → Int32Array(3) [ 0, 1, 2 ] undefined
 * ```
 */
export function meshCells(mesh: Mesh, type: CellType): CellBlock | undefined {
  if (mesh === null || typeof mesh !== 'object' || !Array.isArray(mesh.cells)) throw new TypeError(`meshCells: mesh must be a Mesh, got ${describe(mesh)}`);
  if (!isCellType(type)) throw new TypeError(`meshCells: type must be one of ${CELL_TYPES.join(', ')}, got ${describe(type)}`);
  return mesh.cells.find((b) => b.type === type);
}

/**
 * The physical group with a name (or with a tag, when given a number). With `dim`, only groups
 * of that dimension match (Gmsh allows one tag per dimension).
 *
 * @throws RangeError listing the groups there are when none matches.
 * @example
 * ```ts
 * import { createMesh, physicalGroup } from 'spsolve';
 *
 * const mesh = createMesh({
 *   dim: 2, points: [0, 0, 1, 0, 0, 1],
 *   cells: [{ type: 'triangle', connectivity: [0, 1, 2] }, { type: 'line', connectivity: [0, 1, 1, 2] }],
 *   groups: [{ name: 'loaded', tag: 7, cells: { line: [1] } }],
 * });
 * console.log(physicalGroup(mesh, 7).name, Array.from(physicalGroup(mesh, 'loaded').nodes)); // → loaded [ 1, 2 ]
 * ```
 */
export function physicalGroup(mesh: Mesh, nameOrTag: string | number, dim?: number): PhysicalGroup {
  if (mesh === null || typeof mesh !== 'object' || !Array.isArray(mesh.groups)) throw new TypeError(`physicalGroup: mesh must be a Mesh, got ${describe(mesh)}`);
  const found = mesh.groups.find((g) => (typeof nameOrTag === 'number' ? g.tag === nameOrTag : g.name === nameOrTag) && (dim === undefined || g.dim === dim));
  if (found) return found;
  const have = mesh.groups.map((g) => `${g.name === '' ? '(no name)' : `'${g.name}'`} (dim ${g.dim}, tag ${g.tag})`).join(', ');
  throw new RangeError(`physicalGroup: nameOrTag must name a physical group${dim === undefined ? '' : ` of dimension ${dim}`}, got ${describe(nameOrTag)}; the mesh has ${have || 'none'}`);
}

/**
 * Throws unless `mesh` is a consistent {@link Mesh} (as {@link createMesh} and the readers make
 * them): the writers and pictures check their input with it, so a hand-made or damaged object
 * is a TypeError / RangeError naming what is wrong rather than a crash deep inside. @internal
 */
export function checkMesh(mesh: unknown, fn: string): asserts mesh is Mesh {
  const m = mesh as Partial<Mesh> | null;
  if (m === null || typeof m !== 'object') throw new TypeError(`${fn}: mesh must be a Mesh (from readMsh or createMesh), got ${describe(mesh)}`);
  if (m.dim !== 2 && m.dim !== 3) throw new TypeError(`${fn}: mesh.dim must be 2 or 3, got ${describe(m.dim)}`);
  if (!(m.points instanceof Float64Array) || m.points.length % m.dim !== 0) throw new TypeError(`${fn}: mesh.points must be a Float64Array of ${m.dim} coordinates per point, got ${describe(m.points)}`);
  const n = m.points.length / m.dim;
  if (!(m.nodeIds instanceof Int32Array) || m.nodeIds.length !== n) throw new TypeError(`${fn}: mesh.nodeIds must be an Int32Array of ${n} ids, got ${describe(m.nodeIds)}`);
  if (!Array.isArray(m.cells)) throw new TypeError(`${fn}: mesh.cells must be an array of cell blocks, got ${describe(m.cells)}`);
  for (const [b, block] of (m.cells as unknown[]).entries()) {
    const c = block as Partial<CellBlock> | null;
    if (c === null || typeof c !== 'object' || !isCellType(c.type)) throw new TypeError(`${fn}: mesh.cells[${b}] must be a cell block with a cell type, got ${describe(block)}`);
    if (!(c.connectivity instanceof Int32Array) || !(c.ids instanceof Int32Array) || !(c.entityTags instanceof Int32Array)) {
      throw new TypeError(`${fn}: mesh.cells[${b}] must hold Int32Arrays connectivity, ids and entityTags`);
    }
    const count = c.ids.length;
    if (c.connectivity.length !== count * cellNodeCount(c.type) || c.entityTags.length !== count) {
      throw new RangeError(`${fn}: mesh.cells[${b}] must hold ${cellNodeCount(c.type)} nodes and one id and entity tag per cell, got lengths ${c.connectivity.length}, ${count}, ${c.entityTags.length}`);
    }
    for (let k = 0; k < c.connectivity.length; k++) {
      if (!(c.connectivity[k] >= 0 && c.connectivity[k] < n)) throw new RangeError(`${fn}: mesh.cells[${b}].connectivity[${k}] must be a point index in 0..${n - 1}, got ${c.connectivity[k]}`);
    }
  }
  if (!Array.isArray(m.groups)) throw new TypeError(`${fn}: mesh.groups must be an array, got ${describe(m.groups)}`);
  for (const [g, group] of (m.groups as unknown[]).entries()) {
    const p = group as Partial<PhysicalGroup> | null;
    if (p === null || typeof p !== 'object' || typeof p.name !== 'string' || !Number.isInteger(p.tag) || !Number.isInteger(p.dim) || !(p.cells instanceof Map) || !(p.nodes instanceof Int32Array)) {
      throw new TypeError(`${fn}: mesh.groups[${g}] must be a physical group (name, dim, tag, cells, nodes), got ${describe(group)}`);
    }
    for (const [type, indices] of p.cells) {
      const block = (m.cells as CellBlock[]).find((c) => c.type === type);
      const count = block ? block.ids.length : 0;
      if (!(indices instanceof Int32Array) || indices.some((i) => !(i >= 0 && i < count))) throw new RangeError(`${fn}: mesh.groups[${g}].cells.get('${String(type)}') must hold indices of cells of that type (0..${count - 1})`);
    }
  }
}
