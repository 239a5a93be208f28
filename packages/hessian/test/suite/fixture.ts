// The numpy reference of hessian.md §8 (reference/hessian/hessian_main.json; tolerances in its
// README) and helpers shared by the suites.
import { createBatch, multilayerPerceptron, type Batch, type EngineBackend, type Model } from '@spectra/hessian';
import reference from '../../../../reference/hessian/hessian_main.json' with { type: 'json' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture = reference as any;

export interface ReferenceSetup {
  model: Model;
  batch: Batch;
  theta: Float64Array;
  theta0: Float64Array;
  v: Float64Array;
  P: number;
}

let cached: ReferenceSetup | null = null;

/** The reference MLP with the fixture's data and parameters (never regenerated: README). */
export function referenceSetup(): ReferenceSetup {
  if (!cached) {
    const model = multilayerPerceptron([20, 30, 30, 5], { activation: 'relu' });
    const X = Float64Array.from((fixture.data.X as number[][]).flat());
    cached = {
      model,
      batch: createBatch(model, X, fixture.data.y),
      theta: Float64Array.from(fixture.theta),
      theta0: Float64Array.from(fixture.theta0),
      v: Float64Array.from(fixture.at_theta.v),
      P: model.parameterCount,
    };
  }
  return cached;
}

export function relativeL2(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num += (actual[i]! - expected[i]!) ** 2;
    den += expected[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The engine backend a test context selects. */
export function engine(backend: string): EngineBackend {
  return backend as EngineBackend;
}

/** A deterministic pseudo-random vector (sin-based, no RNG dependency). */
export function wave(n: number, phase = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + phase) + 0.3 * Math.cos(0.37 * i * (phase + 1)));
}

/** ulp(x): the spacing of doubles at |x|. */
export function ulp(x: number): number {
  const a = Math.abs(x);
  if (a === 0) return Number.MIN_VALUE;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}
