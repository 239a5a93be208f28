import { SpectraError } from '@spectra/core';

/**
 * The elementwise activations of hessian.md §1: ReLU (f′(0) = 0), tanh, the logistic sigmoid,
 * softplus log(1 + eᵃ), GELU in its tanh form (PyTorch's `approximate='tanh'`) and the identity.
 */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'gelu' | 'identity';

/**
 * Every supported activation name, in the order of the spec.
 *
 * @example
 * ```ts
 * import { activationNames } from '@spectra/hessian';
 *
 * activationNames.includes('gelu'); // true
 * activationNames.length;           // 6
 * ```
 */
export const activationNames: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid', 'softplus', 'gelu', 'identity'];

/**
 * One activation with its first and second derivatives. The R-operator needs f″ (hessian.md §2:
 * R{δ_prev} has a (Wᵀδ) ⊙ f″(a) ⊙ R{a} term), so every activation supplies all three.
 */
export interface Activation {
  /** The name it was looked up by. */
  readonly name: ActivationName;
  /** f(a). */
  value(a: number): number;
  /** f′(a). ReLU: f′(0) = 0. */
  derivative(a: number): number;
  /** f″(a). ReLU: 0 everywhere (the kink is a measure-zero set the R-operator ignores). */
  secondDerivative(a: number): number;
  /** True when f″ ≡ 0 (ReLU, identity): the engine then skips the f″ term and its storage. */
  readonly piecewiseLinear: boolean;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

function sigmoid(a: number): number {
  // Two branches so exp never overflows.
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

const relu: Activation = {
  name: 'relu',
  value: (a) => (a > 0 ? a : 0),
  derivative: (a) => (a > 0 ? 1 : 0),
  secondDerivative: () => 0,
  piecewiseLinear: true,
};

const tanh: Activation = {
  name: 'tanh',
  value: (a) => Math.tanh(a),
  derivative: (a) => {
    const t = Math.tanh(a);
    return 1 - t * t;
  },
  secondDerivative: (a) => {
    const t = Math.tanh(a);
    return -2 * t * (1 - t * t);
  },
  piecewiseLinear: false,
};

const sigmoidActivation: Activation = {
  name: 'sigmoid',
  value: sigmoid,
  derivative: (a) => {
    const s = sigmoid(a);
    return s * (1 - s);
  },
  secondDerivative: (a) => {
    const s = sigmoid(a);
    return s * (1 - s) * (1 - 2 * s);
  },
  piecewiseLinear: false,
};

const softplus: Activation = {
  name: 'softplus',
  // log(1 + eᵃ) = max(a, 0) + log1p(e^−|a|): no overflow, no cancellation for large |a|.
  value: (a) => Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))),
  derivative: sigmoid,
  secondDerivative: (a) => {
    const s = sigmoid(a);
    return s * (1 - s);
  },
  piecewiseLinear: false,
};

// GELU, tanh form (Hendrycks & Gimpel 2016; PyTorch approximate='tanh'):
// g(a) = ½a(1 + tanh u), u = √(2/π)(a + 0.044715a³).
const gelu: Activation = {
  name: 'gelu',
  value: (a) => 0.5 * a * (1 + Math.tanh(SQRT_2_OVER_PI * (a + GELU_CUBIC * a * a * a))),
  derivative: (a) => {
    const t = Math.tanh(SQRT_2_OVER_PI * (a + GELU_CUBIC * a * a * a));
    const du = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * a * a);
    return 0.5 * (1 + t) + 0.5 * a * (1 - t * t) * du;
  },
  secondDerivative: (a) => {
    const t = Math.tanh(SQRT_2_OVER_PI * (a + GELU_CUBIC * a * a * a));
    const s = 1 - t * t;
    const du = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * a * a);
    const d2u = SQRT_2_OVER_PI * 6 * GELU_CUBIC * a;
    // g″ = (1 − t²)·[u′ + ½a(u″ − 2t·u′²)].
    return s * (du + 0.5 * a * (d2u - 2 * t * du * du));
  },
  piecewiseLinear: false,
};

const identity: Activation = {
  name: 'identity',
  value: (a) => a,
  derivative: () => 1,
  secondDerivative: () => 0,
  piecewiseLinear: true,
};

const table: Record<ActivationName, Activation> = { relu, tanh, sigmoid: sigmoidActivation, softplus, gelu, identity };

/**
 * The activation called `name`, with f, f′ and f″.
 *
 * Unknown names throw `SpectraError` `E_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { activation } from '@spectra/hessian';
 *
 * const g = activation('tanh');
 * g.value(0);                              // 0
 * g.derivative(0);                         // 1
 * g.secondDerivative(1);                   // ≈ -0.6397 (= −2·tanh 1·(1 − tanh² 1))
 * activation('relu').derivative(0);        // 0 (hessian.md §1: f′(0) = 0 for ReLU)
 * activation('relu').piecewiseLinear;      // true (f″ ≡ 0: no f″ storage or term)
 * ```
 */
export function activation(name: ActivationName): Activation {
  const a = (table as Record<string, Activation | undefined>)[name];
  if (!a) {
    throw new SpectraError('E_ARGUMENT', `activation: name must be one of ${activationNames.join(', ')}, got ${String(name)}`);
  }
  return a;
}

/**
 * @internal Applies an activation to `a` (length count), writing f, f′ and (unless f″ ≡ 0) f″.
 * One function per activation keeps the loops monomorphic.
 */
export function applyActivation(
  name: ActivationName,
  a: Float64Array,
  value: Float64Array,
  derivative: Float64Array,
  secondDerivative: Float64Array | null,
  count: number,
): void {
  switch (name) {
    case 'relu':
      for (let i = 0; i < count; i++) {
        const x = a[i]!;
        if (x > 0) {
          value[i] = x;
          derivative[i] = 1;
        } else {
          value[i] = 0;
          derivative[i] = 0;
        }
      }
      return;
    case 'identity':
      for (let i = 0; i < count; i++) {
        value[i] = a[i]!;
        derivative[i] = 1;
      }
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) {
        const t = Math.tanh(a[i]!);
        const s = 1 - t * t;
        value[i] = t;
        derivative[i] = s;
        if (secondDerivative) secondDerivative[i] = -2 * t * s;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const s = sigmoid(a[i]!);
        const d = s * (1 - s);
        value[i] = s;
        derivative[i] = d;
        if (secondDerivative) secondDerivative[i] = d * (1 - 2 * s);
      }
      return;
    default: {
      const f = activation(name);
      for (let i = 0; i < count; i++) {
        const x = a[i]!;
        value[i] = f.value(x);
        derivative[i] = f.derivative(x);
        if (secondDerivative) secondDerivative[i] = f.secondDerivative(x);
      }
    }
  }
}
