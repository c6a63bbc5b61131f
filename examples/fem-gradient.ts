/**
 * `npm run example:fem-gradient [-- nelx nely]`: the finite-element workflow of docs/fem.md, from
 * mesh to gradient. A 2 x 1 plate heated uniformly and held at T = 0 along its left edge
 * conducts the heat away; each element has its own conductivity κₑ. The example assembles the
 * conduction matrix onto a pattern computed once, eliminates the fixed temperatures, factorises,
 * refactorises for new conductivities, differentiates the temperature at a probe on the right
 * edge with respect to every κₑ (one adjoint solve with the same factor), and checks that
 * gradient against central finite differences.
 */
import {
  Assembly,
  Cholesky,
  type CholmodState,
  type DofMap,
  type Factor,
  SparseOperator,
  cholesky,
  eliminateDofs,
  linearSolveVjp,
  quadGrid,
  restrictElementDofs,
} from '../lib';
import { quadConduction, quadNodes } from './fem/heat';

/** The plate: 2 x 1, heat source q = 1 per unit area, T = 0 on the edge x = 0. */
const LENGTH = 2;
const HEIGHT = 1;
const SOURCE = 1;

export interface HeatPlate {
  nelx: number;
  nely: number;
  /** Free temperatures: the nodes off the cold edge, numbered 0..nFree−1. */
  dofs: DofMap;
  /** Assembly onto the free temperatures (lower triangle stored), 4 nodes per element. */
  assembly: Assembly;
  /** The conduction matrix of one element for κ = 1; element e contributes κₑ times it. */
  Ke: Float64Array;
  /** The heat load on the free temperatures. */
  load: Float64Array;
  /** The free-dof number of the probe, the node in the middle of the right edge. */
  probe: number;
}

/** Mesh, boundary condition, assembly pattern and load of an nelx x nely plate. */
export function heatPlate(nelx: number, nely: number): HeatPlate {
  const grid = quadGrid(nelx, nely);
  const elementNodes = quadNodes(grid); // one temperature per node: the node number is the dof
  const cold: number[] = [];
  for (let iy = 0; iy <= nely; iy++) cold.push(grid.node(0, iy));
  const dofs = eliminateDofs(grid.nNodes, cold);
  const assembly = new Assembly(dofs.nFree, restrictElementDofs(elementNodes, dofs), 4);
  const width = LENGTH / nelx;
  const height = HEIGHT / nely;
  // Each element spreads its heat q·w·h evenly over its four nodes (exact for bilinear shape
  // functions); the share of a node on the cold edge goes nowhere, its temperature is fixed.
  const load = new Float64Array(dofs.nFree);
  for (const node of elementNodes) {
    const free = dofs.toFree[node];
    if (free >= 0) load[free] += (SOURCE * width * height) / 4;
  }
  const probe = dofs.toFree[grid.node(nelx, Math.floor(nely / 2))];
  return { nelx, nely, dofs, assembly, Ke: quadConduction(width, height), load, probe };
}

/** New coefficients: a strip five times more conductive along the middle of the plate. */
export function stripConductivity({ nelx, nely }: HeatPlate): Float64Array {
  const kappa = new Float64Array(nelx * nely);
  for (let ex = 0; ex < nelx; ex++) {
    for (let ey = 0; ey < nely; ey++) {
      const y = ((ey + 0.5) / nely) * HEIGHT; // the element's centre; quadGrid numbers ey + ex·nely
      kappa[ey + ex * nely] = Math.abs(y - HEIGHT / 2) < 0.15 * HEIGHT ? 5 : 1;
    }
  }
  return kappa;
}

/**
 * The probe temperature and its gradient with respect to every κₑ, on a factor of the current
 * matrix. linearSolveVjp takes the factor as its solver state (nothing is factorised), solves
 * K T = load, and its pullback solves K λ = e_probe with the same factor; gatherScaled contracts
 * the cotangent on K's stored values with Ke element by element: ∂T_probe/∂κₑ = −λₑᵀ Ke Tₑ.
 */
export function probeGradient(plate: HeatPlate, factor: Factor, values: Float64Array): { temperature: number; gradient: Float64Array } {
  const K = new SparseOperator(plate.assembly.pattern.withValues(values), ['positiveSemidefinite']);
  const state: CholmodState = { n: factor.n, factor };
  using solve = linearSolveVjp(K, plate.load, new Cholesky(), { state });
  const probeBar = new Float64Array(plate.dofs.nFree);
  probeBar[plate.probe] = 1; // the objective T[probe] = ⟨e_probe, T⟩
  const { op: KBar } = solve.pullback(probeBar);
  if (KBar.kind !== 'sparse') throw new Error('a SparseOperator has a cotangent on its stored values');
  return { temperature: solve.value[plate.probe], gradient: plate.assembly.gatherScaled(KBar.values, plate.Ke) };
}

/** The probe temperature for conductivities κ: reassemble, refactor (numeric only), solve. */
export function probeTemperature(plate: HeatPlate, factor: Factor, kappa: Float64Array, values = new Float64Array(plate.assembly.nnz)): number {
  factor.refactor(plate.assembly.assembleScaled(plate.Ke, kappa, values));
  return factor.solve(plate.load)[plate.probe];
}

/**
 * ∂T_probe/∂κₑ by the fourth-order central difference
 *   (8 (T(κₑ + h) − T(κₑ − h)) − (T(κₑ + 2h) − T(κₑ − 2h))) / 12h,   h = step·κₑ,
 * for the given elements (default all): four refactorisations each. Its truncation error
 * falls like h⁴, so h can be large enough (1 % of κₑ) that rounding in T, amplified by 1/h,
 * stays near 1e-9 of the gradient; the two-point formula reaches only 1e-7 at its best h. The
 * factor is left refactored for κ.
 */
export function centralDifferences(plate: HeatPlate, factor: Factor, kappa: Float64Array, elements: Iterable<number> = kappa.keys(), step = 1e-2): Float64Array {
  const derivatives = new Float64Array(kappa.length).fill(NaN);
  const shifted = kappa.slice();
  const values = new Float64Array(plate.assembly.nnz);
  const temperatureAt = (e: number, offset: number) => {
    shifted[e] = kappa[e] + offset;
    const t = probeTemperature(plate, factor, shifted, values);
    shifted[e] = kappa[e];
    return t;
  };
  for (const e of elements) {
    const h = step * kappa[e];
    const near = temperatureAt(e, h) - temperatureAt(e, -h);
    const far = temperatureAt(e, 2 * h) - temperatureAt(e, -2 * h);
    derivatives[e] = (8 * near - far) / (12 * h);
  }
  probeTemperature(plate, factor, kappa, values);
  return derivatives;
}

/** max |a − b| / max |b|: an error relative to the gradient as a whole, not to its smallest entries. */
export function relativeError(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  let largest = 0;
  for (let k = 0; k < b.length; k++) {
    worst = Math.max(worst, Math.abs(a[k] - b[k]));
    largest = Math.max(largest, Math.abs(b[k]));
  }
  return worst / largest;
}

function main(): void {
  const [nelx, nely] = [process.argv[2] ?? '40', process.argv[3] ?? '20'].map(Number);
  const started = performance.now();
  const plate = heatPlate(nelx, nely);
  const { assembly, Ke } = plate;
  const nElements = nelx * nely;

  // Factorise the nominal plate, κ = 1 everywhere: the one symbolic analysis of the run.
  const values = assembly.assembleScaled(Ke, new Float64Array(nElements).fill(1));
  using factor = cholesky(assembly.pattern.withValues(values));
  const nominal = factor.solve(plate.load)[plate.probe];

  // New coefficients on the same pattern: reassemble into the same array, refactor the values.
  const kappa = stripConductivity(plate);
  assembly.assembleScaled(Ke, kappa, values);
  factor.refactor(values);

  const t0 = performance.now();
  const { temperature, gradient } = probeGradient(plate, factor, values);
  const adjointMs = performance.now() - t0;
  const t1 = performance.now();
  const fd = centralDifferences(plate, factor, kappa);
  const fdMs = performance.now() - t1;
  // T is homogeneous of degree −1 in κ (K scales with κ, the load does not): Σ κₑ ∂T/∂κₑ = −T.
  const euler = gradient.reduce((sum, g, e) => sum + kappa[e] * g, 0);

  const row = (label: string, value: string) => console.log(`${label.padEnd(32)} ${value}`);
  console.log(`Heat conduction in a ${LENGTH} × ${HEIGHT} plate, T = 0 on the left edge; ${nelx} × ${nely} bilinear quads`);
  row('free temperatures', assembly.n.toLocaleString('en-US'));
  row('nnz(K) (lower)', assembly.nnz.toLocaleString('en-US'));
  row('probe temperature, κ = 1', `${nominal.toFixed(9)}  (1-D exact: ${((SOURCE * LENGTH ** 2) / 2).toFixed(9)})`);
  row('probe temperature, strip', temperature.toFixed(9));
  row('gradient, adjoint', `${adjointMs.toFixed(1)} ms (one solve, one adjoint solve, one gather)`);
  row('gradient, finite differences', `${fdMs.toFixed(0)} ms (${4 * nElements} refactorisations)`);
  row('factorisations', `${factor.info.factorizations} numeric after one analysis`);
  console.log('');
  console.log('| element (ex, ey) | adjoint | finite difference | relative error |');
  console.log('| --- | --- | --- | --- |');
  const middle = Math.floor(nely / 2);
  for (const [ex, ey] of [[0, middle], [Math.floor(nelx / 2), middle], [nelx - 1, middle], [Math.floor(nelx / 2), 0]]) {
    const e = ey + ex * nely;
    const error = Math.abs(gradient[e] - fd[e]) / Math.abs(fd[e]);
    console.log(`| (${ex}, ${ey}) | ${gradient[e].toExponential(9)} | ${fd[e].toExponential(9)} | ${error.toExponential(1)} |`);
  }
  console.log('');
  const error = relativeError(gradient, fd);
  row('max |adjoint − FD| / max |FD|', error.toExponential(1));
  row('|Σ κₑ ∂T/∂κₑ + T| / T', (Math.abs(euler + temperature) / temperature).toExponential(1));
  row('total', `${(performance.now() - started).toFixed(0)} ms`);
  if (!(error < 1e-6)) {
    console.error('the adjoint gradient does not match finite differences');
    process.exitCode = 1;
  }
}

if (require.main === module) main();
