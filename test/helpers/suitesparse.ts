/**
 * Test matrices from the SuiteSparse source tree (the copy the addon is built from).
 *
 * - `suiteSparseDir()`: $SPSOLVE_SUITESPARSE_SRC when it names a directory, else
 *   <repo>/deps/SuiteSparse-5.12.0.
 * - `loadCXSparse(name)`: CXSparse/Matrix/<name>, one `i j x` line per entry,
 *   0-based, no header; the size is (max row + 1) x (max col + 1), as CXSparse's
 *   cs_load infers it. These files store symmetric matrices as ONE triangle (checked:
 *   bcsstk01 holds 224 entries, all with i >= j, of the 400 of the full matrix;
 *   bcsstk16 holds 147631 = 142747 strictly lower + 4884 diagonal). CXSparse's demo
 *   (cs_demo.c, is_sym) therefore treats a square matrix whose entries all lie in
 *   one triangle as symmetric with that triangle stored; loadCXSparse does the same
 *   by default (symmetry 'auto'), or takes the symmetry as an option.
 * - `loadTri(name)`: CHOLMOD/Demo/Matrix/<name>.tri, CHOLMOD's triplet format (see
 *   cholmod_read.c): optional '%' comment lines, a header `nrow ncol nnz [stype]`
 *   with stype -1 lower / 1 upper / 0 unsymmetric, then nnz lines `i j x`,
 *   1-based. A .tri file that is really Matrix Market (one.tri, two.tri) is read as
 *   such. Complex files (4 numbers per entry) are refused. An entry in the wrong
 *   triangle for the declared stype is an error here (CHOLMOD silently ignores it;
 *   none of the shipped files has one).
 * - `loadMtx(name)`: CHOLMOD/Demo/Matrix/<name>.mtx through readMatrixMarket.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { CscMatrix, DenseMatrix, readMatrixMarket, Symmetry } from '../../lib/sparse';

const REPO = resolve(__dirname, '..', '..');

export function suiteSparseDir(): string {
  const fromEnv = process.env.SPSOLVE_SUITESPARSE_SRC;
  if (fromEnv && existsSync(fromEnv) && statSync(fromEnv).isDirectory()) return fromEnv;
  return join(REPO, 'deps', 'SuiteSparse-5.12.0');
}

export function cxsparsePath(name: string): string {
  return join(suiteSparseDir(), 'CXSparse', 'Matrix', name);
}

export function cholmodMatrixPath(file: string): string {
  return join(suiteSparseDir(), 'CHOLMOD', 'Demo', 'Matrix', file);
}

/** Non-blank lines that are not '%' comments, with their 1-based line numbers. */
function dataLines(text: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('%')) return;
    out.push({ line: index + 1, fields: trimmed.split(/\s+/) });
  });
  return out;
}

function toNumber(token: string, where: string): number {
  const value = Number(token);
  if (token === '' || !Number.isFinite(value)) throw new Error(`${where}: '${token}' is not a finite number`);
  return value;
}

/** Which triangles the triplets touch, for symmetry inference. */
function triangleOf(rows: number[], cols: number[]): { lower: boolean; upper: boolean } {
  let lower = false;
  let upper = false;
  for (let k = 0; k < rows.length; k++) {
    if (rows[k] > cols[k]) lower = true;
    if (rows[k] < cols[k]) upper = true;
  }
  return { lower, upper };
}

export function loadCXSparse(name: string, opts: { symmetry?: Symmetry | 'auto' } = {}): CscMatrix {
  const file = cxsparsePath(name);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (const { line, fields } of dataLines(readFileSync(file, 'utf8'))) {
    const where = `${name}:${line}`;
    if (fields.length === 4) throw new Error(`${where}: complex matrices are not supported`);
    if (fields.length !== 3) throw new Error(`${where}: expected 'i j x', found ${fields.length} fields`);
    rows.push(toNumber(fields[0], where));
    cols.push(toNumber(fields[1], where));
    vals.push(toNumber(fields[2], where));
  }
  const nrows = rows.reduce((m, i) => Math.max(m, i + 1), 0);
  const ncols = cols.reduce((m, j) => Math.max(m, j + 1), 0);
  let symmetry: Symmetry = opts.symmetry === 'auto' || opts.symmetry === undefined ? 'general' : opts.symmetry;
  if (opts.symmetry === 'auto' || opts.symmetry === undefined) {
    const { lower, upper } = triangleOf(rows, cols);
    // Same precedence as cs_demo.c's is_sym: upper (which includes diagonal-only), then lower.
    if (nrows === ncols) symmetry = !lower ? 'upper' : !upper ? 'lower' : 'general';
  }
  return CscMatrix.fromTriplets(nrows, ncols, rows, cols, vals, { symmetry });
}

export function loadTri(name: string): CscMatrix {
  const file = cholmodMatrixPath(`${name}.tri`);
  const text = readFileSync(file, 'utf8');
  if (text.startsWith('%%MatrixMarket')) return asCsc(readMatrixMarket(file));
  const lines = dataLines(text);
  if (lines.length === 0) throw new Error(`${name}.tri: empty file (no header line)`);
  const header = lines[0];
  const where = `${name}.tri:${header.line}`;
  if (header.fields.length < 3 || header.fields.length > 4) {
    throw new Error(`${where}: header must be 'nrow ncol nnz [stype]'`);
  }
  const [nrows, ncols, nnz] = header.fields.slice(0, 3).map((t) => toNumber(t, where));
  const stype = header.fields.length === 4 ? toNumber(header.fields[3], where) : undefined;
  for (const [label, v] of [['nrow', nrows], ['ncol', ncols], ['nnz', nnz]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${where}: ${label} must be a non-negative integer, got ${v}`);
  }
  if (stype !== undefined && stype !== -1 && stype !== 0 && stype !== 1) {
    throw new Error(`${where}: stype must be -1, 0 or 1, got ${stype}`);
  }
  const entries = lines.slice(1);
  if (entries.length !== nnz) {
    throw new Error(`${name}.tri: header declares ${nnz} entries, found ${entries.length}`);
  }
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (const { line, fields } of entries) {
    const at = `${name}.tri:${line}`;
    if (fields.length === 4) throw new Error(`${at}: complex matrices are not supported`);
    if (fields.length !== 3) throw new Error(`${at}: expected 'i j x', found ${fields.length} fields`);
    const i = toNumber(fields[0], at);
    const j = toNumber(fields[1], at);
    if (!Number.isInteger(i) || i < 1 || i > nrows) throw new Error(`${at}: row index ${i} out of range 1..${nrows}`);
    if (!Number.isInteger(j) || j < 1 || j > ncols) throw new Error(`${at}: column index ${j} out of range 1..${ncols}`);
    rows.push(i - 1);
    cols.push(j - 1);
    vals.push(toNumber(fields[2], at));
  }
  let symmetry: Symmetry;
  if (stype === -1) symmetry = 'lower';
  else if (stype === 1) symmetry = 'upper';
  else if (stype === 0) symmetry = 'general';
  else {
    // No stype: infer as cholmod_read does (one triangle only => symmetric with it stored).
    const { lower, upper } = triangleOf(rows, cols);
    symmetry = nrows !== ncols || (lower && upper) ? 'general' : lower ? 'lower' : 'upper';
  }
  return CscMatrix.fromTriplets(nrows, ncols, rows, cols, vals, { symmetry });
}

export function loadMtx(name: string): CscMatrix | DenseMatrix {
  return readMatrixMarket(cholmodMatrixPath(`${name}.mtx`));
}

/** loadTri / loadMtx for files known to hold sparse matrices. */
export function asCsc(m: CscMatrix | DenseMatrix): CscMatrix {
  if (!(m instanceof CscMatrix)) throw new Error('expected a sparse (coordinate) matrix');
  return m;
}

export function kluMatrixPath(file: string): string {
  return join(suiteSparseDir(), 'KLU', 'Matrix', file);
}

/**
 * A Matrix Market coordinate file with complex values, as its real part (the pattern kept, zeros
 * included). For KLU/Matrix/w156.mtx, whose header says its real part is HB/west0156's.
 */
export function loadComplexMtxRealPart(file: string): CscMatrix {
  const lines = dataLines(readFileSync(file, 'utf8'));
  const [nrows, ncols, nnz] = lines[0].fields.map((t) => toNumber(t, `${file}:${lines[0].line}`));
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (const { line, fields } of lines.slice(1)) {
    if (fields.length !== 4) throw new Error(`${file}:${line}: expected 'i j re im'`);
    rows.push(toNumber(fields[0], `${file}:${line}`) - 1);
    cols.push(toNumber(fields[1], `${file}:${line}`) - 1);
    vals.push(toNumber(fields[2], `${file}:${line}`));
  }
  if (rows.length !== nnz) throw new Error(`${file}: header declares ${nnz} entries, found ${rows.length}`);
  return CscMatrix.fromDense(nrows, ncols, CscMatrix.fromTriplets(nrows, ncols, rows, cols, vals).toDense(), { dropZeros: false });
}
