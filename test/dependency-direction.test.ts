/**
 * Dependencies between test/ and bench/ run one way: bench/ may import test helpers (the fuzz
 * runner imports test/properties/), but nothing under test/ imports from bench/ or runs a path
 * under bench/, so the suite never needs the benchmarks. A finding names the file and the line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { benchDependenciesOfSource, benchDependenciesUnder, type BenchDependency } from './helpers/bench-dependencies';
import { REPO } from './helpers/spawn';

const describeFinding = (f: BenchDependency): string => `${f.file}:${f.line}: ${f.what}   | ${f.code}`;

describe('dependencies run one way: bench/ may use test/, never the reverse', () => {
  it('no TypeScript file under test/ imports from bench/ or runs a path under bench/', () => {
    expect(benchDependenciesUnder(REPO, join(REPO, 'test')).map(describeFinding)).toEqual([]);
  });

  it('the check reports every kind of import and path in a sample, and nothing in comments', () => {
    const sample = readFileSync(join(__dirname, 'fixtures', 'bench-dependencies.sample.txt'), 'utf8');
    const marked = sample.split('\n').flatMap((text, k) => (text.endsWith('// flagged') ? [k + 1] : []));
    const found = benchDependenciesOfSource(REPO, join(REPO, 'test', 'sample.ts'), sample);
    expect([...new Set(found.map((f) => f.line))]).toEqual(marked);
    expect(found.every((f) => f.file === 'test/sample.ts')).toBe(true);
  });
});
