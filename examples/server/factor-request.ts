/**
 * The body of `POST /factor`, decoded into a matrix and factorisation options. It runs in the
 * decoder worker (request-decoder-worker.ts), so that parsing, generating and validating a large
 * matrix never holds up the event loop that answers requests.
 *
 * One of three matrix shapes, and optional options:
 *
 *   { "poisson3d": 40, "scale": 1.5 }            a generated 7-point Laplacian (or "poisson2d": m),
 *                                                 its values multiplied by `scale` (default 1)
 *   { "csc": { "nrows", "ncols", "colPtr", "rowIdx", "values", "symmetry" } }
 *                                                 compressed sparse columns, 0-based; symmetry
 *                                                 'lower' | 'upper' | 'general' (default 'lower')
 *   { "matrixMarket": "%%MatrixMarket matrix coordinate real symmetric\n..." }
 *
 *   "options": { "ordering", "mode", "kind", "shift" }   as for choleskyAsync (default: its defaults)
 */
import { CscMatrix, parseMatrixMarket, poisson2d, poisson3d } from '../../lib';
import type { FactorKind, FactorMode, Ordering, Symmetry } from '../../lib';
import { HttpError } from './http-json';

/** The arrays of a validated matrix: what crosses from the worker to the main thread. */
export interface MatrixArrays {
  nrows: number;
  ncols: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
  symmetry: Symmetry;
}

/**
 * Every option with its default filled in, so that `{}` and `{ "ordering": "default" }` ask for
 * the same factorisation, and hash to the same cache key.
 */
export interface FactorOptionsWithDefaults {
  ordering: Ordering;
  mode: FactorMode;
  kind: FactorKind;
  shift: number;
}

export interface FactorRequest {
  matrix: MatrixArrays;
  options: FactorOptionsWithDefaults;
}

const MATRIX_FIELDS = ['poisson2d', 'poisson3d', 'csc', 'matrixMarket'] as const;
const OPTION_DEFAULTS: FactorOptionsWithDefaults = { ordering: 'default', mode: 'auto', kind: 'LLt', shift: 0 };
/** A generated problem bigger than this would tie up the server for minutes; upload it instead. */
export const MAX_GENERATED_UNKNOWNS = 1_000_000;

/**
 * Decodes a parsed /factor body. Throws HttpError(400) for a body of the wrong shape; the
 * library's own TypeError, RangeError and MatrixMarketError (which name the offending field,
 * entry or line) pass through for the caller to report as 400 too.
 */
export function decodeFactorRequest(body: unknown): FactorRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `the body must be a JSON object with one of ${MATRIX_FIELDS.join(', ')}`);
  }
  const fields = body as Record<string, unknown>;
  const given = MATRIX_FIELDS.filter((name) => fields[name] !== undefined);
  if (given.length !== 1) {
    throw new HttpError(400, `the body must have exactly one of ${MATRIX_FIELDS.join(', ')}; got ${given.length === 0 ? 'none' : given.join(' and ')}`);
  }
  const unknown = Object.keys(fields).filter((name) => !(MATRIX_FIELDS as readonly string[]).includes(name) && name !== 'scale' && name !== 'options');
  if (unknown.length > 0) throw new HttpError(400, `unknown field(s) in the body: ${unknown.join(', ')}`);
  return { matrix: arraysOf(decodeMatrix(given[0], fields)), options: decodeOptions(fields.options) };
}

function decodeMatrix(field: (typeof MATRIX_FIELDS)[number], fields: Record<string, unknown>): CscMatrix {
  if (fields.scale !== undefined && field !== 'poisson2d' && field !== 'poisson3d') {
    throw new HttpError(400, '"scale" applies to a generated problem (poisson2d, poisson3d) only');
  }
  switch (field) {
    case 'poisson2d':
    case 'poisson3d':
      return generated(field, fields[field], fields.scale);
    case 'csc':
      return fromCsc(fields.csc);
    case 'matrixMarket':
      return fromMatrixMarket(fields.matrixMarket);
  }
}

function generated(kind: 'poisson2d' | 'poisson3d', m: unknown, scale: unknown): CscMatrix {
  const dimensions = kind === 'poisson2d' ? 2 : 3;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m ** dimensions > MAX_GENERATED_UNKNOWNS) {
    const largest = Math.floor(MAX_GENERATED_UNKNOWNS ** (1 / dimensions) + 1e-9);
    throw new HttpError(400, `"${kind}" must be an integer grid size in 1..${largest} (at most ${MAX_GENERATED_UNKNOWNS} unknowns), got ${JSON.stringify(m)}`);
  }
  if (scale !== undefined && (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale))) {
    throw new HttpError(400, `"scale" must be a positive finite number, got ${JSON.stringify(scale)}`);
  }
  const A = kind === 'poisson2d' ? poisson2d(m) : poisson3d(m);
  if (scale === undefined || scale === 1) return A;
  const values = new Float64Array(A.nnz);
  for (let k = 0; k < values.length; k++) values[k] = scale * A.values[k];
  return A.withValues(values);
}

function fromCsc(csc: unknown): CscMatrix {
  if (typeof csc !== 'object' || csc === null) throw new HttpError(400, '"csc" must be an object { nrows, ncols, colPtr, rowIdx, values, symmetry }');
  const { nrows, ncols, colPtr, rowIdx, values, symmetry = 'lower' } = csc as Record<string, unknown>;
  for (const [name, array] of Object.entries({ colPtr, rowIdx, values })) {
    if (!Array.isArray(array)) throw new HttpError(400, `csc.${name} must be an array of numbers`);
  }
  // The constructor checks everything else and names what is wrong (e.g. "rowIdx[7] = 12 is out of range 0..9").
  return new CscMatrix(nrows as number, ncols as number, colPtr as number[], rowIdx as number[], values as number[], { symmetry: symmetry as Symmetry });
}

function fromMatrixMarket(text: unknown): CscMatrix {
  if (typeof text !== 'string') throw new HttpError(400, '"matrixMarket" must be the text of a Matrix Market file');
  const A = parseMatrixMarket(text, 'matrixMarket');
  if (!(A instanceof CscMatrix)) throw new HttpError(400, '"matrixMarket" holds a dense array; /factor needs a sparse (coordinate) matrix');
  return A;
}

function decodeOptions(options: unknown): FactorOptionsWithDefaults {
  if (options === undefined) return { ...OPTION_DEFAULTS };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new HttpError(400, '"options" must be an object');
  const unknown = Object.keys(options).filter((name) => !(name in OPTION_DEFAULTS));
  if (unknown.length > 0) {
    throw new HttpError(400, `unknown option(s) ${unknown.join(', ')}; the options are ${Object.keys(OPTION_DEFAULTS).join(', ')}`);
  }
  // Only filled in here; choleskyAsync checks the values and names a bad one (a RangeError).
  return { ...OPTION_DEFAULTS, ...(options as Partial<FactorOptionsWithDefaults>) };
}

function arraysOf(A: CscMatrix): MatrixArrays {
  const { nrows, ncols, colPtr, rowIdx, values, symmetry } = A;
  return { nrows, ncols, colPtr, rowIdx, values, symmetry };
}
