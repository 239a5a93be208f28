import { randomGaussian, randomOrthogonal, rng, matmul, transpose } from '@spectra/core';
import { assert, assertAtMost, assertClose, assertDeepEqual, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import vectors from '../fixtures/rng-vectors.json' with { type: 'json' };

/** Standard normal CDF via erfc (Abramowitz–Stegun 7.1.26 is too coarse for a KS test: use a series). */
function normalCdf(x: number): number {
  // W. J. Cody's rational approximations are overkill here; a high-order continued fraction of erfc.
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  // Numerical Recipes erfcc: fractional error < 1.2e-7 everywhere, ample for a KS bound of 5e-3.
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r / 2 : r / 2;
}

function ksAgainst(values: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

export default defineSuite('random', (test) => {
  test('xoshiro128** matches the independent Python generator (SplitMix64 seeding)', () => {
    for (const [seed, v] of Object.entries(vectors['xoshiro128**'])) {
      const r = rng(BigInt(seed));
      const words = v.uint32.map(() => r.nextUint32());
      assertDeepEqual(words, v.uint32, `seed ${seed} raw words`);
      const r2 = rng(BigInt(seed));
      const u = v.uniform.map(() => r2.uniform());
      assertDeepEqual(u, v.uniform, `seed ${seed} uniforms`);
    }
    // A number seed and the equal bigint seed give the same stream; negative seeds wrap mod 2⁶⁴.
    assertEqual(rng(42).nextUint32(), vectors['xoshiro128**']['42'].uint32[0]);
    assertEqual(rng(-1).nextUint32(), vectors['xoshiro128**']['-1'].uint32[0]);
  }, { perVariant: false });

  test('mulberry32 matches hessian.md §7 test vectors and the Python generator', () => {
    const r = rng(1, { algorithm: 'mulberry32' });
    assertDeepEqual([1, 2, 3, 4, 5, 6].map(() => r.nextUint32()), [2693262067, 11749833, 2265367787, 4213581821, 4159151403, 1207330352]);
    const r3 = rng(3, { algorithm: 'mulberry32' });
    const signs = Array.from({ length: 16 }, () => r3.rademacher());
    assertDeepEqual(signs, [-1, 1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1, -1, 1, -1, -1]);
    for (const [seed, v] of Object.entries(vectors.mulberry32)) {
      const g = rng(Number(seed), { algorithm: 'mulberry32' });
      assertDeepEqual(v.uniform.map(() => g.uniform()), v.uniform, `seed ${seed}`);
    }
    // Weyl-sequence property: draw k of seed s is the first draw of seed s + k·0x6D2B79F5.
    const s = 12345;
    const g = rng(s, { algorithm: 'mulberry32' });
    for (let k = 0; k < 5; k++) {
      const direct = g.nextUint32();
      const jumped = rng((s + k * 0x6d2b79f5) % 2 ** 32, { algorithm: 'mulberry32' }).nextUint32();
      assertEqual(direct, jumped, `draw ${k}`);
    }
  }, { perVariant: false });

  test('mulberry32 normals are the Box–Muller cosine branch', () => {
    const u = rng(4, { algorithm: 'mulberry32' });
    const n = rng(4, { algorithm: 'mulberry32' });
    for (let i = 0; i < 100; i++) {
      let u1 = u.uniform();
      while (u1 === 0) u1 = u.uniform();
      const u2 = u.uniform();
      assertEqual(n.normal(), Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }
  }, { perVariant: false });

  test('uniforms and normals have the right distribution (moments, KS at n = 100000)', () => {
    for (const algorithm of ['xoshiro128**', 'mulberry32'] as const) {
      const r = rng(7, { algorithm });
      const n = 100_000;
      const u = r.fillUniform(new Float64Array(n));
      let mean = 0;
      let min = 1;
      for (const x of u) {
        mean += x / n;
        min = Math.min(min, x);
      }
      assert(min >= 0, 'uniform ≥ 0');
      assertClose(mean, 0.5, { abs: 4 * Math.sqrt(1 / 12 / n) }, `${algorithm} uniform mean`);
      assertAtMost(ksAgainst(u, (x) => Math.min(1, Math.max(0, x))), 1.63 / Math.sqrt(n), `${algorithm} uniform KS (1% critical value)`);
      const z = r.fillNormal(new Float64Array(n));
      let m1 = 0;
      let m2 = 0;
      let m4 = 0;
      for (const x of z) {
        m1 += x / n;
        m2 += (x * x) / n;
        m4 += (x * x * x * x) / n;
      }
      assertClose(m1, 0, { abs: 4 / Math.sqrt(n) }, `${algorithm} normal mean`);
      assertClose(m2, 1, { abs: 4 * Math.sqrt(2 / n) }, `${algorithm} normal variance`);
      assertClose(m4, 3, { abs: 4 * Math.sqrt(96 / n) }, `${algorithm} normal fourth moment`);
      assertAtMost(ksAgainst(z, normalCdf), 1.63 / Math.sqrt(n), `${algorithm} normal KS (1% critical value)`);
    }
  }, { perVariant: false });

  test('uniformInt is unbiased and in range; shuffle is a uniform permutation', () => {
    const r = rng(11);
    const counts = new Float64Array(3);
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[r.uniformInt(3)]!++;
    // χ² with 2 degrees of freedom: 13.8 is the 0.1% critical value.
    let chi2 = 0;
    for (const c of counts) chi2 += (c - n / 3) ** 2 / (n / 3);
    assertAtMost(chi2, 13.8, 'χ² of uniformInt(3)');
    const big = 2 ** 40 + 3;
    for (let i = 0; i < 1000; i++) {
      const k = r.uniformInt(big);
      assert(Number.isInteger(k) && k >= 0 && k < big, `uniformInt(2^40+3) gave ${k}`);
    }
    // All 6 permutations of 3 items equally likely.
    const perms = new Map<string, number>();
    const trials = 60_000;
    for (let i = 0; i < trials; i++) {
      const key = r.shuffle([0, 1, 2]).join('');
      perms.set(key, (perms.get(key) ?? 0) + 1);
    }
    assertEqual(perms.size, 6);
    chi2 = 0;
    for (const c of perms.values()) chi2 += (c - trials / 6) ** 2 / (trials / 6);
    assertAtMost(chi2, 20.5, 'χ² of shuffle (5 dof, 0.1%)');
    assertThrowsCode(() => r.uniformInt(0), 'E_ARGUMENT');
    assertThrowsCode(() => rng(1.5), 'E_ARGUMENT');
    assertThrowsCode(() => rng(1, { algorithm: 'nope' as never }), 'E_ARGUMENT');
  }, { perVariant: false });

  test('randomGaussian draws row-major from rng(seed), reproducibly', () => {
    const a = randomGaussian(3, 4, { seed: 9, scale: 0.5 });
    const r = rng(9);
    for (let i = 0; i < 12; i++) assertEqual(a.data[i], 0.5 * r.normal());
    const b = randomGaussian(3, 4, { seed: 9, scale: 0.5, dtype: 'float32' });
    assert(b.data instanceof Float32Array);
    for (let i = 0; i < 12; i++) assertEqual(b.data[i], Math.fround(a.data[i]!));
    assertEqual(randomGaussian(0, 5).data.length, 0);
    assertThrowsCode(() => randomGaussian(-1, 2), 'E_ARGUMENT');
  }, { perVariant: false });

  test('randomOrthogonal is orthogonal and Haar: E[tr O] = 0, E[(tr O)²] = 1', ({ backend }) => {
    const o = randomOrthogonal(40, { seed: 3, backend: backend as 'wasm' | 'js' });
    const p = matmul(o, transpose(o), { backend: backend as 'wasm' | 'js' });
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) assertClose(p.data[i * 40 + j]!, i === j ? 1 : 0, { abs: 1e-13 }, `OOᵀ[${i},${j}]`);
    // For Haar O(n), n ≥ 2: E[tr O] = 0 and E[(tr O)²] = 1 (Diaconis & Shahshahani 1994). Without
    // the sign fix Q·sign(diag R) the trace is biased (E[tr Q] ≈ 1 for Householder QR).
    const samples = 3000;
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < samples; k++) {
      const q = randomOrthogonal(4, { seed: 1000 + k, backend: backend as 'wasm' | 'js' });
      const t = q.data[0]! + q.data[5]! + q.data[10]! + q.data[15]!;
      s1 += t / samples;
      s2 += (t * t) / samples;
    }
    // sd(tr O) = 1 and sd((tr O)²) ≈ √2 here: 5 standard errors.
    assertClose(s1, 0, { abs: 5 / Math.sqrt(samples) }, 'mean trace');
    assertClose(s2, 1, { abs: 5 * Math.sqrt(2 / samples) }, 'mean squared trace');
  });
});
