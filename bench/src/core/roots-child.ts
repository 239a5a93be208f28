// Child process of bench/src/core/roots.ts.
//   cold: the first Kac-500 polynomialRoots call after ready() in a fresh process, against the steady
//     time (wasm tiers up per function without on-stack replacement, specs/core.md §4.5: the warm-up
//     registered by polynomial-roots.ts must cover it).
//   baseline NAME n: one call of a slow npm baseline on the Kac polynomial of degree n (the parent
//     enforces a time limit), with its time, max η and non-finite roots.
import { polynomialRoots, ready } from '@spectra/core';
import { BASELINES, kac, quality } from './roots-quality.js';

const [mode, name, degree] = process.argv.slice(2);
if (mode === 'baseline') {
  const n = Number(degree);
  const c = kac(n, 1000 + n);
  const solve = BASELINES[name!]!;
  const t0 = performance.now();
  const roots = solve(c);
  const ms = performance.now() - t0;
  const q = quality(c, roots);
  console.log('@@RESULT ' + JSON.stringify({ ms, maxEta: q.maxEta, bad: q.bad }));
} else {
  const backend = await ready();
  const c = kac(500, 1500);
  let t0 = performance.now();
  polynomialRoots(c, { backend });
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    t0 = performance.now();
    polynomialRoots(c, { backend });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log('@@RESULT ' + JSON.stringify({ backend, firstMs, steadyMs: times[7] }));
}
