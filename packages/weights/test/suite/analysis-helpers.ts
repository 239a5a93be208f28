// Shared helpers of the analysis suites: the reference matrices as layer matrices, read from their
// .npy bytes by the package's own reader (the same path a user takes).
import { extractLayers, loadModel, type LayerMatrix } from '../../src/index.js';
import { binaryFixture, type BinaryFixture } from './binary-fixtures.js';

export type ReferenceCase = 'gauss_1000x500' | 'student2_1000x500' | 'conv_64x32x3x3';

const cache = new Map<ReferenceCase, LayerMatrix>();

/** The reference matrix `id` of reference/weights as one layer (the conv kernel as 9 pooled slices). */
export async function referenceLayer(id: ReferenceCase): Promise<LayerMatrix> {
  const hit = cache.get(id);
  if (hit) return hit;
  const bytes = await binaryFixture(`reference/${id}.npy` as BinaryFixture);
  const model = await loadModel(bytes, { name: `${id}.npy` });
  const { layers } = extractLayers(model);
  if (layers.length !== 1) throw new Error(`${id}: expected one layer, got ${layers.length}`);
  cache.set(id, layers[0]!);
  return layers[0]!;
}

/** |actual − expected| ≤ rel·|expected| with a message naming the column. */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}
