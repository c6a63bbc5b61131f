/**
 * Meshes: Gmsh `.msh` write → read round trips in every format, damaged files (text edits of the
 * ASCII formats, byte flips and cuts of the binary one, random bytes and token lines), which must
 * parse into a consistent mesh or give a MeshFormatError and nothing else; and `.vtu` files read
 * back by the test reader.
 */
import fc from 'fast-check';

import { CELL_TYPES, MeshFormatError, cellNodeCount, createMesh, formatMsh, formatVtu, parseMsh, type CellType, type Mesh, type MshFormat } from '../../lib';
import { applyEdit, textEditArb } from '../arbitraries/text-edit';
import { readVtu } from '../helpers/vtu-reader';
import type { NamedProperty } from './named-property';
import { typedOrValue } from './outcomes';

const FORMATS: MshFormat[] = ['4.1', '4.1-binary', '2.2'];

/** A random mesh: 1..10 points (any finite coordinates), a few blocks of random types and random groups. */
const meshArb: fc.Arbitrary<Mesh> = fc
  .record({
    dim: fc.constantFrom(2 as const, 3 as const),
    nPoints: fc.integer({ min: 1, max: 10 }),
    coords: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 30, maxLength: 30 }),
    types: fc.uniqueArray(fc.constantFrom(...CELL_TYPES), { maxLength: 4 }),
    counts: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 }),
    nodes: fc.array(fc.nat(), { minLength: 128, maxLength: 128 }),
    groups: fc.array(fc.record({ type: fc.nat(), cells: fc.array(fc.nat(), { maxLength: 3 }), named: fc.boolean() }), { maxLength: 3 }),
  })
  .map(({ dim, nPoints, coords, types, counts, nodes, groups }) => {
    let k = 0;
    const cells = types.filter((t) => dim === 3 || !['tetra', 'hexahedron'].includes(t)).map((type, b) => ({
      type,
      connectivity: Array.from({ length: counts[b] * cellNodeCount(type) }, () => nodes[k++ % nodes.length] % nPoints),
    }));
    const withCells = cells.filter((c) => c.connectivity.length > 0);
    const groupInits = withCells.length === 0 ? [] : groups.map((g, i) => {
      const block = withCells[g.type % withCells.length];
      const count = block.connectivity.length / cellNodeCount(block.type);
      return { name: g.named ? `group ${i}` : undefined, cells: { [block.type]: g.cells.map((c) => c % count) } as Partial<Record<CellType, number[]>> };
    });
    return createMesh({ dim, points: coords.slice(0, dim * nPoints), cells, groups: groupInits });
  });

function sameMesh(a: Mesh, b: Mesh): void {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]) || v === y[i]);
  // −0 may come back as 0 through the ASCII formats: compare with ===.
  if (a.dim === 3 && b.dim === 2) {
    // A 3-D mesh whose z are all 0 and without solids reads back as 2-D (a file does not say its dimension).
    const n = a.points.length / 3;
    const xy = Float64Array.from({ length: 2 * n }, (_, k) => a.points[3 * Math.floor(k / 2) + (k % 2)]);
    if (Array.from({ length: n }, (_, p) => a.points[3 * p + 2]).some((z) => z !== 0) || !same(xy, b.points)) throw new Error('points changed');
  } else if (a.dim !== b.dim || !same(a.points, b.points)) {
    throw new Error('points changed');
  }
  for (const block of a.cells) {
    const other = b.cells.find((c) => c.type === block.type);
    if (block.ids.length === 0) continue;
    if (!other) throw new Error(`block ${block.type} lost`);
    const per = cellNodeCount(block.type);
    const byId = (m: typeof block) => new Map(Array.from(m.ids, (id, c) => [id, Array.from(m.connectivity.subarray(c * per, (c + 1) * per)).join()]));
    const [x, y] = [byId(block), byId(other)];
    for (const [id, nodes] of x) if (y.get(id) !== nodes) throw new Error(`cell ${id} of ${block.type} changed`);
  }
  for (const g of a.groups) {
    const h = b.groups.find((o) => o.tag === g.tag && o.dim === g.dim);
    if ([...g.cells.values()].every((c) => c.length === 0) && h === undefined) continue;
    if (!h || h.name !== g.name || !same(h.nodes, g.nodes)) throw new Error(`group ${g.tag} changed`);
  }
}

function checkConsistent(m: Mesh): void {
  const n = m.points.length / m.dim;
  if (!Number.isInteger(n) || m.nodeIds.length !== n) throw new Error('points and ids disagree');
  if (m.points.some((v) => !Number.isFinite(v))) throw new Error('a non-finite coordinate');
  for (const b of m.cells) {
    if (b.connectivity.length !== b.ids.length * cellNodeCount(b.type)) throw new Error('a block of the wrong length');
    if (b.connectivity.some((p) => p < 0 || p >= n)) throw new Error('a cell node out of range');
  }
  for (const g of m.groups) if (g.nodes.some((p) => p < 0 || p >= n)) throw new Error('a group node out of range');
}

/** write → read is the identity in each format; damaged copies parse consistently or give a MeshFormatError. */
const mshRoundTrip = fc.property(meshArb, fc.constantFrom(...FORMATS), fc.array(textEditArb, { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (mesh, format, edits, flips) => {
  const bytes = formatMsh(mesh, { format });
  sameMesh(mesh, parseMsh(bytes));
  let damaged: Buffer | string;
  if (format === '4.1-binary') {
    const copy = Buffer.from(bytes);
    for (const f of flips) copy[f % copy.length] ^= 1 << (f % 8);
    damaged = flips.length % 2 === 1 ? copy.subarray(0, flips[0] % copy.length) : copy;
  } else {
    damaged = bytes.toString('utf8');
    for (const e of edits) damaged = applyEdit(damaged, e);
  }
  const parsed = typedOrValue(() => parseMsh(damaged, 'fuzz.msh'), [MeshFormatError]);
  if (parsed) checkConsistent(parsed);
  return true;
});

/** Random bytes, strings and plausible headers followed by random token lines. */
const mshRaw = fc.property(
  fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ maxLength: 200 }),
    fc.tuple(
      fc.constantFrom('$MeshFormat\n4.1 0 8\n$EndMeshFormat', '$MeshFormat\n2.2 0 8\n$EndMeshFormat'),
      fc.constantFrom('$Nodes', '$Elements', '$Entities', '$PhysicalNames', '$NodeData'),
      fc.array(fc.array(fc.oneof(fc.integer({ min: -3, max: 12 }).map(String), fc.double().map(String), fc.constantFrom('4294967296', '2147483648', '1e999', '"x"', '', '$EndNodes', '$EndElements')), { maxLength: 5 }), { maxLength: 10 }),
    ).map(([header, section, lines]) => [header, section, ...lines.map((l) => l.join(' '))].join('\n')),
  ),
  (input) => {
    const parsed = typedOrValue(() => parseMsh(input), [MeshFormatError]);
    if (parsed) checkConsistent(parsed);
    return true;
  },
);

/** formatVtu → the test reader gives back the points, cells and fields. */
const vtuRoundTrip = fc.property(meshArb, fc.constantFrom('appended' as const, 'base64' as const), fc.double({ noNaN: true, noDefaultInfinity: true }), (mesh, encoding, v) => {
  const n = mesh.nodeIds.length;
  const pointField = Float64Array.from({ length: n }, (_, k) => (k % 2 === 0 ? v : -v / 3));
  const file = readVtu(formatVtu(mesh, { cells: 'all', encoding, pointData: { f: pointField } }));
  if (file.nPoints !== n) throw new Error('point count changed');
  const back = file.pointData.get('f')!.values;
  if (back.some((x, k) => !Object.is(x, pointField[k]))) throw new Error('point field changed');
  const nCells = mesh.cells.reduce((s, b) => s + b.ids.length, 0);
  if (file.nCells !== nCells) throw new Error('cell count changed');
  const conn = mesh.cells.flatMap((b) => Array.from(b.connectivity));
  if (file.connectivity.join() !== conn.join()) throw new Error('connectivity changed');
  return true;
});

export const MESH_PROPERTIES: NamedProperty[] = [
  { name: 'msh.roundTrip', covers: 'formatMsh → parseMsh in 4.1 ASCII/binary and 2.2; edited text, flipped and cut bytes', property: mshRoundTrip },
  { name: 'msh.raw', covers: 'random bytes, strings and section headers with random token lines to parseMsh', property: mshRaw },
  { name: 'vtu.roundTrip', covers: 'formatVtu (appended and base64) read back by the test reader', property: vtuRoundTrip },
];
