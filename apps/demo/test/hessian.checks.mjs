// Hessian tab checks: a short training session in the page's worker; the top eigenvalue at
// initialisation equals the one @spectra/hessian computes in Node on the same digits; training
// then moves it and the accuracy; Cancel stops the session.
import { join, dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { createBatch, curvatureOperator, initializeParameters, multilayerPerceptron, topEigenvalues } from '@spectra/hessian';

async function nodeTopAtInit(require, digits) {
  const root = dirname(require.resolve('mnist/package.json'));
  const classes = Array.from({ length: 10 }, (_, c) => JSON.parse(readFileSync(join(root, 'src', 'digits', `${c}.json`), 'utf8')).data);
  const inputs = new Float64Array(digits * 784);
  const labels = new Uint8Array(digits);
  for (let i = 0; i < digits; i++) {
    const c = i % 10;
    const k = Math.floor(i / 10);
    labels[i] = c;
    for (let p = 0; p < 784; p++) inputs[i * 784 + p] = classes[c][k * 784 + p];
  }
  const model = multilayerPerceptron([784, 32, 10], { activation: 'relu' });
  const theta = initializeParameters(model, { seed: 2 });
  const H = curvatureOperator(model, theta, createBatch(model, inputs, labels));
  return (await topEigenvalues(H, 12, { seed: 4, tolerance: 1e-8 })).values;
}

/** Waits for `predicate` in the page, failing at once with the page's error message if one appears. */
async function waitOrError(page, predicate, arg, timeout) {
  const handle = await page.waitForFunction(([src, a]) => {
    const error = document.querySelector('#hessian-message.error');
    if (error) return { error: error.textContent };
    return new Function('a', `return (${src})(a)`)(a) ? { ok: true } : null;
  }, [predicate.toString(), arg], { timeout });
  const result = await handle.jsonValue();
  if (result.error) throw new Error(`the page reported: ${result.error}`);
}

const snapshotStep = (page) => page.$eval('#hessian-stats [data-key=step]', (el) => Number(el.dataset.value)).catch(() => -1);

export const hessianChecks = [
  ['a short session: λmax at initialisation equals Node; training updates the spectrum', async (page, { out, assert, require }) => {
    await page.fill('#hessian-rounds', '1');
    await page.click('#hessian-start');
    await waitOrError(page, () => document.querySelector('#hessian-stats [data-key=lambdaMax]'), null, 300_000);
    assert.equal(await snapshotStep(page), 0);
    const pageTop = await page.$$eval('#hessian-top li', (li) => li.map((x) => Number(x.dataset.value)));
    const nodeTop = await nodeTopAtInit(require, 500);
    assert.equal(pageTop.length, 12);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(pageTop[i] - nodeTop[i]) <= 1e-8 * Math.abs(nodeTop[0]), `λ${i + 1}: page ${pageTop[i]} vs Node ${nodeTop[i]}`);
    const density = await page.$eval('#hessian-density-plot svg path', (p) => p.getAttribute('d').length);
    assert.ok(density > 100, 'SLQ density drawn');
    await waitOrError(page, () => Number(document.querySelector('#hessian-stats [data-key=step]')?.dataset.value) === 40, null, 300_000);
    const acc = await page.$eval('#hessian-stats [data-key=testAccuracy]', (el) => Number(el.dataset.value));
    assert.ok(acc > 0.5, `held-out accuracy after 40 SGD steps: ${acc}`);
    await waitOrError(page, () => document.querySelector('#hessian-status')?.textContent === 'finished', null, 120_000);
    await page.screenshot({ path: join(out, 'hessian-tab.png'), fullPage: true });
  }],
  ['Cancel stops a running session', async (page, { assert }) => {
    await page.fill('#hessian-rounds', '20');
    await page.click('#hessian-start');
    await page.waitForFunction(() => document.querySelector('#hessian-status')?.textContent?.startsWith('training') || document.querySelector('#hessian-status')?.textContent?.startsWith('SLQ'), null, { timeout: 300_000 });
    await page.click('#hessian-cancel');
    await page.waitForFunction(() => document.querySelector('#hessian-status')?.textContent === 'cancelled', null, { timeout: 300_000 });
    assert.equal(await page.$eval('#hessian-start', (b) => b.disabled), false, 'Start is enabled again');
  }],
];
