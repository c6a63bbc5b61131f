/**
 * CscMatrix.fromArraysAsync against the constructor it stands for: on every input, valid or not,
 * both give the same matrix or the same error (class and message). The async one scans the
 * entries on libuv's pool (native/kernels/csc_columns_check.cc) and words its errors with the
 * constructor's code, so a difference here means the native scan and the TypeScript check disagree.
 */
import fc from 'fast-check';

import { CscMatrix, poisson3d, type CscOptions } from '../lib/sparse';
import { corrupt, corruptionArb } from './arbitraries/corruption';
import { spdArb } from './arbitraries/spd';

type Args = [nrows: unknown, ncols: unknown, colPtr: unknown, rowIdx: unknown, values: unknown, opts?: unknown];

type Outcome = { matrix: CscMatrix } | { error: unknown };

function constructed(args: Args): Outcome {
  try {
    return { matrix: new (CscMatrix as new (...a: unknown[]) => CscMatrix)(...args) };
  } catch (error) {
    return { error };
  }
}

async function fromArraysAsync(args: Args): Promise<Outcome> {
  try {
    return { matrix: await (CscMatrix.fromArraysAsync as (...a: unknown[]) => Promise<CscMatrix>)(...args) };
  } catch (error) {
    return { error };
  }
}

/** The same matrix, or errors of the same class with the same message. */
function expectSameOutcome(async: Outcome, sync: Outcome): void {
  if ('error' in sync) {
    expect('error' in async).toBe(true);
    const [a, s] = [(async as { error: Error }).error, sync.error as Error];
    expect(a.constructor).toBe(s.constructor);
    expect(a.message).toBe(s.message);
    return;
  }
  expect('matrix' in async).toBe(true);
  const [a, s] = [(async as { matrix: CscMatrix }).matrix, sync.matrix];
  expect(a).toBeInstanceOf(CscMatrix);
  expect([a.nrows, a.ncols, a.nnz, a.symmetry]).toEqual([s.nrows, s.ncols, s.nnz, s.symmetry]);
  expect(a.colPtr).toEqual(s.colPtr);
  expect(a.rowIdx).toEqual(s.rowIdx);
  expect(a.values).toEqual(s.values);
}

async function expectLikeConstructor(...args: Args): Promise<void> {
  expectSameOutcome(await fromArraysAsync(args), constructed(args));
}

describe('CscMatrix.fromArraysAsync', () => {
  test('keeps canonical typed input without copying, like the constructor', async () => {
    const colPtr = Int32Array.of(0, 2, 4, 6);
    const rowIdx = Int32Array.of(0, 2, 1, 3, 0, 2);
    const values = Float64Array.of(1, 4, 3, 6, 2, 5);
    const A = await CscMatrix.fromArraysAsync(4, 3, colPtr, rowIdx, values);
    expect(A.colPtr).toBe(colPtr);
    expect(A.rowIdx).toBe(rowIdx);
    expect(A.values).toBe(values);
    expect([A.nrows, A.ncols, A.nnz, A.symmetry]).toEqual([4, 3, 6, 'general']);
  });

  test('a large matrix: the same as the constructor, arrays shared', async () => {
    const P = poisson3d(30);
    const A = await CscMatrix.fromArraysAsync(P.nrows, P.ncols, P.colPtr, P.rowIdx, P.values, { symmetry: 'lower' });
    expect(A.values).toBe(P.values);
    await expectLikeConstructor(P.nrows, P.ncols, P.colPtr, P.rowIdx, P.values, { symmetry: 'lower' });
    // A bad value near the end is found where the constructor finds it.
    const values = P.values.slice();
    values[values.length - 3] = NaN;
    await expectLikeConstructor(P.nrows, P.ncols, P.colPtr, P.rowIdx, values, { symmetry: 'lower' });
  });

  const valid: Array<[string, Args]> = [
    ['plain arrays', [4, 3, [0, 2, 4, 6], [0, 2, 1, 3, 0, 2], [1, 4, 3, 6, 2, 5]]],
    ['other typed arrays', [4, 3, Uint32Array.of(0, 2, 4, 6), Float64Array.of(0, 2, 1, 3, 0, 2), Float32Array.of(1, 4, 3, 6, 2, 5)]],
    ['unsorted columns with duplicates', [4, 3, Int32Array.of(0, 3, 6, 8), Int32Array.of(2, 0, 0, 3, 1, 3, 2, 0), Float64Array.of(4, 1, 0.5, 6, 3, 0.25, 5, 2)]],
    ['empty columns', [3, 4, [0, 0, 0, 0, 0], [], []]],
    ['empty matrix', [0, 0, [0], [], []]],
    ['lower triangle', [2, 2, [0, 2, 3], [0, 1, 1], [4, -1, 3], { symmetry: 'lower' }]],
    ['upper triangle', [2, 2, [0, 1, 3], [0, 0, 1], [4, -1, 3], { symmetry: 'upper' }]],
    ['largest dimensions', [2 ** 31 - 1, 1, [0, 1], [2 ** 31 - 2], [1]]],
  ];
  test.each(valid)('accepts what the constructor accepts: %s', async (_name, args) => {
    const outcome = await fromArraysAsync(args);
    expect('matrix' in outcome).toBe(true);
    expectSameOutcome(outcome, constructed(args));
  });

  // The constructor's rejections (test/sparse.test.ts), each with its first violation somewhere else.
  const invalid: Array<[string, Args]> = [
    ['nrows not a number', ['4', 3, [0, 0, 0, 0], [], []]],
    ['nrows negative', [-1, 3, [0, 0, 0, 0], [], []]],
    ['nrows 2^31', [2 ** 31, 3, [0, 0, 0, 0], [], []]],
    ['ncols infinite', [4, Infinity, [0], [], []]],
    ['colPtr wrong type', [4, 3, 'abcd', [], []]],
    ['colPtr element fractional', [4, 3, [0, 0.5, 1, 1], [0], [1]]],
    ['colPtr wrong length', [4, 3, [0, 1, 1], [0], [1]]],
    ['colPtr[0] not 0', [4, 3, [1, 1, 1, 1], [0], [1]]],
    ['colPtr decreasing', [4, 3, [0, 2, 1, 2], [0, 1], [1, 2]]],
    ['colPtr jumps past nnz', [4, 3, [0, 5, 1, 2], [0, 1], [1, 2]]],
    ['colPtr end != rowIdx.length', [4, 3, [0, 1, 1, 1], [0, 1], [1, 2]]],
    ['rowIdx wrong type', [4, 3, [0, 0, 0, 1], {}, [1]]],
    ['rowIdx out of range', [4, 3, [0, 1, 2, 3], [0, 4, 1], [1, 2, 3]]],
    ['rowIdx negative', [4, 3, [0, 1, 2, 3], [0, 1, -1], [1, 2, 3]]],
    ['rowIdx out of range after an unsorted column', [4, 3, [0, 2, 3, 4], [1, 0, 2, 9], [1, 2, 3, 4]]],
    ['values wrong type', [4, 3, [0, 0, 0, 1], [0], 7]],
    ['values length', [4, 3, [0, 0, 0, 1], [0], [1, 2]]],
    ['values NaN', [4, 3, [0, 1, 2, 3], [0, 1, 2], [1, NaN, 3]]],
    ['values -Infinity after Infinity', [4, 3, [0, 1, 2, 3], [0, 1, 2], [1, -Infinity, Infinity]]],
    ['opts not an object', [2, 2, [0, 0, 0], [], [], 'lower']],
    ['symmetry misspelt', [2, 2, [0, 0, 0], [], [], { symmetry: 'Lower' }]],
    ['unknown option', [2, 2, [0, 0, 0], [], [], { sym: 'lower' }]],
    ['lower not square', [3, 2, [0, 0, 0], [], [], { symmetry: 'lower' }]],
    ['lower with an upper entry', [2, 2, [0, 1, 3], [0, 0, 1], [1, 2, 3], { symmetry: 'lower' }]],
    ['upper with a lower entry', [2, 2, [0, 2, 3], [0, 1, 1], [1, 2, 3], { symmetry: 'upper' }]],
    ['duplicates summing to Infinity', [1, 1, [0, 2], [0, 0], [1.5e308, 1.5e308]]],
  ];
  test.each(invalid)('rejects what the constructor rejects, with its error: %s', async (_name, args) => {
    const outcome = await fromArraysAsync(args);
    expect('error' in outcome).toBe(true);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(Error);
    expectSameOutcome(outcome, constructed(args));
  });

  test('corrupted arrays: the same matrix or the same error as the constructor (property)', async () => {
    const symmetries = fc.constantFrom<CscOptions['symmetry'] | 'full'>('lower', 'upper', 'general', 'full', undefined);
    await fc.assert(
      fc.asyncProperty(spdArb(8), fc.array(corruptionArb, { minLength: 0, maxLength: 3 }), symmetries, async (c, corruptions, symmetry) => {
        const raw = corrupt(c.A, corruptions);
        await expectLikeConstructor(raw.nrows, raw.ncols, raw.colPtr, raw.rowIdx, raw.values, { symmetry });
      }),
      { numRuns: 300 },
    );
  });
});
