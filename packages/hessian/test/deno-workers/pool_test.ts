// The Web Worker probe pool in Deno (module workers): run by test/node/web-workers.test.ts with
// --allow-read (a worker script is a file read; the permissionless suite cannot start one).
import { createWebWorkerPool, curvatureOperator, referenceProblem, stochasticLanczosQuadrature } from '@spectra/hessian';

declare const Deno: { test(name: string, fn: () => Promise<void>): void };

Deno.test('Web Worker pool: the main thread’s α, β, nodes and weights bit for bit, pools of 1 and 3', async () => {
  const { model, batch, theta0 } = referenceProblem();
  const H = curvatureOperator(model, theta0, batch, { backend: 'loop' });
  const main = await stochasticLanczosQuadrature(H, { steps: 12, probes: 5, seed: 3 });
  for (const size of [1, 3]) {
    const pool = createWebWorkerPool(size);
    try {
      const pooled = await stochasticLanczosQuadrature(H, { steps: 12, probes: 5, seed: 3, pool });
      pooled.probes.forEach((p, l) => {
        const m = main.probes[l]!;
        for (const key of ['alpha', 'beta', 'nodes', 'weights'] as const) {
          const a = p[key];
          const b = m[key];
          if (a.length !== b.length || a.some((x, i) => !Object.is(x, b[i]))) throw new Error(`pool ${size}, probe ${l}: ${key} differs`);
        }
      });
    } finally {
      await pool.close();
    }
  }
});
