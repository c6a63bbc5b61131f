/**
 * What the `.msh` readers collect while they parse (nodes, elements per type, physical
 * membership, names), and the {@link Mesh} made of it at the end. Node tags are mapped to
 * 0-based point indices as elements are read, so that an unknown node is reported on its line.
 * @internal
 */
import { CELL_TYPES, cellDimension, cellNodeCount, type CellType } from './cell-types';
import { GrowableFloat64, GrowableInt32 } from './growable';
import { nodesOfCells, sortedDistinct, type CellBlock, type Mesh, type PhysicalGroup, type SkippedElements } from './mesh';

/** Largest tag the reader accepts (ids are stored in Int32Arrays). */
export const MAX_TAG = 2 ** 31 - 1;
/** Node tags up to this bound are looked up in a dense table, beyond it in a Map. */
const DENSE_LOOKUP_LIMIT = 1 << 26;

interface BlockBuilder {
  readonly type: CellType;
  readonly connectivity: GrowableInt32;
  readonly entityTags: GrowableInt32;
  readonly ids: GrowableInt32;
}

export class MshBuilder {
  private readonly nodeIds = new GrowableInt32();
  private readonly coords = new GrowableFloat64();
  private lookup: Int32Array | Map<number, number> | undefined;
  /** Found while building the lookup: the first node tag given twice, or 0. */
  private duplicate = 0;
  private readonly blocks = new Map<CellType, BlockBuilder>();
  /** `dim:tag` → cell type → cell indices. */
  private readonly members = new Map<string, Map<CellType, GrowableInt32>>();
  private readonly names = new Map<string, string>();
  private readonly skippedCounts = new Map<number, { name: string; count: number }>();
  /** 2.2 files list an element once per physical group: id → where it is already stored (index · 16 + type number). */
  private readonly seen22 = new Map<number, number>();

  get nodeCount(): number {
    return this.nodeIds.length;
  }

  addNode(tag: number, x: number, y: number, z: number): void {
    this.lookup = undefined;
    this.nodeIds.push(tag);
    this.coords.push(x);
    this.coords.push(y);
    this.coords.push(z);
  }

  /** 0-based index of a node tag, or -1. The lookup is built at the first call after nodes were added. */
  indexOfNode(tag: number): number {
    if (this.lookup === undefined) this.lookup = this.buildLookup();
    if (this.lookup instanceof Int32Array) return tag >= 0 && tag < this.lookup.length ? this.lookup[tag] : -1;
    return this.lookup.get(tag) ?? -1;
  }

  /** The tag of a node given twice, or 0. */
  duplicateNodeTag(): number {
    if (this.lookup === undefined) this.lookup = this.buildLookup();
    return this.duplicate;
  }

  private buildLookup(): Int32Array | Map<number, number> {
    const ids = this.nodeIds.data;
    const n = this.nodeIds.length;
    let max = 0;
    for (let k = 0; k < n; k++) max = Math.max(max, ids[k]);
    this.duplicate = 0;
    if (max < DENSE_LOOKUP_LIMIT) {
      const table = new Int32Array(max + 1).fill(-1);
      for (let k = 0; k < n; k++) {
        if (table[ids[k]] >= 0 && this.duplicate === 0) this.duplicate = ids[k];
        table[ids[k]] = k;
      }
      return table;
    }
    const map = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      if (map.has(ids[k]) && this.duplicate === 0) this.duplicate = ids[k];
      map.set(ids[k], k);
    }
    return map;
  }

  setName(dim: number, tag: number, name: string): void {
    this.names.set(`${dim}:${tag}`, name);
  }

  /** Starts an element: returns its index in its type's block. Node indices follow through `addElementNode`. */
  addElement(type: CellType, id: number, entityTag: number): number {
    let block = this.blocks.get(type);
    if (!block) {
      block = { type, connectivity: new GrowableInt32(), entityTags: new GrowableInt32(), ids: new GrowableInt32() };
      this.blocks.set(type, block);
    }
    block.ids.push(id);
    block.entityTags.push(entityTag);
    return block.ids.length - 1;
  }

  addElementNode(type: CellType, index: number): void {
    this.blocks.get(type)!.connectivity.push(index);
  }

  /** The connectivity of a type's block, to push the nodes of many elements without a lookup each. */
  connectivityOf(type: CellType): GrowableInt32 {
    return this.blocks.get(type)!.connectivity;
  }

  /**
   * For 2.2 files: the element already stored under this id (the same element listed again for
   * another physical group), or undefined. Records the element when it is new.
   */
  seenElement(id: number, type: CellType, index: number | undefined): { type: CellType; index: number } | undefined {
    const before = this.seen22.get(id);
    if (before === undefined) {
      if (index !== undefined) this.seen22.set(id, index * 16 + CELL_TYPES.indexOf(type));
      return undefined;
    }
    return { type: CELL_TYPES[before % 16], index: Math.floor(before / 16) };
  }

  addMember(dim: number, tag: number, type: CellType, index: number): void {
    this.memberList(dim, tag, type).push(index);
  }

  /** The list of cells of one type in group `dim:tag`, to push many without a lookup each. */
  memberList(dim: number, tag: number, type: CellType): GrowableInt32 {
    const key = `${dim}:${tag}`;
    let byType = this.members.get(key);
    if (!byType) this.members.set(key, (byType = new Map()));
    let list = byType.get(type);
    if (!list) byType.set(type, (list = new GrowableInt32()));
    return list;
  }

  skip(gmshType: number, name: string): void {
    const entry = this.skippedCounts.get(gmshType) ?? { name, count: 0 };
    entry.count++;
    this.skippedCounts.set(gmshType, entry);
  }

  finish(): Mesh {
    const cells: CellBlock[] = CELL_TYPES.flatMap((type) => {
      const b = this.blocks.get(type);
      return b ? [{ type, connectivity: b.connectivity.toArray(), entityTags: b.entityTags.toArray(), ids: b.ids.toArray() }] : [];
    });
    const xyz = this.coords.toArray();
    const n = this.nodeIds.length;
    let planar = !cells.some((b) => cellDimension(b.type) === 3);
    for (let k = 0; planar && k < n; k++) planar = xyz[3 * k + 2] === 0;
    const points = planar ? new Float64Array(2 * n) : xyz;
    if (planar) {
      for (let k = 0; k < n; k++) {
        points[2 * k] = xyz[3 * k];
        points[2 * k + 1] = xyz[3 * k + 1];
      }
    }
    const keys = new Set([...this.names.keys(), ...this.members.keys()]);
    const groups: PhysicalGroup[] = [...keys].map((key) => {
      const [dim, tag] = key.split(':').map(Number);
      const byType = this.members.get(key) ?? new Map<CellType, GrowableInt32>();
      const members = new Map<CellType, Int32Array>();
      for (const type of CELL_TYPES) {
        const list = byType.get(type);
        if (list) members.set(type, sortedDistinct(list.toArray()));
      }
      return { name: this.names.get(key) ?? '', dim, tag, cells: members, nodes: nodesOfCells(cells, members, n) };
    });
    groups.sort((a, b) => a.dim - b.dim || a.tag - b.tag);
    const skipped: SkippedElements[] = [...this.skippedCounts].map(([gmshType, { name, count }]) => ({ gmshType, name, count }));
    return { dim: planar ? 2 : 3, points, nodeIds: this.nodeIds.toArray(), cells, groups, skipped };
  }
}
