/**
 * The body of `POST /solve/:key`, decoded in the decoder worker like /factor's:
 *
 *   { "b": [1, 2, 3, ...] }                      one right-hand side of length n
 *   { "b": [[...], [...]] }                      several, one array per right-hand side
 *   "return": "x" | "summary"                    optional; see routes.ts for the default
 *
 * The right-hand sides come out as one column-major block (n × k), the layout Factor.solveAsync
 * takes as a DenseMatrix, so k of them are solved in one native call.
 */
import { HttpError } from './http-json';

export type SolveReturn = 'x' | 'summary';

export interface SolveRequest {
  /** The right-hand sides, column after column. */
  B: Float64Array;
  /** How many right-hand sides. */
  nrhs: number;
  /** Whether b was given as an array of arrays (then x is answered in the same shape). */
  several: boolean;
  return?: SolveReturn;
}

export function decodeSolveRequest(body: unknown): SolveRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the body must be a JSON object { "b": [...] }');
  const { b, return: wanted, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new HttpError(400, `unknown field(s) in the body: ${Object.keys(rest).join(', ')}`);
  if (wanted !== undefined && wanted !== 'x' && wanted !== 'summary') throw new HttpError(400, `"return" must be "x" or "summary", got ${JSON.stringify(wanted)}`);
  if (!Array.isArray(b) || b.length === 0) throw new HttpError(400, '"b" must be a non-empty array of numbers, or an array of such arrays');
  const several = Array.isArray(b[0]);
  const columns: unknown[] = several ? b : [b];
  const n = Array.isArray(columns[0]) ? columns[0].length : 0;
  const B = new Float64Array(n * columns.length);
  columns.forEach((column, j) => {
    if (!Array.isArray(column) || column.length !== n) throw new HttpError(400, `every right-hand side must be an array of the same length (${n}); b[${j}] is not`);
    for (let i = 0; i < n; i++) {
      const value = column[i];
      // JSON has no Infinity, but 1e400 parses to it.
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new HttpError(400, `b${several ? `[${j}]` : ''}[${i}] must be a finite number, got ${typeof value === 'number' ? value : JSON.stringify(value)}`);
      }
      B[j * n + i] = value;
    }
  });
  return { B, nrhs: columns.length, several, return: wanted };
}
