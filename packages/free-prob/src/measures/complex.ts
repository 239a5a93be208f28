// Small complex arithmetic on { re, im } for the measure API (the hot solvers use scalar locals).
import type { Complex } from '../types.js';

export const complex = (re: number, im = 0): Complex => ({ re, im });
export const add = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
export const sub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
export const mul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
export const scale = (a: Complex, s: number): Complex => ({ re: a.re * s, im: a.im * s });
export const abs = (a: Complex): number => Math.hypot(a.re, a.im);

/** a/b by Smith's algorithm (no overflow for large |b|). */
export function div(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

export const inv = (a: Complex): Complex => div({ re: 1, im: 0 }, a);

/** Principal square root; on the negative real axis the sign of a zero imaginary part picks the side. */
export function sqrt(a: Complex): Complex {
  const { re, im } = a;
  if (im === 0) {
    if (re >= 0) return { re: Math.sqrt(re), im: im };
    const r = Math.sqrt(-re);
    return { re: 0, im: Object.is(im, -0) ? -r : r };
  }
  const m = Math.hypot(re, im);
  const t = Math.sqrt(0.5 * (m + Math.abs(re)));
  if (re >= 0) return { re: t, im: im / (2 * t) };
  return { re: Math.abs(im) / (2 * t), im: im >= 0 ? t : -t };
}
