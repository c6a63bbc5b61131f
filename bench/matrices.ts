/** The benchmark problems shared by the bench scripts. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CscMatrix, poisson2d, poisson3d } from '../lib';

export interface BenchProblem {
  name: string;
  /** Built on demand, so that one problem's garbage does not load the machine while another is timed. */
  build: () => CscMatrix;
}

export function suiteSparseDir(): string {
  const fromEnv = process.env.SPSOLVE_SUITESPARSE_SRC;
  if (fromEnv && fs.existsSync(fromEnv) && fs.statSync(fromEnv).isDirectory()) return fromEnv;
  return path.resolve(__dirname, '..', '..', 'deps', 'SuiteSparse-5.12.0');
}

/** CXSparse's test matrices: one `i j x` triplet per line, 0-based; bcsstk16 holds both triangles. */
export function loadCXSparseLower(name: string): CscMatrix {
  const text = fs.readFileSync(path.join(suiteSparseDir(), 'CXSparse', 'Matrix', name), 'utf8');
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  let n = 0;
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 3) continue;
    const i = Number(parts[0]), j = Number(parts[1]);
    n = Math.max(n, i + 1, j + 1);
    if (i < j) continue; // keep the lower triangle
    rows.push(i);
    cols.push(j);
    vals.push(Number(parts[2]));
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, vals, { symmetry: 'lower' });
}

export function overheadProblems(): BenchProblem[] {
  return [
    { name: 'bcsstk16 (n=4,884)', build: () => loadCXSparseLower('bcsstk16') },
    { name: '3D Poisson 40³ (n=64,000)', build: () => poisson3d(40) },
    { name: '3D Poisson 60³ (n=216,000)', build: () => poisson3d(60) },
    { name: '2D Poisson 1000² (n=1,000,000)', build: () => poisson2d(1000) },
  ];
}
