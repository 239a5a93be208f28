// ν_J, the limiting spectrum of JᵀJ for J = D_L W_L ⋯ D_1 W_1 (spec §5–§7): density on a grid by the
// Newton-lilypads engine with neighbour continuation, the exact CDF from the primitive Φ on a geometric
// path, quantiles, atoms, moments, support edges, diagnostics — and FreeNN-compat mode (§6.8), which
// reproduces FreeNN's published arrays with its pass, sweep, window and quantile rules.
import { SpectraError, throwIfAborted } from '@spectra/core';
import { resolveJacobianArchitecture, type JacobianArchitecture, type ResolvedArchitecture } from './jacobian-architecture.js';
import { bernoulliMasterEquation, generalMasterEquation, type JacobianMasterEquation } from './jacobian-master-equation.js';
import { LilypadSolver, type LilypadDiagnostics } from './lilypads.js';
import { geometricCdfPath, quantilesFromCdf, type QuantileTable } from './quantiles-from-cdf.js';
import type { ProgressOptions } from './types.js';
import { finiteArray, requireInteger, requirePositive } from './validate.js';

/** Options of `jacobianSpectrum` (spec §12). */
export interface JacobianSpectrumOptions extends ProgressOptions {
  /**
   * Density grid: explicit x values (any order), or `{ points, from, to }`: `points` (default 1000) uniform
   * points on [from, to], both ends included, or on (0, to] when `from` is omitted (`to` defaults to 1.02·x₊,
   * x₊ the upper edge `support.upper`). Default: 1000 points on (0, 1.02·x₊], x = 0 (the atom) excluded.
   */
  grid?: ArrayLike<number> | { points?: number; from?: number; to?: number };
  /** Im z of the density (default 1e-10, §6.7; general D-laws 1e-7). */
  imaginaryPart?: number;
  /** D² laws from the per-layer q_l (default) or every layer at its fixed point q*. */
  dLaw?: 'perLayer' | 'fixedPoint';
  /** Gaussian (default) or Haar-orthogonal weights (square layers only, else `E_ARGUMENT`). */
  weights?: 'gaussian' | 'orthogonal';
  /** `'fanIn'` (default, He/PyTorch: Var W_l = σ²/N_{l−1}) or `'fanOut'` (FreeNN: σ²/N_l). */
  normalisation?: 'fanIn' | 'fanOut';
  /** `'exact'` (default) or `'freennCompat'` (§6.8). */
  mode?: 'exact' | 'freennCompat';
  /**
   * Kantorovich-certified Newton steps. Default: true for Bernoulli D² laws (ReLU, hard-tanh, linear,
   * hard-sine), false for general D-laws, which cannot be certified (`certified: true` for them is `E_ARGUMENT`).
   */
  certified?: boolean;
  /** Compute the exact CDF and quantiles (default true; mode 'exact' only). */
  cdf?: boolean;
  /**
   * Geometric CDF path: points (default 1500) from `cdfFrom`·x_max (default 1e-40; general D-laws 1e-12)
   * to x_max = 1.02·x₊, then 49 uniform points to 1.05·x_max.
   */
  cdfPoints?: number;
  /** Start of the CDF path relative to x_max, in (0, 1) (default 1e-40; general D-laws 1e-12). */
  cdfFrom?: number;
  /** Quantile levels in (0, 1) (default the deciles 0.1 … 0.9). */
  quantileLevels?: readonly number[];
  /** Gauss–Hermite nodes of continuous D² laws (default 200). */
  derivativeLawNodes?: number;
  /** FreeNN-compat settings (mode 'freennCompat'). */
  freenn?: FreennCompatOptions;
}

/** FreeNN's pipeline (spec §6.8); defaults are FreeNN's `newton_lilypads.py`. */
export interface FreennCompatOptions {
  /** Interval [A, B] (default [−0.05, 1.02]·x₊). */
  interval?: readonly [number, number];
  /** Grid points N (default 1000), uniform on [A, B] including both ends. */
  points?: number;
  /** Im z of the passes (default [0.1, 0.01, 1e-3, 1e-4]). */
  passes?: readonly number[];
  /** Half-width of the window around 0 skipped by passes with y ≤ 0.01, in units of x (default 0.02). */
  window?: number;
}

/** The solver's counters of one `jacobianSpectrum` call (density, CDF path and, in compat mode, every pass). */
export interface JacobianDiagnostics extends LilypadDiagnostics {
  /** 'polynomial' (Bernoulli D², factored master polynomial) or 'generalDLaw'. */
  solver: 'polynomial' | 'generalDLaw';
  /** Indices of grid points whose solve failed (density NaN there). */
  failedPoints: number[];
  /** Indices of CDF path points whose solve failed. */
  failedCdfPoints: number[];
}

/** Everything `jacobianSpectrum` returns: reproducible from `options` and `architecture`. */
export interface JacobianSpectrum {
  /** The density grid. */
  x: Float64Array;
  /**
   * Density of the continuous part at `x` (atoms removed: −Im(G − Σ atoms/(z − a))/π at Im z =
   * `imaginaryPart`); NaN where the solve failed (`diagnostics.failedPoints`). Mode 'freennCompat': FreeNN's
   * max(0, −Im G/π) of the last pass, atom's Lorentzian included.
   */
  density: Float64Array;
  /** Exact CDF F(x) = ν_J((−∞, x]) (atom included) on the geometric path (empty with `cdf: false` or in compat mode). */
  cdf: { x: Float64Array; F: Float64Array };
  /**
   * Quantiles from the exact CDF on the path, interpolated in log x between path points (spec §6.7, as the
   * reference files: 5e-6 relative from the exact quantile at the 90 % level of ReLU L = 4 with 1500 points);
   * compat mode: FreeNN's cumsum-rule deciles; empty with `cdf: false`.
   */
  quantiles: QuantileTable;
  /** Mass of the atom at 0. */
  atom: number;
  /** All atoms (0, and Π σ_l² for Haar layers with Bernoulli D²). */
  atoms: Array<{ location: number; mass: number }>;
  /** m₁ = ∫ x ν_J(dx) (closed form from the S-transform). */
  mean: number;
  /** m₂ = ∫ x² ν_J(dx) (closed form). */
  secondMoment: number;
  /** Support of the continuous part: [lower, upper] (lower > 0 when there is a gap above the atom). */
  support: { lower: number; upper: number };
  /**
   * Resolved layers in fan-out units: λ_l, Λ_l, σ_l² (fan-out gain), σ_{b,l}², q_l, the activation's name,
   * p = P(D_l² > 0) (the Bernoulli parameter for Bernoulli laws), μ₁ = E[D_l²] and μ₂ = E[D_l⁴].
   */
  layers: Array<{ lambda: number; Lambda: number; sigma2: number; sigmaB2: number; q: number; activation: string; p: number; mu1: number; mu2: number }>;
  /** Solver counters and the indices of failed points. */
  diagnostics: JacobianDiagnostics;
  /** FreeNN-compat extras (mode 'freennCompat'): per-pass densities and the FreeNN-rule quantiles. */
  freenn?: { passes: number[]; densities: Float64Array[]; quantiles: QuantileTable; interval: [number, number] };
  /** The mode that produced this result. */
  mode: 'exact' | 'freennCompat';
  /** The architecture as given. */
  architecture: JacobianArchitecture;
  /** The options as given (without `onProgress` and `signal`). */
  options: Omit<JacobianSpectrumOptions, 'onProgress' | 'signal'>;
}

/** Builds the master equation for a resolved architecture (internal; shared with the Monte-Carlo twin). */
export function masterEquationFor(arch: ResolvedArchitecture, weights: 'gaussian' | 'orthogonal'): JacobianMasterEquation {
  const orthogonal = weights === 'orthogonal';
  if (orthogonal && arch.layers.some((l) => l.lambda !== 1)) {
    throw new SpectraError(
      'E_ARGUMENT',
      "weights 'orthogonal' needs square layers (every λ_l = N_{l−1}/N_l = 1): the rectangular orthogonal law is unverified (spec §5)",
    );
  }
  return arch.bernoulli ? bernoulliMasterEquation(arch, orthogonal) : generalMasterEquation(arch, orthogonal);
}

function defaultGrid(upper: number, points: number, from?: number, to?: number): Float64Array {
  const hi = to ?? 1.02 * upper;
  const lo = from ?? 0;
  const out = new Float64Array(points);
  // (lo, hi]: x = lo excluded when lo = 0 (the atom's pole), as in the reference files.
  for (let i = 1; i <= points; i++) out[i - 1] = lo + ((hi - lo) * i) / points;
  if (from !== undefined && to !== undefined) for (let i = 0; i < points; i++) out[i] = points === 1 ? lo : lo + ((hi - lo) * i) / (points - 1);
  return out;
}

/** Solves at every x of `xs` (ascending indices in `order`) by one continued sweep; writes u into ur/ui. */
function sweep(
  solver: LilypadSolver,
  xs: ArrayLike<number>,
  ys: ArrayLike<number> | number,
  order: number[],
  ur: Float64Array,
  ui: Float64Array,
  failed: number[],
  tick: () => void,
  stopAtFailure = false,
  barriers: readonly number[] = [],
): void {
  solver.reset();
  let stopped = false;
  let previous = NaN;
  for (const i of order) {
    // Never continue across an atom away from 0 (Haar layers: Π σ_l²): G has a pole there and two roots
    // nearly collide next to it, so a horizontal step just above the axis can certify the wrong one —
    // restart with a vertical approach instead (as §6.5 does at 0).
    const x = xs[i]!;
    for (let k = 0; k < barriers.length; k++) if ((previous - barriers[k]!) * (x - barriers[k]!) <= 0) solver.reset();
    previous = x;
    if (stopped) {
      ur[i] = NaN;
      ui[i] = NaN;
      failed.push(i);
      tick();
      continue;
    }
    const y = typeof ys === 'number' ? ys : ys[i]!;
    if (solver.solve(xs[i]!, y)) {
      ur[i] = solver.mRe;
      ui[i] = solver.mIm;
    } else {
      ur[i] = NaN;
      ui[i] = NaN;
      failed.push(i);
      if (stopAtFailure) stopped = true;
    }
    tick();
  }
}

function validateOptions(options: JacobianSpectrumOptions): void {
  if (!options || typeof options !== 'object') throw new SpectraError('E_ARGUMENT', 'jacobianSpectrum: options must be an object');
  if (options.mode !== undefined && options.mode !== 'exact' && options.mode !== 'freennCompat') {
    throw new SpectraError('E_ARGUMENT', `jacobianSpectrum: mode must be 'exact' or 'freennCompat', got ${String(options.mode)}`);
  }
  if (options.weights !== undefined && options.weights !== 'gaussian' && options.weights !== 'orthogonal') {
    throw new SpectraError('E_ARGUMENT', `jacobianSpectrum: weights must be 'gaussian' or 'orthogonal', got ${String(options.weights)}`);
  }
  if (options.imaginaryPart !== undefined) requirePositive(options.imaginaryPart, 'jacobianSpectrum: imaginaryPart');
  if (options.cdfPoints !== undefined) requireInteger(options.cdfPoints, 'jacobianSpectrum: cdfPoints', 2, 10_000_000);
  if (options.cdfFrom !== undefined) {
    const f = requirePositive(options.cdfFrom, 'jacobianSpectrum: cdfFrom');
    if (!(f < 1)) throw new SpectraError('E_ARGUMENT', `jacobianSpectrum: cdfFrom must be in (0, 1), got ${f}`);
  }
  if (options.quantileLevels !== undefined) {
    finiteArray(options.quantileLevels, 'jacobianSpectrum: quantileLevels').forEach((v, i) => {
      if (!(v > 0 && v < 1)) throw new SpectraError('E_ARGUMENT', `jacobianSpectrum: quantileLevels[${i}] must be in (0, 1), got ${v}`);
    });
  }
}

/**
 * The singular-value spectrum of the input–output Jacobian of a deep fully connected net at
 * initialisation: the limiting law ν_J of JᵀJ (N₀ × N₀) by the Newton-lilypads solver (spec §5–§7).
 *
 * @example
 * ```ts
 * import { jacobianSpectrum } from '@spectra/free-prob';
 * // ReLU, 4 square layers, He init (σ² = 2): reference/free-prob/jacobian/relu_L4_square_he_fanout.json.
 * const r = jacobianSpectrum({ depth: 4, activation: 'relu', sigmaW2: 2 });
 * r.atom;                // 0.5
 * r.mean;                // 1
 * r.secondMoment;        // 9
 * r.support.upper;       // 21.858249318046912 (x₊)
 * r.x.length;            // 1000
 * r.quantiles.values;    // [0, 0, 0, 0, 0, 0.0033737126…, 0.0768877493…, 0.5813709791…, 3.0417300339…]
 * r.diagnostics.failures; // 0
 * ```
 */
export function jacobianSpectrum(architecture: JacobianArchitecture, options: JacobianSpectrumOptions = {}): JacobianSpectrum {
  validateOptions(options);
  const { onProgress, signal, ...rest } = options;
  throwIfAborted(signal);
  const arch = resolveJacobianArchitecture(architecture, {
    normalisation: options.normalisation ?? 'fanIn',
    dLaw: options.dLaw ?? 'perLayer',
    derivativeLawNodes: options.derivativeLawNodes ?? 200,
  });
  const weights = options.weights ?? 'gaussian';
  const master = masterEquationFor(arch, weights);
  const certifiedRequested = options.certified ?? master.kind === 'polynomial';
  if (certifiedRequested && master.kind !== 'polynomial') {
    throw new SpectraError(
      'E_ARGUMENT',
      'jacobianSpectrum: certified: true needs Bernoulli D² laws (ReLU, hard-tanh, linear, hard-sine); general D-laws are solved by an uncertified trial-Newton test (pass certified: false)',
    );
  }
  const mode = options.mode ?? 'exact';
  const solver = new LilypadSolver(master.equation, { certified: certifiedRequested });
  // General D-laws are discretised by quadrature nodes, which act as poles as w nears them (§5): their
  // default Im z is the reference's 1e-7 rather than 1e-10.
  const general = master.kind === 'generalDLaw';
  const y0 = options.imaginaryPart ?? (general ? 1e-7 : 1e-10);
  const x = buildGrid(options.grid, master.upperEdge);

  // Work units for progress: grid points (+ CDF points) (+ passes in compat mode).
  const cdfWanted = mode === 'exact' && (options.cdf ?? true);
  const cdfPoints = options.cdfPoints ?? 1500;
  // Below ~1e-13·x_max the discrete D² laws of general activations no longer resolve ν_J (the nodes of
  // the D² law act as poles: measured for tanh L = 8, continuation stalls at 3e-14·x_max): their path
  // starts at 1e-12·x_max, and levels below F(x_min) are flagged as upper bounds.
  const cdfFrom = options.cdfFrom ?? (general ? 1e-12 : 1e-40);
  const compat = mode === 'freennCompat' ? resolveCompat(options.freenn, master.upperEdge) : null;
  const totalUnits = compat ? compat.grid.length * compat.passes.length : x.length + (cdfWanted ? cdfPoints + 49 : 0);
  let done = 0;
  const tick = (): void => {
    done++;
    if ((done & 127) === 0) {
      throwIfAborted(signal);
      onProgress?.(Math.min(1, done / totalUnits));
    }
  };

  const layers = arch.layers.map((l) => ({
    lambda: l.lambda,
    Lambda: l.Lambda,
    sigma2: l.sigma2,
    sigmaB2: l.sigmaB2,
    q: l.q,
    activation: l.activation.name,
    p: l.law.kind === 'bernoulli' ? l.law.p : l.law.positiveMass,
    mu1: l.law.mean,
    mu2: l.law.secondMoment,
  }));
  const atom = master.atoms.find((a) => a.location === 0)?.mass ?? 0;
  const failedPoints: number[] = [];
  const failedCdfPoints: number[] = [];

  if (compat) {
    const out = freennCompat(solver, master, compat, failedPoints, tick);
    onProgress?.(1);
    return {
      x: compat.grid,
      density: out.densities[out.densities.length - 1]!,
      cdf: { x: new Float64Array(0), F: new Float64Array(0) },
      quantiles: out.quantiles,
      atom,
      atoms: master.atoms,
      mean: master.mean,
      secondMoment: master.secondMoment,
      support: { lower: master.lowerEdge, upper: master.upperEdge },
      layers,
      diagnostics: { ...solver.diagnostics, solver: master.kind, failedPoints, failedCdfPoints },
      freenn: { passes: [...compat.passes], densities: out.densities, quantiles: out.quantiles, interval: [compat.grid[0]!, compat.grid[compat.grid.length - 1]!] },
      mode,
      architecture,
      options: rest,
    };
  }

  // Density: x > 0 swept right to left from a fresh start at the right end, x ≤ 0 left to right (§6.5).
  const n = x.length;
  const ur = new Float64Array(n);
  const ui = new Float64Array(n);
  const idx: number[] = [];
  let ascending = true;
  for (let i = 0; i < n; i++) {
    idx.push(i);
    if (i > 0 && !(x[i]! >= x[i - 1]!)) ascending = false;
  }
  if (!ascending) idx.sort((a, b) => x[a]! - x[b]!);
  const positive: number[] = [];
  const nonPositive: number[] = [];
  for (let k = idx.length - 1; k >= 0; k--) if (x[idx[k]!]! > 0) positive.push(idx[k]!);
  for (let k = 0; k < idx.length; k++) if (x[idx[k]!]! <= 0) nonPositive.push(idx[k]!);
  const barriers = master.atoms.filter((a) => a.location !== 0).map((a) => a.location);
  sweep(solver, x, y0, positive, ur, ui, failedPoints, tick, false, barriers);
  sweep(solver, x, y0, nonPositive, ur, ui, failedPoints, tick);
  const density = new Float64Array(n);
  const g = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(ur[i]!)) {
      density[i] = NaN;
      continue;
    }
    // Continuous part: −Im(G − Σ atoms/(z − a))/π.
    master.greenFunction(x[i]!, y0, ur[i]!, ui[i]!, g);
    density[i] = -g[3]! / Math.PI;
  }

  let cdfX: Float64Array = new Float64Array(0);
  let cdfF: Float64Array = new Float64Array(0);
  let quantiles: QuantileTable = { levels: [], values: [], upperBound: [] };
  const levels = options.quantileLevels ? [...options.quantileLevels] : [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  if (cdfWanted) {
    const xMax = 1.02 * master.upperEdge;
    cdfX = geometricCdfPath(cdfFrom * xMax, xMax, cdfPoints, 49);
    const m = cdfX.length;
    const cr = new Float64Array(m);
    const ci = new Float64Array(m);
    // Relative smoothing Im z = κ·x keeps z close to the axis on every scale of the path (κ = 1e-10;
    // general D-laws 1e-6 as spec §5, smoothing the poles of their discrete D² laws).
    const kappa = general ? 1e-6 : 1e-10;
    const ys = cdfX.map((v) => kappa * v);
    const order = Array.from({ length: m }, (_, i) => m - 1 - i);
    // Downward sweep; after a failure the smaller x are not attempted (each would cost a fresh start).
    sweep(solver, cdfX, ys, order, cr, ci, failedCdfPoints, tick, true, barriers);
    cdfF = new Float64Array(m);
    const scratch = new Float64Array(4);
    for (let i = 0; i < m; i++) {
      if (Number.isNaN(cr[i]!)) {
        cdfF[i] = NaN;
        continue;
      }
      // General D-laws read their w_l from the last evaluation: evaluate at the solution first.
      if (master.kind === 'generalDLaw') master.equation.evaluate(cdfX[i]!, ys[i]!, cr[i]!, ci[i]!, scratch);
      cdfF[i] = Math.min(1, Math.max(0, master.cdfFromSolution(cr[i]!, ci[i]!)));
    }
    const okX: number[] = [];
    const okF: number[] = [];
    for (let i = 0; i < m; i++) {
      if (!Number.isNaN(cdfF[i]!)) {
        okX.push(cdfX[i]!);
        okF.push(cdfF[i]!);
      }
    }
    quantiles = quantilesFromCdf(okX, okF, levels, atom);
  }
  onProgress?.(1);
  return {
    x,
    density,
    cdf: { x: cdfX, F: cdfF },
    quantiles,
    atom,
    atoms: master.atoms,
    mean: master.mean,
    secondMoment: master.secondMoment,
    support: { lower: master.lowerEdge, upper: master.upperEdge },
    layers,
    diagnostics: { ...solver.diagnostics, solver: master.kind, failedPoints, failedCdfPoints },
    mode,
    architecture,
    options: rest,
  };
}

function buildGrid(grid: JacobianSpectrumOptions['grid'], upper: number): Float64Array {
  if (grid === undefined) return defaultGrid(upper, 1000);
  if (typeof (grid as ArrayLike<number>).length === 'number') {
    const g = finiteArray(grid as ArrayLike<number>, 'jacobianSpectrum: grid');
    if (g.length === 0) throw new SpectraError('E_ARGUMENT', 'jacobianSpectrum: grid must not be empty');
    return g;
  }
  const spec = grid as { points?: number; from?: number; to?: number };
  const points = requireInteger(spec.points ?? 1000, 'jacobianSpectrum: grid.points', 1, 100_000_000);
  if (spec.from !== undefined || spec.to !== undefined) {
    const from = spec.from ?? 0;
    const to = spec.to ?? 1.02 * upper;
    if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from)) {
      throw new SpectraError('E_ARGUMENT', `jacobianSpectrum: grid needs finite from < to, got [${from}, ${to}]`);
    }
    if (spec.from === undefined) return defaultGrid(upper, points, undefined, to);
    return defaultGrid(upper, points, from, to);
  }
  return defaultGrid(upper, points);
}

interface ResolvedCompat {
  grid: Float64Array;
  passes: number[];
  window: number;
  dx: number;
}

function resolveCompat(o: FreennCompatOptions | undefined, upper: number): ResolvedCompat {
  const interval = o?.interval ?? [-0.05 * upper, 1.02 * upper];
  const [a, b] = interval;
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) throw new SpectraError('E_ARGUMENT', `freenn.interval must be finite with A < B, got [${a}, ${b}]`);
  const points = requireInteger(o?.points ?? 1000, 'freenn.points', 2, 100_000_000);
  const passes = o?.passes ? Array.from(finiteArray(o.passes, 'freenn.passes')) : [0.1, 0.01, 1e-3, 1e-4];
  passes.forEach((y, i) => requirePositive(y, `freenn.passes[${i}]`));
  if (passes.length === 0) throw new SpectraError('E_ARGUMENT', 'freenn.passes must not be empty');
  const window = o?.window ?? 0.02;
  const grid = new Float64Array(points);
  // numpy.linspace(A, B, N).
  const step = (b - a) / (points - 1);
  for (let i = 0; i < points; i++) grid[i] = a + i * step;
  grid[points - 1] = b;
  return { grid, passes, window, dx: (b - a) / points };
}

/** FreeNN's pipeline (spec §6.8). */
function freennCompat(
  solver: LilypadSolver,
  master: JacobianMasterEquation,
  c: ResolvedCompat,
  failed: number[],
  tick: () => void,
): { densities: Float64Array[]; quantiles: QuantileTable } {
  const x = c.grid;
  const n = x.length;
  // G kept across passes, initially −1e-3 i.
  const gr = new Float64Array(n);
  const gi = new Float64Array(n).fill(-1e-3);
  let i0 = n;
  let i1 = n;
  for (let i = 0; i < n; i++) {
    if (i0 === n && x[i]! >= -c.window) i0 = i;
    if (x[i]! >= c.window) {
      i1 = i;
      break;
    }
  }
  const densities: Float64Array[] = [];
  let best = -Infinity;
  let C = new Float64Array(n);
  const ur = new Float64Array(n);
  const ui = new Float64Array(n);
  const g = new Float64Array(4);
  for (const y of c.passes) {
    const skip = y <= 0.01;
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < n; i++) {
      if (skip && i >= i0 && i <= i1) continue;
      if (x[i]! < 0) left.push(i);
    }
    for (let i = n - 1; i >= 0; i--) {
      if (skip && i >= i0 && i <= i1) continue;
      if (x[i]! >= 0) right.push(i);
    }
    const barriers = master.atoms.filter((a) => a.location !== 0).map((a) => a.location);
    sweep(solver, x, y, left, ur, ui, failed, tick);
    sweep(solver, x, y, right, ur, ui, failed, tick, false, barriers);
    for (const part of [left, right]) {
      for (const i of part) {
        if (Number.isNaN(ur[i]!)) continue;
        master.greenFunction(x[i]!, y, ur[i]!, ui[i]!, g);
        gr[i] = g[0]!;
        gi[i] = g[1]!;
      }
    }
    for (let k = 0; k < (skip ? i1 - i0 + 1 : 0); k++) tick();
    const rho = new Float64Array(n);
    for (let i = 0; i < n; i++) rho[i] = Math.max(0, -gi[i]! / Math.PI);
    densities.push(rho);
    // FreeNN's cumulative rule.
    C = new Float64Array(n);
    let acc = 0;
    let maxC = -Infinity;
    for (let i = 0; i < n; i++) {
      acc += rho[i]!;
      C[i] = acc * c.dx;
      if (C[i]! > maxC) maxC = C[i]!;
    }
    best = Math.max(best, maxC);
    for (let i = 0; i < n; i++) if (x[i]! > 0) C[i]! += best - maxC;
    for (let i = 0; i < n; i++) if (C[i]! > 1) C[i] = 1;
    C[n - 1] = 1;
    let top = -Infinity;
    for (let i = 0; i < n; i++) if (C[i]! > top) top = C[i]!;
    for (let i = 0; i < n; i++) C[i]! /= top;
  }
  const levels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const values = levels.map((alpha) => {
    for (let i = 0; i < n; i++) if (C[i]! >= alpha) return Math.max(0, x[i]!);
    return NaN;
  });
  return { densities, quantiles: { levels, values, upperBound: levels.map(() => false) } };
}
