// Shared by the roots benchmark and its child process: seeded Kac polynomials, the backward error η
// in double-double, and the npm baselines of specs/core.md §4.2 as a user would call them.
import { createRequire } from 'node:module';
import { rng } from '@spectra/core';
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';

const require = createRequire(import.meta.url);

/** Kac polynomial of degree n: iid N(0, 1) coefficients from rng(seed). */
export function kac(n: number, seed: number): Float64Array {
  return rng(seed).fillNormal(new Float64Array(n + 1));
}

// ─── η in double-double (Dekker's TwoProduct; the accuracy of compensated Horner) ──────────────
const SPLIT = 134217729;
export function backwardError(c: Float64Array, x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return NaN;
  const n = c.length - 1;
  const reversed = Math.hypot(x, y) > 1;
  let wr = x;
  let wi = y;
  if (reversed) {
    const d = x * x + y * y;
    wr = x / d;
    wi = -y / d;
  }
  const at = (k: number) => c[reversed ? n - k : k]!;
  let h = 0;
  let l = 0;
  const mul = (ah: number, al: number, b: number) => {
    const p = ah * b;
    let t = SPLIT * ah;
    const a1 = t - (t - ah);
    const a2 = ah - a1;
    t = SPLIT * b;
    const b1 = t - (t - b);
    const b2 = b - b1;
    const e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2 + al * b;
    h = p + e;
    l = e - (h - p);
  };
  const add = (ah: number, al: number, bh: number, bl: number) => {
    const s = ah + bh;
    const v = s - ah;
    const e = ah - (s - v) + (bh - v) + al + bl;
    h = s + e;
    l = e - (h - s);
  };
  let prh = at(n), prl = 0, pih = 0, pil = 0;
  const aw = Math.hypot(wr, wi);
  let s = Math.abs(at(n));
  for (let k = n - 1; k >= 0; k--) {
    mul(prh, prl, wr);
    let ah = h, al = l;
    mul(pih, pil, -wi);
    add(ah, al, h, l);
    add(h, l, at(k), 0);
    const rh = h, rl = l;
    mul(prh, prl, wi);
    ah = h;
    al = l;
    mul(pih, pil, wr);
    add(ah, al, h, l);
    pih = h;
    pil = l;
    prh = rh;
    prl = rl;
    s = s * aw + Math.abs(at(k));
  }
  return Math.hypot(prh + prl, pih + pil) / s;
}

export interface RootSet {
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}

/** Max η over the finite roots, and how many roots are NaN/±∞. */
export function quality(c: Float64Array, roots: RootSet): { maxEta: number; bad: number } {
  let maxEta = 0;
  let bad = 0;
  for (let i = 0; i < roots.re.length; i++) {
    const x = roots.re[i]!;
    const y = roots.im[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      bad++;
      continue;
    }
    maxEta = Math.max(maxEta, backwardError(c, x, y));
  }
  return { maxEta, bad };
}

export function oursAsSet(r: { roots: Float64Array }): RootSet {
  const n = r.roots.length / 2;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = r.roots[2 * i]!;
    im[i] = r.roots[2 * i + 1]!;
  }
  return { re, im };
}

/** numpy's companion matrix of the monic polynomial: first row −c_{n−1}/c_n … −c₀/c_n, ones below. */
export function companionRows(c: Float64Array): number[][] {
  const n = c.length - 1;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n).fill(0);
    if (i === 0) for (let j = 0; j < n; j++) row[j] = -c[n - 1 - j]! / c[n]!;
    else row[i - 1] = 1;
    rows.push(row);
  }
  return rows;
}

export function mlMatrixRoots(c: Float64Array): RootSet {
  const e = new EigenvalueDecomposition(new MlMatrix(companionRows(c)));
  return { re: e.realEigenvalues, im: e.imaginaryEigenvalues };
}

type NumericT = { x: number[]; y?: number[] };
const numeric = require('numeric') as { eig(a: number[][]): { lambda: NumericT } };
export function numericRoots(c: Float64Array): RootSet {
  const { lambda } = numeric.eig(companionRows(c));
  return { re: lambda.x, im: lambda.y ?? new Array<number>(lambda.x.length).fill(0) };
}

const durandKerner = require('durand-kerner') as (re: ArrayLike<number>) => [number[], number[]];
export function durandKernerRoots(c: Float64Array): RootSet {
  // Ascending coefficients, as ours; defaults: 100·n² iterations, tolerance 1e-6.
  const [re, im] = durandKerner(Array.from(c));
  return { re, im };
}

/** The baselines by name. */
export const BASELINES: Record<string, (c: Float64Array) => RootSet> = {
  'ml-matrix companion': mlMatrixRoots,
  'numeric companion': numericRoots,
  'durand-kerner': durandKernerRoots,
};
