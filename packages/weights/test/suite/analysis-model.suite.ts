// Whole-model analysis (specs/weights.md §1, §10): a real model file read and analysed in the
// runtime itself (in Chromium: client-side), the summary against its layers, progress and abort,
// invalid values, unpooled conv, formats, plot series and option checking.
import { createMatrix, randomGaussian } from '@spectra/core';
import { assert, assertClose, assertEqual, assertRejectsCode, assertThrowsCode, defineSuite } from '@spectra/testkit';
import {
  alphaPlot,
  analyzeMatrix,
  analyzeModel,
  esdPlot,
  extractLayers,
  loadModel,
  marchenkoPasturPlot,
  reportToCsv,
  reportToJson,
  reportToTable,
  REPORT_CSV_COLUMNS,
  resolveAnalysisOptions,
  toWeightWatcherTable,
  type LayerMatrix,
  type LoadedModel,
} from '../../src/index.js';
import { binaryFixture } from './binary-fixtures.js';

async function upscaler(): Promise<LoadedModel> {
  const json = await binaryFixture('upscaler/model.json');
  const shard = await binaryFixture('upscaler/group1-shard1of1.bin');
  return loadModel(json, {
    name: 'model.json',
    resolver: async (path: string) => {
      if (path !== 'group1-shard1of1.bin') throw new Error(`unexpected companion ${path}`);
      return shard;
    },
  });
}

function handMadeLayer(name: string, rows: number, cols: number, data: Float64Array, layerId = 0): LayerMatrix {
  return {
    layerId, name, kind: 'dense', tensorName: name, tensorShape: [rows, cols], dtype: 'float64', rows, cols,
    N: Math.max(rows, cols), M: Math.min(rows, cols), Q: Math.max(rows, cols) / Math.min(rows, cols), rf: 1,
    parameters: rows * cols, quantized: false, origin: { file: 'hand-made' }, warnings: [],
    slices: () => [createMatrix(rows, cols, Float64Array.from(data))],
  };
}

export default defineSuite('analysis: models', (test) => {
  test('a real model read from its bytes (@upscalerjs/default-model, TF.js) and analysed here', async ({ backend }) => {
    const model = await upscaler();
    const report = await analyzeModel(model, { backend: backend as 'js' | 'wasm', keepEsd: true });
    assertEqual(report.format, 'tfjs');
    assertEqual(report.layers.length, 12, 'its 12 conv kernels');
    assertEqual(report.skipped.length, 12, 'its 12 biases, listed');
    assert(report.skipped.every((s) => s.reason === 'not-a-matrix'));
    for (const l of report.layers) {
      assertEqual(l.kind, 'conv2d');
      assertEqual(l.status, 'success', l.name);
      assertEqual(l.numEvals, l.M * l.rf, `${l.name}: pooled slices`);
      assertClose(l.alphaHat, l.alpha * l.logSpectralNorm, { rel: 1e-14 });
      assertClose(l.stableRank, l.norm / l.spectralNorm, { rel: 1e-14 });
      // Σλ = ‖W‖²_F of the whole kernel (no normalisation in default mode).
      let fro = 0;
      for (const s of extractLayers(model).layers.find((x) => x.name === l.name)!.slices()) for (const v of s.data) fro += v * v;
      assertClose(l.norm, fro, { rel: 1e-12 }, `${l.name}: Σλ = ‖W‖²_F`);
      assert(l.esd!.length === l.numEvals && l.phase !== 'undetermined', l.name);
    }
    const s = report.summary;
    assertEqual(s.fitted, 12);
    const mean = report.layers.reduce((a, l) => a + l.alpha, 0) / 12;
    assertClose(s.means.alpha, mean, { rel: 1e-14 }, 'mean α over fitted layers');
    assertEqual(Object.values(s.phases).reduce((a, b) => a + (b ?? 0), 0), 12);
    assertEqual(s.skippedReasons['not-a-matrix'], 12);
    assertEqual(report.versions.weightwatcherCompat, '0.7.5.5');
    assertEqual(report.options.mpFit, true);
    // Plot series: finite numbers, the right axes.
    for (const l of report.layers) {
      const e = esdPlot(l);
      assertEqual(e.xScale, 'log');
      assert(e.series.every((x) => x.x.every(Number.isFinite) && (x.y ?? []).every(Number.isFinite)), `${l.name}: finite ESD plot`);
      const m = marchenkoPasturPlot(l);
      assertEqual(m.xScale, 'linear');
      assert(m.series[1]!.y!.some((v) => v > 0), 'the MP density is drawn');
    }
    assertEqual(alphaPlot(report).series[0]!.y!.length, 12);
  });

  test('formats: JSON round trip, CSV columns, the terminal table', async ({ backend }) => {
    const report = await analyzeModel(await upscaler(), { backend: backend as 'js' | 'wasm' });
    const json = JSON.parse(reportToJson(report));
    assertEqual(json.layers.length, 12);
    assertEqual(json.layers[3].alpha, report.layers[3]!.alpha);
    assertEqual(json.options.fit, 'power-law');
    const csv = reportToCsv(report).trim().split('\n');
    assertEqual(csv.length, 13);
    assertEqual(csv[0], REPORT_CSV_COLUMNS.join(','));
    const alphaColumn = REPORT_CSV_COLUMNS.indexOf('alpha');
    assertEqual(Number(csv[1]!.split(',')[alphaColumn]), report.layers[0]!.alpha);
    const table = reportToTable(report);
    for (const l of report.layers) assert(table.includes(l.name), `table lists ${l.name}`);
    assert(table.includes('summary: 12 fitted'), 'table summary');
    assertThrowsCode(() => toWeightWatcherTable(report), 'E_ARGUMENT');
    // Nothing fitted: the table says why instead of printing means of nothing as NaN.
    const tooSmall = reportToTable(await analyzeModel(await upscaler(), { backend: backend as 'js' | 'wasm', minEvals: 5000 }));
    assert(tooSmall.includes('summary: 0 fitted') && tooSmall.includes('below the size filter (minEvals)'), tooSmall);
    assert(!tooSmall.includes('NaN'), 'no NaN in an empty summary');
  }, { perVariant: false });

  test('progress is reported after every layer and abort stops with E_ABORTED', async ({ backend }) => {
    const model = await upscaler();
    const fractions: number[] = [];
    await analyzeModel(model, { backend: backend as 'js' | 'wasm', mpFit: false, onProgress: (p) => fractions.push(p.fraction) });
    assertEqual(fractions.length, 12);
    assert(fractions.every((f, i) => i === 0 || f > fractions[i - 1]!), 'increasing');
    assertEqual(fractions[11], 1);
    const controller = new AbortController();
    let seen = 0;
    await assertRejectsCode(
      () => analyzeModel(model, { backend: backend as 'js' | 'wasm', signal: controller.signal, onProgress: () => (++seen === 2 ? controller.abort() : undefined) }),
      'E_ABORTED',
    );
    assertEqual(seen, 2, 'stopped right after the abort');
    const aborted = new AbortController();
    aborted.abort();
    await assertRejectsCode(() => analyzeModel(model, { signal: aborted.signal }), 'E_ABORTED');
  }, { perVariant: false });

  test('NaN/Inf layers: status invalid-values with counts, never analysed, never in a mean', async ({ backend }) => {
    const good = randomGaussian(80, 40, { seed: 1 });
    const bad = Float64Array.from(good.data);
    bad[3] = NaN;
    bad[7] = Infinity;
    bad[9] = -Infinity;
    bad[11] = NaN;
    const report = await analyzeModel([handMadeLayer('good', 80, 40, good.data, 0), handMadeLayer('bad', 80, 40, bad, 1)], { backend: backend as 'js' | 'wasm' });
    const row = report.layers[1]!;
    assertEqual(row.status, 'invalid-values');
    assertEqual(JSON.stringify(row.invalidValues), JSON.stringify({ nan: 2, positiveInfinity: 1, negativeInfinity: 1 }));
    assertEqual(row.hasEsd, false);
    assertEqual(report.summary.invalidValues, 1);
    assertEqual(report.summary.fitted, 1);
    assertEqual(report.summary.means.alpha, report.layers[0]!.alpha, 'the mean is over the good layer only');
    assertEqual(analyzeMatrix(createMatrix(80, 40, bad), { backend: backend as 'js' | 'wasm' }).status, 'invalid-values');
  });

  test('unpooled conv: one row per slice, each the analysis of that slice alone', async ({ backend }) => {
    const model = await upscaler();
    const layer = extractLayers(model, { pool: false }).layers.find((l) => l.rf === 9)!;
    const report = await analyzeModel([layer], { backend: backend as 'js' | 'wasm', pool: false });
    assertEqual(report.layers.length, 9);
    const slice4 = layer.slices()[4]!;
    const alone = analyzeMatrix(slice4, { backend: backend as 'js' | 'wasm' });
    assertEqual(report.layers[4]!.sliceId, 4);
    assertEqual(report.layers[4]!.alpha, alone.alpha);
    assertEqual(report.layers[4]!.numEvals, layer.M);
  });

  test('filters and size limits list every layer left out with its reason', async ({ backend }) => {
    const layers = [
      handMadeLayer('tiny', 3, 3, randomGaussian(3, 3, { seed: 2 }).data, 0),
      handMadeLayer('keep', 60, 30, randomGaussian(60, 30, { seed: 3 }).data, 1),
      handMadeLayer('other', 60, 30, randomGaussian(60, 30, { seed: 4 }).data, 2),
    ];
    const report = await analyzeModel(layers, { backend: backend as 'js' | 'wasm', layers: { names: ['-other'] }, mpFit: false });
    assertEqual(report.layers.map((l) => l.name).join(), 'keep');
    assertEqual(report.skipped.map((s) => `${s.name}:${s.reason}`).join(), 'tiny:too-small,other:filtered');
  }, { perVariant: false });

  test('options are checked before any work', async () => {
    assertThrowsCode(() => resolveAnalysisOptions({ compat: 'ww' as never }), 'E_ARGUMENT');
    assertThrowsCode(() => resolveAnalysisOptions({ randomize: { replicates: 0 } }), 'E_ARGUMENT');
    assertThrowsCode(() => resolveAnalysisOptions({ bogus: true } as never), 'E_ARGUMENT');
    assertThrowsCode(() => resolveAnalysisOptions({ layers: { include: '(' } }), 'E_ARGUMENT');
    await assertRejectsCode(() => analyzeModel({} as never), 'E_ARGUMENT');
    assertThrowsCode(() => analyzeMatrix({ rows: 0, cols: 3, data: new Float64Array(0) }), 'E_SHAPE');
  }, { perVariant: false });
});
