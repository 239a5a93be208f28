// A small, dependency-free SVG renderer for spectra's plots: lines, histogram bars, points and
// marker lines on linear, log10 or symmetric-log axes. The packages produce plot-ready series
// (`esdPlot` in weights, densities in free-prob and hessian); this draws any of them as a
// self-contained SVG string, the same in Node (the CLI's `--plot`) and in a browser (the demo).

/** An axis: linear, log10, or symmetric log (linear inside ±threshold, logarithmic outside; for signed data). */
export type AxisScale = 'linear' | 'log' | 'symlog';

/** One series of a plot. */
export interface PlotSeries {
  /**
   * 'line': polyline through (x[i], y[i]); 'points': markers; 'bars': histogram with `x` the n + 1
   * edges and `y` the n heights; 'vline': vertical markers at every x (y ignored).
   */
  kind: 'line' | 'points' | 'bars' | 'vline';
  x: ArrayLike<number>;
  y?: ArrayLike<number>;
  /** Legend text (series without one stay out of the legend). */
  label?: string;
  /** CSS colour (default: a fixed palette, by the series' position). */
  color?: string;
  /** Draw lines dashed. */
  dashed?: boolean;
  /** Line width or marker radius (default 1.5 / 2.5). */
  width?: number;
  /** Opacity in [0, 1] (default 1; bars are filled at 0.45 of it). */
  opacity?: number;
}

/** A whole plot for `renderSvgPlot` (the weights package's `PlotData` is one). */
export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Default `'linear'`. */
  xScale?: AxisScale;
  /** Default `'linear'`. */
  yScale?: AxisScale;
  /** Linear threshold of a symlog axis: linear inside ±t, logarithmic outside (default: auto). */
  xSymlogThreshold?: number;
  ySymlogThreshold?: number;
  /** Fixed ranges; default: the data's extent (positive values only on log axes). */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  /** SVG size in px (default 720 × 440). */
  width?: number;
  height?: number;
  series: PlotSeries[];
  /** Text lines shown in the top-right corner (fit results, say). */
  notes?: string[];
  /** Adds a `<title>` tooltip with the values to every bar and point (hover in a browser). */
  tooltips?: boolean;
}

// Clip-path ids must be unique per document: several plots inline in one HTML page would
// otherwise all clip to the first plot's area.
let plotCounter = 0;

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

interface Axis {
  map(v: number): number;
  ticks: Array<{ value: number; label: string }>;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function fmtTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) {
    const e = Math.floor(Math.log10(a));
    const m = v / 10 ** e;
    return Math.abs(m - Math.round(m)) < 1e-9 && Math.round(m) === 1 ? `1e${e}` : `${m.toFixed(1)}e${e}`;
  }
  return Number(v.toPrecision(4)).toString();
}

function transform(scale: AxisScale, t: number): (v: number) => number {
  if (scale === 'log') return (v) => Math.log10(v);
  if (scale === 'symlog') return (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / t);
  return (v) => v;
}

function niceLinearTicks(lo: number, hi: number, count = 6): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function makeAxis(scale: AxisScale, lo: number, hi: number, pixelLo: number, pixelHi: number, threshold: number): Axis {
  const f = transform(scale, threshold);
  let a = f(lo);
  let b = f(hi);
  if (!(b > a)) {
    a -= 0.5;
    b += 0.5;
  }
  const map = (v: number) => pixelLo + ((f(v) - a) / (b - a)) * (pixelHi - pixelLo);
  let ticks: number[];
  if (scale === 'log') {
    const e0 = Math.floor(Math.log10(lo));
    const e1 = Math.ceil(Math.log10(hi));
    const stride = Math.max(1, Math.ceil((e1 - e0) / 8));
    ticks = [];
    for (let e = e0; e <= e1; e += stride) if (10 ** e >= lo * (1 - 1e-9) && 10 ** e <= hi * (1 + 1e-9)) ticks.push(10 ** e);
    if (ticks.length < 2) ticks = niceLinearTicks(lo, hi, 4).filter((v) => v > 0);
  } else if (scale === 'symlog') {
    ticks = [0];
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    for (let e = Math.floor(Math.log10(threshold)); 10 ** e <= m * (1 + 1e-9); e++) {
      if (10 ** e <= hi) ticks.push(10 ** e);
      if (-(10 ** e) >= lo) ticks.push(-(10 ** e));
    }
    ticks.sort((x, y) => x - y);
    if (ticks.length > 12) ticks = ticks.filter((_, i) => i % Math.ceil(ticks.length / 12) === 0 || _ === 0);
  } else {
    ticks = niceLinearTicks(lo, hi);
  }
  // Thin ticks whose labels would collide (symlog axes crowd decades near the linear region):
  // keep 0 first, then ticks in order of magnitude, each at least 40 px (x) / 18 px (y) apart.
  const minGap = Math.abs(pixelHi - pixelLo) > 0 && pixelHi > pixelLo ? 40 : 18;
  const order = [...ticks].sort((p, q) => (p === 0 ? -1 : q === 0 ? 1 : Math.abs(q) - Math.abs(p)));
  const kept: number[] = [];
  for (const t of order) if (kept.every((k) => Math.abs(map(k) - map(t)) >= minGap)) kept.push(t);
  kept.sort((p, q) => p - q);
  return { map, ticks: kept.map((value) => ({ value, label: fmtTick(value) })) };
}

function extent(spec: PlotSpec, axis: 'x' | 'y', scale: AxisScale): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) {
    const values = axis === 'x' ? s.x : s.kind === 'vline' ? undefined : s.y;
    if (!values) continue;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v) || (scale === 'log' && !(v > 0))) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (axis === 'y' && s.kind === 'bars' && scale !== 'log') lo = Math.min(lo, 0);
  }
  if (lo === Infinity) return scale === 'log' ? [1, 10] : [0, 1];
  if (lo === hi) return scale === 'log' ? [lo / 2, hi * 2] : [lo - 0.5, hi + 0.5];
  if (scale === 'linear' && axis === 'y') hi += 0.04 * (hi - lo);
  return [lo, hi];
}

/**
 * Renders a plot as a standalone SVG document (every value escaped; non-finite points and
 * non-positive values on log axes are left out, lines break there).
 *
 * @example
 * ```ts
 * import { renderSvgPlot } from '@spectra/core';
 * const svg = renderSvgPlot({
 *   title: 'ESD', xLabel: 'λ', yLabel: 'density', xScale: 'log',
 *   series: [{ kind: 'bars', x: [1, 10, 100], y: [0.5, 0.1] }],
 * });
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="720" height="440"'); // true
 * ```
 */
export function renderSvgPlot(spec: PlotSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 440;
  const margin = { left: 72, right: 24, top: 44, bottom: 56 };
  const xScale = spec.xScale ?? 'linear';
  const yScale = spec.yScale ?? 'linear';
  const [x0, x1] = spec.xRange ?? extent(spec, 'x', xScale);
  const [y0, y1] = spec.yRange ?? extent(spec, 'y', yScale);
  const autoThreshold = (lo: number, hi: number) => Math.max(Math.abs(lo), Math.abs(hi)) * 1e-3 || 1;
  const X = makeAxis(xScale, x0, x1, margin.left, width - margin.right, spec.xSymlogThreshold ?? autoThreshold(x0, x1));
  const Y = makeAxis(yScale, y0, y1, height - margin.bottom, margin.top, spec.ySymlogThreshold ?? autoThreshold(y0, y1));
  const inX = (v: number) => Number.isFinite(v) && v >= x0 - 1e-12 * Math.abs(x0) && v <= x1 + 1e-12 * Math.abs(x1) && (xScale !== 'log' || v > 0);
  const clampY = (v: number) => Math.min(height - margin.bottom, Math.max(margin.top, v));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(spec.title)}</text>`);
  // Grid and ticks.
  for (const t of X.ticks) {
    const px = X.map(t.value).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${px}" y="${height - margin.bottom + 16}" text-anchor="middle" fill="#444">${escapeXml(t.label)}</text>`);
  }
  for (const t of Y.ticks) {
    const py = Y.map(t.value).toFixed(1);
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${py}" y2="${py}" stroke="#eee"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" fill="#444">${escapeXml(t.label)}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${width - margin.left - margin.right}" height="${height - margin.top - margin.bottom}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${(margin.left + width - margin.right) / 2}" y="${height - 14}" text-anchor="middle">${escapeXml(spec.xLabel)}${xScale !== 'linear' ? ` (${xScale})` : ''}</text>`);
  parts.push(`<text transform="translate(16 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}${yScale !== 'linear' ? ` (${yScale})` : ''}</text>`);
  const clipId = `spectra-plot-area-${++plotCounter}`;
  parts.push(`<clipPath id="${clipId}"><rect x="${margin.left}" y="${margin.top}" width="${width - margin.left - margin.right}" height="${height - margin.top - margin.bottom}"/></clipPath>`);
  parts.push(`<g clip-path="url(#${clipId})">`);
  const legend: Array<{ label: string; color: string; dashed: boolean }> = [];
  spec.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length]!;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const opacity = s.opacity ?? 1;
    if (s.label) legend.push({ label: s.label, color, dashed: !!s.dashed });
    if (s.kind === 'vline') {
      for (let i = 0; i < s.x.length; i++) {
        const v = s.x[i]!;
        if (!inX(v)) continue;
        const px = X.map(v).toFixed(1);
        parts.push(`<line x1="${px}" x2="${px}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="${color}" stroke-width="${s.width ?? 1.5}"${dash} opacity="${opacity}"/>`);
      }
      return;
    }
    const y = s.y ?? [];
    if (s.kind === 'bars') {
      const base = yScale === 'log' ? height - margin.bottom : clampY(Y.map(Math.max(0, y0)));
      for (let i = 0; i + 1 < s.x.length && i < y.length; i++) {
        const a = s.x[i]!;
        const b = s.x[i + 1]!;
        const h = y[i]!;
        if (!inX(a) || !inX(b) || !Number.isFinite(h) || (yScale === 'log' && !(h > 0)) || h === 0) continue;
        const px = X.map(a);
        const pw = Math.max(0.5, X.map(b) - px);
        const py = clampY(Y.map(h));
        const tip = spec.tooltips ? `<title>[${fmtTick(a)}, ${fmtTick(b)}): ${fmtTick(h)}</title>` : '';
        parts.push(`<rect x="${px.toFixed(1)}" y="${Math.min(py, base).toFixed(1)}" width="${pw.toFixed(1)}" height="${Math.abs(base - py).toFixed(1)}" fill="${color}" fill-opacity="${0.45 * opacity}" stroke="${color}" stroke-width="0.5">${tip}</rect>`);
      }
      return;
    }
    if (s.kind === 'points') {
      for (let i = 0; i < s.x.length && i < y.length; i++) {
        const v = s.x[i]!;
        const w = y[i]!;
        if (!inX(v) || !Number.isFinite(w) || (yScale === 'log' && !(w > 0))) continue;
        const tip = spec.tooltips ? `<title>${escapeXml(s.label ? s.label + ': ' : '')}(${fmtTick(v)}, ${fmtTick(w)})</title>` : '';
        parts.push(`<circle cx="${X.map(v).toFixed(1)}" cy="${clampY(Y.map(w)).toFixed(1)}" r="${s.width ?? 2.5}" fill="${color}" opacity="${opacity}">${tip}</circle>`);
      }
      return;
    }
    // Lines break at non-finite or off-axis points instead of drawing through them.
    let path = '';
    let pen = false;
    for (let i = 0; i < s.x.length && i < y.length; i++) {
      const v = s.x[i]!;
      const w = y[i]!;
      if (!inX(v) || !Number.isFinite(w) || (yScale === 'log' && !(w > 0))) {
        pen = false;
        continue;
      }
      path += `${pen ? 'L' : 'M'}${X.map(v).toFixed(1)} ${clampY(Y.map(w)).toFixed(1)}`;
      pen = true;
    }
    if (path) parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="${s.width ?? 1.5}"${dash} opacity="${opacity}"/>`);
  });
  parts.push(`</g>`);
  // Legend (top left) and notes (top right).
  legend.forEach((l, i) => {
    const y = margin.top + 14 + i * 16;
    parts.push(`<line x1="${margin.left + 10}" x2="${margin.left + 30}" y1="${y}" y2="${y}" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${margin.left + 36}" y="${y}" dominant-baseline="middle">${escapeXml(l.label)}</text>`);
  });
  (spec.notes ?? []).forEach((n, i) => {
    parts.push(`<text x="${width - margin.right - 8}" y="${margin.top + 14 + i * 16}" text-anchor="end" dominant-baseline="middle" fill="#333">${escapeXml(n)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
