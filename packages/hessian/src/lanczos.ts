import { SpectraError } from '@spectra/core';
import { basisDotF32, basisLoadF32, basisStoreF32, basisSubtractF32 } from './basis-kernels-f32.js';
import { basisDotF64, basisLoadF64, basisStoreF64, basisSubtractF64 } from './basis-kernels-f64.js';
import { checkOperator, checkVector, operatorFromFunction, type LinearOperator } from './linear-operator.js';
import { checkLongRunOptions, positiveIntegerOption, ProgressTracker, type LongRunOptions } from './progress.js';

/**
 * 'full': classical Gram–Schmidt against every stored vector, applied twice (CGS2) unless the first
 * pass kept ≥ 0.7 of the norm ("twice is enough", Giraud, Langou & Rozložník 2005). 'none': the
 * bare three-term recurrence — only for memory-starved density runs: orthogonality is lost once
 * outliers converge and they reappear as ghost copies (hessian.md §4), which corrupts top-k,
 * outlier counts and negative-side estimates while the smoothed density looks fine.
 */
export type Reorthogonalization = 'full' | 'none';

/** Options of `lanczos`: the number of steps, reorthogonalisation, basis precision and whether to keep the basis, progress and cancellation. */
export interface LanczosOptions extends LongRunOptions {
  /** Steps m (clamped to P). */
  steps: number;
  /** Default 'full'; `true`/`false` are accepted as 'full'/'none'. */
  reorthogonalize?: Reorthogonalization | boolean;
  /** Basis storage: 'float64' (default) or 'float32' (half the memory; orthogonality ~1e-8). */
  basisPrecision?: 'float64' | 'float32';
  /** Return the basis Q (k × P, row j = q_{j+1}) for Ritz vectors. */
  keepBasis?: boolean;
}

/** The Lanczos tridiagonal T_k (diagonal α, off-diagonal β) and, when kept, the Lanczos basis. */
export interface LanczosResult {
  /** α₁…α_k, the diagonal of T_k. */
  alpha: Float64Array;
  /** β₁…β_{k−1}, the off-diagonal of T_k. */
  beta: Float64Array;
  /** β_k, the norm of the last residual (0 on an invariant subspace). */
  lastBeta: number;
  /** Steps taken k (< m when an invariant subspace was found). */
  steps: number;
  /** True when β_k ≤ 1e-12·max(1, |α_k|): the k-point Gauss rule is exact for this start. */
  invariantSubspace: boolean;
  matvecs: number;
  /** Second Gram–Schmidt passes performed (the "twice is enough" test skipped the others). */
  secondPasses: number;
  /** Q as a row-major k × P matrix, when `keepBasis`. */
  basis?: { rows: number; cols: number; data: Float64Array | Float32Array };
  options: { steps: number; reorthogonalize: Reorthogonalization; basisPrecision: 'float64' | 'float32' };
}

/** @internal The Lanczos recurrence as a resumable process (top-k extends it step by step). */
export class LanczosProcess {
  readonly dimension: number;
  readonly alpha: number[] = [];
  readonly beta: number[] = [];
  lastBeta = 0;
  invariantSubspace = false;
  secondPasses = 0;
  private readonly reorth: boolean;
  private readonly f32: boolean;
  private basis64: Float64Array | null = null;
  private basis32: Float32Array | null = null;
  private capacity: number;
  private readonly q: Float64Array;
  private readonly qPrev: Float64Array;
  private readonly w: Float64Array;
  private coefficients = new Float64Array(1);
  private readonly operator: LinearOperator;

  constructor(operator: LinearOperator, start: Float64Array, options: { reorthogonalize: Reorthogonalization; basisPrecision: 'float64' | 'float32'; capacity: number; keepBasis: boolean }) {
    this.operator = operator;
    const P = operator.dimension;
    this.dimension = P;
    this.reorth = options.reorthogonalize === 'full';
    this.f32 = options.basisPrecision === 'float32';
    // m steps store q_1 … q_{m+1}.
    this.capacity = Math.min(P, options.capacity + 1);
    if (this.reorth || options.keepBasis) this.allocate(this.capacity);
    this.q = new Float64Array(P);
    this.qPrev = new Float64Array(P);
    this.w = new Float64Array(P);
    if (this.coefficients.length < this.capacity + 1) this.coefficients = new Float64Array(this.capacity + 1);
    let norm = 0;
    for (let i = 0; i < P; i++) norm += start[i]! * start[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new SpectraError('E_ARGUMENT', 'lanczos: the start vector is zero');
    for (let i = 0; i < P; i++) this.q[i] = start[i]! / norm;
    this.store(0, this.q, 1);
  }

  get steps(): number {
    return this.alpha.length;
  }

  private allocate(rows: number): void {
    const P = this.dimension;
    const bytes = rows * P * (this.f32 ? 4 : 8);
    if (bytes > 2 ** 31) {
      throw new SpectraError('E_OUT_OF_MEMORY', `lanczos: a ${rows} × ${P} basis needs ${(bytes / 2 ** 20).toFixed(0)} MB; use fewer steps, basisPrecision 'float32', or reorthogonalize 'none'`);
    }
    if (this.f32) {
      const b = new Float32Array(rows * P);
      if (this.basis32) b.set(this.basis32.subarray(0, Math.min(this.basis32.length, b.length)));
      this.basis32 = b;
    } else {
      const b = new Float64Array(rows * P);
      if (this.basis64) b.set(this.basis64.subarray(0, Math.min(this.basis64.length, b.length)));
      this.basis64 = b;
    }
    this.capacity = rows;
    // One Gram–Schmidt coefficient per stored vector.
    if (this.coefficients.length < rows + 1) this.coefficients = new Float64Array(rows + 1);
  }

  private store(row: number, v: Float64Array, scale: number): void {
    if (!this.basis64 && !this.basis32) return;
    if (row >= this.capacity) this.allocate(Math.min(this.dimension, Math.max(row + 1, Math.ceil(this.capacity * 1.5))));
    if (this.f32) basisStoreF32(this.basis32!, row, this.dimension, v, scale);
    else basisStoreF64(this.basis64!, row, this.dimension, v, scale);
  }

  /** One classical Gram–Schmidt pass of w against the first `rows` basis vectors. */
  private gramSchmidtPass(rows: number): void {
    const P = this.dimension;
    if (this.f32) {
      basisDotF32(this.basis32!, rows, P, this.w, this.coefficients);
      basisSubtractF32(this.basis32!, rows, P, this.w, this.coefficients);
    } else {
      basisDotF64(this.basis64!, rows, P, this.w, this.coefficients);
      basisSubtractF64(this.basis64!, rows, P, this.w, this.coefficients);
    }
  }

  /** One Lanczos step: false when it cannot continue (invariant subspace found, or m = P reached). */
  step(): boolean {
    if (this.finished) return false;
    this.operator.apply(this.q, this.w);
    return this.advance();
  }

  /** True once no further step is possible. */
  get finished(): boolean {
    return this.invariantSubspace || this.alpha.length >= this.dimension;
  }

  /** The current Lanczos vector q_j (read it to form K·q_j outside, e.g. for several processes at once). */
  get current(): Float64Array {
    return this.q;
  }

  /** The step's product K·q_j goes here before `advance()`. */
  get product(): Float64Array {
    return this.w;
  }

  /** Completes a step whose product K·q_j is already in `product`. */
  advance(): boolean {
    const P = this.dimension;
    const j = this.alpha.length;
    const w = this.w;
    const betaPrev = j > 0 ? this.beta[j - 1]! : 0;
    if (j > 0) for (let i = 0; i < P; i++) w[i]! -= betaPrev * this.qPrev[i]!;
    let a = 0;
    for (let i = 0; i < P; i++) a += this.q[i]! * w[i]!;
    for (let i = 0; i < P; i++) w[i]! -= a * this.q[i]!;
    if (!Number.isFinite(a)) throw new SpectraError('E_NON_FINITE', `lanczos: α at step ${j + 1} is ${a} (the operator returned non-finite values)`);
    if (this.reorth) {
      // CGS2 against q_1 … q_{j+1}; the second pass only when the first removed a large component.
      const before = norm2(w);
      this.gramSchmidtPass(j + 1);
      const after = norm2(w);
      if (after < 0.7 * before) {
        this.gramSchmidtPass(j + 1);
        this.secondPasses++;
      }
    }
    const b = norm2(w);
    this.alpha.push(a);
    if (b <= 1e-12 * Math.max(1, Math.abs(a)) || j + 1 >= P) {
      this.lastBeta = b;
      this.invariantSubspace = b <= 1e-12 * Math.max(1, Math.abs(a));
      return false;
    }
    this.lastBeta = b;
    this.beta.push(b);
    this.qPrev.set(this.q);
    for (let i = 0; i < P; i++) this.q[i] = w[i]! / b;
    this.store(j + 1, this.q, 1);
    return true;
  }

  /** β's of T_k (the off-diagonal; the last pushed β is β_k, not part of T_k). */
  tridiagonal(): { alpha: Float64Array; beta: Float64Array; lastBeta: number } {
    const k = this.alpha.length;
    return { alpha: Float64Array.from(this.alpha), beta: Float64Array.from(this.beta.slice(0, k - 1)), lastBeta: this.lastBeta };
  }

  /** Row r of the basis (q_{r+1}). */
  basisVector(row: number, out: Float64Array): Float64Array {
    if (this.f32) basisLoadF32(this.basis32!, row, this.dimension, out);
    else basisLoadF64(this.basis64!, row, this.dimension, out);
    return out;
  }

  basisMatrix(rows: number): { rows: number; cols: number; data: Float64Array | Float32Array } | undefined {
    const data = this.f32 ? this.basis32 : this.basis64;
    if (!data) return undefined;
    return { rows, cols: this.dimension, data: data.subarray(0, rows * this.dimension) };
  }
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** @internal Accepts an operator or a closure. */
export function asOperator(matvec: LinearOperator | ((v: Float64Array) => ArrayLike<number>), dimension: number | undefined, fn: string): LinearOperator {
  if (typeof matvec === 'function') {
    if (dimension === undefined) throw new SpectraError('E_ARGUMENT', `${fn}: a closure matvec needs the dimension (the start vector's length)`);
    return operatorFromFunction(dimension, matvec);
  }
  checkOperator(matvec, fn);
  return matvec;
}

/** @internal Reads the reorthogonalisation option. */
export function reorthogonalizationOption(value: unknown, fn: string): Reorthogonalization {
  if (value === undefined || value === true || value === 'full') return 'full';
  if (value === false || value === 'none') return 'none';
  throw new SpectraError('E_ARGUMENT', `${fn}: reorthogonalize must be 'full', 'none' or a boolean, got ${String(value)}`);
}

/**
 * Symmetric Lanczos with full reorthogonalisation (hessian.md §4): q₁ = v/‖v‖; step j:
 * w = K·q_j − β_{j−1}q_{j−1}, α_j = q_jᵀw, w −= α_j q_j, CGS2 against all stored q's, β_j = ‖w‖;
 * stops early on an invariant subspace (β_j ≤ 1e-12·max(1, |α_j|)). T_k's Gauss rule
 * (`gaussQuadrature` of `@spectra/core`) gives the probe's spectral measure.
 *
 * @example
 * ```ts
 * import { tridiagonalEigenvalues } from '@spectra/core';
 * import { denseOperator, lanczos } from '@spectra/hessian';
 * const op = denseOperator({ rows: 3, cols: 3, data: Float64Array.of(2, 0, 0, 0, 3, 0, 0, 0, 5) });
 * const r = await lanczos(op, Float64Array.of(1, 1, 1), { steps: 3 });
 * r.steps;                                 // 3
 * r.alpha[0];                              // 3.3333333333333335 (= vᵀKv/vᵀv = 10/3)
 * tridiagonalEigenvalues(r.alpha, r.beta); // ≈ Float64Array [2, 3, 5]
 * ```
 */
export async function lanczos(
  matvec: LinearOperator | ((v: Float64Array) => ArrayLike<number>),
  start: Float64Array,
  options: LanczosOptions,
): Promise<LanczosResult> {
  if (!options || typeof options !== 'object') throw new SpectraError('E_ARGUMENT', 'lanczos: options { steps } are required');
  checkLongRunOptions(options, 'lanczos');
  const operator = asOperator(matvec, start?.length, 'lanczos');
  checkVector(start, operator.dimension, 'lanczos', 'start');
  const m = Math.min(operator.dimension, positiveIntegerOption(options.steps, 0, 'lanczos', 'steps'));
  const reorthogonalize = reorthogonalizationOption(options.reorthogonalize, 'lanczos');
  const basisPrecision = options.basisPrecision ?? 'float64';
  if (basisPrecision !== 'float64' && basisPrecision !== 'float32') {
    throw new SpectraError('E_ARGUMENT', `lanczos: basisPrecision must be 'float64' or 'float32', got ${String(basisPrecision)}`);
  }
  const tracker = new ProgressTracker(options, 'lanczos', m);
  const process = new LanczosProcess(operator, start, { reorthogonalize, basisPrecision, capacity: m, keepBasis: options.keepBasis ?? false });
  const partial = () => ({ completedSteps: process.steps, ...process.tridiagonal() });
  for (let j = 0; j < m; j++) {
    tracker.checkAbort(partial);
    const more = process.step();
    tracker.report(j + 1, { step: j + 1, steps: m });
    if (!more) break;
    await tracker.maybeYield();
  }
  tracker.report(process.steps, { step: process.steps, steps: m }, true);
  const t = process.tridiagonal();
  const result: LanczosResult = {
    alpha: t.alpha,
    beta: t.beta,
    lastBeta: t.lastBeta,
    steps: process.steps,
    invariantSubspace: process.invariantSubspace,
    matvecs: process.steps,
    secondPasses: process.secondPasses,
    options: { steps: m, reorthogonalize, basisPrecision },
  };
  if (options.keepBasis) result.basis = process.basisMatrix(process.steps);
  return result;
}
