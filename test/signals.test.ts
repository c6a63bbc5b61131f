/**
 * Signals sent to the process while orderings run reach Node. METIS, as shipped, installs its own
 * SIGTERM and SIGABRT handlers (process-wide) during every call; a SIGTERM to a server in the middle
 * of an ordering then ran METIS's handler, which jumped through another thread's state: a segfault.
 * The bundled build compiles METIS's error handling without them (cmake/bundled-suitesparse.cmake).
 * The system-library build links the distribution's libmetis, which keeps them: there METIS
 * orderings and signals must not meet (docs/building.md), and this test runs AMD orderings instead.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildInfo } from '../lib';
import { ensureBuilt, REPO } from './helpers/spawn';

const ordering = buildInfo().flavor === 'bundled' ? 'metis' : 'amd';

test(`SIGTERM every 20 ms while four ${ordering} orderings run: every signal reaches Node's handler, nothing crashes`, () => {
  ensureBuilt(['dist/test/harness/signals.js'], ['lib', 'test/harness']);
  const child = spawnSync(process.execPath, [path.join(REPO, 'dist', 'test', 'harness', 'signals.js'), ordering, '2'],
                          { encoding: 'utf8' });
  expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  const { sent, received, jobs, failures } = JSON.parse(child.stdout) as Record<string, number>;
  expect(sent).toBeGreaterThan(20);
  expect(jobs).toBeGreaterThan(0);
  expect(received).toBe(sent);
  expect(failures).toBe(0);
});
