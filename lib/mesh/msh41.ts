/**
 * The sections of a Gmsh 4.1 file (`$Entities`, `$Nodes`, `$Elements`), ASCII or binary: one
 * parser over a small interface of reads, so both encodings share the structure checks.
 * Reference: the "MSH file format" chapter of the Gmsh manual (version 4.1).
 * @internal
 */
import { BinaryCursor } from './binary-cursor';
import { cellDimension, cellNodeCount, cellTypeOfGmsh, otherGmshType } from './cell-types';
import { MAX_TAG, type MshBuilder } from './msh-builder';
import type { MshSource } from './msh-source';

/** The reads a section parser needs; `size` is a size_t in binary files. */
export interface Reads {
  int(what: string, min: number, max: number): number;
  size(what: string, min: number, max: number): number;
  num(what: string): number;
  /** ASCII: the line must end here. Binary: nothing. */
  endLine(after: string): void;
  /** Fails unless `count` items of at least `minBytes` bytes each fit in what is left of the file. */
  fits(count: number, minBytes: number, what: string): void;
  /** ASCII: skips the rest of the line (an element of a type not held). Binary: unused. */
  skipLine(): void;
  readonly binary: boolean;
  fail(detail: string): never;
}

export function asciiReads(src: MshSource): Reads {
  return {
    int: (what, min, max) => src.int(what, min, max),
    size: (what, min, max) => src.int(what, min, max),
    num: (what) => src.num(what),
    endLine: (after) => src.endLine(after),
    fits: (count, minBytes, what) => {
      if (count * minBytes > src.s.end - src.s.pos) src.fail(`${what} is ${count}, more than the rest of the file can hold`);
    },
    skipLine: () => {
      if (src.s.atEnd()) src.fail('an element line is missing: found the end of the file');
      src.s.nextLine();
    },
    binary: false,
    fail: (detail) => src.fail(detail),
  };
}

export function binaryReads(cursor: BinaryCursor, fail: (detail: string) => never): Reads {
  const at = (): string => ` (binary data at byte ${cursor.pos})`;
  const inRange = (v: number, what: string, min: number, max: number): number => {
    if (!(v >= min && v <= max)) fail(`${what} must be an integer in ${min}..${max}, got ${v}${at()}`);
    return v;
  };
  return {
    int: (what, min, max) => inRange(cursor.int(what), what, min, max),
    size: (what, min, max) => inRange(cursor.sizeT(what), what, min, max),
    num: (what) => {
      const v = cursor.double(what);
      if (!Number.isFinite(v)) fail(`${what} must be finite, got ${v}${at()}`);
      return v;
    },
    endLine: () => undefined,
    fits: (count, minBytes, what) => {
      if (count * minBytes > cursor.remaining()) fail(`${what} is ${count}, more than the rest of the file can hold${at()}`);
    },
    skipLine: () => fail('skipLine is for ASCII files'),
    binary: true,
    fail,
  };
}

/** Entity `dim:tag` → its physical tags. */
export type EntityPhysicals = Map<string, number[]>;

export function readEntities(r: Reads, entities: EntityPhysicals): void {
  const counts = [0, 1, 2, 3].map((d) => r.size(`number of entities of dimension ${d}`, 0, MAX_TAG));
  r.endLine('the entity counts');
  for (let dim = 0; dim <= 3; dim++) {
    r.fits(counts[dim], r.binary ? 20 : 8, `number of entities of dimension ${dim}`);
    for (let k = 0; k < counts[dim]; k++) {
      // Gmsh itself writes entity 0 for elements read from a file that had none (a 2.2 file with elementary tag 0).
      const tag = r.int(`entity tag`, 0, MAX_TAG);
      for (let c = 0; c < (dim === 0 ? 3 : 6); c++) r.num(dim === 0 ? 'point coordinate' : 'bounding box coordinate');
      const nPhys = r.size('number of physical tags', 0, MAX_TAG);
      r.fits(nPhys, r.binary ? 4 : 2, 'number of physical tags');
      const phys: number[] = [];
      for (let p = 0; p < nPhys; p++) {
        const t = r.int('physical tag', -MAX_TAG, MAX_TAG);
        if (t === 0) r.fail('physical tag must not be 0');
        phys.push(Math.abs(t));
      }
      if (dim > 0) {
        const nBounding = r.size('number of bounding entities', 0, MAX_TAG);
        r.fits(nBounding, r.binary ? 4 : 2, 'number of bounding entities');
        for (let b = 0; b < nBounding; b++) r.int('bounding entity tag', -MAX_TAG, MAX_TAG);
      }
      r.endLine(`the entity ${dim}:${tag}`);
      entities.set(`${dim}:${tag}`, phys);
    }
  }
}

export function readNodes(r: Reads, builder: MshBuilder): void {
  const nBlocks = r.size('number of node blocks', 0, MAX_TAG);
  const nNodes = r.size('number of nodes', 0, MAX_TAG);
  r.size('smallest node tag', 0, MAX_TAG);
  r.size('largest node tag', 0, MAX_TAG);
  r.endLine('the node counts');
  const before = builder.nodeCount;
  for (let b = 0; b < nBlocks; b++) {
    const entityDim = r.int('entity dimension of the node block', 0, 3);
    r.int('entity tag of the node block', -MAX_TAG, MAX_TAG);
    const parametric = r.int('parametric flag', 0, 1);
    const count = r.size('number of nodes in the block', 0, MAX_TAG);
    r.endLine('the node block header');
    r.fits(count, r.binary ? 32 : 8, 'number of nodes in the block');
    const tags = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      tags[k] = r.size('node tag', 1, MAX_TAG);
      r.endLine('the node tag');
    }
    const extra = parametric === 1 ? entityDim : 0;
    for (let k = 0; k < count; k++) {
      const x = r.num('x coordinate');
      const y = r.num('y coordinate');
      const z = r.num('z coordinate');
      for (let e = 0; e < extra; e++) r.num('parametric coordinate');
      r.endLine('the node coordinates');
      builder.addNode(tags[k], x, y, z);
    }
  }
  if (builder.nodeCount - before !== nNodes) r.fail(`the node blocks hold ${builder.nodeCount - before} nodes, the section header says ${nNodes}`);
}

export function readElements(r: Reads, builder: MshBuilder, entities: EntityPhysicals): void {
  const nBlocks = r.size('number of element blocks', 0, MAX_TAG);
  const nElements = r.size('number of elements', 0, MAX_TAG);
  r.size('smallest element tag', 0, MAX_TAG);
  r.size('largest element tag', 0, MAX_TAG);
  r.endLine('the element counts');
  const duplicate = builder.duplicateNodeTag();
  if (duplicate !== 0) r.fail(`node tag ${duplicate} is given twice in $Nodes`);
  let total = 0;
  for (let b = 0; b < nBlocks; b++) {
    const entityDim = r.int('entity dimension of the element block', 0, 3);
    const entityTag = r.int('entity tag of the element block', -MAX_TAG, MAX_TAG);
    const gmshType = r.int('element type', 1, MAX_TAG);
    const count = r.size('number of elements in the block', 0, MAX_TAG);
    total += count;
    const type = cellTypeOfGmsh(gmshType);
    const other = type === undefined ? otherGmshType(gmshType) : undefined;
    if (type === undefined && other === undefined && r.binary) {
      r.fail(`element type ${gmshType} is not one this reader knows the size of (it holds types 1, 2, 3, 4, 5, 8, 9, 15 and skips the other Gmsh types up to 31)`);
    }
    const per = type !== undefined ? cellNodeCount(type) : other !== undefined ? other[0] : 0;
    r.fits(count, r.binary ? 8 * (1 + per) : 2 * (1 + per), 'number of elements in the block');
    if (type !== undefined && cellDimension(type) !== entityDim) r.fail(`element type ${gmshType} (${type}) has dimension ${cellDimension(type)}, but its block belongs to an entity of dimension ${entityDim}`);
    r.endLine('the element block header');
    if (type === undefined) {
      const name = other?.[1] ?? `Gmsh element type ${gmshType}`;
      for (let k = 0; k < count; k++) {
        if (r.binary) for (let n = 0; n <= per; n++) r.size('skipped element data', 0, Infinity);
        else r.skipLine();
        builder.skip(gmshType, name);
      }
      continue;
    }
    const members = (entities.get(`${entityDim}:${Math.abs(entityTag)}`) ?? []).map((p) => builder.memberList(entityDim, p, type));
    for (let k = 0; k < count; k++) {
      const id = r.size('element tag', 1, MAX_TAG);
      const index = builder.addElement(type, id, Math.abs(entityTag));
      const connectivity = builder.connectivityOf(type);
      for (let n = 0; n < per; n++) {
        const tag = r.size('node tag of the element', 1, MAX_TAG);
        const node = builder.indexOfNode(tag);
        if (node < 0) r.fail(`element ${id} refers to node ${tag}, which is not in $Nodes`);
        connectivity.push(node);
      }
      r.endLine(`the ${per} nodes of element ${id}`);
      for (const list of members) list.push(index);
    }
  }
  if (total !== nElements) r.fail(`the element blocks hold ${total} elements, the section header says ${nElements}`);
}
