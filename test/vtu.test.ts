/**
 * `.vtu` output: every file is read back by an independent reader (test/helpers/vtu-reader.ts,
 * which also checks the XML is well formed) and its numbers compared with what was written, in
 * both encodings, with mixed cell types, scalars, 2- and 3-component vectors and tensors.
 */
import { join } from 'node:path';

import { cellNodeCount, createMesh, formatVtu, meshCells, readMsh, type Mesh } from '../lib/mesh';
import { rng } from './helpers/dense';
import { parseXml, readVtu } from './helpers/vtu-reader';

const fixture = (name: string): string => join(__dirname, 'fixtures', 'mesh', name);
const VTK = { vertex: 1, line: 3, line3: 21, triangle: 5, quad: 9, tetra: 10, hexahedron: 12, triangle6: 22 } as const;

function expectCellsMatch(mesh: Mesh, file: ReturnType<typeof readVtu>, types: (keyof typeof VTK)[]): void {
  const conn: number[] = [];
  const vtkTypes: number[] = [];
  for (const t of types) {
    const b = meshCells(mesh, t)!;
    conn.push(...b.connectivity);
    for (let c = 0; c < b.ids.length; c++) vtkTypes.push(VTK[t]);
  }
  expect(file.connectivity).toEqual(conn);
  expect(file.types).toEqual(vtkTypes);
  let at = 0;
  expect(file.offsets).toEqual(vtkTypes.map((_, k) => (at += cellNodeCount(types[types.findIndex((t) => VTK[t] === vtkTypes[k])]))));
}

describe.each(['appended', 'base64'] as const)('formatVtu, %s', (encoding) => {
  test('the bracket (tetrahedra): points, cells and fields read back bit for bit', () => {
    const mesh = readMsh(fixture('bracket-tet.msh'));
    const n = mesh.points.length / 3;
    const rand = rng(3);
    const T = Float64Array.from({ length: n }, () => rand() * 1e3 - 500);
    const u = Float64Array.from({ length: 3 * n }, () => rand() - 0.5);
    const nTets = meshCells(mesh, 'tetra')!.ids.length;
    const stress = Float64Array.from({ length: 6 * nTets }, () => rand() * 1e-7);
    const density = Float64Array.from({ length: nTets }, () => rand());
    const file = readVtu(formatVtu(mesh, { pointData: { T, u }, cellData: { stress, density }, encoding }));
    expect(file.nPoints).toBe(n);
    expect(file.nCells).toBe(nTets);
    expect(file.points.values).toEqual(Array.from(mesh.points));
    expectCellsMatch(mesh, file, ['tetra']);
    expect(file.pointData.get('T')!.values).toEqual(Array.from(T));
    expect(file.pointData.get('u')!.components).toBe(3);
    expect(file.pointData.get('u')!.values).toEqual(Array.from(u));
    expect(file.cellData.get('stress')!.components).toBe(6);
    expect(file.cellData.get('stress')!.values).toEqual(Array.from(stress));
    expect(file.cellData.get('density')!.values).toEqual(Array.from(density));
  });

  test('a 2-D plate with every cell block (lines and triangles): z = 0 added, 2-vectors padded to 3', () => {
    const mesh = readMsh(fixture('plate-tri.msh'));
    const n = mesh.points.length / 2;
    const disp = Float64Array.from({ length: 2 * n }, (_, k) => k * 0.5);
    const nLines = meshCells(mesh, 'line')!.ids.length;
    const nTris = meshCells(mesh, 'triangle')!.ids.length;
    const region = Float64Array.from({ length: nLines + nTris }, (_, k) => (k < nLines ? 1 : 2));
    const file = readVtu(formatVtu(mesh, { pointData: { disp: { values: disp, components: 2 } }, cellData: { region }, cells: 'all', encoding }));
    expect(file.nCells).toBe(nLines + nTris);
    for (let p = 0; p < n; p++) {
      expect(file.points.values.slice(3 * p, 3 * p + 3)).toEqual([mesh.points[2 * p], mesh.points[2 * p + 1], 0]);
      expect(file.pointData.get('disp')!.values.slice(3 * p, 3 * p + 3)).toEqual([disp[2 * p], disp[2 * p + 1], 0]);
    }
    expectCellsMatch(mesh, file, ['line', 'triangle']);
    expect(file.cellData.get('region')!.values).toEqual(Array.from(region));
    // The default writes the elements only.
    expect(readVtu(formatVtu(mesh, { encoding })).nCells).toBe(nTris);
  });

  test('mixed solids and quadratic triangles: hexahedra with tetrahedra, 6-node triangles', () => {
    const hex = readMsh(fixture('brick-hex.msh'));
    const file = readVtu(formatVtu(hex, { encoding, cells: ['quad', 'hexahedron'] }));
    expectCellsMatch(hex, file, ['quad', 'hexahedron']);
    const tri6 = readMsh(fixture('plate-tri6.msh'));
    expectCellsMatch(tri6, readVtu(formatVtu(tri6, { encoding })), ['triangle6']);
    const mixed = createMesh({
      dim: 3, points: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0.5, 0.5, 2],
      cells: [{ type: 'hexahedron', connectivity: [0, 1, 2, 3, 4, 5, 6, 7] }, { type: 'tetra', connectivity: [4, 5, 6, 8, 4, 6, 7, 8] }],
    });
    const back = readVtu(formatVtu(mixed, { cellData: { id: [1, 2, 3] }, encoding }));
    expect(back.types).toEqual([10, 10, 12]);
    expect(back.offsets).toEqual([4, 8, 16]);
    expect(back.connectivity).toEqual([4, 5, 6, 8, 4, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('formatVtu input checks and XML', () => {
  const mesh = createMesh({ dim: 2, points: [0, 0, 1, 0, 0, 1], cells: [{ type: 'triangle', connectivity: [0, 1, 2] }] });

  test('names are escaped; the base64 file is well-formed XML throughout', () => {
    const xml = formatVtu(mesh, { pointData: { 'a<b & "c"': [1, 2, 3] }, encoding: 'base64' }).toString();
    const root = parseXml(xml);
    expect(root.name).toBe('VTKFile');
    expect(xml).toContain('Name="a&#60;b &#38; &#34;c&#34;"');
  });

  test('the well-formedness check itself rejects broken XML', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a x=1/>')).toThrow(/bad tag/);
    expect(() => parseXml('<a>&foo;</a>')).toThrow(/bad character data/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
  });

  test('bad fields are errors naming the field', () => {
    expect(() => formatVtu(mesh, { pointData: { T: [1, 2] } })).toThrow('formatVtu: opts.pointData.T must have 1, 2, 3, 6 or 9 values per point (3 points), got length 2');
    expect(() => formatVtu(mesh, { cellData: { k: [NaN] } })).toThrow('formatVtu: opts.cellData.k must be finite, got NaN at index 0');
    expect(() => formatVtu(mesh, { pointData: { u: { values: [1, 2, 3], components: 2 } } })).toThrow(/must have 2 × 3 = 6 values/);
    expect(() => formatVtu(mesh, { encoding: 'ascii' as never })).toThrow(/opts\.encoding/);
    expect(() => formatVtu(mesh, { cells: ['prism' as never] })).toThrow(/opts\.cells must be/);
  });
});
