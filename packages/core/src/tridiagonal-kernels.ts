// Backend dispatch for the tridiagonal kernels (assembly/src/tridiagonal.ts and their JS twins in
// src/js/tridiagonal.ts), on inputs the public wrappers have already validated and scaled. Also the
// rule of specs/core.md §2.4 that picks bisection or dsterf-and-slice for selected eigenvalues.
// @internal: not part of the package's API.
import type { Backend } from './backend.js';
import type { NormalizedSelection } from './eigen-input.js';
import { SpectraError } from './errors.js';
import { dgauss as dgaussJs, dstebz as dstebzJs, dsterf as dsterfJs, sturm as sturmJs } from './js/tridiagonal.js';
import { WasmFrame } from './wasm/frame.js';
import { registerWarmUp } from './wasm/instance.js';

function noConvergence(fn: string, kernel: string, info: number, n: number): SpectraError {
  return new SpectraError('E_NO_CONVERGENCE', `${fn}: ${kernel} left ${info} of ${n - 1} off-diagonal entries unconverged after ${30 * n} QL/QR iterations (unexpected for finite input; please report)`, { info, n });
}

/** All eigenvalues of (d, e), ascending (dsterf). d and e are not modified. */
export function allTridiagonalEigenvalues(backend: Backend, fn: string, d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  if (n === 0) return new Float64Array(0);
  if (backend === 'wasm') {
    const f = new WasmFrame(fn);
    const dp = f.copyInF64(d);
    const ep = f.copyInF64(e);
    const info = f.call('dsterf', n, dp, ep);
    if (info > 0) throw noConvergence(fn, 'dsterf', info, n);
    return f.copyOutF64(dp, n);
  }
  const w = d.slice();
  const info = dsterfJs(n, w, e.slice());
  if (info > 0) throw noConvergence(fn, 'dsterf', info, n);
  return w;
}

/**
 * Eigenvalues by bisection (dstebz): mode 0 indices lo..hi, mode 1 the interval (vl, vu].
 * tol ≤ 0: the default u·‖T‖ absolute tolerance.
 */
export function bisectedEigenvalues(backend: Backend, fn: string, d: Float64Array, e: Float64Array, mode: 0 | 1, lo: number, hi: number, vl: number, vu: number, tol = 0): Float64Array {
  const n = d.length;
  if (n === 0) return new Float64Array(0);
  if (backend === 'wasm') {
    const f = new WasmFrame(fn);
    const dp = f.copyInF64(d);
    const ep = f.copyInF64(e);
    const wp = f.f64(n);
    const work = f.alloc(f.kernel('dstebz_work')(n));
    const count = f.call('dstebz', n, dp, ep, mode, lo, hi, vl, vu, tol, wp, work);
    return f.copyOutF64(wp, count);
  }
  const w = new Float64Array(n);
  const count = dstebzJs(n, d, e, mode, lo, hi, vl, vu, tol, w);
  return w.slice(0, count);
}

/** counts[k] = number of eigenvalues of (d, e) below shifts[k]. */
export function sturmCountsKernel(backend: Backend, fn: string, d: Float64Array, e: Float64Array, shifts: Float64Array): Int32Array {
  const n = d.length;
  const ns = shifts.length;
  if (ns === 0) return new Int32Array(0);
  if (n === 0) return new Int32Array(ns);
  if (backend === 'wasm') {
    const f = new WasmFrame(fn);
    const dp = f.copyInF64(d);
    const ep = f.copyInF64(e);
    const sp = f.copyInF64(shifts);
    const cp = f.i32(ns);
    const work = f.alloc(f.kernel('dsturm_work')(n));
    f.call('dsturm', n, dp, ep, ns, sp, cp, work);
    return f.copyOutI32(cp, ns);
  }
  const counts = new Int32Array(ns);
  sturmJs(n, d, e, shifts, counts);
  return counts;
}

/** Gauss rule of (d, e): mode 0 Golub–Welsch (first row of Q), 1 recurrence weights. */
export function gaussRuleKernel(backend: Backend, fn: string, d: Float64Array, e: Float64Array, mu0: number, mode: 0 | 1): { nodes: Float64Array; weights: Float64Array } {
  const n = d.length;
  if (n === 0) return { nodes: new Float64Array(0), weights: new Float64Array(0) };
  let nodes: Float64Array;
  let weights: Float64Array;
  let info: number;
  if (backend === 'wasm') {
    const f = new WasmFrame(fn);
    const dp = f.copyInF64(d);
    const ep = f.copyInF64(e);
    const xp = f.f64(n);
    const wp = f.f64(n);
    const work = f.alloc(f.kernel('dgauss_work')(n));
    info = f.call('dgauss', n, dp, ep, mu0, mode, xp, wp, work);
    nodes = f.copyOutF64(xp, n);
    weights = f.copyOutF64(wp, n);
  } else {
    nodes = new Float64Array(n);
    weights = new Float64Array(n);
    info = dgaussJs(n, d, e, mu0, mode, nodes, weights);
  }
  if (info > 0) throw noConvergence(fn, mode === 0 ? 'the implicit QL (Golub–Welsch)' : 'dsterf', info, n);
  return { nodes, weights };
}

/**
 * Eigenvalues of the scaled tridiagonal (d, e) selected by `select` (given in unscaled units),
 * returned unscaled (÷ scale, exact: scale is a power of two). specs/core.md §2.4: with k values
 * wanted, k ≤ n/20 bisects, otherwise dsterf computes all and the selection is sliced out; an
 * interval's k comes from two Sturm counts first.
 */
export function selectedTridiagonalEigenvalues(backend: Backend, fn: string, d: Float64Array, e: Float64Array, select: NormalizedSelection, scale: number): Float64Array {
  const n = d.length;
  let values: Float64Array;
  if (n === 0) return new Float64Array(0);
  if (select === null) {
    values = allTridiagonalEigenvalues(backend, fn, d, e);
  } else if (select.kind === 'index') {
    const k = select.hi - select.lo + 1;
    if (k <= n / 20) values = bisectedEigenvalues(backend, fn, d, e, 0, select.lo, select.hi, 0, 0);
    else values = allTridiagonalEigenvalues(backend, fn, d, e).slice(select.lo, select.hi + 1);
  } else {
    const vl = select.vl * scale;
    const vu = select.vu * scale;
    const counts = sturmCountsKernel(backend, fn, d, e, Float64Array.of(vl, vu));
    const k = counts[1]! - counts[0]!;
    if (k <= 0) return new Float64Array(0);
    if (k <= n / 20) values = bisectedEigenvalues(backend, fn, d, e, 1, 0, 0, vl, vu);
    else {
      const all = allTridiagonalEigenvalues(backend, fn, d, e);
      let first = 0;
      while (first < n && !(all[first]! > vl)) first++;
      let last = first;
      while (last < n && all[last]! <= vu) last++;
      values = all.slice(first, last);
    }
  }
  if (scale !== 1) {
    const inv = 1 / scale;
    for (let i = 0; i < values.length; i++) values[i] = values[i]! * inv;
  }
  return values;
}

// Wasm tiers up per function with no on-stack replacement (specs/core.md §4.5): a few small calls
// at load compile every tridiagonal kernel's hot loop in the optimising tier before real work.
registerWarmUp(() => {
  const n = 40;
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) d[i] = Math.cos(i);
  for (let i = 0; i < n - 1; i++) e[i] = 1 + 0.5 * Math.sin(i);
  for (let round = 0; round < 3; round++) {
    allTridiagonalEigenvalues('wasm', 'warm-up', d, e);
    bisectedEigenvalues('wasm', 'warm-up', d, e, 0, 0, 3, 0, 0);
    bisectedEigenvalues('wasm', 'warm-up', d, e, 1, 0, 0, -0.5, 0.5);
    sturmCountsKernel('wasm', 'warm-up', d, e, Float64Array.of(-1, 0, 1, 2));
    gaussRuleKernel('wasm', 'warm-up', d, e, 1, 0);
    gaussRuleKernel('wasm', 'warm-up', d, e, 1, 1);
  }
});
