/**
 * What an invalid input may do: succeed (it happened to be valid) or throw one of spsolve's typed
 * errors; never crash, never raise an accidental engine error that shows an input went unchecked.
 */
import { AmgError, CholmodError, DisposedError, LuError, MatrixMarketError, MeshFormatError, QrError, RemoteSolverError } from '../../lib';

export type ErrorClass = abstract new (...args: never[]) => Error;

/** Engine messages that mean an input reached code that never checked it. */
export const ACCIDENTAL = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Invalid typed array length|Invalid array length|Array buffer allocation failed|Maximum call stack|Cannot mix BigInt|out of memory|Invalid atomic access|offset is out of bounds|must be called with new/;

export const TYPED: ErrorClass[] = [TypeError, RangeError, CholmodError, LuError, QrError, AmgError, DisposedError, MatrixMarketError, MeshFormatError, RemoteSolverError];

/** FUZZ_STRICT=1: known issues and known crashes are failures again instead of being tolerated. */
export const fuzzStrict = process.env.FUZZ_STRICT === '1';

/**
 * Findings reported to the owners of the code and not fixed yet. They are tolerated, and counted
 * (see `knownIssueHits`), so that `npm test` stays green meanwhile; FUZZ_STRICT=1 fails on them.
 */
export const KNOWN_ISSUES: Array<{ id: string; where: string; pattern: RegExp }> = [
];
export const knownIssueHits = new Map<string, number>();

/** Throws (failing the property) unless `error` is one of the typed errors and not an accidental one. */
export function assertTyped(error: unknown, allowed = TYPED): void {
  if (!(error instanceof Error)) {
    // An engine error raised in another realm (jest runs tests in a vm context whose TypeError is
    // not the main one's): judge it by its name.
    const foreign = Object.prototype.toString.call(error) === '[object Error]' ? (error as Error) : undefined;
    if (!foreign || !allowed.some((C) => C.name === foreign.name)) throw new Error(`threw a non-Error: ${String(error)}`);
    if (ACCIDENTAL.test(foreign.message)) throw new Error(`unchecked input (${foreign.name}): ${foreign.message}`);
    return;
  }
  const known = fuzzStrict ? undefined : KNOWN_ISSUES.find((k) => k.pattern.test(error.message));
  if (known) {
    knownIssueHits.set(known.id, (knownIssueHits.get(known.id) ?? 0) + 1);
    return;
  }
  if (!allowed.some((C) => error instanceof C)) {
    throw new Error(`untyped error ${error.constructor?.name}: ${error.message}`);
  }
  // A TypeError is expected for a wrong type, but not one the engine raised deep inside.
  if (ACCIDENTAL.test(error.message)) throw new Error(`unchecked input (${error.name}): ${error.message}`);
}

/** Runs fn; returns its value, or undefined after checking that what it threw is typed. */
export function typedOrValue<T>(fn: () => T, allowed = TYPED): T | undefined {
  try {
    return fn();
  } catch (error) {
    assertTyped(error, allowed);
    return undefined;
  }
}

/** As typedOrValue for a call that may throw synchronously or return a promise that may reject. */
export async function typedOrValueAsync<T>(fn: () => T | Promise<T>, allowed = TYPED): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    assertTyped(error, allowed);
    return undefined;
  }
}

/** For a call that must fail: it throws one of `classes`. */
export function expectThrows(fn: () => unknown, ...classes: ErrorClass[]): void {
  try {
    fn();
  } catch (error) {
    assertTyped(error, classes);
    return;
  }
  throw new Error(`expected ${classes.map((c) => c.name).join(' or ')}, nothing was thrown`);
}

/** For an async call that must fail: it rejects (or throws) with one of `classes`. */
export async function expectRejects(fn: () => Promise<unknown>, ...classes: ErrorClass[]): Promise<void> {
  try {
    await fn();
  } catch (error) {
    assertTyped(error, classes);
    return;
  }
  throw new Error(`expected ${classes.map((c) => c.name).join(' or ')}, nothing was thrown`);
}
