/**
 * Property-based tests of every public entry point and of the raw native surface.
 *
 * Two kinds of property:
 * - valid input: the result agrees with an independent dense reference (test/helpers/dense.ts);
 * - invalid input: the call either succeeds (the input happened to be valid) or throws one of
 *   spsolve's typed errors, never a crash, never an accidental engine error ("Cannot read
 *   properties of undefined", "Invalid typed array length", ...) that shows an input went
 *   unchecked (outcomes.ts).
 *
 * Used by test/fuzz.test.ts (a few dozen runs each, inside `npm test`) and by the fuzz runner of
 * bench/ (`npm run fuzz`: many runs in child processes, so that a crash is observed and reported
 * with its seed instead of killing the runner). So nothing here may depend on jest.
 */
import { API_PROPERTIES } from './api';
import { CSC_PROPERTIES } from './csc';
import { FACTOR_PROPERTIES } from './factor';
import { FACTOR_API_PROPERTIES } from './factor-api';
import { FACTOR_BATCH_ASYNC_PROPERTIES } from './factor-batch-async';
import { FACTOR_INVALID_PROPERTIES } from './factor-invalid';
import { FACTOR_MODIFY_PROPERTIES } from './factor-modify';
import { LINEAR_SOLVE_PROPERTIES } from './linear-solve';
import { LU_PROPERTIES } from './lu';
import { MATRIX_MARKET_PROPERTIES } from './matrix-market';
import { MESH_PROPERTIES } from './mesh';
import type { NamedProperty } from './named-property';
import { NATIVE_PROPERTIES } from './native';
import { QR_PROPERTIES } from './qr';

export type { NamedProperty } from './named-property';
export { KNOWN_ISSUES, knownIssueHits } from './outcomes';
export { KNOWN_CRASHES, uncheckedHits } from './api';

/**
 * Every property, in a fixed order: `npm run fuzz` gives batches consecutive seeds in this order,
 * so a reported base seed replays the same cases only while the order stays.
 */
export const PROPERTIES: NamedProperty[] = [
  ...CSC_PROPERTIES,
  ...FACTOR_PROPERTIES,
  ...FACTOR_MODIFY_PROPERTIES,
  ...FACTOR_API_PROPERTIES,
  ...FACTOR_BATCH_ASYNC_PROPERTIES,
  ...FACTOR_INVALID_PROPERTIES,
  ...NATIVE_PROPERTIES,
  ...MATRIX_MARKET_PROPERTIES,
  ...LINEAR_SOLVE_PROPERTIES,
  ...API_PROPERTIES,
  // Last: adding properties must not shift the seeds of the ones before.
  ...LU_PROPERTIES,
  ...QR_PROPERTIES,
  ...MESH_PROPERTIES,
];
