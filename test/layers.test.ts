/**
 * The shape of lib/: no import circle (type-only imports count: they still tie two files to
 * each other), and lib/native.ts is the bottom layer, importing nothing from lib/ but the error
 * classes the addon raises.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const lib = path.resolve(__dirname, '..', 'lib');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The lib/ files a file imports (relative specifiers, resolved to .ts or index.ts). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => m[1]);
  return specifiers.map((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    const candidates = [`${base}.ts`, path.join(base, 'index.ts')];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) throw new Error(`${path.relative(lib, file)} imports ${spec}, which does not resolve`);
    return found;
  });
}

/** One import circle, as a list of files relative to lib/, or undefined. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle.map((f) => path.relative(lib, f));
  }
  return undefined;
}

describe('the layers of lib/', () => {
  const graph = new Map(sourceFiles(lib).map((file) => [file, importsOf(file)]));

  it('has no import circle', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(findCycle(graph)).toBeUndefined();
  });

  it('finds a circle when there is one (the check can fail)', () => {
    const a = path.join(lib, 'a.ts'), b = path.join(lib, 'b.ts'), c = path.join(lib, 'c.ts');
    expect(findCycle(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCycle(new Map([[a, [b]], [b, [c]], [c, []]]))).toBeUndefined();
  });

  it('keeps lib/native.ts at the bottom: it imports only the error classes it hands to the addon, which import nothing', () => {
    // Each engine's error classes live in its own folder (cholmod/errors.ts, …), the one every
    // kind shares in handles/; each of those files imports nothing.
    const imported = graph.get(path.join(lib, 'native.ts'))!;
    expect(imported.length).toBeGreaterThan(0);
    for (const file of imported) {
      expect(path.relative(lib, file)).toMatch(/^\w+\/(errors|disposed-error)\.ts$/);
      expect(graph.get(file)).toEqual([]);
    }
  });

  it('keeps lib/mesh below lib/fem and lib/plot: it imports nothing from lib/ but lib/sparse', () => {
    const mesh = path.join(lib, 'mesh');
    const outside = [...graph.entries()]
      .filter(([file]) => file.startsWith(mesh + path.sep))
      .flatMap(([file, imports]) => imports.filter((f) => !f.startsWith(mesh + path.sep) && !f.startsWith(path.join(lib, 'sparse') + path.sep)).map((f) => `${path.relative(lib, file)} → ${path.relative(lib, f)}`));
    expect(outside).toEqual([]);
  });

  it('loads the addon in one place', () => {
    // Whoever knows where the .node file lives is a loader.
    const loaders = [...graph.keys()].filter((file) => /spsolve\.node|spsolve\.napi|'Release'/.test(fs.readFileSync(file, 'utf8')));
    expect(loaders.map((f) => path.relative(lib, f))).toEqual(['native.ts']);
  });
});
