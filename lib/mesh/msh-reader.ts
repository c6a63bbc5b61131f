/**
 * Reading Gmsh `.msh` files: format 4.1 (ASCII and binary) and 2.2 (ASCII).
 *
 * What comes back is a {@link Mesh}: the nodes (2-D when every z is 0 and no cell is a solid),
 * the cells of the types it holds (points, 2- and 3-node lines, 3- and 6-node triangles, 4-node quads,
 * 4-node tetrahedra, 8-node hexahedra), and the physical groups with their names, cells and
 * nodes. Elements of other Gmsh types (second-order solids, prisms, pyramids, ...) are skipped
 * and counted in `mesh.skipped`; in a binary file a type unknown to the reader altogether is an
 * error, because its length is unknown. Sections other than `$MeshFormat`, `$PhysicalNames`,
 * `$Entities`, `$Nodes` and `$Elements` (node data, periodicity, partitions) are skipped.
 *
 * The file is read as bytes and scanned in place (no string of the whole file, no per-line
 * strings); every problem is a {@link MeshFormatError} naming the file and the line.
 * @module
 */
import { readFileSync } from 'node:fs';

import { checkString, describe } from '../sparse/validate';
import { BinaryCursor } from './binary-cursor';
import type { Mesh } from './mesh';
import { MshBuilder, MAX_TAG } from './msh-builder';
import { readElements22, readNodes22 } from './msh22';
import { asciiReads, binaryReads, readElements, readEntities, readNodes, type EntityPhysicals, type Reads } from './msh41';
import { MshSource } from './msh-source';

/**
 * Reads a Gmsh `.msh` file (4.1 ASCII or binary, 2.2 ASCII).
 *
 * @throws {@link MeshFormatError} (message `file:line: problem`) for malformed or unsupported
 *   content; the file system's error for a missing file.
 * @example
 * ```ts
 * import { createMesh, physicalGroup, readMsh, writeMsh } from 'spsolve';
 *
 * // A unit square of two triangles with its left edge in a group, saved and read back.
 * writeMsh('square.msh', createMesh({
 *   dim: 2, points: [0, 0, 1, 0, 1, 1, 0, 1],
 *   cells: [{ type: 'line', connectivity: [3, 0] }, { type: 'triangle', connectivity: [0, 1, 2, 0, 2, 3] }],
 *   groups: [{ name: 'fixed', cells: { line: [0] } }],
 * }));
 * const mesh = readMsh('square.msh');
 * console.log(mesh.dim, mesh.cells.map((b) => b.type).join(','), Array.from(physicalGroup(mesh, 'fixed').nodes)); // → 2 line,triangle [ 0, 3 ]
 * ```
 */
export function readMsh(path: string): Mesh {
  checkString(path, 'readMsh: path');
  return parseMsh(readFileSync(path), path);
}

/**
 * Parses `.msh` content given as text or as the bytes of a file (binary files must be bytes).
 * `sourceName` names the content in error messages (default '<string>').
 *
 * @throws {@link MeshFormatError} for malformed or unsupported content; TypeError when `content`
 *   is neither a string nor a Uint8Array.
 * @example
 * ```ts
 * import { parseMsh } from 'spsolve';
 *
 * const mesh = parseMsh([
 *   '$MeshFormat', '2.2 0 8', '$EndMeshFormat',
 *   '$Nodes', '3', '1 0 0 0', '2 1 0 0', '3 0 1 0', '$EndNodes',
 *   '$Elements', '1', '1 2 2 0 1 1 2 3', '$EndElements', '',
 * ].join('\n'));
 * console.log(mesh.dim, Array.from(mesh.cells[0].connectivity)); // → 2 [ 0, 1, 2 ]
 * ```
 */
export function parseMsh(content: string | Uint8Array, sourceName = '<string>'): Mesh {
  let bytes: Buffer;
  if (typeof content === 'string') bytes = Buffer.from(content, 'utf8');
  else if (content instanceof Uint8Array) bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  else throw new TypeError(`parseMsh: content must be a string or a Uint8Array, got ${describe(content)}`);
  checkString(sourceName, 'parseMsh: sourceName');
  const src = new MshSource(bytes, sourceName);
  const format = readFormat(src);
  const builder = new MshBuilder();
  const entities: EntityPhysicals = new Map();
  let sawNodes = false;
  let sawElements = false;
  for (;;) {
    const startLine = src.s.line;
    const name = src.sectionStart();
    if (name === undefined) break;
    const once = (seen: boolean): void => {
      if (seen) src.fail(`a second $${name} section: this reader takes one`, startLine);
    };
    switch (name) {
      case 'PhysicalNames':
        readPhysicalNames(src, builder);
        break;
      case 'Entities':
        if (format.version === '2.2') src.skipSection(name, startLine);
        else section(src, format, name, startLine, (r) => readEntities(r, entities));
        break;
      case 'Nodes':
        once(sawNodes);
        sawNodes = true;
        if (format.version === '2.2') readNodes22(src, builder);
        else section(src, format, name, startLine, (r) => readNodes(r, builder));
        break;
      case 'Elements':
        once(sawElements);
        if (!sawNodes) src.fail('$Elements comes before $Nodes', startLine);
        sawElements = true;
        if (format.version === '2.2') readElements22(src, builder);
        else section(src, format, name, startLine, (r) => readElements(r, builder, entities));
        break;
      default:
        src.skipSection(name, startLine);
        continue;
    }
    src.sectionEnd(name);
  }
  if (!sawNodes) src.fail('the file has no $Nodes section');
  return builder.finish();
}

interface Format {
  version: '4.1' | '2.2';
  binary: boolean;
  littleEndian: boolean;
  sizeT: number;
}

function readFormat(src: MshSource): Format {
  src.skipBlankLines();
  if (src.s.readRestOfLine(200).trim() !== '$MeshFormat') src.fail("a .msh file must start with '$MeshFormat'", src.s.line);
  src.s.nextLine();
  const line = src.s.readRestOfLine(200).trim();
  const [version, fileType, dataSize, ...rest] = line.split(/\s+/);
  if (rest.length > 0 || dataSize === undefined) src.fail(`the format line must be 'version file-type data-size', found '${line}'`);
  if (version !== '4.1' && version !== '2.2') src.fail(`format version ${version} is not supported: this reader takes 4.1 (ASCII or binary) and 2.2 (ASCII)`);
  if (fileType !== '0' && fileType !== '1') src.fail(`file type must be 0 (ASCII) or 1 (binary), found '${fileType}'`);
  if (dataSize !== '8' && dataSize !== '4') src.fail(`data size must be 8 or 4 (bytes in a size_t), found '${dataSize}'`);
  const binary = fileType === '1';
  if (binary && version === '2.2') src.fail('binary 2.2 files are not supported: save as 4.1 binary, or 2.2 ASCII');
  src.s.nextLine();
  let littleEndian = true;
  if (binary) {
    // The integer 1 in the writer's byte order, then a line break.
    const b = src.s.bytes;
    const p = src.s.pos;
    if (p + 4 > b.length) src.fail('the binary 1 that marks the byte order is missing');
    if (b.readInt32LE(p) === 1) littleEndian = true;
    else if (b.readInt32BE(p) === 1) littleEndian = false;
    else src.fail('the binary 1 that marks the byte order is missing or damaged');
    src.advanceTo(p + 4);
    src.endLine('the byte-order mark');
  }
  src.sectionEnd('MeshFormat');
  return { version, binary, littleEndian, sizeT: Number(dataSize) };
}

/** Runs a 4.1 section parser on ASCII or binary reads; binary data starts right after the header line. */
function section(src: MshSource, format: Format, name: string, startLine: number, parse: (r: Reads) => void): void {
  if (!format.binary) {
    parse(asciiReads(src));
    return;
  }
  const fail = (detail: string): never => src.fail(`in binary $${name}: ${detail}`, startLine);
  const cursor = new BinaryCursor(src.s.bytes, src.s.pos, format.littleEndian, format.sizeT, fail);
  parse(binaryReads(cursor, fail));
  src.advanceTo(cursor.pos);
}

/** `$PhysicalNames`: a count, then `dim tag "name"` per line (ASCII even in binary files). */
function readPhysicalNames(src: MshSource, builder: MshBuilder): void {
  const n = src.int('number of physical names', 0, MAX_TAG);
  src.endLine('the number of physical names');
  for (let k = 0; k < n; k++) {
    const dim = src.int('dimension of the physical group', 0, 3);
    const tag = src.int('physical tag', 1, MAX_TAG);
    src.s.skipSpaces();
    const rest = src.s.readRestOfLine(1024).trim();
    const m = /^"([^"]*)"$/.exec(rest);
    if (!m) src.fail(`the physical name must be one quoted string, found '${rest}'`);
    builder.setName(dim, tag, m[1]);
    src.s.nextLine();
  }
}
