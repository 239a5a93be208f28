// hessian.md §10: SLQ probes on a worker_threads pool give results identical to the main thread's
// for any pool size (probe l's Rademacher vector is a Weyl jump of one stream, probes merge in order).
// Workers run the built package (dist/node-worker.js): `npm test` builds first.
import { describe, expect, it } from 'vitest';
import { initCore, setBackend } from '@spectra/core';
import { curvatureOperator, stochasticLanczosQuadrature } from '../../dist/index.js';
import { createNodeWorkerPool } from '../../dist/node.js';
import { referenceSetup } from '../suite/fixture.js';

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('worker pool', () => {
  for (const backend of ['loop', 'wasm'] as const) {
    it(`${backend}: pools of 1, 2 and 3 workers give the main thread's α, β, nodes and weights bit for bit`, async () => {
      if (backend === 'wasm') {
        expect(await initCore({ variant: 'simd' })).toBe('wasm');
        setBackend('wasm');
      }
      const { model, batch, theta } = referenceSetup();
      const H = curvatureOperator(model, theta, batch, { backend });
      const options = { steps: 30, probes: 5, seed: 3 };
      const main = await stochasticLanczosQuadrature(H, options);
      for (const size of [1, 2, 3]) {
        const pool = createNodeWorkerPool(size);
        try {
          const pooled = await stochasticLanczosQuadrature(H, { ...options, pool });
          expect(pooled.options.workers).toBe(size);
          expect(pooled.probes.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
          pooled.probes.forEach((p, l) => {
            const m = main.probes[l]!;
            expect(same(p.alpha, m.alpha), `pool ${size}, probe ${l}: α`).toBe(true);
            expect(same(p.beta, m.beta), `pool ${size}, probe ${l}: β`).toBe(true);
            expect(same(p.nodes, m.nodes), `pool ${size}, probe ${l}: nodes`).toBe(true);
            expect(same(p.weights, m.weights), `pool ${size}, probe ${l}: weights`).toBe(true);
          });
          expect(pooled.traceEstimate).toBe(main.traceEstimate);
        } finally {
          await pool.close();
        }
      }
    }, 600_000);
  }

  it('abort on a pool rejects E_ABORTED with the probes finished so far; the pool runs again afterwards', async () => {
    const { model, batch, theta } = referenceSetup();
    const H = curvatureOperator(model, theta, batch, { backend: 'loop' });
    const pool = createNodeWorkerPool(2);
    try {
      const controller = new AbortController();
      let error: unknown;
      try {
        await stochasticLanczosQuadrature(H, {
          steps: 40,
          probes: 8,
          seed: 3,
          pool,
          signal: controller.signal,
          onProgress: (e) => {
            if ((e.probe ?? 0) >= 2) controller.abort();
          },
        });
      } catch (e) {
        error = e;
      }
      const err = error as { code?: string; details?: { completedProbes: number; partial: { probes: Array<{ index: number }> } } };
      expect(err?.code).toBe('E_ABORTED');
      expect(err.details!.completedProbes).toBeGreaterThanOrEqual(2);
      expect(err.details!.completedProbes).toBeLessThan(8);
      expect(err.details!.partial.probes.length).toBe(err.details!.completedProbes);
      const again = await stochasticLanczosQuadrature(H, { steps: 10, probes: 2, seed: 3, pool });
      expect(again.probes.length).toBe(2);
    } finally {
      await pool.close();
    }
  }, 600_000);
});
