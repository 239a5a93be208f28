// The default analysis against WeightWatcher 0.7.5.5's own output on the three public reference
// matrices (reference/weights/ww_default_analyze.json; tolerances in its README): every float
// column to 1e-6 relative, integer and string columns exactly; the conv case in compat mode, and in
// default mode through the factor-2 relations of WW's conv2d normalisation.
import { assert, assertClose, assertEqual, defineSuite } from '@spectra/testkit';
import reference from '../../../../reference/weights/ww_default_analyze.json' with { type: 'json' };
import { analyzeModel, toWeightWatcherTable, type LayerReport } from '../../src/index.js';
import { binaryFixture, type BinaryFixture } from './binary-fixtures.js';
import { referenceLayer, type ReferenceCase } from './analysis-helpers.js';

type Row = Record<string, number | string | boolean>;
const REL = reference.tolerances.float_columns_relative; // 1e-6

/** WW column → our report field (§5). */
const FLOAT_FIELDS: Record<string, keyof LayerReport> = {
  alpha: 'alpha', D: 'D', xmin: 'xmin', xmax: 'xmax', sigma: 'sigma', norm: 'norm', log_norm: 'logNorm',
  spectral_norm: 'spectralNorm', lambda_max: 'spectralNorm', log_spectral_norm: 'logSpectralNorm', alpha_weighted: 'alphaHat',
  log_alpha_norm: 'logAlphaNorm', stable_rank: 'stableRank', entropy: 'entropy', sv_max: 'svMax', sv_min: 'svMin', Q: 'Q',
};
const INTEGER_FIELDS: Record<string, keyof LayerReport> = {
  N: 'N', M: 'M', rf: 'rf', num_evals: 'numEvals', num_pl_spikes: 'numPlSpikes', matrix_rank: 'matrixRank', rank_loss: 'rankLoss', weak_rank_loss: 'weakRankLoss',
};
const STRING_FIELDS: Record<string, keyof LayerReport> = { layer_type: 'kind', status: 'status', warning: 'warning', has_esd: 'hasEsd' };
/** Scale-free under WW's ×½ conv normalisation (reference README). */
const SCALE_FREE = new Set(['alpha', 'D', 'sigma', 'num_pl_spikes', 'num_evals', 'stable_rank', 'entropy', 'matrix_rank', 'rank_loss', 'weak_rank_loss', 'warning', 'Q', 'N', 'M', 'rf', 'layer_type', 'status', 'has_esd']);

function refCase(id: ReferenceCase) {
  const c = reference.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no reference case ${id}`);
  return { details: c.details[0] as unknown as Row, summary: c.summary as Record<string, number>, sha256: c.sha256 };
}

async function analyse(id: ReferenceCase, backend: string, extra: Record<string, unknown> = {}): Promise<LayerReport> {
  const layer = await referenceLayer(id);
  const report = await analyzeModel([layer], { backend: backend as 'js' | 'wasm', ...extra });
  assertEqual(report.layers.length, 1, `${id}: one row`);
  return report.layers[0]!;
}

function compareAll(id: string, row: LayerReport, expected: Row, columns: (c: string) => boolean): void {
  for (const [col, field] of Object.entries(FLOAT_FIELDS)) {
    if (!columns(col)) continue;
    assertClose(row[field] as number, expected[col] as number, { rel: REL }, `${id} ${col}`);
  }
  for (const [col, field] of Object.entries(INTEGER_FIELDS)) {
    if (!columns(col)) continue;
    assertEqual(row[field], expected[col], `${id} ${col}`);
  }
  for (const [col, field] of Object.entries(STRING_FIELDS)) {
    if (!columns(col)) continue;
    assertEqual(String(row[field]), String(expected[col]), `${id} ${col}`);
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export default defineSuite('analysis: WeightWatcher reference', (test) => {
  test('the reference inputs are the bytes WeightWatcher read (SHA-256)', async () => {
    for (const id of ['gauss_1000x500', 'student2_1000x500', 'conv_64x32x3x3'] as const) {
      assertEqual(await sha256Hex(await binaryFixture(`reference/${id}.npy` as BinaryFixture)), refCase(id).sha256, id);
    }
  }, { perVariant: false });

  for (const id of ['gauss_1000x500', 'student2_1000x500'] as const) {
    test(`${id}: every column matches WW (default mode, Gram route)`, async ({ backend }) => {
      const { details, summary } = refCase(id);
      const row = await analyse(id, backend);
      assertEqual(row.esdMethod, 'gram', 'well-conditioned matrices stay on the Gram route');
      compareAll(id, row, details, () => true);
      // One row: the summary means are that row's values (over fitted layers only, here all).
      const report = await analyzeModel([await referenceLayer(id)], { backend: backend as 'js' | 'wasm' });
      const m = report.summary.means;
      assertClose(m.alpha, summary.alpha!, { rel: REL }, 'summary alpha');
      assertClose(m.alphaHat, summary.alpha_weighted!, { rel: REL }, 'summary alpha_weighted');
      assertClose(m.logNorm, summary.log_norm!, { rel: REL }, 'summary log_norm');
      assertClose(m.logAlphaNorm, summary.log_alpha_norm!, { rel: REL }, 'summary log_alpha_norm');
      assertClose(m.logSpectralNorm, summary.log_spectral_norm!, { rel: REL }, 'summary log_spectral_norm');
      assertClose(m.stableRank, summary.stable_rank!, { rel: REL }, 'summary stable_rank');
    });

    test(`${id}: the SVD route gives the same columns`, async ({ backend }) => {
      const row = await analyse(id, backend, { esdMethod: 'svd', mpFit: false });
      assertEqual(row.esdMethod, 'svd');
      compareAll(id, row, refCase(id).details, () => true);
    });

    test(`${id}: WW's table in compat mode carries WW's column names and values`, async ({ backend }) => {
      const layer = await referenceLayer(id);
      const report = await analyzeModel([layer], { backend: backend as 'js' | 'wasm', compat: 'weightwatcher', mpFit: false, detX: false });
      const table = toWeightWatcherTable(report);
      const expected = refCase(id).details;
      const row = table.rows[0]!;
      // Every column WW printed is present, and nothing else (mp_fit/detX off, as in WW's defaults).
      assertEqual(table.columns.slice().sort().join(','), Object.keys(expected).sort().join(','), 'column set');
      for (const [col, v] of Object.entries(expected)) {
        if (col === 'layer_id' || col === 'name' || col === 'longname') continue;
        if (typeof v === 'number' && !Number.isInteger(v)) assertClose(row[col] as number, v, { rel: REL }, `table ${col}`);
        else assertEqual(row[col], v, `table ${col}`);
      }
      for (const [k, v] of Object.entries(refCase(id).summary)) assertClose(table.summary[k]!, v, { rel: REL }, `get_summary ${k}`);
    });
  }

  test('conv 64×32×3×3: every column matches WW with its conv2d normalisation (compat)', async ({ backend }) => {
    const { details } = refCase('conv_64x32x3x3');
    const row = await analyse('conv_64x32x3x3', backend, { compat: 'weightwatcher' });
    compareAll('conv compat', row, details, () => true);
    // WW's sv_min quirk: the largest of the nine per-slice minima.
    assertClose(row.svMinOfSlices, details.sv_min as number, { rel: REL }, 'sv_min quirk');
    const table = toWeightWatcherTable(await analyzeModel([await referenceLayer('conv_64x32x3x3')], { backend: backend as 'js' | 'wasm', compat: 'weightwatcher', mpFit: false, detX: false }));
    for (const [col, v] of Object.entries(details)) {
      if (col === 'layer_id' || col === 'name' || col === 'longname') continue;
      if (typeof v === 'number' && !Number.isInteger(v)) assertClose(table.rows[0]![col] as number, v, { rel: REL }, `conv table ${col}`);
      else assertEqual(table.rows[0]![col], v, `conv table ${col}`);
    }
  });

  test('conv 64×32×3×3 in default mode: scale-free columns equal WW, scale columns follow the factor 2', async ({ backend }) => {
    const { details: d } = refCase('conv_64x32x3x3');
    const row = await analyse('conv_64x32x3x3', backend);
    compareAll('conv default', row, d, (c) => SCALE_FREE.has(c));
    const L2 = Math.log10(2);
    const n = (c: string) => d[c] as number;
    assertClose(row.norm, 2 * n('norm'), { rel: REL }, 'norm ×2');
    assertClose(row.spectralNorm, 2 * n('spectral_norm'), { rel: REL }, 'spectral_norm ×2');
    assertClose(row.xmin, 2 * n('xmin'), { rel: REL }, 'xmin ×2');
    assertClose(row.xmax, 2 * n('xmax'), { rel: REL }, 'xmax ×2');
    assertClose(row.svMax, Math.SQRT2 * n('sv_max'), { rel: REL }, 'sv_max ×√2');
    assertClose(row.svMinOfSlices, Math.SQRT2 * n('sv_min'), { rel: REL }, 'largest slice minimum ×√2');
    assertClose(row.logNorm, n('log_norm') + L2, { rel: REL }, 'log_norm + log10 2');
    assertClose(row.logSpectralNorm, n('log_spectral_norm') + L2, { rel: REL }, 'log_spectral_norm + log10 2');
    assertClose(row.alphaHat, n('alpha') * (n('log_spectral_norm') + L2), { rel: REL }, 'alpha_weighted');
    assertClose(row.logAlphaNorm, n('log_alpha_norm') + n('alpha') * L2, { rel: REL }, 'log_alpha_norm + α·log10 2');
    // The default sv_min is the true minimum, below the largest slice minimum.
    assert(row.svMin <= row.svMinOfSlices && row.svMin > 0, `true sv_min ${row.svMin} ≤ ${row.svMinOfSlices}`);
  });
});
