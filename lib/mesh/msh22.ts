/**
 * The `$Nodes` and `$Elements` sections of a Gmsh 2.2 ASCII file. An element carries its tags
 * itself (the first the physical group, the second the geometric entity), and Gmsh lists an
 * element once per physical group it belongs to: a repeated element id adds a membership,
 * not a cell.
 * @internal
 */
import { cellDimension, cellNodeCount, cellTypeOfGmsh, otherGmshType } from './cell-types';
import { MAX_TAG, type MshBuilder } from './msh-builder';
import type { MshSource } from './msh-source';

export function readNodes22(src: MshSource, builder: MshBuilder): void {
  const n = src.int('number of nodes', 0, MAX_TAG);
  src.endLine('the number of nodes');
  if (n * 8 > src.s.end - src.s.pos) src.fail(`number of nodes is ${n}, more than the rest of the file can hold`);
  for (let k = 0; k < n; k++) {
    const tag = src.int('node tag', 1, MAX_TAG);
    const x = src.num('x coordinate');
    const y = src.num('y coordinate');
    const z = src.num('z coordinate');
    src.endLine('the node coordinates');
    builder.addNode(tag, x, y, z);
  }
}

export function readElements22(src: MshSource, builder: MshBuilder): void {
  const n = src.int('number of elements', 0, MAX_TAG);
  src.endLine('the number of elements');
  if (n * 8 > src.s.end - src.s.pos) src.fail(`number of elements is ${n}, more than the rest of the file can hold`);
  const duplicate = builder.duplicateNodeTag();
  if (duplicate !== 0) src.fail(`node tag ${duplicate} is given twice in $Nodes`);
  for (let k = 0; k < n; k++) {
    const id = src.int('element tag', 1, MAX_TAG);
    const gmshType = src.int('element type', 1, MAX_TAG);
    const type = cellTypeOfGmsh(gmshType);
    if (type === undefined) {
      builder.skip(gmshType, otherGmshType(gmshType)?.[1] ?? `Gmsh element type ${gmshType}`);
      src.s.nextLine();
      continue;
    }
    const nTags = src.int('number of tags', 0, 64);
    const tags: number[] = [];
    for (let t = 0; t < nTags; t++) tags.push(src.int('element tag value', -MAX_TAG, MAX_TAG));
    const physical = tags.length > 0 ? Math.abs(tags[0]) : 0;
    const entity = tags.length > 1 ? Math.abs(tags[1]) : 0;
    const per = cellNodeCount(type);
    const nodes: number[] = [];
    for (let i = 0; i < per; i++) {
      const tag = src.int('node tag of the element', 1, MAX_TAG);
      const node = builder.indexOfNode(tag);
      if (node < 0) src.fail(`element ${id} refers to node ${tag}, which is not in $Nodes`);
      nodes.push(node);
    }
    src.endLine(`the ${per} nodes of element ${id}`);
    const before = builder.seenElement(id, type, undefined);
    let index: number;
    if (before !== undefined) {
      if (before.type !== type) src.fail(`element ${id} is given twice with different types`);
      index = before.index;
    } else {
      index = builder.addElement(type, id, entity);
      for (const node of nodes) builder.addElementNode(type, node);
      builder.seenElement(id, type, index);
    }
    if (physical !== 0) builder.addMember(cellDimension(type), physical, type, index);
  }
}
