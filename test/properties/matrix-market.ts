/** Matrix Market: the format → parse round trip, damaged files, and random bytes and tokens. */
import fc from 'fast-check';

import { CscMatrix, MatrixMarketError, formatMatrixMarket, parseMatrixMarket, readMatrixMarket, type DenseMatrix } from '../../lib';
import { denseOf } from '../helpers/dense';
import { spdArb } from '../arbitraries/spd';
import { applyEdit, textEditArb } from '../arbitraries/text-edit';
import { vectorFromSeed } from '../arbitraries/vector';
import { close } from './checks';
import type { NamedProperty } from './named-property';
import { typedOrValue } from './outcomes';

/** Something to format: a symmetric sparse matrix, a dense array, or an unsymmetric rectangular sparse matrix. */
const matrixArb = fc.oneof(
  spdArb(8).map((c) => c.A as CscMatrix | DenseMatrix),
  fc.record({ nrows: fc.integer({ min: 0, max: 6 }), ncols: fc.integer({ min: 0, max: 6 }), seed: fc.integer() })
    .map(({ nrows, ncols, seed }) => ({ nrows, ncols, data: vectorFromSeed(nrows * ncols, seed) }) as DenseMatrix),
  fc.record({ n: fc.integer({ min: 1, max: 7 }), seed: fc.integer(), density: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ n, seed, density }) => CscMatrix.fromDense(n, n + (seed & 1), vectorFromSeed(n * (n + (seed & 1)), seed).map((v) => (Math.abs(v) < density ? v : 0))) as CscMatrix | DenseMatrix),
);

/** format → parse is the identity; every mutation of the text parses or gives a MatrixMarketError. */
const matrixMarket = fc.property(
  matrixArb, fc.array(textEditArb, { maxLength: 4 }), fc.boolean(),
  (m, edits, asBytes) => {
    const text = formatMatrixMarket(m);
    const back = parseMatrixMarket(text);
    const denseIn = m instanceof CscMatrix ? denseOf(m) : m.data;
    const denseBack = back instanceof CscMatrix ? denseOf(back) : back.data;
    close(denseBack, denseIn, 1e-15, 'Matrix Market round trip');
    let mutated = text;
    for (const e of edits) mutated = applyEdit(mutated, e);
    const input = asBytes ? new TextEncoder().encode(mutated) : mutated;
    const parsed = typedOrValue(() => parseMatrixMarket(input), [MatrixMarketError]);
    if (parsed instanceof CscMatrix) {
      if (parsed.colPtr[parsed.ncols] !== parsed.nnz || parsed.values.some((v) => !Number.isFinite(v))) throw new Error('parsed matrix breaks invariants');
    }
    // readMatrixMarket takes a path unless the text looks like a file's contents: only those.
    if (mutated.includes('\n') || mutated.startsWith('%%MatrixMarket')) typedOrValue(() => readMatrixMarket(mutated), [MatrixMarketError]);
    return true;
  },
);

/** Raw bytes and random text to the parser. */
const matrixMarketRaw = fc.property(
  fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ maxLength: 200 }),
    fc.tuple(
      fc.constantFrom('%%MatrixMarket matrix coordinate real general', '%%MatrixMarket matrix array real symmetric', '%%MatrixMarket matrix coordinate pattern symmetric', '%%MatrixMarket matrix coordinate integer skew-symmetric', '%%MatrixMarket matrix array integer general'),
      fc.array(fc.array(fc.oneof(fc.integer({ min: -3, max: 12 }).map(String), fc.double().map(String), fc.constantFrom('4294967296', '2147483648', '1e999', '0x10', '')), { maxLength: 4 }), { maxLength: 8 }),
    ).map(([banner, lines]) => [banner, ...lines.map((l) => l.join(' '))].join('\n')),
  ),
  (input) => {
    typedOrValue(() => parseMatrixMarket(input), [MatrixMarketError]);
    return true;
  },
);

export const MATRIX_MARKET_PROPERTIES: NamedProperty[] = [
  { name: 'matrixMarket.mutate', covers: 'formatMatrixMarket → parseMatrixMarket round trip; mutated text and bytes', property: matrixMarket },
  { name: 'matrixMarket.raw', covers: 'random bytes, strings and banner + random token lines to parseMatrixMarket', property: matrixMarketRaw },
];
