// The 5+1 phases of training (specs/weights.md §11; Martin & Mahoney, JMLR 2021, arXiv:1810.01075,
// and their KDD 2019 tutorial): an operational label per layer from the power-law α, the MP fit's
// spikes and the zero mass of the ESD. WeightWatcher outputs no phase; this is our addition.
import type { PhaseThresholds } from './options.js';

/** The 5+1 phases of Martin & Mahoney (specs/weights.md §11), and `'undetermined'` when neither the fit nor the MP fit decides. */
export type Phase = 'random-like' | 'bleeding-out' | 'bulk-plus-spikes' | 'bulk-decay' | 'heavy-tailed' | 'rank-collapse' | 'undetermined';

/** What `classifyPhase` decides from: the layer report's fit, MP and zero-mass numbers. */
export interface PhaseInput {
  /** The power-law fit succeeded. */
  fitted: boolean;
  /** Power-law α. */
  alpha: number;
  /** MP spikes, or null when no MP fit ran. */
  numSpikes: number | null;
  /** max λ′ / λ₊ of the MP fit (null without one). */
  spikeRatio: number | null;
  /** #{λ ≤ 1e-6·λmax}/numEvals. */
  zeroFraction: number;
}

/** A phase and the very-heavy-tailed flag. */
export interface PhaseLabel {
  phase: Phase;
  /** α < `veryHeavyAlpha` (default 2): entries' tail exponent μ < 2 (WW calls these over-trained). Set whatever the phase. */
  veryHeavyTailed: boolean;
}

/**
 * Applies the rules in order: failed fit → undetermined; rank-collapse; random-like (no MP spikes);
 * then by α: > 6 with spikes is bleeding-out (max λ′ < 1.5·λ₊) or bulk+spikes; 4 < α ≤ 6 bulk-decay;
 * α ≤ 4 heavy-tailed (very heavy-tailed below 2). Without an MP fit, α > 6 stays undetermined.
 *
 * @example
 * ```ts
 * import { classifyPhase, DEFAULT_PHASE_THRESHOLDS } from '@spectra/weights';
 * classifyPhase({ fitted: true, alpha: 2.5, numSpikes: 12, spikeRatio: 40, zeroFraction: 0 }, DEFAULT_PHASE_THRESHOLDS); // { phase: 'heavy-tailed', veryHeavyTailed: false }
 * classifyPhase({ fitted: true, alpha: 13, numSpikes: 0, spikeRatio: 1, zeroFraction: 0 }, DEFAULT_PHASE_THRESHOLDS);   // { phase: 'random-like', veryHeavyTailed: false }
 * classifyPhase({ fitted: true, alpha: 7, numSpikes: 2, spikeRatio: 3, zeroFraction: 0 }, DEFAULT_PHASE_THRESHOLDS);    // { phase: 'bulk-plus-spikes', veryHeavyTailed: false }
 * ```
 */
export function classifyPhase(input: PhaseInput, thresholds: PhaseThresholds): PhaseLabel {
  if (!input.fitted || !Number.isFinite(input.alpha)) return { phase: 'undetermined', veryHeavyTailed: false };
  const veryHeavyTailed = input.alpha < thresholds.veryHeavyAlpha;
  if (input.zeroFraction >= thresholds.rankCollapseFraction) return { phase: 'rank-collapse', veryHeavyTailed };
  if (input.numSpikes === 0) return { phase: 'random-like', veryHeavyTailed };
  const alpha = input.alpha;
  if (alpha > thresholds.spikesAlpha) {
    if (input.numSpikes === null || input.spikeRatio === null) return { phase: 'undetermined', veryHeavyTailed };
    return { phase: input.spikeRatio < thresholds.spikeRatio ? 'bleeding-out' : 'bulk-plus-spikes', veryHeavyTailed };
  }
  if (alpha > thresholds.bulkDecayAlpha) return { phase: 'bulk-decay', veryHeavyTailed };
  return { phase: 'heavy-tailed', veryHeavyTailed };
}
