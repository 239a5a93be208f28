// Pairing the layers of two models (specs/weights.md §10.1): by exact name first, then by the name
// with the shorter one a dotted suffix of the longer (`base_model.model.layers.0.q.weight` and
// `layers.0.q.weight`), in the stable numeric-aware order; never by position alone. Pairs must
// agree in slice shape and slice count. Whatever is left is listed as unmatched.
import type { LayerMatrix } from '../types.js';

/** Two layers paired by `matchLayers`. */
export interface LayerPair {
  /** The layer of the first model. */
  a: LayerMatrix;
  /** Its partner in the second model (same slice shape and count). */
  b: LayerMatrix;
  /** How they were paired: the same name, or one name a dotted suffix of the other. */
  by: 'name' | 'suffix';
}

/** What `matchLayers` returns. */
export interface LayerMatching {
  /** Pairs, in the first model's order. */
  pairs: LayerPair[];
  /** Layers of the first model with no partner. */
  unmatchedA: LayerMatrix[];
  /** Layers of the second model with no partner. */
  unmatchedB: LayerMatrix[];
}

function sameShape(a: LayerMatrix, b: LayerMatrix): boolean {
  return a.rows === b.rows && a.cols === b.cols && a.rf === b.rf;
}

function isDottedSuffix(long: string, short: string): boolean {
  if (long === short) return true;
  if (!long.endsWith(short)) return false;
  const c = long[long.length - short.length - 1];
  return c === '.' || c === '/' || c === ':';
}

/**
 * Pairs the layers of `a` with those of `b` (in `a`'s order): exact names first, then a unique
 * partner whose name is a dotted suffix of the other's (`model.layers.0.weight` ↔ `layers.0.weight`),
 * with the same slice shape and count. Never by position alone.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { extractLayers, loadModel, matchLayers, writeSafetensors } from '@spectra/weights';
 * const w0 = randomGaussian(64, 32, { seed: 1 });
 * const w1 = randomGaussian(64, 32, { seed: 2 });
 * const update = randomGaussian(64, 32, { seed: 3, scale: 0.01 });
 * const base = await loadModel(writeSafetensors({
 *   'layers.0.weight': { dtype: 'float64', shape: [64, 32], data: w0.data },
 *   'layers.1.weight': { dtype: 'float64', shape: [64, 32], data: w1.data },
 * }), { name: 'base.safetensors' });
 * const tuned = await loadModel(writeSafetensors({
 *   'model.layers.0.weight': { dtype: 'float64', shape: [64, 32], data: w0.data.map((x, i) => x + update.data[i]) },
 *   'model.layers.2.weight': { dtype: 'float64', shape: [64, 32], data: w1.data }, // same values as layers.1, other name
 * }), { name: 'tuned.safetensors' });
 * const { pairs, unmatchedA, unmatchedB } = matchLayers(extractLayers(tuned).layers, extractLayers(base).layers);
 * pairs.map((p) => [p.a.name, p.b.name, p.by]); // [['model.layers.0.weight', 'layers.0.weight', 'suffix']]
 * unmatchedA.map((l) => l.name);                // ['model.layers.2.weight']
 * unmatchedB.map((l) => l.name);                // ['layers.1.weight']
 * ```
 */
export function matchLayers(a: readonly LayerMatrix[], b: readonly LayerMatrix[]): LayerMatching {
  const pairs: LayerPair[] = [];
  const usedB = new Set<LayerMatrix>();
  const byName = new Map<string, LayerMatrix>();
  for (const l of b) if (!byName.has(l.name)) byName.set(l.name, l);
  const leftA: LayerMatrix[] = [];
  for (const l of a) {
    const m = byName.get(l.name);
    if (m && !usedB.has(m) && sameShape(l, m)) {
      pairs.push({ a: l, b: m, by: 'name' });
      usedB.add(m);
    } else leftA.push(l);
  }
  const unmatchedA: LayerMatrix[] = [];
  for (const l of leftA) {
    // Unique suffix partner of the same shape, scanning b in its (numeric-aware) order.
    const candidates = b.filter((m) => !usedB.has(m) && sameShape(l, m) && (isDottedSuffix(l.name, m.name) || isDottedSuffix(m.name, l.name)));
    if (candidates.length === 1) {
      pairs.push({ a: l, b: candidates[0]!, by: 'suffix' });
      usedB.add(candidates[0]!);
    } else unmatchedA.push(l);
  }
  return { pairs, unmatchedA, unmatchedB: b.filter((m) => !usedB.has(m)) };
}
