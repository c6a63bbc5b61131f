/** The few BLAS-1 kernels the iterative solvers use. */

export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

export const norm = (x: Float64Array): number => Math.sqrt(dot(x, x));

/** y ← y + a x */
export function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}
