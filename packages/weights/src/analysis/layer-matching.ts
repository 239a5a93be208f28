// Pairing the layers of two models (specs/weights.md §10.1): by exact name first, then by the name
// with the shorter one a dotted suffix of the longer (`base_model.model.layers.0.q.weight` and
// `layers.0.q.weight`), in the stable numeric-aware order; never by position alone. Pairs must
// agree in slice shape and slice count. Whatever is left is listed as unmatched.
import type { LayerMatrix } from '../types.js';

export interface LayerPair {
  a: LayerMatrix;
  b: LayerMatrix;
  /** How they were paired. */
  by: 'name' | 'suffix';
}

export interface LayerMatching {
  pairs: LayerPair[];
  unmatchedA: LayerMatrix[];
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
 * Pairs the layers of `a` with those of `b` (in `a`'s order).
 *
 * @example
 * ```ts
 * const { pairs, unmatchedA, unmatchedB } = matchLayers(extractLayers(fineTuned).layers, extractLayers(base).layers);
 * pairs.map((p) => p.a.name); // the layers present in both, same shape
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
