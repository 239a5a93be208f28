// Jacobian tab checks: moving a slider redraws the plot and the numbers, which equal what
// @spectra/free-prob computes in Node for the same settings.
import { join } from 'node:path';
import { jacobianSpectrum, meanField } from '@spectra/free-prob';

function expected(settings) {
  const widths = [settings.width];
  for (let l = 1; l <= settings.depth; l++) widths.push(Math.max(1, Math.round(widths[l - 1] / settings.widthRatio)));
  const s = jacobianSpectrum({ widths, activation: settings.activation, sigmaW2: settings.sigmaW2, sigmaB2: settings.sigmaB2 }, { grid: { points: 400 }, weights: 'gaussian', normalisation: 'fanIn' });
  const mf = meanField({ activation: settings.activation, sigmaW2: settings.sigmaW2, sigmaB2: settings.sigmaB2 });
  return { atom: s.atom, mean: s.mean, secondMoment: s.secondMoment, upper: s.support.upper, median: s.quantiles.values[s.quantiles.levels.indexOf(0.5)], chi1: mf.chi1, phase: mf.phase };
}

async function shown(page) {
  return page.$$eval('#jacobian-stats [data-key]', (cells) => Object.fromEntries(cells.map((c) => [c.dataset.key, c.dataset.value])));
}

/** Waits until the stats were computed from settings that include `partial`. */
async function settled(page, partial) {
  await page.waitForFunction((want) => {
    const s = document.querySelector('#jacobian-stats')?.dataset.settings;
    if (!s) return false;
    const got = JSON.parse(s);
    return Object.entries(want).every(([k, v]) => got[k] === v);
  }, partial, { timeout: 120_000 });
}

async function setSlider(page, id, value) {
  await page.$eval(id, (el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

function close(assert, got, want, what) {
  assert.ok(Math.abs(Number(got) - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${what}: page ${got} vs Node ${want}`);
}

export const jacobianChecks = [
  ['the default net (ReLU, L = 4, He) shows the library\'s numbers', async (page, { assert }) => {
    await page.waitForSelector('#jacobian-stats [data-key=mean]');
    const got = await shown(page);
    const want = expected({ depth: 4, width: 1000, widthRatio: 1, activation: 'relu', sigmaW2: 2, sigmaB2: 0 });
    for (const k of ['atom', 'mean', 'secondMoment', 'upper', 'median', 'chi1']) close(assert, got[k], want[k], k);
    assert.equal(got.phase, want.phase);
  }],
  ['moving the depth and σ_w² sliders redraws the plot with new values', async (page, { out, assert }) => {
    const before = await page.$eval('#jacobian-density-plot svg', (svg) => svg.innerHTML);
    await setSlider(page, '#jacobian-depth', 8);
    await page.waitForFunction(() => document.querySelector('#jacobian-density-plot svg')?.textContent?.includes('L = 8'));
    await setSlider(page, '#jacobian-sigmaW2', 1.5);
    await settled(page, { depth: 8, sigmaW2: 1.5 });
    assert.equal(await page.$eval('#jacobian-stats [data-key=phase]', (el) => el.dataset.value), 'ordered');
    const after = await page.$eval('#jacobian-density-plot svg', (svg) => svg.innerHTML);
    assert.notEqual(after, before, 'the density plot changed');
    const got = await shown(page);
    const want = expected({ depth: 8, width: 1000, widthRatio: 1, activation: 'relu', sigmaW2: 1.5, sigmaB2: 0 });
    for (const k of ['atom', 'mean', 'secondMoment', 'upper', 'chi1']) close(assert, got[k], want[k], k);
    await page.selectOption('#jacobian-activation', 'tanh');
    await setSlider(page, '#jacobian-sigmaB2', 0.05);
    await settled(page, { activation: 'tanh', sigmaB2: 0.05, depth: 8, sigmaW2: 1.5 });
    const tanh = await shown(page);
    const wantTanh = expected({ depth: 8, width: 1000, widthRatio: 1, activation: 'tanh', sigmaW2: 1.5, sigmaB2: 0.05 });
    // General D-law solver: same code, same inputs, same engine family: agree to 1e-9.
    for (const k of ['mean', 'secondMoment', 'chi1']) assert.ok(Math.abs(Number(tanh[k]) - wantTanh[k]) <= 1e-9 * Math.abs(wantTanh[k]), `tanh ${k}: ${tanh[k]} vs ${wantTanh[k]}`);
    await page.screenshot({ path: join(out, 'jacobian-tab.png'), fullPage: true });
  }],
  ['the Monte-Carlo overlay samples a network and draws its histogram under the density', async (page, { assert }) => {
    await page.selectOption('#jacobian-activation', 'relu');
    await setSlider(page, '#jacobian-sigmaB2', 0);
    await setSlider(page, '#jacobian-sigmaW2', 2);
    await setSlider(page, '#jacobian-depth', 3);
    await settled(page, { activation: 'relu', sigmaB2: 0, sigmaW2: 2, depth: 3 });
    const barsBefore = await page.$$eval('#jacobian-density-plot svg rect', (r) => r.length);
    await page.click('#jacobian-monte-carlo');
    await page.waitForFunction(() => document.querySelector('#jacobian-mc-note')?.dataset.count, null, { timeout: 120_000 });
    assert.equal(await page.$eval('#jacobian-mc-note', (el) => Number(el.dataset.count)), 800, 'two networks of N₀ = 400');
    const barsAfter = await page.$$eval('#jacobian-density-plot svg rect', (r) => r.length);
    assert.ok(barsAfter > barsBefore + 20, `histogram bars drawn (${barsBefore} → ${barsAfter})`);
  }],
];
