/**
 * Mesh I/O (`npm run bench:mesh-io`): reading and writing Gmsh `.msh` files (4.1 ASCII, 4.1
 * binary, 2.2 ASCII) and writing `.vtu`, for a box of k³ cubes split into 6 tetrahedra each,
 * side by side with a baseline run in the same process on the same data: JSON.parse and
 * JSON.stringify (V8's native C++ parser) of the points and connectivity as plain number arrays,
 * bytes for bytes the closest thing a program would otherwise write. Best of 3.
 */
import { createMesh, formatMsh, formatVtu, parseMsh, type Mesh, type MshFormat } from '../lib';

function boxMesh(k: number): Mesh {
  const n = k + 1;
  const points: number[] = [];
  for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) points.push(x / k, y / k, z / k);
  const id = (x: number, y: number, z: number) => x + n * (y + n * z);
  const tets: number[] = [];
  // Six tetrahedra around the cube's diagonal 0–6 (the Kuhn split, conforming between cubes).
  const T = [[0, 1, 2, 6], [0, 2, 3, 6], [0, 3, 7, 6], [0, 7, 4, 6], [0, 4, 5, 6], [0, 5, 1, 6]];
  for (let z = 0; z < k; z++) {
    for (let y = 0; y < k; y++) {
      for (let x = 0; x < k; x++) {
        const c = [id(x, y, z), id(x + 1, y, z), id(x + 1, y + 1, z), id(x, y + 1, z), id(x, y, z + 1), id(x + 1, y, z + 1), id(x + 1, y + 1, z + 1), id(x, y + 1, z + 1)];
        for (const t of T) tets.push(...t.map((v) => c[v]));
      }
    }
  }
  const nTets = tets.length / 4;
  return createMesh({ dim: 3, points, cells: [{ type: 'tetra', connectivity: tets }], groups: [{ name: 'solid', cells: { tetra: Array.from({ length: nTets }, (_, e) => e) } }] });
}

function best(runs: number, fn: () => unknown): number {
  let min = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

function main(): void {
  const k = Number(process.argv[2] ?? 36);
  const mesh = boxMesh(k);
  const nTets = mesh.cells[0].ids.length;
  const json = JSON.stringify({ points: Array.from(mesh.points), tetra: Array.from(mesh.cells[0].connectivity) });
  const jsonWrite = best(3, () => JSON.stringify({ points: Array.from(mesh.points), tetra: Array.from(mesh.cells[0].connectivity) }));
  const jsonRead = best(3, () => JSON.parse(json));
  console.log(`box ${k}³ × 6: ${mesh.nodeIds.length.toLocaleString('en-US')} nodes, ${nTets.toLocaleString('en-US')} tetrahedra; best of 3\n`);
  console.log('| file | size (MB) | write (ms) | read (ms) | read / JSON.parse | elements read per s |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(`| JSON (baseline) | ${(json.length / 1e6).toFixed(1)} | ${jsonWrite.toFixed(0)} | ${jsonRead.toFixed(0)} | 1.00 | ${(nTets / jsonRead / 1e3).toFixed(2)} M |`);
  for (const format of ['4.1', '4.1-binary', '2.2'] as MshFormat[]) {
    const bytes = formatMsh(mesh, { format });
    const write = best(3, () => formatMsh(mesh, { format }));
    const read = best(3, () => parseMsh(bytes));
    console.log(`| .msh ${format} | ${(bytes.length / 1e6).toFixed(1)} | ${write.toFixed(0)} | ${read.toFixed(0)} | ${(read / jsonRead).toFixed(2)} | ${(nTets / read / 1e3).toFixed(2)} M |`);
  }
  const vtu = formatVtu(mesh);
  const vtuWrite = best(3, () => formatVtu(mesh, { pointData: { u: new Float64Array(3 * mesh.nodeIds.length) } }));
  console.log(`| .vtu appended (+ a 3-vector field) | ${(vtu.length / 1e6).toFixed(1)} | ${vtuWrite.toFixed(0)} | | | |`);
}

main();
