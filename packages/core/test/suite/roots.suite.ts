// polynomialRoots / polynomialRootsBatch against independent truths (specs/core.md §3.1–3.2):
// backward errors η(z) = |p(z)|/Σ|c_k||z|ᵏ evaluated in double-double here (so the test's own
// rounding does not count), closed-form roots (zⁿ − 1, Chebyshev, Wilkinson, products of chosen
// factors with exactly representable coefficients), the roots of W20 *as stored in doubles* from
// mpmath (fixtures/generate-roots-reference.py), and the inclusion discs about every root.
import { polynomialRoots, polynomialRootsBatch, rng, wasmMemoryBytes, type PolynomialRoots } from '@spectra/core';
import { assert, assertAtMost, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import reference from '../fixtures/roots-reference.json' with { type: 'json' };

type B = 'wasm' | 'js';
const u = 2 ** -53;

// ---- double-double evaluation (Dekker 1971): the accuracy of compensated Horner ----------------
const SPLIT = 134217729;
let H = 0;
let L = 0;
function ddMul(ah: number, al: number, b: number): void {
  const p = ah * b;
  let t = SPLIT * ah;
  const a1 = t - (t - ah);
  const a2 = ah - a1;
  t = SPLIT * b;
  const b1 = t - (t - b);
  const b2 = b - b1;
  const e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2 + al * b;
  H = p + e;
  L = e - (H - p);
}
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const v = s - ah;
  const e = ah - (s - v) + (bh - v) + al + bl;
  H = s + e;
  L = e - (H - s);
}

/** Coefficients as separate re/im arrays (ascending). */
interface Poly {
  re: Float64Array;
  im: Float64Array;
}
const realPoly = (c: ArrayLike<number>): Poly => ({ re: Float64Array.from(c), im: new Float64Array(c.length) });
function complexPoly(interleaved: ArrayLike<number>): Poly {
  const n = interleaved.length / 2;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    re[k] = interleaved[2 * k]!;
    im[k] = interleaved[2 * k + 1]!;
  }
  return { re, im };
}

/**
 * η(z) = |p(z)| / Σ|c_k||z|ᵏ with p(z) in double-double. For |z| > 1 both sides are divided by
 * |z|ⁿ (the reversed polynomial at 1/z), so nothing overflows at degree 1000.
 */
function backwardError(p: Poly, x: number, y: number): number {
  const n = p.re.length - 1;
  const reversed = Math.hypot(x, y) > 1;
  let wr = x;
  let wi = y;
  if (reversed) {
    const d = x * x + y * y;
    wr = x / d;
    wi = -y / d;
  }
  const at = (k: number) => (reversed ? n - k : k);
  let prh = p.re[at(n)]!, prl = 0, pih = p.im[at(n)]!, pil = 0;
  const aw = Math.hypot(wr, wi);
  let s = Math.hypot(prh, pih);
  for (let k = n - 1; k >= 0; k--) {
    const j = at(k);
    ddMul(prh, prl, wr);
    let ah = H, al = L;
    ddMul(pih, pil, -wi);
    ddAdd(ah, al, H, L);
    ddAdd(H, L, p.re[j]!, 0);
    const rh = H, rl = L;
    ddMul(prh, prl, wi);
    ah = H;
    al = L;
    ddMul(pih, pil, wr);
    ddAdd(ah, al, H, L);
    ddAdd(H, L, p.im[j]!, 0);
    pih = H;
    pil = L;
    prh = rh;
    prl = rl;
    s = s * aw + Math.hypot(p.re[j]!, p.im[j]!);
  }
  return Math.hypot(prh + prl, pih + pil) / s;
}

/** The same polynomial times a power of two bringing max|c_k| near 1 (η is scale-invariant; keeps the double-double products finite). */
function normalised(p: Poly): Poly {
  let big = 0;
  for (let k = 0; k < p.re.length; k++) big = Math.max(big, Math.abs(p.re[k]!), Math.abs(p.im[k]!));
  const f = 2 ** -Math.round(Math.log2(big));
  return { re: p.re.map((x) => x * f), im: p.im.map((x) => x * f) };
}

/** Largest η over the roots, and asserts every root is finite. */
function maxBackwardError(p: Poly, r: PolynomialRoots): number {
  const q = normalised(p);
  let worst = 0;
  for (let i = 0; i < r.radii.length; i++) {
    const x = r.roots[2 * i]!;
    const y = r.roots[2 * i + 1]!;
    assert(Number.isFinite(x) && Number.isFinite(y), `root ${i} is ${x} + ${y}i`);
    worst = Math.max(worst, backwardError(q, x, y));
  }
  return worst;
}

/** A known root, optionally as a double-double (hi + lo) per component. */
interface Truth {
  re: number;
  im: number;
  reLo?: number;
  imLo?: number;
}
const distance = (x: number, y: number, t: Truth) => Math.hypot(x - t.re - (t.reLo ?? 0), y - t.im - (t.imLo ?? 0));

/**
 * Matches computed roots to known roots one to one (greedy, nearest first) and returns the largest
 * distance, absolute or relative to |ζ|. Also asserts the inclusion property: the disc about every
 * computed root contains some true root (min_j |z_i − ζ_j| ≤ r_i).
 */
function checkAgainst(r: PolynomialRoots, truths: Truth[], label: string, options: { relative?: boolean; discs?: boolean } = {}): number {
  const n = r.radii.length;
  assertEqual(n, truths.length, `${label}: number of roots`);
  if (options.discs !== false) {
    for (let i = 0; i < n; i++) {
      const x = r.roots[2 * i]!;
      const y = r.roots[2 * i + 1]!;
      let nearest = Infinity;
      for (const t of truths) nearest = Math.min(nearest, distance(x, y, t));
      assert(nearest <= r.radii[i]!, `${label}: root ${i} = ${x} + ${y}i is ${nearest.toExponential(3)} from the nearest true root, outside its disc r = ${r.radii[i]!.toExponential(3)}`);
    }
  }
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) pairs.push([distance(r.roots[2 * i]!, r.roots[2 * i + 1]!, truths[j]!), i, j]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const usedI = new Uint8Array(n);
  const usedJ = new Uint8Array(n);
  let worst = 0;
  for (const [d, i, j] of pairs) {
    if (usedI[i] || usedJ[j]) continue;
    usedI[i] = 1;
    usedJ[j] = 1;
    const t = truths[j]!;
    worst = Math.max(worst, options.relative ? d / Math.hypot(t.re, t.im) : d);
  }
  return worst;
}

function allConverged(r: PolynomialRoots, label: string): void {
  for (let i = 0; i < r.converged.length; i++) assertEqual(r.converged[i], 1, `${label}: converged[${i}]`);
}

function kac(n: number, seed: number): Float64Array {
  return rng(seed).fillNormal(new Float64Array(n + 1));
}

/** Π(z − ζ_j) with exact BigInt arithmetic on (Gaussian) integers; asserts the doubles are exact. */
function productOf(roots: Array<[number, number]>, label: string): { interleaved: Float64Array; real: boolean } {
  let re: bigint[] = [1n];
  let im: bigint[] = [0n];
  for (const [a, b] of roots) {
    const nre: bigint[] = new Array(re.length + 1).fill(0n);
    const nim: bigint[] = new Array(re.length + 1).fill(0n);
    for (let k = 0; k < re.length; k++) {
      nre[k + 1] += re[k]!;
      nim[k + 1] += im[k]!;
      // −(a + bi)(re + i·im)
      nre[k] -= BigInt(a) * re[k]! - BigInt(b) * im[k]!;
      nim[k] -= BigInt(a) * im[k]! + BigInt(b) * re[k]!;
    }
    re = nre;
    im = nim;
  }
  const interleaved = new Float64Array(2 * re.length);
  let real = true;
  for (let k = 0; k < re.length; k++) {
    assert(BigInt(Number(re[k])) === re[k] && BigInt(Number(im[k])) === im[k], `${label}: coefficient ${k} is not exact in double`);
    interleaved[2 * k] = Number(re[k]);
    interleaved[2 * k + 1] = Number(im[k]);
    if (im[k] !== 0n) real = false;
  }
  return { interleaved, real };
}

function realPart(interleaved: Float64Array): Float64Array {
  const out = new Float64Array(interleaved.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = interleaved[2 * k]!;
  return out;
}

/** Chebyshev T_n in the monomial basis (ascending), exact in BigInt, asserted exact in double. */
function chebyshev(n: number): Float64Array {
  let prev: bigint[] = [1n];
  let cur: bigint[] = [0n, 1n];
  for (let k = 1; k < n; k++) {
    const next: bigint[] = new Array(k + 2).fill(0n);
    for (let j = 0; j < cur.length; j++) next[j + 1] += 2n * cur[j]!;
    for (let j = 0; j < prev.length; j++) next[j] -= prev[j]!;
    prev = cur;
    cur = next;
  }
  return Float64Array.from(cur, (x, k) => {
    assert(BigInt(Number(x)) === x, `T${n} coefficient ${k} is not exact in double`);
    return Number(x);
  });
}

const integers = (n: number): Truth[] => Array.from({ length: n }, (_, i) => ({ re: i + 1, im: 0 }));

export default defineSuite('roots', (test) => {
  test('Kac polynomials, degree 20 / 100 / 500 / 1000: η ≤ 4nu (double-double η), all converged', ({ backend }) => {
    for (const n of [20, 100, 500, 1000]) {
      const c = kac(n, 1000 + n);
      const r = polynomialRoots(c, { backend: backend as B });
      assertEqual(r.roots.length, 2 * n);
      allConverged(r, `Kac ${n}`);
      assertAtMost(maxBackwardError(realPoly(c), r), 4 * n * u, `Kac ${n}: max η`);
      // Sweeps: 7–12 in the prototype (§3.2); a generous cap catches a broken iteration.
      assertAtMost(r.iterations, 25, `Kac ${n}: sweeps`);
      for (let i = 0; i < n; i++) assert(r.radii[i]! > 0 && r.radii[i]! < 1e-6, `Kac ${n}: radius ${i} = ${r.radii[i]}`);
    }
  });

  test('Wilkinson W10: forward ≤ 1e-8, discs hold 1…10, η ≤ 4nu', ({ backend }) => {
    const { interleaved } = productOf(Array.from({ length: 10 }, (_, i) => [i + 1, 0]), 'W10');
    const c = realPart(interleaved);
    const r = polynomialRoots(c, { backend: backend as B });
    allConverged(r, 'W10');
    assertAtMost(checkAgainst(r, integers(10), 'W10', { relative: true }), 1e-8, 'W10 forward error');
    assertAtMost(maxBackwardError(realPoly(c), r), 40 * u, 'W10 η');
  });

  test('Wilkinson W20: polished forward ≤ 2e-2 (vs 1…20); discs hold the roots of W20 as stored (mpmath)', ({ backend }) => {
    const w = reference.w20;
    let big: bigint[] = [1n];
    for (let r = 1n; r <= 20n; r++) {
      const d: bigint[] = new Array(big.length + 1).fill(0n);
      for (let k = 0; k < big.length; k++) {
        d[k + 1] += big[k]!;
        d[k] -= r * big[k]!;
      }
      big = d;
    }
    const c = Float64Array.from(big, (x) => Number(x));
    assertEqual(Array.from(c).join(), w.coefficients.join(), 'W20 coefficients as the fixture rounded them');
    const truths: Truth[] = w.roots.map((t) => ({ re: t.re[0]!, reLo: t.re[1]!, im: t.im[0]!, imLo: t.im[1]! }));
    const r = polynomialRoots(c, { backend: backend as B });
    allConverged(r, 'W20');
    assertAtMost(checkAgainst(r, integers(20), 'W20 vs 1…20', { relative: true, discs: false }), 2e-2, 'W20 forward error vs 1…20 (polished)');
    // Polishing in double-double converges to the stored polynomial's roots, 4.8e-5 from 1…20.
    // (Measured 4e-13: roots 1 and 2 are well-conditioned, r ≤ √u·|z|, and not polished.)
    assertAtMost(checkAgainst(r, truths, 'W20 vs stored roots', { relative: true }), 1e-11, 'W20 forward error vs the stored polynomial');
    assertAtMost(maxBackwardError(realPoly(c), r), 80 * u, 'W20 η');
    // Without polishing: the stop rule alone (η at rounding level), discs still valid.
    const plain = polynomialRoots(c, { backend: backend as B, polish: false });
    checkAgainst(plain, truths, 'W20 unpolished');
    assertAtMost(maxBackwardError(realPoly(c), plain), 80 * u, 'W20 unpolished η');
  });

  test('zⁿ − 1, n = 20 / 100 / 500: forward ≤ 1e-14, discs hold the roots of unity, η ≤ 4nu', ({ backend }) => {
    for (const n of [20, 100, 500]) {
      const c = new Float64Array(n + 1);
      c[0] = -1;
      c[n] = 1;
      const r = polynomialRoots(c, { backend: backend as B });
      allConverged(r, `z^${n} − 1`);
      const truths = Array.from({ length: n }, (_, k) => ({ re: Math.cos((2 * Math.PI * k) / n), im: Math.sin((2 * Math.PI * k) / n) }));
      // Truths carry their own rounding (≈ u): within the 1e-14 bar, and far inside the discs.
      assertAtMost(checkAgainst(r, truths, `z^${n} − 1`), 1e-14, `z^${n} − 1 forward error`);
      assertAtMost(maxBackwardError(realPoly(c), r), 4 * n * u, `z^${n} − 1 η`);
    }
  });

  test('Chebyshev T20 / T40 in the monomial basis: η ≤ 4nu, discs hold cos((2k − 1)π/2n)', ({ backend }) => {
    for (const n of [20, 40]) {
      const c = chebyshev(n);
      const r = polynomialRoots(c, { backend: backend as B });
      allConverged(r, `T${n}`);
      const truths = Array.from({ length: n }, (_, k) => ({ re: Math.cos(((2 * k + 1) * Math.PI) / (2 * n)), im: 0 }));
      const forward = checkAgainst(r, truths, `T${n}`);
      // numpy's companion QR reached 2.2e-11 / 1.3e-4 absolute (§3.2): be no worse than it on T20
      // (measured 3e-12 to 4e-12: its roots are well-conditioned, r ≤ √u·|z|, so not polished) and
      // far better on T40, whose roots are all polished in double-double (measured 2e-13).
      assertAtMost(forward, n === 20 ? 2.2e-11 : 1e-11, `T${n} forward error (absolute)`);
      assertAtMost(maxBackwardError(realPoly(c), r), 4 * n * u, `T${n} η`);
    }
  });

  test('complex coefficients: Gaussian-integer roots, discs and forward error, η', ({ backend }) => {
    const chosen: Array<[number, number]> = [[1, 2], [-3, 1], [0, -1], [2, 0], [-1, -4], [5, 5], [0, 3], [-2, -2]];
    const { interleaved } = productOf(chosen, 'complex product');
    const r = polynomialRoots(interleaved, { backend: backend as B, complex: true });
    allConverged(r, 'complex');
    const truths = chosen.map(([re, im]) => ({ re, im }));
    assertAtMost(checkAgainst(r, truths, 'complex', { relative: true }), 1e-13, 'complex forward error');
    assertAtMost(maxBackwardError(complexPoly(interleaved), r), 4 * chosen.length * u, 'complex η');
    // Random complex coefficients (Kac-like, degree 300): η.
    const n = 300;
    const g = rng(77);
    const random = g.fillNormal(new Float64Array(2 * (n + 1)));
    const rr = polynomialRoots(random, { backend: backend as B, complex: true });
    allConverged(rr, 'complex Kac');
    assertAtMost(maxBackwardError(complexPoly(random), rr), 4 * n * u, 'complex Kac η');
    // Real coefficients given as complex agree with the real path.
    const c = kac(40, 5);
    const asComplex = new Float64Array(82);
    for (let k = 0; k <= 40; k++) asComplex[2 * k] = c[k]!;
    const a = polynomialRoots(c, { backend: backend as B });
    const b = polynomialRoots(asComplex, { backend: backend as B, complex: true });
    const truthsA: Truth[] = Array.from({ length: 40 }, (_, i) => ({ re: a.roots[2 * i]!, im: a.roots[2 * i + 1]! }));
    assertAtMost(checkAgainst(b, truthsA, 'real as complex', { discs: false }), 1e-12, 'real path vs complex path');
  });

  test('multiple roots: (z − 1)⁴(z + 2)³(z − 3)(z² + 1)², discs hold the true roots', ({ backend }) => {
    const roots: Array<[number, number]> = [[1, 0], [1, 0], [1, 0], [1, 0], [-2, 0], [-2, 0], [-2, 0], [3, 0], [0, 1], [0, -1], [0, 1], [0, -1]];
    const { interleaved, real } = productOf(roots, 'multiple');
    assert(real, 'real coefficients');
    const c = realPart(interleaved);
    const r = polynomialRoots(c, { backend: backend as B });
    const truths = roots.map(([re, im]) => ({ re, im }));
    // A root of multiplicity k is only determined to ≈ u^{1/k}: 2e-4 for k = 4.
    assertAtMost(checkAgainst(r, truths, 'multiple'), 1e-3, 'multiple roots forward error');
    assertAtMost(maxBackwardError(realPoly(c), r), 4 * roots.length * u, 'multiple η');
    // The simple root 3 is found to full accuracy.
    let best = Infinity;
    for (let i = 0; i < roots.length; i++) best = Math.min(best, Math.hypot(r.roots[2 * i]! - 3, r.roots[2 * i + 1]!));
    assertAtMost(best, 1e-12, 'simple root 3');
  });

  test('normalisation: zero top and low coefficients, degree 0 and 1', ({ backend }) => {
    const b = backend as B;
    // 2z² − 6z³ + 4z⁴ (+ zero tops) = 2z²(z − 1)(2z − 1)… here: z²·(2 − 3z + z²) = z²(z − 1)(z − 2).
    const r = polynomialRoots([0, 0, 2, -3, 1, 0, 0], { backend: b });
    assertEqual(r.radii.length, 4, 'degree lowered to 4');
    assertEqual(r.roots[0], 0);
    assertEqual(r.roots[1], 0);
    assertEqual(r.roots[2], 0);
    assertEqual(r.roots[3], 0);
    assertEqual(r.radii[0], 0);
    assertEqual(r.radii[1], 0);
    checkAgainst(r, [{ re: 0, im: 0 }, { re: 0, im: 0 }, { re: 1, im: 0 }, { re: 2, im: 0 }], 'zero low/top');
    // Constant: no roots. Degree 1: −c₀/c₁, radius 0 (real and complex).
    const constant = polynomialRoots([5, 0, 0], { backend: b });
    assertEqual(constant.roots.length, 0);
    assertEqual(constant.iterations, 0);
    const linear = polynomialRoots([-6, 3], { backend: b });
    assertEqual(Array.from(linear.roots).join(), '2,0');
    assertEqual(linear.radii[0], 0);
    assertEqual(linear.converged[0], 1);
    // (1 + 2i) + (1 − i)·z → z = −(1 + 2i)/(1 − i) = (1 − 3i)/2
    const complexLinear = polynomialRoots([1, 2, 1, -1], { backend: b, complex: true });
    assertEqual(Array.from(complexLinear.roots).join(), '0.5,-1.5');
    // z³ (only a top coefficient beyond zeros) → three exact zeros.
    const cube = polynomialRoots([0, 0, 0, 7], { backend: b });
    assertEqual(Array.from(cube.roots).join(), '0,0,0,0,0,0');
    assertEqual(Array.from(cube.radii).join(), '0,0,0');
    // Plain arrays, Float32Array and Float64Array give the same roots.
    const f32 = polynomialRoots(new Float32Array([2, -3, 1]), { backend: b });
    const arr = polynomialRoots([2, -3, 1], { backend: b });
    assertEqual(Array.from(f32.roots).join(), Array.from(arr.roots).join());
  });

  test('huge and tiny coefficients: power-of-two scalings give identical roots, decimal ones the same roots', ({ backend }) => {
    const b = backend as B;
    const c = kac(100, 3);
    const base = polynomialRoots(c, { backend: b });
    for (const k of [-1000, -300, 300, 1000]) {
      const scaled = c.map((x) => x * 2 ** k);
      const r = polynomialRoots(scaled, { backend: b });
      assertEqual(Array.from(r.roots).join(), Array.from(base.roots).join(), `coefficients × 2^${k}`);
    }
    for (const f of [1e-300, 1e300]) {
      const scaled = c.map((x) => x * f);
      const r = polynomialRoots(scaled, { backend: b });
      allConverged(r, `× ${f}`);
      assertAtMost(maxBackwardError(realPoly(scaled), r), 4 * 100 * u, `× ${f}: η`);
    }
    // Variable scaling: the roots of p(z/2ᵏ) are 2ᵏ times those of p, exactly (same iterates).
    const small = kac(20, 4);
    const r0 = polynomialRoots(small, { backend: b });
    for (const k of [-45, 45]) {
      const stretched = small.map((x, j) => x * 2 ** (-k * j));
      const r = polynomialRoots(stretched, { backend: b });
      assertEqual(Array.from(r.roots).join(), Array.from(r0.roots, (x) => x * 2 ** k).join(), `roots × 2^${k}`);
      assertEqual(Array.from(r.radii).join(), Array.from(r0.radii, (x) => x * 2 ** k).join(), `radii × 2^${k}`);
    }
    // Roots of very different sizes in one polynomial: (z − 1e-150)(z − 1)(z − 1e150).
    const spread = polynomialRoots([-1, 1e150 + 1 + 1e-150, -(1e150 + 1 + 1e-150), 1], { backend: b });
    const mags = Array.from({ length: 3 }, (_, i) => Math.hypot(spread.roots[2 * i]!, spread.roots[2 * i + 1]!)).sort((x, y) => x - y);
    assertAtMost(Math.abs(mags[0]! / 1e-150 - 1), 1e-12, 'tiny root');
    assertAtMost(Math.abs(mags[1]! - 1), 1e-12, 'unit root');
    assertAtMost(Math.abs(mags[2]! / 1e150 - 1), 1e-12, 'huge root');
  });

  test('iteration cap: converged[i] = 0 and every disc still holds a true root', ({ backend }) => {
    const { interleaved } = productOf(Array.from({ length: 10 }, (_, i) => [i + 1, 0]), 'W10');
    const c = realPart(interleaved);
    for (const polish of [false, true]) {
      const r = polynomialRoots(c, { backend: backend as B, maxIterations: 3, polish });
      assertEqual(r.iterations, 3);
      let unconverged = 0;
      for (let i = 0; i < 10; i++) unconverged += r.converged[i] === 0 ? 1 : 0;
      // Without polishing three sweeps leave roots unconverged; polishing (compensated Horner)
      // may settle them, and then they count as converged: their η must be at rounding level.
      if (!polish) assert(unconverged > 0, 'three sweeps leave roots of W10 unconverged');
      checkAgainst(r, integers(10), `W10 capped at 3 sweeps (polish ${polish})`);
      const q = normalised(realPoly(c));
      for (let i = 0; i < 10; i++) {
        if (r.converged[i]) assertAtMost(backwardError(q, r.roots[2 * i]!, r.roots[2 * i + 1]!), 40 * u, `W10 capped: η of converged root ${i}`);
      }
    }
  });

  test('batch: equals individual calls (real, complex, degree 65), zero top → roots at infinity', ({ backend }) => {
    const b = backend as B;
    const degree = 65;
    const count = 40;
    const g = rng(123);
    const real = g.fillNormal(new Float64Array(count * (degree + 1)));
    const complex = g.fillNormal(new Float64Array(2 * count * (degree + 1)));
    for (const [data, isComplex] of [[real, false], [complex, true]] as const) {
      const width = isComplex ? 2 : 1;
      const batch = polynomialRootsBatch(data, degree, { backend: b, complex: isComplex });
      assertEqual(batch.roots.length, 2 * degree * count);
      let most = 0;
      for (let p = 0; p < count; p++) {
        const one = polynomialRoots(data.subarray(p * width * (degree + 1), (p + 1) * width * (degree + 1)), { backend: b, complex: isComplex });
        most = Math.max(most, one.iterations);
        assertEqual(Array.from(batch.roots.subarray(2 * degree * p, 2 * degree * (p + 1))).join(), Array.from(one.roots).join(), `polynomial ${p} roots`);
        assertEqual(Array.from(batch.radii.subarray(degree * p, degree * (p + 1))).join(), Array.from(one.radii).join(), `polynomial ${p} radii`);
        assertEqual(Array.from(batch.converged.subarray(degree * p, degree * (p + 1))).join(), Array.from(one.converged).join(), `polynomial ${p} flags`);
      }
      assertEqual(batch.iterations, most, 'iterations = the largest sweep count');
    }
    // A polynomial of lower degree inside a batch: its missing roots are at infinity.
    const mixed = polynomialRootsBatch([2, -3, 1, 0, /* next */ -1, 1, 0, 0], 3, { backend: b });
    checkAgainst({ roots: mixed.roots.subarray(0, 4), radii: mixed.radii.subarray(0, 2), converged: mixed.converged.subarray(0, 2), iterations: 0 }, [{ re: 1, im: 0 }, { re: 2, im: 0 }], 'mixed batch, first');
    assertEqual(mixed.roots[4], Infinity);
    assertEqual(mixed.roots[5], 0);
    assertEqual(mixed.radii[2], Infinity);
    assertEqual(Array.from(mixed.roots.subarray(6)).join(), '1,0,Infinity,0,Infinity,0');
    // Degree 0 and empty batches.
    assertEqual(polynomialRootsBatch([1, 2, 3], 0, { backend: b }).roots.length, 0);
    assertEqual(polynomialRootsBatch([], 4, { backend: b }).roots.length, 0);
  });

  test('wasm and JS agree (same roots within rounding)', ({ backend }) => {
    if (backend !== 'wasm') return; // compares the two backends; runs once per wasm build
    for (const n of [30, 200]) {
      const c = kac(n, 9 + n);
      const w = polynomialRoots(c, { backend: 'wasm' });
      const j = polynomialRoots(c, { backend: 'js' });
      const truths: Truth[] = Array.from({ length: n }, (_, i) => ({ re: j.roots[2 * i]!, im: j.roots[2 * i + 1]! }));
      let scale = 0;
      for (let i = 0; i < 2 * n; i++) scale = Math.max(scale, Math.abs(j.roots[i]!));
      assertAtMost(checkAgainst(w, truths, `wasm vs js, Kac ${n}`, { discs: false }), 1e-12 * scale, `wasm vs js, Kac ${n}`);
      assertEqual(Array.from(w.converged).join(), Array.from(j.converged).join(), 'converged flags');
    }
    const { interleaved } = productOf([[1, 2], [-3, 1], [0, -1], [2, 0]], 'small complex');
    const w = polynomialRoots(interleaved, { backend: 'wasm', complex: true });
    const j = polynomialRoots(interleaved, { backend: 'js', complex: true });
    const truths: Truth[] = [0, 1, 2, 3].map((i) => ({ re: j.roots[2 * i]!, im: j.roots[2 * i + 1]! }));
    assertAtMost(checkAgainst(w, truths, 'wasm vs js complex', { discs: false }), 1e-13, 'wasm vs js complex');
  });

  test('wasm memory is reused across many batch calls', ({ backend }) => {
    if (backend !== 'wasm') return;
    const data = rng(5).fillNormal(new Float64Array(20 * 31));
    for (let i = 0; i < 20; i++) polynomialRootsBatch(data, 30, { backend: 'wasm' });
    const settled = wasmMemoryBytes();
    for (let i = 0; i < 500; i++) polynomialRootsBatch(data, 30, { backend: 'wasm' });
    assertEqual(wasmMemoryBytes(), settled, 'memory after 500 more batches');
  });

  test('abort and progress: a fired signal throws E_ABORTED, progress ends at 1', ({ backend }) => {
    const b = backend as B;
    const data = rng(6).fillNormal(new Float64Array(3000 * 66));
    const seen: number[] = [];
    polynomialRootsBatch(data, 65, { backend: b, onProgress: (f) => seen.push(f) });
    assert(seen.length >= 2, `progress reported ${seen.length} times`);
    for (let i = 1; i < seen.length; i++) assert(seen[i]! > seen[i - 1]!, 'progress increases');
    assertEqual(seen[seen.length - 1], 1);
    const controller = new AbortController();
    let calls = 0;
    const e = assertThrowsCode(() => polynomialRootsBatch(data, 65, { backend: b, signal: controller.signal, onProgress: () => { calls++; controller.abort(); } }), 'E_ABORTED');
    assert(calls >= 1 && e.message !== undefined);
    const fired = new AbortController();
    fired.abort();
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, signal: fired.signal }), 'E_ABORTED');
  });

  test('sliced sweeps: progress and abort on one large polynomial; callbacks may call other kernels', ({ backend }) => {
    const b = backend as B;
    const c = kac(1200, 8);
    const plain = polynomialRoots(c, { backend: b });
    const seen: number[] = [];
    const other = kac(50, 9);
    const otherRoots = polynomialRoots(other, { backend: b });
    // The callback runs another solve (reusing wasm memory): the outer result must not change.
    const sliced = polynomialRoots(c, {
      backend: b,
      onProgress: (f) => {
        seen.push(f);
        const again = polynomialRoots(other, { backend: b });
        assertEqual(Array.from(again.roots).join(), Array.from(otherRoots.roots).join(), 'nested call');
      },
    });
    assert(seen.length >= 3, `progress reported ${seen.length} times`);
    for (let i = 1; i < seen.length; i++) assert(seen[i]! >= seen[i - 1]!, 'progress never decreases');
    assertEqual(seen[seen.length - 1], 1);
    assertEqual(Array.from(sliced.roots).join(), Array.from(plain.roots).join(), 'slicing changes nothing');
    assertEqual(Array.from(sliced.radii).join(), Array.from(plain.radii).join(), 'radii too');
    assertEqual(sliced.iterations, plain.iterations);
    const controller = new AbortController();
    assertThrowsCode(() => polynomialRoots(c, { backend: b, signal: controller.signal, onProgress: () => controller.abort('stop') }), 'E_ABORTED');
    // A batch whose callback runs another batch: same answer as without.
    const data = rng(10).fillNormal(new Float64Array(2500 * 41));
    const quiet = polynomialRootsBatch(data, 40, { backend: b });
    const noisy = polynomialRootsBatch(data, 40, { backend: b, onProgress: () => { polynomialRootsBatch(data.subarray(0, 41 * 30), 40, { backend: b }); } });
    assertEqual(Array.from(noisy.roots).join(), Array.from(quiet.roots).join(), 'batch with a busy callback');
  });

  test('warm starts along a path of polynomials: the same roots, fewer sweeps', ({ backend }) => {
    const b = backend as B;
    // f(m) − z·m with f of degree 30 (roots −k/30) and z on a path: neighbouring roots move little.
    const degree = 30;
    const count = 400;
    let f: number[] = [1];
    for (let k = 1; k <= degree; k++) {
      const next = new Array<number>(f.length + 1).fill(0);
      for (let j = 0; j < f.length; j++) {
        next[j + 1] += f[j]!;
        next[j] += (k / degree) * f[j]!;
      }
      f = next;
    }
    const data = new Float64Array(2 * count * (degree + 1));
    for (let p = 0; p < count; p++) {
      const zr = -2 + (4 * p) / count;
      const zi = 0.05;
      for (let k = 0; k <= degree; k++) {
        data[2 * (p * (degree + 1) + k)] = f[k]! - (k === 1 ? zr : 0);
        data[2 * (p * (degree + 1) + k) + 1] = k === 1 ? -zi : 0;
      }
    }
    const cold = polynomialRootsBatch(data, degree, { backend: b, complex: true });
    const warm = polynomialRootsBatch(data, degree, { backend: b, complex: true, warmStart: true });
    allConverged(warm, 'warm');
    for (let p = 0; p < count; p += 37) {
      const truths: Truth[] = Array.from({ length: degree }, (_, i) => ({ re: cold.roots[2 * (p * degree + i)]!, im: cold.roots[2 * (p * degree + i) + 1]! }));
      const sub = { roots: warm.roots.subarray(2 * p * degree, 2 * (p + 1) * degree), radii: warm.radii.subarray(p * degree, (p + 1) * degree), converged: warm.converged.subarray(p * degree, (p + 1) * degree), iterations: 0 };
      assertAtMost(checkAgainst(sub, truths, `warm vs cold, polynomial ${p}`, { discs: false }), 1e-10, `warm vs cold, polynomial ${p}`);
      const poly = complexPoly(data.subarray(2 * p * (degree + 1), 2 * (p + 1) * (degree + 1)));
      assertAtMost(maxBackwardError(poly, sub), 4 * degree * u, `warm η, polynomial ${p}`);
    }
    assert(warm.iterations < cold.iterations, `warm starts need fewer sweeps (${warm.iterations} vs ${cold.iterations})`);
    // Warm starts keep each root in its slot along the path, across the chunks a long batch runs in
    // (2^22/(degree + 1)² = 992 polynomials per chunk at degree 64): slot i moves little from one
    // polynomial to the next.
    const d2 = 64;
    const n2 = 1100;
    const path = new Float64Array(2 * n2 * (d2 + 1));
    for (let p = 0; p < n2; p++) {
      // z⁶⁴ − e^{iφ}: the 64th roots of unity turned by φ/64; over the batch they turn by 1.5
      // spacings, so a cold restart (Newton-polygon starts at fixed angles) would reorder the slots.
      const phi = (3 * Math.PI * p) / n2;
      path[2 * p * (d2 + 1)] = -Math.cos(phi);
      path[2 * p * (d2 + 1) + 1] = -Math.sin(phi);
      path[2 * (p * (d2 + 1) + d2)] = 1;
    }
    const along = polynomialRootsBatch(path, d2, { backend: b, complex: true, warmStart: true });
    allConverged(along, 'path');
    let jump = 0;
    for (let p = 1; p < n2; p++) {
      for (let i = 0; i < d2; i++) {
        const a = 2 * ((p - 1) * d2 + i);
        const c = 2 * (p * d2 + i);
        jump = Math.max(jump, Math.hypot(along.roots[c]! - along.roots[a]!, along.roots[c + 1]! - along.roots[a + 1]!));
      }
    }
    // Neighbouring roots are 2π/64 ≈ 0.1 apart; a path step turns them by 3π/(1100·64) ≈ 1.3e-4.
    assertAtMost(jump, 1e-3, 'largest move of a slot between neighbouring polynomials');
    assertThrowsCode(() => polynomialRootsBatch(data, degree, { backend: b, complex: true, warmStart: 1 as never }), 'E_ARGUMENT');
  });

  test('bad input: typed SpectraErrors naming the argument', ({ backend }) => {
    const b = backend as B;
    const e1 = assertThrowsCode(() => polynomialRoots([], { backend: b }), 'E_DEGENERATE');
    assert(/coefficients/.test(e1.message ?? ''), e1.message);
    assertThrowsCode(() => polynomialRoots([0, 0, 0], { backend: b }), 'E_DEGENERATE');
    assertThrowsCode(() => polynomialRoots([0, 0, 0, 0], { backend: b, complex: true }), 'E_DEGENERATE');
    const e2 = assertThrowsCode(() => polynomialRoots([1, NaN, 2], { backend: b }), 'E_NON_FINITE');
    assert(/coefficients\[1\]/.test(e2.message ?? ''), e2.message);
    assertThrowsCode(() => polynomialRoots([1, 2, Infinity], { backend: b }), 'E_NON_FINITE');
    assertThrowsCode(() => polynomialRoots(new Float64Array([1, -Infinity]), { backend: b }), 'E_NON_FINITE');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, complex: true }), 'E_SHAPE');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, maxIterations: 0 }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, maxIterations: 2.5 }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, maxIterations: NaN }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, complex: 'yes' as never }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, polish: 1 as never }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: 'gpu' as never }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, signal: {} as never }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots([1, 2, 3], { backend: b, onProgress: 3 as never }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots(null as never, { backend: b }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots(5 as never, { backend: b }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRoots(['1', 2] as never, { backend: b }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRootsBatch([1, 2, 3], -1, { backend: b }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRootsBatch([1, 2, 3], 1.5, { backend: b }), 'E_ARGUMENT');
    assertThrowsCode(() => polynomialRootsBatch([1, 2, 3], 1, { backend: b }), 'E_SHAPE');
    assertThrowsCode(() => polynomialRootsBatch([1, 2, 3, 4, 5, 6], 1, { backend: b, complex: true }), 'E_SHAPE');
    const e3 = assertThrowsCode(() => polynomialRootsBatch([1, 2, 0, 0, 3, 4], 1, { backend: b }), 'E_DEGENERATE');
    assert(/polynomial 1/.test(e3.message ?? ''), e3.message);
    assertThrowsCode(() => polynomialRootsBatch([1, 2, NaN, 1], 1, { backend: b }), 'E_NON_FINITE');
  });

  test('no NaN escapes: extreme and nasty polynomials give finite roots and radii', ({ backend }) => {
    const b = backend as B;
    const cases: number[][] = [
      [1e-308, 0, 1], // roots ±i·1e-154
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1e-300], // roots of modulus 1e25
      [Number.MIN_VALUE, 1, 1], // a subnormal constant term
      [1, 1e300, 1e-300], // roots near −1e-300 and −1e600 (out of range: not converged, still no NaN)
      Array.from({ length: 60 }, (_, k) => (k % 7 === 0 ? 1 : 0)), // sparse, many zero coefficients
    ];
    for (const c of cases) {
      const r = polynomialRoots(c, { backend: b });
      for (let i = 0; i < r.radii.length; i++) {
        assert(!Number.isNaN(r.roots[2 * i]!) && !Number.isNaN(r.roots[2 * i + 1]!) && !Number.isNaN(r.radii[i]!), `[${c.slice(0, 4).join(', ')}…]: root ${i} is ${r.roots[2 * i]} + ${r.roots[2 * i + 1]}i, radius ${r.radii[i]}`);
      }
    }
    const t = polynomialRoots([1e-308, 0, 1], { backend: b });
    for (let i = 0; i < 2; i++) {
      assertAtMost(Math.abs(t.roots[2 * i]!), 1e-160, 'tiny roots: real part');
      assertAtMost(Math.abs(Math.abs(t.roots[2 * i + 1]!) / 1e-154 - 1), 1e-14, 'tiny roots: ±i·1e-154');
    }
  });
});
