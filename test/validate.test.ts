/**
 * The shared argument checks (lib/sparse/validate.ts and the checks built on it): the exact
 * wording and class of each, and that the public entry points raise one failure in one
 * wording, `<fn>: <argument> must be ..., got ...` — TypeError for a wrong kind of value,
 * RangeError for a wrong size or value. Misspelt option keys are TypeErrors naming the key and
 * listing the valid ones, for every public options object.
 */
import {
  AbstractOperator, Assembly, CG, CscMatrix, Cholesky, DiagonalOperator, FunctionOperator, GMRES, IdentityOperator, LDLt, LU,
  MINRES, MatrixOperator, SparseOperator, analyze, analyzeAsync, checkDenseMatrix, checkVector, cholesky, choleskyAsync,
  denseMatvec, denseMatrix, factorBatch, factorBatchAsync, formatMatrixMarket, fromColumns, linearSolve, linearSolveJvp,
  linearSolveVjp, logdet, planeStressQuadStiffness, poisson2d, poisson3d, projectCotangent, setThreads, spy, spyDensity, spyPng,
  spySvg, writeMatrixMarket, type LinearOperator, type Tag,
} from '../lib';
import { checkKindFitsMode } from '../lib/cholmod/options';
import { checkOperator } from '../lib/operators/operator';
import { checkSolver } from '../lib/solvers/solver';
import { checkCscMatrix } from '../lib/sparse/csc';
import {
  allFinite, checkBoolean, checkChoice, checkDimension, checkFinite, checkFiniteNumber, checkFloat64Array, checkFunction, checkIndex,
  checkInteger, checkLength, checkNonNegative, checkString, describe as describeValue, firstNonFinite, nonFiniteError, outputVector,
  quoteAll, toFiniteVector, toFloat64Array, toIndexArray, toInt32Array,
} from '../lib/sparse/validate';
import { checkOptions } from '../lib/sparse/validate-options';
import { checkVectorOrColumns } from '../lib/sparse/vector-or-columns';

/** Expects `run` to throw exactly this error class and message. */
function expectError(run: () => unknown, kind: typeof TypeError | typeof RangeError, message: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(kind);
  expect((thrown as Error).message).toBe(message);
}

describe('the wording of each shared check', () => {
  test('describe: a short account of any value, never the value when it may be huge', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined undefined');
    expect(describeValue(7)).toBe('number 7');
    expect(describeValue([1, 2])).toBe('an array of length 2');
    expect(describeValue(new Int8Array(3))).toBe('a Int8Array');
    expect(describeValue({})).toBe('an object (Object)');
    expect(describeValue('x'.repeat(50))).toBe(`the string "${'x'.repeat(40)}…"`);
    expect(quoteAll(['a', 'b'])).toBe("'a', 'b'");
  });

  test('integers, dimensions and indices', () => {
    expectError(() => checkInteger('3', 0, 5, 'f: k'), TypeError, 'f: k must be a number, got the string "3"');
    expectError(() => checkInteger(1.5, 0, 5, 'f: k'), RangeError, 'f: k must be an integer in 0..5, got 1.5');
    expectError(() => checkInteger(6, 0, 5, 'f: k'), RangeError, 'f: k must be an integer in 0..5, got 6');
    expectError(() => checkInteger(-1, 0, Infinity, 'f: k'), RangeError, 'f: k must be an integer >= 0, got -1');
    expect(checkInteger(5, 0, 5, 'f: k')).toBe(5);
    expectError(() => checkDimension(-1, 'f: n'), RangeError, 'f: n must be an integer in 0..2147483647, got -1');
    expectError(() => checkIndex(3, 3, 'f: i'), RangeError, 'f: i must be an integer in 0..2, got 3');
    expect(checkIndex(2, 3, 'f: i')).toBe(2);
  });

  test('numbers, strings, booleans, functions', () => {
    expectError(() => checkFiniteNumber(NaN, 'f: s'), RangeError, 'f: s must be a finite number, got NaN');
    expectError(() => checkFiniteNumber(null, 'f: s'), TypeError, 'f: s must be a number, got null');
    expectError(() => checkNonNegative(-1, 'f: tol'), RangeError, 'f: tol must be a finite number >= 0, got -1');
    expectError(() => checkNonNegative(Infinity, 'f: tol'), RangeError, 'f: tol must be a finite number >= 0, got Infinity');
    expectError(() => checkString(1, 'f: path'), TypeError, 'f: path must be a string, got number 1');
    expectError(() => checkBoolean(1, 'f: flag'), TypeError, 'f: flag must be a boolean, got number 1');
    expectError(() => checkFunction({}, 'f: cb'), TypeError, 'f: cb must be a function, got an object (Object)');
    expect(checkBoolean(false, 'f: flag')).toBe(false);
  });

  test('choices: TypeError for a non-string, RangeError for another string', () => {
    expectError(() => checkChoice('c', ['a', 'b'], 'f: opts.x'), RangeError, `f: opts.x must be one of 'a', 'b', got the string "c"`);
    expectError(() => checkChoice(1, ['a', 'b'], 'f: opts.x'), TypeError, "f: opts.x must be one of 'a', 'b', got number 1");
    expect(checkChoice('b', ['a', 'b'], 'f: opts.x')).toBe('b');
  });

  test('integer arrays and index arrays', () => {
    const given = Int32Array.of(1, 2);
    expect(toInt32Array(given, 'f: a')).toBe(given); // shared, not copied
    expectError(() => toInt32Array('12', 'f: a'), TypeError, 'f: a must be an Int32Array or an array of integers, got the string "12"');
    expectError(() => toInt32Array([0, 'x'], 'f: a'), TypeError, 'f: a[1] must be a number, got the string "x"');
    expectError(() => toInt32Array([0, 0.5], 'f: a'), RangeError, 'f: a[1] must be an integer in -2147483648..2147483647, got 0.5');
    expect(toIndexArray(given, 3, 'f: cols')).not.toBe(given); // copied: the caller may reuse theirs
    expectError(() => toIndexArray([0, 3], 3, 'f: cols'), RangeError, 'f: cols[1] must be an integer in 0..2, got 3');
  });

  test('float arrays, lengths and finiteness', () => {
    const given = Float64Array.of(1, 2);
    expect(toFloat64Array(given, 'f: v')).toBe(given);
    expectError(() => toFloat64Array(3, 'f: v'), TypeError, 'f: v must be a Float64Array or an array of numbers, got number 3');
    expectError(() => toFloat64Array([1, null], 'f: v'), TypeError, 'f: v[1] must be a number, got null');
    expectError(() => checkLength([1], 2, 'f: v'), RangeError, 'f: v must have length 2, got 1');
    expectError(() => checkLength([1], 2, 'f: v', 'nnz'), RangeError, 'f: v must have length nnz = 2, got 1');
    expect(nonFiniteError(Infinity, 4, 'f: v').message).toBe('f: v[4] must be finite, got Infinity');
    expectError(() => checkFinite([0, -Infinity, NaN], 'f: v'), RangeError, 'f: v[1] must be finite, got -Infinity');
    expect(firstNonFinite([0, 1, NaN])).toBe(2);
    expect(allFinite([0, 1e308])).toBe(true);
    expect(Array.from(toFiniteVector([1, 2], 2, 'f: b'))).toEqual([1, 2]);
    expectError(() => toFiniteVector([1, NaN], 2, 'f: b'), RangeError, 'f: b[1] must be finite, got NaN');
    expectError(() => toFiniteVector([1], 2, 'f: b', 'n'), RangeError, 'f: b must have length n = 2, got 1');
  });

  test('vectors: the public checkVector(value, length, name) and its parts', () => {
    expectError(() => checkVector([1, 2], 2, 'op.mv: x'), TypeError, 'op.mv: x must be a Float64Array, got an array of length 2');
    expectError(() => checkVector(new Float64Array(3), 2, 'op.mv: x'), RangeError, 'op.mv: x must have length 2, got 3');
    expectError(() => checkVector(new Float64Array(3), 2), RangeError, 'x must have length 2, got 3'); // the default name
    expectError(() => checkFloat64Array(new Float32Array(1), 'f: into'), TypeError, 'f: into must be a Float64Array, got a Float32Array');
    const buffer = new Float64Array(4);
    expectError(() => outputVector(buffer.subarray(1, 3), 2, buffer.subarray(0, 2), 'M.matvec'), RangeError,
      'M.matvec: out must not share memory with x (the product reads x while writing out)');
    expect(outputVector(undefined, 3, buffer, 'M.matvec').length).toBe(3);
  });

  test('options objects: an object, and only known keys', () => {
    expect(checkOptions(undefined, ['a'], 'f: opts')).toEqual({});
    expect(checkOptions({ a: undefined }, ['a'], 'f: opts')).toEqual({ a: undefined });
    expectError(() => checkOptions(null, ['a'], 'f: opts'), TypeError, 'f: opts must be an object, got null');
    expectError(() => checkOptions([], ['a'], 'f: opts'), TypeError, 'f: opts must be an object, got an array of length 0');
    expectError(() => checkOptions({ a: 1, b: 2 }, ['a', 'c'], 'f: opts'), TypeError, "f: opts has an unknown key 'b'; valid keys: 'a', 'c'");
  });

  test('one vector or a DenseMatrix of columns', () => {
    expect(() => checkVectorOrColumns(new Float64Array(2), 2, 'f: b')).not.toThrow();
    expect(() => checkVectorOrColumns(denseMatrix(2, 3), 2, 'f: b')).not.toThrow();
    expectError(() => checkVectorOrColumns(new Float64Array(3), 2, 'f: b'), RangeError, 'f: b must have length 2, got 3');
    expectError(() => checkVectorOrColumns(denseMatrix(3, 1), 2, 'f: b'), RangeError, 'f: b must have 2 rows, got 3');
    expectError(() => checkVectorOrColumns([1, 2], 2, 'f: b'), TypeError,
      'f: b must be a Float64Array or a DenseMatrix { nrows, ncols, data: Float64Array }, got an array of length 2');
    expectError(() => checkVectorOrColumns({ nrows: 2, ncols: 2, data: new Float64Array(3) }, 2, 'f: b'), RangeError,
      'f: b.data must have length nrows * ncols = 4, got 3');
  });

  test('matrices, operators, solvers', () => {
    const dense = 'B must be a DenseMatrix { nrows, ncols, data: Float64Array of length nrows * ncols }, got an object (Object)';
    expectError(() => checkDenseMatrix('B', { nrows: 2, ncols: 2, data: [1, 2, 3, 4] }), TypeError, dense);
    expectError(() => checkDenseMatrix('B', { nrows: -1, ncols: 2, data: new Float64Array(0) }), RangeError,
      'B.nrows must be an integer in 0..2147483647, got -1');
    expectError(() => checkDenseMatrix('B', { nrows: 2, ncols: 2, data: new Float64Array(3) }), RangeError,
      'B.data must have length nrows * ncols = 4, got 3');
    expectError(() => checkCscMatrix(denseMatrix(1, 1), 'f: A'), TypeError, 'f: A must be a CscMatrix, got an object (Object)');
    expectError(() => checkOperator({ mv: () => 0 }, 'f: op'), TypeError, 'f: op must be a LinearOperator, got an object (Object)');
    expectError(() => checkSolver(new IdentityOperator(1), 'f: solver'), TypeError,
      'f: solver must be a LinearSolver, got an object (IdentityOperator)');
    expectError(() => checkKindFitsMode('LDLt', 'supernodal', 'f: opts.kind', 'opts.mode'), RangeError,
      "f: opts.kind 'LDLt' needs opts.mode 'simplicial' or 'auto': CHOLMOD's supernodal factors are always LLt");
  });
});

describe('one failure, one wording, at every public entry point', () => {
  const A = poisson2d(3); // 9 x 9, lower
  const b9 = new Float64Array(9).fill(1);

  test('a vector of the wrong length', () => {
    using factor = cholesky(A);
    const solver = new Cholesky();
    const state = solver.init(new SparseOperator(A, ['positiveSemidefinite']));
    class Twice extends AbstractOperator {
      readonly tags: ReadonlySet<Tag> = new Set<Tag>();
      readonly inSize = 2;
      readonly outSize = 2;
      protected apply(x: Float64Array): Float64Array { return x.map((v) => 2 * v); }
      protected transposed(): LinearOperator { return this; }
    }
    const cases: Array<[() => unknown, string]> = [
      [() => A.matvec(new Float64Array(8)), 'CscMatrix.matvec: x must have length 9, got 8'],
      [() => factor.solve(new Float64Array(8)), 'Factor.solve: b must have length 9, got 8'],
      [() => factor.rowAdd(0, new Float64Array(8)), 'Factor.rowAdd: column must have length 9, got 8'],
      [() => denseMatvec(denseMatrix(2, 9), new Float64Array(8)), 'denseMatvec: x must have length 9, got 8'],
      [() => linearSolve(new SparseOperator(A, ['positiveSemidefinite']), new Float64Array(8)), 'linearSolve: b must have length 9, got 8'],
      [() => new Twice().mv(new Float64Array(3)), 'Twice.mv: x must have length 2, got 3'],
      [() => solver.compute(state, new Float64Array(8)), 'Cholesky.compute: b must have length 9, got 8'],
      [() => fromColumns([new Float64Array(2), new Float64Array(3)]), 'fromColumns: columns[1] must have length 2, got 3'],
      [() => new Assembly(2, [0, 1], 2).assembleValues(new Float64Array(3)), 'Assembly: elementMatrices must have length 4, got 3'],
    ];
    try {
      for (const [run, message] of cases) expectError(run, RangeError, message);
    } finally {
      solver.dispose(state);
    }
  });

  test('a NaN where values must be finite', () => {
    using factor = cholesky(A);
    const nan = A.values.slice();
    nan[2] = NaN;
    const b = b9.slice();
    b[2] = NaN;
    const cases: Array<[() => unknown, string]> = [
      [() => new CscMatrix(9, 9, A.colPtr, A.rowIdx, nan, { symmetry: 'lower' }), 'CscMatrix: values[2] must be finite, got NaN'],
      [() => A.withValues(nan), 'CscMatrix.withValues: values[2] must be finite, got NaN'],
      [() => factor.solve(b), 'Factor.solve: b[2] must be finite, got NaN'],
      [() => factor.refactor(nan), 'Factor.refactor: values[2] must be finite, got NaN'],
      [() => factorBatch(A, [nan]), 'factorBatch: valueSets[0][2] must be finite, got NaN'],
    ];
    for (const [run, message] of cases) expectError(run, RangeError, message);
  });

  test('a wrong kind of argument', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => cholesky(denseMatrix(2, 2) as never), 'cholesky: A must be a CscMatrix, got an object (Object)'],
      [() => new SparseOperator(denseMatrix(2, 2) as never), 'SparseOperator: matrix must be a CscMatrix, got an object (Object)'],
      [() => spyDensity([] as never), 'spyDensity: A must be a CscMatrix, got an array of length 0'],
      [() => new DiagonalOperator([1, 2] as never), 'DiagonalOperator: d must be a Float64Array, got an array of length 2'],
      [() => linearSolve({} as never, b9), 'linearSolve: op must be a LinearOperator, got an object (Object)'],
      [() => linearSolveVjp(new IdentityOperator(9), b9, {} as never), 'linearSolveVjp: solver must be a LinearSolver, got an object (Object)'],
      [() => new FunctionOperator(3 as never, 2), 'FunctionOperator: mv must be a function, got number 3'],
      [() => writeMatrixMarket(3 as never, A), 'writeMatrixMarket: path must be a string, got number 3'],
      [() => setThreads('many' as never), `setThreads: threads must be 'auto' or an integer in 1..1024, got the string "many"`],
    ];
    for (const [run, message] of cases) expectError(run, TypeError, message);
  });

  test('an option outside its choices or range', () => {
    using factor = cholesky(A);
    const cases: Array<[() => unknown, string]> = [
      [() => cholesky(A, { ordering: 'fastest' as never }),
        "cholesky: opts.ordering must be one of 'default', 'best', 'amd', 'metis', 'nesdis', 'colamd', 'natural', got the string \"fastest\""],
      [() => factor.solve(b9, { system: 'Q' as never }),
        "Factor.solve: opts.system must be one of 'A', 'LDLt', 'LD', 'DLt', 'L', 'Lt', 'D', 'P', 'Pt', got the string \"Q\""],
      [() => factor.inverseColumns([0], { format: 'csv' as never }), `Factor.inverseColumns: opts.format must be one of 'dense', 'sparse', got the string "csv"`],
      [() => poisson2d(3, 3, { symmetry: 'both' as never }), `poisson2d: opts.symmetry must be one of 'general', 'lower', 'upper', got the string "both"`],
      [() => formatMatrixMarket(A, { field: 'complex' as never }), `formatMatrixMarket: opts.field must be one of 'real', 'integer', 'pattern', got the string "complex"`],
      [() => cholesky(A, { shift: Infinity }), 'cholesky: opts.shift must be a finite number, got Infinity'],
      [() => factor.refactor(A, { shift: NaN }), 'Factor.refactor: opts.shift must be a finite number, got NaN'],
      [() => new CG({ rtol: -1 }), 'CG: settings.rtol must be a finite number >= 0, got -1'],
      [() => new GMRES({ restart: 0 }), 'GMRES: settings.restart must be an integer >= 1, got 0'],
      [() => spyPng(A, { size: 8 }), 'spyPng: opts.size must be an integer in 16..4096, got 8'],
      [() => spyDensity(A, { maxCells: 0 }), 'spyDensity: opts.maxCells must be an integer in 1..16384, got 0'],
      [() => factor.rowDelete(9), 'Factor.rowDelete: k must be an integer in 0..8, got 9'],
    ];
    for (const [run, message] of cases) expectError(run, RangeError, message);
  });
});

describe('a misspelt option key is a TypeError naming it and listing the valid keys', () => {
  const A = poisson2d(3);
  const b = new Float64Array(9).fill(1);
  const spd = new SparseOperator(A, ['positiveSemidefinite']);
  const FACTOR_KEYS = "valid keys: 'ordering', 'mode', 'kind', 'shift', 'aat', 'beta', 'columns', 'check'";

  const synchronous: Array<[string, (factor: ReturnType<typeof cholesky>) => unknown, string]> = [
    ['cholesky', () => cholesky(A, { order: 'metis' } as never), `cholesky: opts has an unknown key 'order'; ${FACTOR_KEYS}`],
    ['analyze', () => analyze(A, { shfit: 1 } as never), `analyze: opts has an unknown key 'shfit'; ${FACTOR_KEYS}`],
    ['factorBatch', () => factorBatch(A, [A.values], { Kind: 'LDLt' } as never), `factorBatch: opts has an unknown key 'Kind'; ${FACTOR_KEYS}`],
    ['logdet', () => logdet(A, { ordering: 'amd', modes: 'auto' } as never),
      "logdet: opts has an unknown key 'modes'; valid keys: 'ordering', 'mode', 'kind', 'shift'"],
    ['Factor.solve', (f) => f.solve(b, { sytem: 'L' } as never), "Factor.solve: opts has an unknown key 'sytem'; valid keys: 'system', 'out'"],
    ['Factor.solveSparse', (f) => f.solveSparse(CscMatrix.identity(9), { sytem: 'L' } as never),
      "Factor.solveSparse: opts has an unknown key 'sytem'; valid keys: 'system'"],
    ['Factor.refactor', (f) => f.refactor(A, { shfit: 1 } as never), "Factor.refactor: opts has an unknown key 'shfit'; valid keys: 'shift', 'beta', 'check'"],
    ['Factor.update', (f) => f.update(CscMatrix.identity(9), { downDate: true } as never),
      "Factor.update: opts has an unknown key 'downDate'; valid keys: 'downdate'"],
    ['Factor.inverseColumns', (f) => f.inverseColumns([0], { fromat: 'sparse' } as never),
      "Factor.inverseColumns: opts has an unknown key 'fromat'; valid keys: 'format'"],
    ['Cholesky', () => new Cholesky({ kind: 'LDLt' } as never), "Cholesky: options has an unknown key 'kind'; valid keys: 'ordering', 'mode'"],
    ['LDLt', () => new LDLt({ mode: 'simplicial' } as never), "LDLt: options has an unknown key 'mode'; valid keys: 'ordering'"],
    ['CG', () => new CG({ tol: 1e-6 } as never), "CG: settings has an unknown key 'tol'; valid keys: 'rtol', 'atol', 'maxSteps', 'preconditioner'"],
    ['MINRES', () => new MINRES({ maxsteps: 3 } as never),
      "MINRES: settings has an unknown key 'maxsteps'; valid keys: 'rtol', 'atol', 'maxSteps', 'preconditioner'"],
    ['GMRES', () => new GMRES({ restarts: 10 } as never),
      "GMRES: settings has an unknown key 'restarts'; valid keys: 'rtol', 'atol', 'maxSteps', 'preconditioner', 'restart'"],
    ['linearSolve', () => linearSolve(spd, b, new LU(), { trhow: false } as never),
      "linearSolve: opts has an unknown key 'trhow'; valid keys: 'options', 'state', 'throw', 'returnState'"],
    ['linearSolveJvp', () => linearSolveJvp(spd, b, { b }, new LU(), { State: undefined } as never),
      "linearSolveJvp: opts has an unknown key 'State'; valid keys: 'options', 'state', 'throw'"],
    ['linearSolveJvp tangents', () => linearSolveJvp(spd, b, { A: spd } as never, new LU()),
      "linearSolveJvp: tangents has an unknown key 'A'; valid keys: 'op', 'b'"],
    ['linearSolveVjp', () => linearSolveVjp(spd, b, new LU(), { throws: false } as never),
      "linearSolveVjp: opts has an unknown key 'throws'; valid keys: 'options', 'state', 'throw'"],
    ['pullback', () => linearSolveVjp(spd, b, new LU()).pullback(b, { onto: new Float64Array(21) } as never),
      "linearSolveVjp: pullback opts has an unknown key 'onto'; valid keys: 'into'"],
    ['CscMatrix', () => new CscMatrix(1, 1, [0, 0], [], [], { symetry: 'lower' } as never),
      "CscMatrix: opts has an unknown key 'symetry'; valid keys: 'symmetry'"],
    ['CscMatrix.fromTriplets', () => CscMatrix.fromTriplets(1, 1, [], [], [], { Symmetry: 'lower' } as never),
      "CscMatrix.fromTriplets: opts has an unknown key 'Symmetry'; valid keys: 'symmetry'"],
    ['CscMatrix.fromDense', () => CscMatrix.fromDense(1, 1, [0], { dropzeros: false } as never),
      "CscMatrix.fromDense: opts has an unknown key 'dropzeros'; valid keys: 'symmetry', 'dropZeros'"],
    ['CscMatrix.identity', () => CscMatrix.identity(2, { lower: true } as never),
      "CscMatrix.identity: opts has an unknown key 'lower'; valid keys: 'symmetry'"],
    ['poisson3d', () => poisson3d(2, 2, 2, { stype: -1 } as never), "poisson3d: opts has an unknown key 'stype'; valid keys: 'symmetry'"],
    ['formatMatrixMarket', () => formatMatrixMarket(A, { comments: 'x' } as never),
      "formatMatrixMarket: opts has an unknown key 'comments'; valid keys: 'field', 'symmetry', 'comment'"],
    ['FunctionOperator', () => new FunctionOperator((x) => x, 2, { transpose: (x: Float64Array) => x } as never),
      "FunctionOperator: opts has an unknown key 'transpose'; valid keys: 'transposeMv', 'tags'"],
    ['spyPng', () => spyPng(A, { width: 100 } as never), "spyPng: opts has an unknown key 'width'; valid keys: 'size', 'mirror', 'title'"],
    ['spySvg', () => spySvg(A, { Title: 'A' } as never), "spySvg: opts has an unknown key 'Title'; valid keys: 'size', 'mirror', 'title'"],
    ['spy', () => spy(A, 'never-written.png', { sise: 100 } as never), "spy: opts has an unknown key 'sise'; valid keys: 'size', 'mirror', 'title'"],
    ['spyDensity', () => spyDensity(A, { cells: 10 } as never), "spyDensity: opts has an unknown key 'cells'; valid keys: 'maxCells', 'mirror'"],
    ['Assembly', () => new Assembly(2, [0, 1], 2, { symmetric: true } as never), "Assembly: opts has an unknown key 'symmetric'; valid keys: 'symmetry'"],
    ['planeStressQuadStiffness', () => planeStressQuadStiffness({ E: 1, poisson: 0.3 } as never),
      "planeStressQuadStiffness: opts has an unknown key 'poisson'; valid keys: 'E', 'nu', 'thickness', 'width', 'height'"],
  ];
  test.each(synchronous)('%s', (_name, run, message) => {
    using factor = cholesky(A);
    expectError(() => run(factor), TypeError, message);
  });

  test.each<[string, (factor: ReturnType<typeof cholesky>) => Promise<unknown>, string]>([
    ['choleskyAsync', () => choleskyAsync(A, { order: 'amd' } as never), `choleskyAsync: opts has an unknown key 'order'; ${FACTOR_KEYS}`],
    ['analyzeAsync', () => analyzeAsync(A, { order: 'amd' } as never), `analyzeAsync: opts has an unknown key 'order'; ${FACTOR_KEYS}`],
    ['factorBatchAsync', () => factorBatchAsync(A, [A.values], { order: 'amd' } as never),
      `factorBatchAsync: opts has an unknown key 'order'; ${FACTOR_KEYS}`],
    ['Factor.solveAsync', (f) => f.solveAsync(b, { sytem: 'L' } as never), "Factor.solveAsync: opts has an unknown key 'sytem'; valid keys: 'system', 'out'"],
    ['Factor.refactorAsync', (f) => f.refactorAsync(A, { Shift: 1 } as never), "Factor.refactorAsync: opts has an unknown key 'Shift'; valid keys: 'shift', 'beta', 'check'"],
    ['Factor.updateAsync', (f) => f.updateAsync(CscMatrix.identity(9), { down: true } as never),
      "Factor.updateAsync: opts has an unknown key 'down'; valid keys: 'downdate'"],
  ])('%s (a rejection)', async (_name, run, message) => {
    using factor = cholesky(A);
    await expect(run(factor)).rejects.toThrow(new TypeError(message));
  });

  test('projectCotangent checks its operator, and known keys with undefined values are accepted', () => {
    expectError(() => projectCotangent({} as never, denseMatrix(1, 1), denseMatrix(1, 1)), TypeError,
      'projectCotangent: op must be a LinearOperator, got an object (Object)');
    using factor = cholesky(A, { ordering: undefined, mode: undefined });
    expect(factor.solve(b, { system: undefined }).length).toBe(9);
    expect(new MatrixOperator(denseMatrix(2, 2)).inSize).toBe(2);
  });
});
