// The renderer lives in @spectra/core so library users and the demo draw the same plots.
export { renderSvgPlot } from '@spectra/core';
export type { PlotSpec, PlotSeries, AxisScale } from '@spectra/core';
