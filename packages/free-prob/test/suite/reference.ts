// The public reference outputs of ../../../../reference/free-prob/ (provenance and tolerances in its
// README), imported as JSON modules so the same suites run in Node, Deno and Chromium.
import reluL4 from '../../../../reference/free-prob/jacobian/relu_L4_square_he_fanout.json' with { type: 'json' };
import linearL4 from '../../../../reference/free-prob/jacobian/linear_L4_lam0.8.json' with { type: 'json' };
import hardTanhL4 from '../../../../reference/free-prob/jacobian/hardtanh_L4_s1.5_b0.05.json' with { type: 'json' };
import reluL16 from '../../../../reference/free-prob/jacobian/relu_L16_square_he.json' with { type: 'json' };
import meanFieldReference from '../../../../reference/free-prob/mean_field.json' with { type: 'json' };
import penningtonBahriReference from '../../../../reference/free-prob/pennington_bahri.json' with { type: 'json' };
import penningtonWorahReference from '../../../../reference/free-prob/pennington_worah.json' with { type: 'json' };
import jacobianVariantsReference from '../../../../reference/free-prob/jacobian_variants.json' with { type: 'json' };

export interface JacobianReference {
  case: string;
  config: { lambdas: number[]; sigma2: number[]; act: string[]; sb2: number[]; norm: string; q_in: number };
  derived: { Lambdas: number[]; q: number[]; p: number[]; atom0: number; mean: number; second_moment: number; upper_edge: number };
  exact: {
    y: number;
    grid: number[];
    density: number[];
    cdf_x: number[];
    cdf_F: number[];
    quantiles: Record<string, number>;
    checks: { total_mass_F_end: number; F_at_0plus: number; mean_from_density: number; newton_failures: number };
  };
  freenn: { ys: number[]; interval: [number, number]; N: number; grid: number[]; density: number[]; quantiles_freenn_rule: Record<string, number> };
  freenn_vs_exact_same_z: { y: number; max_abs_density_diff: number; max_density: number };
  monte_carlo: {
    N0: number;
    widths: number[];
    seeds: number;
    quantiles: Record<string, number>;
    zero_fraction: number;
    mean: number;
    second_moment: number;
    ks_thresholded: number;
    ks_thresholded_conditional: number;
  };
}

export const jacobianReferences: JacobianReference[] = [reluL4, linearL4, hardTanhL4, reluL16] as unknown as JacobianReference[];
export { meanFieldReference, penningtonBahriReference, penningtonWorahReference, jacobianVariantsReference };

/** The architecture of a reference case (fan-out units, as the files). */
export function referenceArchitecture(ref: JacobianReference) {
  return {
    widthRatios: ref.config.lambdas,
    activation: ref.config.act,
    sigmaW2: ref.config.sigma2,
    sigmaB2: ref.config.sb2,
    inputVariance: ref.config.q_in,
  };
}

export const DECILES = [10, 20, 30, 40, 50, 60, 70, 80, 90];
