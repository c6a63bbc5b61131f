/**
 * Writing Gmsh `.msh` files: 4.1 ASCII, 4.1 binary and 2.2 ASCII.
 *
 * Gmsh ties physical groups to geometric entities (4.1) or to each element (2.2). A mesh made by
 * {@link createMesh} has no entities, so the writer makes them: the cells of one dimension with
 * the same entity tag and the same physical groups form one entity (keeping the entity tag when it
 * is free). All nodes go into one node block. Reading the file back gives the same points (bit
 * for bit), cells, node and cell ids and groups.
 * @module
 */
import { writeFileSync } from 'node:fs';

import { checkChoice, checkString } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { cellDimension, cellNodeCount, gmshTypeOf, type CellType } from './cell-types';
import { checkMesh, type Mesh } from './mesh';

/** Options of {@link formatMsh} and {@link writeMsh}. */
export interface MshWriteOptions {
  /** '4.1' (default), '4.1-binary' or '2.2' (ASCII). */
  format?: MshFormat;
}

/** The `.msh` flavours {@link formatMsh} writes. */
export type MshFormat = '4.1' | '4.1-binary' | '2.2';

const FORMATS: readonly MshFormat[] = ['4.1', '4.1-binary', '2.2'];

/**
 * The bytes of a `.msh` file holding `mesh`.
 *
 * @throws TypeError for unknown options or format.
 * @example
 * ```ts
 * import { createMesh, formatMsh, parseMsh } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 2, points: [0, 0, 1, 0, 0, 1], cells: [{ type: 'triangle', connectivity: [0, 1, 2] }],
 *   groups: [{ name: 'plate', cells: { triangle: [0] } }] });
 * const back = parseMsh(formatMsh(mesh, { format: '4.1-binary' }));
 * console.log(back.groups[0].name, Array.from(back.groups[0].nodes)); // → plate [ 0, 1, 2 ]
 * ```
 */
export function formatMsh(mesh: Mesh, opts: MshWriteOptions = {}): Buffer {
  checkMesh(mesh, 'formatMsh');
  const o = checkOptions(opts, ['format'], 'formatMsh: opts');
  const format = o.format === undefined ? '4.1' : checkChoice(o.format, FORMATS, 'formatMsh: opts.format');
  const out = format === '4.1-binary' ? new BinarySink() : new TextSink();
  if (format === '2.2') write22(mesh, out as TextSink);
  else write41(mesh, out);
  return out.bytes();
}

/**
 * Writes `mesh` to a `.msh` file.
 *
 * @example
 * ```ts
 * import { createMesh, writeMsh } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 3, points: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], cells: [{ type: 'tetra', connectivity: [0, 1, 2, 3] }] });
 * writeMsh('tet.msh', mesh, { format: '2.2' });
 * ```
 */
export function writeMsh(path: string, mesh: Mesh, opts: MshWriteOptions = {}): void {
  checkString(path, 'writeMsh: path');
  writeFileSync(path, formatMsh(mesh, opts));
}

/** Tokens out: ASCII separates them with spaces and ends lines; binary packs them. */
interface Sink {
  text(s: string): void;
  int(v: number): void;
  size(v: number): void;
  num(v: number): void;
  endLine(): void;
  bytes(): Buffer;
}

class TextSink implements Sink {
  private readonly parts: string[] = [];
  private line: string[] = [];
  text(s: string): void {
    this.flush();
    this.parts.push(s);
  }
  int(v: number): void {
    this.line.push(String(v));
  }
  size(v: number): void {
    this.line.push(String(v));
  }
  num(v: number): void {
    // Shortest text that reads back to the same double.
    this.line.push(String(v));
  }
  endLine(): void {
    this.parts.push(this.line.join(' ') + '\n');
    this.line = [];
  }
  private flush(): void {
    if (this.line.length > 0) this.endLine();
  }
  bytes(): Buffer {
    this.flush();
    return Buffer.from(this.parts.join(''), 'utf8');
  }
}

class BinarySink implements Sink {
  private buf = Buffer.alloc(1 << 16);
  private pos = 0;
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
  text(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }
  int(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32LE(v, this.pos);
  }
  size(v: number): void {
    this.ensure(8);
    // Two 32-bit halves: no BigInt per value (ids and counts are below 2^53).
    this.buf.writeUInt32LE(v % 2 ** 32, this.pos);
    this.pos = this.buf.writeUInt32LE(Math.floor(v / 2 ** 32), this.pos + 4);
  }
  num(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
  }
  endLine(): void {}
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Per cell type: per cell, the sorted tags of the groups holding it (shared empty list when none). */
function membership(mesh: Mesh): Map<CellType, number[][]> {
  const none: number[] = [];
  const result = new Map<CellType, number[][]>();
  for (const block of mesh.cells) result.set(block.type, Array.from({ length: block.ids.length }, () => none));
  for (const group of [...mesh.groups].sort((a, b) => a.tag - b.tag)) {
    for (const [type, indices] of group.cells) {
      const lists = result.get(type);
      if (!lists) continue;
      // Cells with the same groups so far share one list, extended into one new shared list.
      const extended = new Map<number[], number[]>();
      for (const c of indices) {
        let next = extended.get(lists[c]);
        if (next === undefined) extended.set(lists[c], (next = [...lists[c], group.tag]));
        lists[c] = next;
      }
    }
  }
  return result;
}

function xyz(mesh: Mesh, p: number, k: number): number {
  return k < mesh.dim ? mesh.points[p * mesh.dim + k] : 0;
}

function writePhysicalNames(mesh: Mesh, out: Sink): void {
  const named = mesh.groups.filter((g) => g.name !== '');
  if (named.length === 0) return;
  out.text(`$PhysicalNames\n${named.length}\n`);
  for (const g of named) out.text(`${g.dim} ${g.tag} "${g.name.replace(/"/g, "'")}"\n`);
  out.text('$EndPhysicalNames\n');
}

interface Entity {
  dim: number;
  tag: number;
  physicals: number[];
  /** Per cell type: the cell indices in this entity. */
  cells: Map<CellType, number[]>;
}

/** Groups cells into entities: same dimension, entity tag and physical groups. */
function entitiesOf(mesh: Mesh, groupsOf: Map<CellType, number[][]>): Entity[] {
  const byKey = new Map<string, Entity>();
  const used = [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
  const maxTag = [0, 0, 0, 0];
  for (const block of mesh.cells) {
    const d = cellDimension(block.type);
    for (const t of block.entityTags) maxTag[d] = Math.max(maxTag[d], t);
  }
  // Most cells share their list of groups (the same array): name each list once.
  const listKeys = new Map<number[], string>();
  for (const block of mesh.cells) {
    const d = cellDimension(block.type);
    const lists = groupsOf.get(block.type)!;
    for (let c = 0; c < block.ids.length; c++) {
      let listKey = listKeys.get(lists[c]);
      if (listKey === undefined) listKeys.set(lists[c], (listKey = lists[c].join(',')));
      const key = `${d}|${block.entityTags[c]}|${listKey}`;
      let entity = byKey.get(key);
      if (!entity) {
        const wanted = block.entityTags[c];
        const tag = wanted > 0 && !used[d].has(wanted) ? wanted : ++maxTag[d];
        used[d].add(tag);
        entity = { dim: d, tag, physicals: lists[c], cells: new Map() };
        byKey.set(key, entity);
      }
      let list = entity.cells.get(block.type);
      if (!list) entity.cells.set(block.type, (list = []));
      list.push(c);
    }
  }
  return [...byKey.values()].sort((a, b) => a.dim - b.dim || a.tag - b.tag);
}

function write41(mesh: Mesh, out: Sink): void {
  const binary = out instanceof BinarySink;
  out.text(`$MeshFormat\n4.1 ${binary ? 1 : 0} 8\n`);
  if (binary) {
    out.int(1);
    out.text('\n');
  }
  out.text('$EndMeshFormat\n');
  writePhysicalNames(mesh, out);
  const groupsOf = membership(mesh);
  const entities = entitiesOf(mesh, groupsOf);
  const blockOf = new Map(mesh.cells.map((b) => [b.type, b]));
  out.text('$Entities\n');
  for (let d = 0; d <= 3; d++) out.size(entities.filter((e) => e.dim === d).length);
  out.endLine();
  for (const e of entities) {
    out.int(e.tag);
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (const [type, cells] of e.cells) {
      const block = blockOf.get(type)!;
      const per = cellNodeCount(type);
      for (const c of cells) {
        for (let n = 0; n < per; n++) {
          const p = block.connectivity[c * per + n];
          for (let k = 0; k < 3; k++) {
            lo[k] = Math.min(lo[k], xyz(mesh, p, k));
            hi[k] = Math.max(hi[k], xyz(mesh, p, k));
          }
        }
      }
    }
    for (const v of e.dim === 0 ? lo : [...lo, ...hi]) out.num(v);
    out.size(e.physicals.length);
    for (const p of e.physicals) out.int(p);
    if (e.dim > 0) out.size(0);
    out.endLine();
  }
  out.text(`${binary ? '\n' : ''}$EndEntities\n`);
  const n = mesh.nodeIds.length;
  const topDim = entities.reduce((m, e) => Math.max(m, e.dim), 0);
  const topEntity = entities.find((e) => e.dim === topDim)?.tag ?? 1;
  let minId = Infinity;
  let maxId = 0;
  for (const id of mesh.nodeIds) {
    minId = Math.min(minId, id);
    maxId = Math.max(maxId, id);
  }
  out.text('$Nodes\n');
  out.size(n > 0 ? 1 : 0);
  out.size(n);
  out.size(n > 0 ? minId : 0);
  out.size(maxId);
  out.endLine();
  if (n > 0) {
    out.int(topDim);
    out.int(topEntity);
    out.int(0);
    out.size(n);
    out.endLine();
    for (const id of mesh.nodeIds) {
      out.size(id);
      out.endLine();
    }
    for (let p = 0; p < n; p++) {
      for (let k = 0; k < 3; k++) out.num(xyz(mesh, p, k));
      out.endLine();
    }
  }
  out.text(`${binary ? '\n' : ''}$EndNodes\n`);
  const elementBlocks = entities.flatMap((e) => [...e.cells].map(([type, cells]) => ({ e, type, cells })));
  let total = 0;
  let minEl = Infinity;
  let maxEl = 0;
  for (const block of mesh.cells) {
    total += block.ids.length;
    for (const id of block.ids) {
      minEl = Math.min(minEl, id);
      maxEl = Math.max(maxEl, id);
    }
  }
  out.text('$Elements\n');
  out.size(elementBlocks.length);
  out.size(total);
  out.size(total > 0 ? minEl : 0);
  out.size(maxEl);
  out.endLine();
  for (const { e, type, cells } of elementBlocks) {
    const block = blockOf.get(type)!;
    const per = cellNodeCount(type);
    out.int(e.dim);
    out.int(e.tag);
    out.int(gmshTypeOf(type));
    out.size(cells.length);
    out.endLine();
    for (const c of cells) {
      out.size(block.ids[c]);
      for (let k = 0; k < per; k++) out.size(mesh.nodeIds[block.connectivity[c * per + k]]);
      out.endLine();
    }
  }
  out.text(`${binary ? '\n' : ''}$EndElements\n`);
}

function write22(mesh: Mesh, out: TextSink): void {
  out.text('$MeshFormat\n2.2 0 8\n$EndMeshFormat\n');
  writePhysicalNames(mesh, out);
  const n = mesh.nodeIds.length;
  out.text(`$Nodes\n${n}\n`);
  for (let p = 0; p < n; p++) {
    out.int(mesh.nodeIds[p]);
    for (let k = 0; k < 3; k++) out.num(xyz(mesh, p, k));
    out.endLine();
  }
  out.text('$EndNodes\n');
  const groupsOf = membership(mesh);
  // The elementary tag of each cell: its entity, made as for 4.1 (never 0, which Gmsh would keep as entity 0).
  const entityOf = new Map<CellType, Int32Array>(mesh.cells.map((b) => [b.type, new Int32Array(b.ids.length)]));
  for (const e of entitiesOf(mesh, groupsOf)) for (const [type, cells] of e.cells) for (const c of cells) entityOf.get(type)![c] = e.tag;
  const lines: string[] = [];
  for (const block of mesh.cells) {
    const per = cellNodeCount(block.type);
    const lists = groupsOf.get(block.type)!;
    const entities = entityOf.get(block.type)!;
    for (let c = 0; c < block.ids.length; c++) {
      const nodes: number[] = [];
      for (let k = 0; k < per; k++) nodes.push(mesh.nodeIds[block.connectivity[c * per + k]]);
      // One line per physical group, as Gmsh writes them; a cell in none gets physical tag 0.
      for (const phys of lists[c].length > 0 ? lists[c] : [0]) {
        lines.push(`${block.ids[c]} ${gmshTypeOf(block.type)} 2 ${phys} ${entities[c]} ${nodes.join(' ')}\n`);
      }
    }
  }
  out.text(`$Elements\n${lines.length}\n`);
  out.text(lines.join(''));
  out.text('$EndElements\n');
}
