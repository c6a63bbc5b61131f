/**
 * The sparse layer: matrices and their I/O, with no knowledge of CHOLMOD,
 * operators or derivatives (layers above import from here, never the reverse).
 */

export { CscMatrix } from './csc';
export type { CscOptions, FromDenseOptions } from './csc';
export type { Symmetry } from './symmetry';
export { isSymmetry, stypeOf, transposedSymmetry } from './symmetry';

export type { DenseMatrix } from './dense';
export {
  checkDenseMatrix,
  column,
  denseGet,
  denseMatrix,
  denseMatvec,
  denseTranspose,
  fromColumns,
  isDenseMatrix,
} from './dense';

export { MatrixMarketError } from './matrix-market-error';
export type { MatrixMarketField, MatrixMarketFormat, MatrixMarketSymmetry } from './matrix-market-header';
export { parseMatrixMarket, readMatrixMarket } from './matrix-market';
export { formatMatrixMarket, writeMatrixMarket } from './matrix-market-write';
export type { WriteMatrixMarketOptions } from './matrix-market-write';

export { outerOnPattern } from './outer-on-pattern';

export { poisson2d, poisson3d } from './generate';
export type { GridOptions } from './generate';
export { convectionDiffusion2d, convectionDiffusion3d } from './generate-convection';
export type { ConvectionOptions } from './generate-convection';
