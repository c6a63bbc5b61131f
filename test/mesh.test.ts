/**
 * Gmsh meshes: the fixtures made by Gmsh itself read the same in all three encodings and have
 * the geometry their .geo files describe (areas, volumes, where each physical group lies); every
 * mesh survives write → read in each format; damaged files give a MeshFormatError on the right
 * line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { cellNodeCount, createMesh, formatMsh, meshCells, MeshFormatError, parseMsh, physicalGroup, readMsh, type Mesh, type MshFormat } from '../lib/mesh';
import { rng } from './helpers/dense';

const FIXTURES = join(__dirname, 'fixtures', 'mesh');
const fixture = (name: string): string => join(FIXTURES, name);

function coords(mesh: Mesh, p: number): number[] {
  return Array.from(mesh.points.subarray(p * mesh.dim, (p + 1) * mesh.dim));
}

/** Signed area of each triangle / quad (shoelace), or signed volume of each tetrahedron / hexahedron split in tetrahedra. */
function measures(mesh: Mesh, type: 'triangle' | 'quad' | 'tetra' | 'hexahedron'): number[] {
  const block = meshCells(mesh, type)!;
  const per = cellNodeCount(type);
  const out: number[] = [];
  const tet = (a: number[], b: number[], c: number[], d: number[]): number => {
    const u = b.map((v, k) => v - a[k]), v = c.map((x, k) => x - a[k]), w = d.map((x, k) => x - a[k]);
    return (u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0]) + u[2] * (v[0] * w[1] - v[1] * w[0])) / 6;
  };
  for (let c = 0; c < block.ids.length; c++) {
    const P = Array.from({ length: per }, (_, k) => coords(mesh, block.connectivity[c * per + k]));
    if (type === 'triangle' || type === 'quad') {
      let s = 0;
      for (let k = 0; k < per; k++) s += P[k][0] * P[(k + 1) % per][1] - P[(k + 1) % per][0] * P[k][1];
      out.push(s / 2);
    } else if (type === 'tetra') {
      out.push(tet(P[0], P[1], P[2], P[3]));
    } else {
      // Six tetrahedra around the diagonal 0–6 of the brick.
      const T = [[0, 1, 2, 6], [0, 2, 3, 6], [0, 3, 7, 6], [0, 7, 4, 6], [0, 4, 5, 6], [0, 5, 1, 6]];
      out.push(T.reduce((s, [a, b, c2, d]) => s + tet(P[a], P[b], P[c2], P[d]), 0));
    }
  }
  return out;
}

const sum = (v: number[]): number => v.reduce((s, x) => s + x, 0);

function expectSameMesh(a: Mesh, b: Mesh, tol = 0): void {
  expect(b.dim).toBe(a.dim);
  expect(b.points.length).toBe(a.points.length);
  for (let k = 0; k < a.points.length; k++) expect(Math.abs(b.points[k] - a.points[k])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(a.points[k])));
  expect(Array.from(b.nodeIds)).toEqual(Array.from(a.nodeIds));
  expect(b.cells.map((c) => c.type)).toEqual(a.cells.map((c) => c.type));
  for (const block of a.cells) {
    const other = meshCells(b, block.type)!;
    // Cells may come back in another order (grouped by entity): compare them by id.
    const per = cellNodeCount(block.type);
    const byId = (m: typeof block) => new Map(Array.from(m.ids, (id, c) => [id, Array.from(m.connectivity.subarray(c * per, (c + 1) * per))]));
    expect(byId(other)).toEqual(byId(block));
  }
  const describeGroups = (m: Mesh) => m.groups.map((g) => ({
    name: g.name, dim: g.dim, tag: g.tag, nodes: Array.from(g.nodes),
    cellIds: [...g.cells].map(([type, idx]) => [type, Array.from(idx, (c) => meshCells(m, type)!.ids[c]).sort((x, y) => x - y)]),
  }));
  expect(describeGroups(b)).toEqual(describeGroups(a));
}

describe('Gmsh fixtures', () => {
  const encodings = ['.msh', '.bin.msh', '.v22.msh'];

  test.each(['plate-tri', 'plate-quad', 'bracket-tet'])('%s reads the same from 4.1 ASCII, 4.1 binary and 2.2 ASCII', (name) => {
    const [ascii, binary, v22] = encodings.map((e) => readMsh(fixture(name + e)));
    // Gmsh writes ASCII coordinates with 16 significant digits, binary ones exactly.
    expectSameMesh(binary, ascii, 1e-15);
    // 2.2 lists only elements in physical groups (Gmsh's default), as 4.1 does here.
    expectSameMesh(ascii, v22, 0);
    expect(ascii.skipped).toEqual([]);
  });

  test('the plate with a hole: area, counter-clockwise triangles, edges where the groups say', () => {
    const mesh = readMsh(fixture('plate-tri.msh'));
    expect(mesh.dim).toBe(2);
    const areas = measures(mesh, 'triangle');
    expect(Math.min(...areas)).toBeGreaterThan(0);
    // The hole is a polygon inscribed in the circle of radius 0.25: a little less is cut out.
    // The hole is the polygon through the mesh nodes on the circle of radius 0.25 around (1, 0.5).
    const onHole: number[][] = [];
    for (let p = 0; p < mesh.points.length / 2; p++) {
      const [x, y] = coords(mesh, p);
      const r = Math.hypot(x - 1, y - 0.5);
      expect(Math.abs(r - 0.25) < 1e-12 || r > 0.3).toBe(true);
      if (r < 0.3) onHole.push([x - 1, y - 0.5]);
    }
    onHole.sort((a, b) => Math.atan2(a[1], a[0]) - Math.atan2(b[1], b[0]));
    let hole = 0;
    for (let k = 0; k < onHole.length; k++) {
      const [a, b] = [onHole[k], onHole[(k + 1) % onHole.length]];
      hole += (a[0] * b[1] - b[0] * a[1]) / 2;
    }
    expect(onHole.length).toBeGreaterThanOrEqual(6);
    expect(sum(areas)).toBeCloseTo(2 - hole, 12);
    const fixed = physicalGroup(mesh, 'fixed');
    const load = physicalGroup(mesh, 'load', 1);
    expect(fixed.dim).toBe(1);
    expect(fixed.nodes.length).toBe(6);
    expect(Array.from(fixed.nodes, (p) => mesh.points[2 * p])).toEqual(new Array(6).fill(0));
    expect(Array.from(load.nodes, (p) => mesh.points[2 * p])).toEqual(new Array(6).fill(2));
    expect(physicalGroup(mesh, 'plate').cells.get('triangle')!.length).toBe(meshCells(mesh, 'triangle')!.ids.length);
    expect(physicalGroup(mesh, 3).name).toBe('plate');
  });

  test('the quad plate: 32 quads of area 1/16 each', () => {
    const mesh = readMsh(fixture('plate-quad.bin.msh'));
    const areas = measures(mesh, 'quad');
    expect(areas.length).toBe(32);
    // Gmsh's ASCII coordinates carry 16 digits, its transfinite nodes are rounded near 1e-16.
    for (const a of areas) expect(a).toBeCloseTo(1 / 16, 11);
  });

  test('the bracket: volume 0.875, positively oriented tetrahedra, faces where the groups say', () => {
    const mesh = readMsh(fixture('bracket-tet.bin.msh'));
    expect(mesh.dim).toBe(3);
    const volumes = measures(mesh, 'tetra');
    expect(Math.min(...volumes)).toBeGreaterThan(0);
    expect(sum(volumes)).toBeCloseTo(0.875, 13);
    const z = (p: number) => mesh.points[3 * p + 2];
    expect(Array.from(physicalGroup(mesh, 'fixed').nodes, z).every((v) => v === 0)).toBe(true);
    expect(Array.from(physicalGroup(mesh, 'load').nodes, z).every((v) => v === 2)).toBe(true);
    expect(physicalGroup(mesh, 'load').cells.get('triangle')!.length).toBeGreaterThan(0);
  });

  test('the brick block: 16 bricks of volume 1/8, clamped face at x = 0', () => {
    const mesh = readMsh(fixture('brick-hex.msh'));
    const volumes = measures(mesh, 'hexahedron');
    expect(volumes.length).toBe(16);
    for (const v of volumes) expect(v).toBeCloseTo(1 / 8, 11);
    expect(Array.from(physicalGroup(mesh, 'fixed').nodes, (p) => mesh.points[3 * p])).toEqual(new Array(9).fill(0));
    expect(Array.from(physicalGroup(mesh, 'load').nodes, (p) => mesh.points[3 * p])).toEqual(new Array(9).fill(2));
  });

  test('6-node triangles and 3-node edges: corners first, straight-edge midpoints halfway', () => {
    const mesh = readMsh(fixture('plate-tri6.msh'));
    const tri6 = meshCells(mesh, 'triangle6')!;
    expect(tri6.ids.length).toBe(116);
    const edges = meshCells(mesh, 'line3')!;
    const fixed = physicalGroup(mesh, 'fixed');
    expect(fixed.cells.get('line3')!.length).toBe(5);
    // The clamped edge is straight: each edge's third node is the midpoint of the first two.
    for (const e of fixed.cells.get('line3')!) {
      const [a, b, m] = [0, 1, 2].map((k) => coords(mesh, edges.connectivity[3 * e + k]));
      expect(m[0]).toBe(0);
      expect(m[1]).toBeCloseTo((a[1] + b[1]) / 2, 14);
    }
  });
});

describe('write → read', () => {
  const formats: MshFormat[] = ['4.1', '4.1-binary', '2.2'];
  const files = ['plate-tri.msh', 'plate-quad.msh', 'bracket-tet.msh', 'brick-hex.msh', 'plate-tri6.msh'];

  test.each(files.flatMap((f) => formats.map((format) => [f, format] as const)))('%s as %s', (file, format) => {
    const mesh = readMsh(fixture(file));
    const back = parseMsh(formatMsh(mesh, { format }));
    expectSameMesh(mesh, back, 0);
    expect(Array.from(back.points)).toEqual(Array.from(mesh.points));
  });

  test('a made mesh with overlapping groups, unnamed groups and random coordinates survives every format bit for bit', () => {
    const rand = rng(5);
    const n = 30;
    const points = Array.from({ length: 3 * n }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 8 - 4));
    const tets = Array.from({ length: 4 * 20 }, () => Math.floor(rand() * n));
    const tris = Array.from({ length: 3 * 7 }, () => Math.floor(rand() * n));
    const mesh = createMesh({
      dim: 3, points,
      cells: [{ type: 'tetra', connectivity: tets, ids: Array.from({ length: 20 }, (_, k) => 100 + 3 * k) }, { type: 'triangle', connectivity: tris }, { type: 'vertex', connectivity: [4, 9] }],
      groups: [
        { name: 'a', cells: { tetra: [0, 1, 2, 3, 4] } },
        { name: 'b with space', tag: 10, cells: { tetra: [3, 4, 5] } },
        { cells: { triangle: [6, 2] } },
        { name: 'corner', cells: { vertex: [1] } },
      ],
    });
    for (const format of formats) expectSameMesh(mesh, parseMsh(formatMsh(mesh, { format })), 0);
  });
});

describe('what Gmsh itself needs', () => {
  test('2.2 files carry a positive elementary tag on every element (Gmsh would keep a 0 as entity 0)', () => {
    const mesh = createMesh({ dim: 2, points: [0, 0, 1, 0, 0, 1], cells: [{ type: 'triangle', connectivity: [0, 1, 2] }, { type: 'line', connectivity: [0, 1] }] });
    const text = formatMsh(mesh, { format: '2.2' }).toString();
    const elements = text.slice(text.indexOf('$Elements')).split('\n').slice(2, 4);
    for (const line of elements) expect(Number(line.split(' ')[4])).toBeGreaterThan(0);
  });

  test('a 4.1 file with entity 0 (as Gmsh writes after reading such a 2.2 file) reads', () => {
    const text = readFileSync(fixture('plate-quad.msh'), 'utf8').replace('\n1 0 0 0 0 \n', '\n0 0 0 0 0 \n');
    expect(text).toContain('\n0 0 0 0 0 \n');
    expect(() => parseMsh(text)).not.toThrow();
  });
});

describe('damaged files', () => {
  const text = readFileSync(fixture('plate-quad.msh'), 'utf8');
  const lines = text.split('\n');

  test('a file cut after any line is a MeshFormatError naming a line of the file', () => {
    // A cut right after a section's end leaves a valid file (possibly without elements); every other cut must fail.
    const last = lines.lastIndexOf('$EndElements');
    for (let k = 1; k < last; k++) {
      const cut = lines.slice(0, k).join('\n') + '\n';
      let error: unknown;
      try {
        parseMsh(cut, 'cut.msh');
      } catch (e) {
        error = e;
      }
      if (error === undefined && ['$EndNodes', '$EndEntities', '$EndPhysicalNames'].includes(lines[k - 1]) && lines.slice(0, k).includes('$Nodes')) continue;
      expect(error).toBeInstanceOf(MeshFormatError);
      const e = error as MeshFormatError;
      expect(e.file).toBe('cut.msh');
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(k + 1);
      expect(e.message).toBe(`cut.msh:${e.line}: ${e.detail}`);
    }
  });

  test('a mangled token is reported on its own line', () => {
    const nodeLine = lines.findIndex((l, k) => k > lines.indexOf('$Nodes') + 2 && /^\S+ \S+ \S+$/.test(l));
    const elementLine = lines.indexOf('$Elements') + 3;
    const cases: [number, string, RegExp][] = [
      [nodeLine, lines[nodeLine].replace(/^\S+/, '1.5e'), /x coordinate must be a number, found '1\.5e'/],
      [nodeLine, lines[nodeLine] + ' 7', /unexpected '7' after the node coordinates/],
      [nodeLine, lines[nodeLine].replace(/^\S+/, 'nan'), /x coordinate must be a number/],
      [elementLine, lines[elementLine].replace(/ \d+ $/, ' 999 '), /refers to node 999, which is not in \$Nodes/],
      [elementLine, lines[elementLine].replace(/ \d+ $/, ' '), /node tag of the element is missing/],
      [lines.indexOf('$Elements') + 2, '2 1 1 4', /element type 1 \(line\) has dimension 1, but its block belongs to an entity of dimension 2/],
    ];
    for (const [k, replacement, message] of cases) {
      const mangled = [...lines.slice(0, k), replacement, ...lines.slice(k + 1)].join('\n');
      expect(() => parseMsh(mangled, 'm.msh')).toThrow(MeshFormatError);
      try {
        parseMsh(mangled, 'm.msh');
      } catch (e) {
        expect((e as MeshFormatError).line).toBe(k + 1);
        expect((e as MeshFormatError).detail).toMatch(message);
      }
    }
  });

  test('wrong counts, versions, sections', () => {
    const expectError = (t: string, line: number, message: RegExp) => {
      try {
        parseMsh(t, 'x.msh');
        throw new Error('no error');
      } catch (e) {
        expect(e).toBeInstanceOf(MeshFormatError);
        expect((e as MeshFormatError).detail).toMatch(message);
        expect((e as MeshFormatError).line).toBe(line);
      }
    };
    expectError(text.replace('4.1 0 8', '3.0 0 8'), 2, /format version 3\.0 is not supported/);
    expectError(text.replace('4.1 0 8', '2.2 1 8'), 2, /binary 2\.2 files are not supported/);
    expectError('hello\n', 1, /must start with '\$MeshFormat'/);
    expectError(text.replace('$EndNodes', '$EndNode'), lines.indexOf('$EndNodes') + 1, /expected '\$EndNodes', found '\$EndNode'/);
    const header = lines.indexOf('$Nodes') + 1;
    expectError(text.replace(lines[header], lines[header].replace(/^(\S+) (\S+)/, '$1 46')), lines.indexOf('$EndNodes') + 1, /node blocks hold 45 nodes, the section header says 46/);
    expectError(text.replace('$Elements', '$Foo'), lines.indexOf('$Elements') + 1, /'\$EndFoo' is missing/);
    expectError('$MeshFormat\n4.1 0 8\n$EndMeshFormat\n', 3, /no \$Nodes section/);
  });

  test('a damaged binary file names the section and the byte', () => {
    const bytes = readFileSync(fixture('plate-quad.bin.msh'));
    const nodes = bytes.indexOf('$Nodes\n') + 7;
    const lineOfNodes = bytes.subarray(0, nodes).toString('latin1').split('\n').length - 1;
    try {
      parseMsh(bytes.subarray(0, nodes + 100), 'b.msh');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(MeshFormatError);
      expect((e as MeshFormatError).line).toBe(lineOfNodes);
      expect((e as MeshFormatError).detail).toMatch(/^in binary \$Nodes: unexpected end of binary data reading .* at byte \d+$/);
    }
    const wrongOrder = Buffer.from(bytes);
    wrongOrder.writeInt32LE(7, bytes.indexOf('4.1 1 8\n') + 8);
    expect(() => parseMsh(wrongOrder)).toThrow(/byte order/);
    // Every cut of the binary file fails cleanly, but the one right after $EndNodes (a valid file of nodes only).
    const end = bytes.indexOf('$EndElements');
    const nodesOnly = bytes.indexOf('$EndNodes\n') + 10;
    for (let k = 0; k < end; k++) if (k !== nodesOnly && k !== nodesOnly - 1) expect(() => parseMsh(bytes.subarray(0, k))).toThrow(MeshFormatError);
    expect(parseMsh(bytes.subarray(0, nodesOnly)).cells).toEqual([]);
  });

  test('unheld element types are skipped and counted in ASCII, refused in binary only when their size is unknown', () => {
    const withPrism = text
      .replace(/\$Elements\n(\d+) (\d+) (\d+) (\d+)\n/, (_, b, n, lo, hi) => `$Elements\n${+b + 1} ${+n + 1} ${lo} ${hi}\n3 1 6 1\n500 1 2 3 4 5 6\n`);
    const mesh = parseMsh(withPrism);
    expect(mesh.skipped).toEqual([{ gmshType: 6, name: '6-node prism', count: 1 }]);
    expect(meshCells(mesh, 'quad')!.ids.length).toBe(32);
    const withUnknown = withPrism.replace('3 1 6 1\n500 1 2 3 4 5 6\n', '3 1 77 1\n500 1 2 3 4 5 6 7 8 9\n');
    expect(parseMsh(withUnknown).skipped).toEqual([{ gmshType: 77, name: 'Gmsh element type 77', count: 1 }]);
    const binary = readFileSync(fixture('plate-quad.bin.msh'));
    // The first element block header: entity dim, entity tag, element type (int32 each), count.
    const header = binary.indexOf('$Elements\n') + 10 + 32;
    const damaged = Buffer.from(binary);
    damaged.writeInt32LE(77, header + 8);
    expect(() => parseMsh(damaged)).toThrow(/element type 77 is not one this reader knows the size of/);
  });
});

describe('createMesh and lookups', () => {
  test('checks its input', () => {
    const base = { dim: 2 as const, points: [0, 0, 1, 0, 0, 1], cells: [{ type: 'triangle' as const, connectivity: [0, 1, 2] }] };
    expect(() => createMesh({ ...base, cells: [{ type: 'triangle', connectivity: [0, 1, 3] }] })).toThrow('createMesh: init.cells[0].connectivity[2] must be a point index in 0..2, got 3');
    expect(() => createMesh({ ...base, cells: [{ type: 'pyramid' as never, connectivity: [0] }] })).toThrow(/init\.cells\[0\]\.type must be one of/);
    expect(() => createMesh({ ...base, points: [0, 0, 1] })).toThrow(/2 coordinates per point/);
    expect(() => createMesh({ ...base, cells: [{ type: 'tetra', connectivity: [0, 1, 2, 0] }] })).toThrow("createMesh: init.cells[0].type 'tetra' is a 3-D cell, which a mesh of dim 2 cannot hold");
    expect(() => createMesh({ ...base, groups: [{ cells: { triangle: [1] } }] })).toThrow(/indices in 0\.\.0/);
    expect(() => createMesh({ ...base, extra: 1 } as never)).toThrow(/unknown key 'extra'/);
    // Hand-made or damaged meshes are refused by the writers with the field named.
    const good = createMesh(base);
    expect(() => formatMsh({ ...good, points: new Float64Array(3) })).toThrow(/formatMsh: mesh\.points must be a Float64Array of 2 coordinates per point/);
    expect(() => formatMsh({ ...good, cells: [{ ...good.cells[0], connectivity: Int32Array.of(0, 1, 7) }] })).toThrow('formatMsh: mesh.cells[0].connectivity[2] must be a point index in 0..2, got 7');
    expect(() => formatMsh(null as never)).toThrow(/formatMsh: mesh must be a Mesh/);
    expect(() => meshCells({} as never, 'line')).toThrow(/meshCells: mesh must be a Mesh/);
    expect(() => cellNodeCount('prism' as never)).toThrow(/cellNodeCount: type must be one of/);
    expect(() => physicalGroup(createMesh(base), 'x')).toThrow(`physicalGroup: nameOrTag must name a physical group, got the string "x"; the mesh has none`);
  });
});
