/**
 * Writing VTK XML unstructured grids (`.vtu`), the format ParaView and VisIt open, with point
 * and cell fields (scalars, vectors, tensors) and mixed cell types.
 *
 * Two encodings: `appended` (default) puts the arrays after the XML as raw little-endian bytes,
 * the compact form ParaView writes itself; `base64` puts each array inside its `<DataArray>` as
 * base64 text, so the file is plain XML that any XML tool accepts. Both use 64-bit byte-count
 * headers (`header_type="UInt64"`), 64-bit floats for coordinates and fields, 32-bit integers
 * for connectivity and offsets.
 * @module
 */
import { writeFileSync } from 'node:fs';

import { checkChoice, checkString, describe, toFloat64Array } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { CELL_TYPES, cellDimension, cellNodeCount, isCellType, vtkTypeOf, type CellType } from './cell-types';
import { checkMesh, type CellBlock, type Mesh } from './mesh';

/** A field: the values alone (the number of components is inferred from the length), or the values and their number of components. */
export type VtuField =
  | ArrayLike<number>
  | {
      /** The values, `components` per point or cell, one point or cell after the other. */
      values: ArrayLike<number>;
      /** 1 (scalar), 2 or 3 (vector), 6 or 9 (tensor). */
      components: number;
    };

/** Options of {@link formatVtu} and {@link writeVtu}. */
export interface VtuOptions {
  /**
   * Fields on the points, by name: 1 value per point (a scalar), 2 or 3 (a vector; 2-component
   * vectors are written with z = 0 so ParaView can warp and draw arrows), 6 or 9 (a tensor), point after point.
   */
  pointData?: Record<string, VtuField>;
  /** Fields on the cells written, in the order of the written cells (the blocks of `mesh.cells`, in order, each cell in turn). */
  cellData?: Record<string, VtuField>;
  /**
   * Which cells to write: 'top' (default) the blocks of the mesh's highest cell dimension (the
   * elements, not their boundary edges or faces), 'all' every block, or a list of cell types.
   */
  cells?: 'top' | 'all' | readonly CellType[];
  /** 'appended' (raw bytes after the XML, default) or 'base64' (inline, pure XML). */
  encoding?: 'appended' | 'base64';
}

const COMPONENTS = [1, 2, 3, 6, 9];

/**
 * The bytes of a `.vtu` file holding the mesh and its fields.
 *
 * @throws TypeError / RangeError naming the option: unknown keys, a field whose length is not a
 *   whole number (1, 2, 3, 6 or 9) of values per point or cell, a non-finite value.
 * @example
 * ```ts
 * import { createMesh, formatVtu } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 2, points: [0, 0, 1, 0, 1, 1, 0, 1], cells: [{ type: 'quad', connectivity: [0, 1, 2, 3] }] });
 * const vtu = formatVtu(mesh, { pointData: { T: [0, 1, 2, 1], u: [0, 0, 0.1, 0, 0.1, 0.1, 0, 0.1] }, cellData: { k: [3] }, encoding: 'base64' });
 * console.log(vtu.toString().includes('<DataArray type="Float64" Name="u" NumberOfComponents="3" format="binary">')); // → true
 * ```
 */
export function formatVtu(mesh: Mesh, opts: VtuOptions = {}): Buffer {
  const fn = 'formatVtu';
  checkMesh(mesh, fn);
  const o = checkOptions(opts, ['pointData', 'cellData', 'cells', 'encoding'], `${fn}: opts`);
  const encoding = o.encoding === undefined ? 'appended' : checkChoice(o.encoding, ['appended', 'base64'] as const, `${fn}: opts.encoding`);
  const blocks = selectBlocks(mesh, o.cells, fn);
  const nPoints = mesh.nodeIds.length;
  const nCells = blocks.reduce((s, b) => s + b.ids.length, 0);
  const pointFields = fields(o.pointData, nPoints, 'point', `${fn}: opts.pointData`);
  const cellFields = fields(o.cellData, nCells, 'cell', `${fn}: opts.cellData`);

  const xyz = new Float64Array(3 * nPoints);
  for (let p = 0; p < nPoints; p++) for (let k = 0; k < mesh.dim; k++) xyz[3 * p + k] = mesh.points[p * mesh.dim + k];
  const connectivity = new Int32Array(blocks.reduce((s, b) => s + b.connectivity.length, 0));
  const offsets = new Int32Array(nCells);
  const types = new Uint8Array(nCells);
  let at = 0;
  let cell = 0;
  for (const block of blocks) {
    const per = cellNodeCount(block.type);
    connectivity.set(block.connectivity, at);
    for (let c = 0; c < block.ids.length; c++) {
      at += per;
      offsets[cell] = at;
      types[cell++] = vtkTypeOf(block.type);
    }
  }

  const writer = new ArrayWriter(encoding);
  const lines: string[] = [
    '<?xml version="1.0"?>',
    '<VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64">',
    '<UnstructuredGrid>',
    `<Piece NumberOfPoints="${nPoints}" NumberOfCells="${nCells}">`,
    '<PointData>', ...pointFields.map((f) => writer.array('Float64', f.name, f.components, f.values)), '</PointData>',
    '<CellData>', ...cellFields.map((f) => writer.array('Float64', f.name, f.components, f.values)), '</CellData>',
    '<Points>', writer.array('Float64', 'Points', 3, xyz), '</Points>',
    '<Cells>',
    writer.array('Int32', 'connectivity', 1, connectivity),
    writer.array('Int32', 'offsets', 1, offsets),
    writer.array('UInt8', 'types', 1, types),
    '</Cells>',
    '</Piece>',
    '</UnstructuredGrid>',
  ];
  const head = Buffer.from(lines.join('\n') + '\n', 'utf8');
  if (encoding === 'base64') return Buffer.concat([head, Buffer.from('</VTKFile>\n')]);
  return Buffer.concat([head, Buffer.from('<AppendedData encoding="raw">\n_'), ...writer.appended, Buffer.from('\n</AppendedData>\n</VTKFile>\n')]);
}

/**
 * Writes the mesh and its fields to a `.vtu` file (see {@link formatVtu}).
 *
 * @example
 * ```ts
 * import { createMesh, writeVtu } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 3, points: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], cells: [{ type: 'tetra', connectivity: [0, 1, 2, 3] }] });
 * const height = Float64Array.from({ length: 4 }, (_, p) => mesh.points[3 * p + 2]);
 * writeVtu('tet.vtu', mesh, { pointData: { height }, cellData: { volume: [1 / 6] } });
 * ```
 */
export function writeVtu(path: string, mesh: Mesh, opts: VtuOptions = {}): void {
  checkString(path, 'writeVtu: path');
  writeFileSync(path, formatVtu(mesh, opts));
}

function selectBlocks(mesh: Mesh, cells: unknown, fn: string): CellBlock[] {
  if (cells === undefined || cells === 'top') {
    const top = mesh.cells.reduce((m, b) => Math.max(m, cellDimension(b.type)), -1);
    return mesh.cells.filter((b) => cellDimension(b.type) === top);
  }
  if (cells === 'all') return [...mesh.cells];
  if (!Array.isArray(cells) || !cells.every(isCellType)) throw new TypeError(`${fn}: opts.cells must be 'top', 'all' or a list of cell types (${CELL_TYPES.join(', ')}), got ${describe(cells)}`);
  return mesh.cells.filter((b) => cells.includes(b.type));
}

interface Field {
  name: string;
  components: number;
  values: Float64Array;
}

function fields(given: unknown, count: number, what: string, name: string): Field[] {
  if (given === undefined) return [];
  if (given === null || typeof given !== 'object' || Array.isArray(given)) throw new TypeError(`${name} must be an object of fields by name, got ${describe(given)}`);
  return Object.entries(given as Record<string, unknown>).map(([key, raw]) => {
    const label = `${name}.${key}`;
    let values: Float64Array;
    let components: number;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !ArrayBuffer.isView(raw) && Object.prototype.hasOwnProperty.call(raw, 'values')) {
      const f = checkOptions(raw, ['values', 'components'], label);
      values = toFloat64Array(f.values, `${label}.values`);
      components = f.components as number;
      if (!COMPONENTS.includes(components)) throw new RangeError(`${label}.components must be 1, 2, 3, 6 or 9, got ${describe(f.components)}`);
      if (values.length !== components * count) throw new RangeError(`${label}.values must have ${components} × ${count} = ${components * count} values (${components} per ${what}), got length ${values.length}`);
    } else {
      values = toFloat64Array(raw, label);
      components = count === 0 ? 1 : values.length / count;
      if (!COMPONENTS.includes(components)) throw new RangeError(`${label} must have 1, 2, 3, 6 or 9 values per ${what} (${count} ${what}s), got length ${values.length}`);
    }
    for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k])) throw new RangeError(`${label} must be finite, got ${values[k]} at index ${k}`);
    if (components === 2) {
      const padded = new Float64Array(3 * count);
      for (let i = 0; i < count; i++) {
        padded[3 * i] = values[2 * i];
        padded[3 * i + 1] = values[2 * i + 1];
      }
      return { name: key, components: 3, values: padded };
    }
    return { name: key, components, values };
  });
}

/** Each array as an XML element; in appended mode its bytes go to `appended` and the element points at them. */
class ArrayWriter {
  readonly appended: Buffer[] = [];
  private offset = 0;

  constructor(private readonly encoding: 'appended' | 'base64') {}

  array(type: 'Float64' | 'Int32' | 'UInt8', name: string, components: number, data: Float64Array | Int32Array | Uint8Array): string {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const header = Buffer.alloc(8);
    header.writeBigUInt64LE(BigInt(bytes.length));
    const open = `<DataArray type="${type}" Name="${escapeXml(name)}" NumberOfComponents="${components}"`;
    if (this.encoding === 'base64') {
      // The byte-count header is encoded on its own, then the data (VTK's reader expects two base64 runs).
      return `${open} format="binary">${header.toString('base64')}${bytes.toString('base64')}</DataArray>`;
    }
    const element = `${open} format="appended" offset="${this.offset}"/>`;
    this.appended.push(header, bytes);
    this.offset += 8 + bytes.length;
    return element;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
