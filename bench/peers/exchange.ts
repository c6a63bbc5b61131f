/**
 * How the bench hands a problem to a peer: the C driver's binary format (bench/overhead/driver.c),
 * which Octave (fread), NumPy (frombuffer) and Node read in milliseconds, where Matrix Market
 * text of a 1M-row matrix takes seconds to parse and would be timed by nobody.
 *   int64 n, int64 nnz, int32 stype (-1: lower triangle, 1: upper, 0: both: a general matrix),
 *   int32 colPtr[n+1], int32 rowIdx[nnz],
 *   float64 values[nnz], float64 b[n]
 */
import * as fs from 'node:fs';
import { CscMatrix } from '../../lib';

export function writeProblem(file: string, A: CscMatrix, b: Float64Array): void {
  const header = Buffer.alloc(20);
  header.writeBigInt64LE(BigInt(A.nrows), 0);
  header.writeBigInt64LE(BigInt(A.nnz), 8);
  header.writeInt32LE(A.symmetry === 'lower' ? -1 : A.symmetry === 'upper' ? 1 : 0, 16);
  const parts = [header, A.colPtr, A.rowIdx, A.values, b].map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
  fs.writeFileSync(file, Buffer.concat(parts));
}

export function readProblem(file: string): { A: CscMatrix; b: Float64Array } {
  const buf = fs.readFileSync(file);
  const n = Number(buf.readBigInt64LE(0)), nnz = Number(buf.readBigInt64LE(8));
  const stype = buf.readInt32LE(16);
  const symmetry = stype === -1 ? 'lower' : stype === 1 ? 'upper' : 'general';
  let offset = 20;
  // copy each part out: the typed arrays must be aligned
  const take = <T>(make: (ab: ArrayBuffer) => T, bytes: number): T => {
    const part = make(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + bytes) as ArrayBuffer);
    offset += bytes;
    return part;
  };
  const colPtr = take((ab) => new Int32Array(ab), 4 * (n + 1));
  const rowIdx = take((ab) => new Int32Array(ab), 4 * nnz);
  const values = take((ab) => new Float64Array(ab), 8 * nnz);
  const b = take((ab) => new Float64Array(ab), 8 * n);
  return { A: new CscMatrix(n, n, colPtr, rowIdx, values, { symmetry }), b };
}

/** The right-hand side every peer gets: b = A·x with x_i = 1 + sin(i), so that x is known too. */
export function rightHandSide(A: CscMatrix): Float64Array {
  const x = new Float64Array(A.ncols);
  for (let i = 0; i < x.length; i++) x[i] = 1 + Math.sin(i);
  return A.matvec(x);
}

/** ‖b − A x‖ / ‖b‖. */
export function relativeResidual(A: CscMatrix, x: Float64Array, b: Float64Array): number {
  const ax = A.matvec(x);
  let rr = 0, bb = 0;
  for (let i = 0; i < b.length; i++) { rr += (b[i] - ax[i]) ** 2; bb += b[i] ** 2; }
  return Math.sqrt(rr / bb);
}

/** Least-squares slope of log y on log x: the exponent p in y ≈ c · x^p. */
export function fitExponent(x: number[], y: number[]): number {
  const lx = x.map(Math.log), ly = y.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length, my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) { sxy += (lx[i] - mx) * (ly[i] - my); sxx += (lx[i] - mx) ** 2; }
  return sxy / sxx;
}
