/**
 * Faults that must not take the process down: CHOLMOD out of memory, METIS refused by CHOLMOD's
 * memory guard, a worker thread terminated in the middle of an async factorisation. Each runs
 * the harness test/harness/faults.ts, compiled (by `pretest`, or here when dist/ is older than
 * the sources), in a child process, so that a fault that does kill the process fails the test
 * instead of killing jest. The slow variants and their numbers are in docs/reliability.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { REPO, ensureBuilt } from './helpers/spawn';

const HARNESS = 'dist/test/harness/faults.js';
const script = path.join(REPO, HARNESS);

beforeAll(() => ensureBuilt([HARNESS], ['lib', 'test/harness']));

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  result: Record<string, any>;
  output: string;
}

function runFault(...args: string[]): Run {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 110_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('FAULT '));
  return { status: run.status, signal: run.signal, result: line ? JSON.parse(line.slice(6)) : {}, output: `${run.stdout}\n${run.stderr}`.slice(-3000) };
}

// With overcommit_memory = 1 the kernel grants any malloc and the OOM killer decides instead.
const overcommitAlways = fs.existsSync('/proc/sys/vm/overcommit_memory') && fs.readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim() === '1';

describe('faults', () => {
  (overcommitAlways ? it.skip : it)('CHOLMOD out of memory is a CholmodError; the process lives on and later calls work', () => {
    // poisson3d(90) in the natural order: nnz(L) ≈ 5.9e9, 47 GB of values.
    const run = runFault('oom', '90');
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null });
    expect(run.result.error).toMatchObject({ name: 'CholmodError', code: 'CHOLMOD_OUT_OF_MEMORY', isCholmodError: true });
    expect(run.result.laterCallWorks).toBe(true);
    expect(run.result.liveHandles).toBe(0);
  });

  it('a worker terminated in the middle of choleskyAsync does not crash the process; the main thread keeps factorising', () => {
    const run = runFault('worker', '30');
    expect({ status: run.status, signal: run.signal, output: run.status === 0 ? '' : run.output }).toEqual({ status: 0, signal: null, output: '' });
    for (const o of run.result.outcomes) expect(o.mainFactorWorks).toBe(true);
    expect(run.result.mainStillWorks).toBe(true);
    expect(run.result.liveHandles).toBe(0);
  });

  // ASan reserves terabytes of address space for its shadow memory: no address-space limit there.
  const underAsan = /libasan/.test(process.env.LD_PRELOAD ?? '');
  (underAsan ? it.skip : it)('METIS refused by the memory guard under an address-space limit: AMD is used instead', () => {
    const run = runFault('metis-guard', '400');
    expect(run.status).toBe(0);
    const report = run.result;
    expect(report.limited[0].result).toMatchObject({ orderingUsed: 'amd', laterCallWorks: true, liveHandles: 0 });
    expect(report.unlimited.result).toMatchObject({ orderingUsed: 'metis' });
  });
});
