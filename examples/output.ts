/**
 * Where the examples write their files: the path given on the command line, or a default name
 * under out/ in the working directory (git-ignored), so that running an example from a checkout
 * never leaves files among the sources.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder the examples write into when no path is given. */
export const OUTPUT_DIR = 'out';

/** `given`, or out/`defaultName`; the folder that will hold it is created. */
export function outputPath(given: string | undefined, defaultName: string): string {
  const path = given ?? join(OUTPUT_DIR, defaultName);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
