import { describe, expect, it } from 'vitest';
import { renderSvgPlot } from '../../src/svg-plot.js';

describe('renderSvgPlot', () => {
  it('maps data to pixels on linear and log axes', () => {
    const svg = renderSvgPlot({
      title: 't <&>', xLabel: 'x', yLabel: 'y', width: 300, height: 200,
      xRange: [1, 100], yRange: [0, 1], xScale: 'log',
      series: [{ kind: 'points', x: [1, 10, 100], y: [0, 0.5, 1] }],
    });
    expect(svg).toContain('t &lt;&amp;&gt;');
    // Margins left 72, right 24: x = 1 → 72, 10 → 174, 100 → 276 (equal log spacing).
    const cx = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(cx).toEqual([72, 174, 276]);
    // y: 0 → bottom (200 − 56 = 144), 1 → top (44).
    const cy = [...svg.matchAll(/cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(cy).toEqual([144, 94, 44]);
  });

  it('draws bars from edges, skips non-finite points and non-positive log values', () => {
    const svg = renderSvgPlot({
      title: 'h', xLabel: 'x', yLabel: 'y', yScale: 'log',
      series: [
        { kind: 'bars', x: [0, 1, 2, 3], y: [1, 0, 10] },
        { kind: 'line', x: [0, 1, 2], y: [1, NaN, 2] },
      ],
    });
    expect((svg.match(/<rect x=/g) ?? []).length).toBe(2 + 2); // two bars, the frame and the clip area
    expect(svg).toMatch(/<path d="M[\d. ]+M[\d. ]+"/); // the line breaks at NaN
  });

  it('symlog axes place zero in the middle of a symmetric range', () => {
    const svg = renderSvgPlot({
      title: 's', xLabel: 'λ', yLabel: 'ρ', xScale: 'symlog', xSymlogThreshold: 1e-3, width: 296, height: 200,
      xRange: [-10, 10], yRange: [0, 1],
      series: [{ kind: 'vline', x: [0] }],
    });
    // Plot area 72…272: zero at 172.
    expect(svg).toMatch(/<line x1="172.0" x2="172.0"/);
  });
});

describe('renderSvgPlot tooltips', () => {
  it('adds a <title> with the values to bars and points when asked', () => {
    const svg = renderSvgPlot({
      title: 'tips', xLabel: 'x', yLabel: 'y', tooltips: true,
      series: [{ kind: 'bars', x: [0, 1, 2], y: [3, 4] }, { kind: 'points', x: [0.5], y: [2], label: 'p' }],
    });
    expect(svg).toContain('<title>[0, 1): 3</title>');
    expect(svg).toContain('<title>p: (0.5, 2)</title>');
  });
});

describe('renderSvgPlot in one document', () => {
  it('gives every plot its own clip-path id (inline SVGs share one id namespace)', () => {
    const spec = { title: 'a', xLabel: 'x', yLabel: 'y', series: [{ kind: 'line' as const, x: [0, 1], y: [0, 1] }] };
    const ids = [renderSvgPlot(spec), renderSvgPlot(spec)].map((svg) => svg.match(/clipPath id="([^"]+)"/)![1]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(renderSvgPlot(spec)).toMatch(/clip-path="url\(#spectra-plot-area-\d+\)"/);
  });
});

describe('renderSvgPlot tick labels', () => {
  it('never places two x tick labels closer than 40 px, even on a crowded symlog axis', () => {
    const svg = renderSvgPlot({
      title: 'crowded', xLabel: 'λ', yLabel: 'ρ', xScale: 'symlog', xSymlogThreshold: 1e-4, xRange: [-0.3, 10], yRange: [0, 1],
      series: [{ kind: 'line', x: [-0.3, 10], y: [0, 1] }],
    });
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="(\d+(?:\.\d+)?)" text-anchor="middle" fill="#444">/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(xs.length).toBeGreaterThan(3);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(40);
  });
});
