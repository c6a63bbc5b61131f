/**
 * `npm run demo`: a finite-element Poisson problem on a generated mesh, factorised with CHOLMOD
 * and solved, with the numbers a user wants to see first.
 */
import { cholesky } from '../lib';
import { femPoisson2d } from './fem/poisson2d';

const gridSize = Number(process.argv[2] ?? 400);
const t0 = performance.now();
const { A, b } = femPoisson2d(gridSize);
const assembleMs = performance.now() - t0;

const factor = cholesky(A);
try {
  const info = factor.info;
  const t1 = performance.now();
  const x = factor.solve(b);
  const solveMs = performance.now() - t1;
  const r = A.matvec(x);
  let rr = 0, bb = 0;
  for (let i = 0; i < b.length; i++) {
    rr += (b[i] - r[i]) ** 2;
    bb += b[i] ** 2;
  }
  const residual = Math.sqrt(rr / bb);
  const row = (label: string, value: string) => console.log(`${label.padEnd(22)} ${value}`);
  console.log(`P1 finite elements, −Δu = 1 on the unit square, ${gridSize}×${gridSize} squares (2 triangles each)`);
  row('n', A.nrows.toLocaleString('en-US'));
  row('nnz(A) (lower)', A.nnz.toLocaleString('en-US'));
  row('ordering', info.ordering);
  row('factor', `${info.isSupernodal ? 'supernodal' : 'simplicial'} ${info.isLL ? 'LLᵀ' : 'LDLᵀ'}`);
  row('nnz(L)', info.nnzL.toLocaleString('en-US'));
  row('assemble', `${assembleMs.toFixed(1)} ms`);
  row('analyze', `${(info.analyzeSeconds * 1e3).toFixed(1)} ms`);
  row('factorize', `${(info.factorSeconds * 1e3).toFixed(1)} ms`);
  row('solve', `${solveMs.toFixed(1)} ms`);
  row('relative residual', residual.toExponential(2));
  row('u(1/2, 1/2)', x[Math.floor(A.nrows / 2)].toFixed(6));
  if (!(residual < 1e-10)) {
    console.error('residual too large');
    process.exitCode = 1;
  }
} finally {
  factor.dispose();
}
