/**
 * Running the compiled command and examples the way a user does: `node dist/...`. The tests
 * first make sure dist/ is not older than the TypeScript it comes from (compiling when it is),
 * so a stale build is never what gets tested.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Compiles with tsc unless every `outputs` file (relative to the repo) is newer than all the
 * TypeScript under `sources` (folders relative to the repo; lib/ and examples/ unless given).
 */
export function ensureBuilt(outputs: string[], sources: string[] = ['lib', 'examples']): void {
  const newest = Math.max(...sources.map((dir) => newestSource(join(REPO, dir))));
  const fresh = outputs.every((file) => {
    const path = join(REPO, file);
    return existsSync(path) && statSync(path).mtimeMs >= newest;
  });
  if (fresh) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'pipe' });
  } catch (error) {
    // tsc still emits when another part of the tree has type errors; the outputs decide.
    const missing = outputs.filter((file) => !existsSync(join(REPO, file)));
    if (missing.length > 0) throw new Error(`tsc failed and did not produce ${missing.join(', ')}: ${String(error)}`);
  }
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <script> ...args` from the repository root (or `cwd`). */
export function runNode(script: string, args: string[], opts: { cwd?: string; input?: string } = {}): Run {
  const result = spawnSync(process.execPath, [join(REPO, script), ...args], {
    cwd: opts.cwd ?? REPO,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, SPSOLVE_DEBUG: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
