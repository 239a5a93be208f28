// Weights tab checks: a real model through the file input, the table's α equal to the Node
// analysis of the same file, a layer's plot, a corrupted file's error message, Cancel.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { analyzeModel, loadModel } from '@spectra/weights';
import { ready } from '@spectra/core';

function upscalerDir(require) {
  let dir = dirname(require.resolve('@upscalerjs/default-model'));
  while (!require('node:fs').existsSync(join(dir, 'models', 'model.json'))) dir = dirname(dir);
  return join(dir, 'models');
}

export const weightsChecks = [
  ['a real model through the file input: α per layer equals the Node analysis', async (page, { out, assert, require }) => {
    const dir = upscalerDir(require);
    const files = ['model.json', 'group1-shard1of1.bin'].map((f) => join(dir, f));
    await page.setInputFiles('#weights-file', files);
    await page.waitForSelector('#weights-table tbody tr', { timeout: 120_000 });
    const alphas = await page.$$eval('#weights-table tbody tr', (rows) => rows.map((r) => [r.dataset.layer, Number(r.querySelector('td[data-key=alpha]')?.dataset.value)]));
    // The same analysis in Node (same default options as the page: MP fit on, no randomisation).
    await ready();
    const model = await loadModel(readFileSync(files[0]), { name: 'model.json', resolver: async (p) => new Uint8Array(readFileSync(join(dir, p))) });
    const report = await analyzeModel(model, { mpFit: true, randomize: false });
    assert.equal(alphas.length, report.layers.length, 'one row per analysed layer');
    for (const layer of report.layers) {
      const row = alphas.find(([name]) => name === layer.name);
      assert.ok(row, `row for ${layer.name}`);
      // Same code, same inputs; the browser's wasm build may use FMA: agree to 1e-9 relative.
      assert.ok(Math.abs(row[1] - layer.alpha) <= 1e-9 * Math.abs(layer.alpha), `${layer.name}: page α ${row[1]} vs Node ${layer.alpha}`);
    }
    await page.click('#weights-table tbody tr:nth-child(2)');
    const esd = await page.$eval('#weights-esd-plot svg', (svg) => svg.querySelectorAll('rect, path').length);
    assert.ok(esd > 10, 'ESD plot has bars and the fitted line');
    await page.screenshot({ path: join(out, 'weights-tab.png'), fullPage: true });
  }],
  ['a corrupted file gets a clear error message', async (page, { out, assert }) => {
    await page.setInputFiles('#weights-file', { name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7b, 0x7d]) });
    await page.waitForSelector('#weights-message.error', { timeout: 60_000 });
    const text = await page.$eval('#weights-message', (el) => el.textContent);
    assert.match(text, /broken\.safetensors/);
    assert.match(text, /E_[A-Z_]+/);
    await page.screenshot({ path: join(out, 'weights-error.png') });
  }],
  ['Cancel stops a running analysis; the bundled model then analyses with progress', async (page, { assert }) => {
    // Cancel from inside the page the moment the first layer reports progress, so the check does
    // not race a fast analysis (randomisation on: each layer takes a while).
    await page.check('#weights-randomize');
    await page.evaluate(() => {
      const text = document.querySelector('#weights-progress-text');
      const seen = [];
      window.__progressSeen = seen;
      new MutationObserver(() => {
        seen.push(text.textContent);
        if (/^layer 1 of/.test(text.textContent ?? '') && !window.__cancelled) {
          window.__cancelled = true;
          document.querySelector('#weights-cancel').click();
        }
      }).observe(text, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#weights-bundled');
    await page.waitForFunction(() => document.querySelector('#weights-message')?.textContent?.includes('cancelled'), null, { timeout: 120_000 });
    const seen = await page.evaluate(() => window.__progressSeen);
    assert.ok(seen.some((t) => /^layer 1 of \d+/.test(t)), `progress was reported: ${seen.slice(0, 3).join(' | ')}`);
    await page.uncheck('#weights-randomize');
    await page.evaluate(() => { window.__cancelled = true; });
    await page.click('#weights-bundled');
    await page.waitForFunction(() => document.querySelector('#weights-progress-text')?.textContent?.startsWith('done'), null, { timeout: 120_000 });
    const rows = await page.$$eval('#weights-table tbody tr', (r) => r.length);
    assert.ok(rows >= 10, `bundled model table has ${rows} rows`);
  }],
];
