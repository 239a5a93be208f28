#!/usr/bin/env node
// The demo, tested in a real browser (Debian's Chromium via playwright-core): loads the built page
// from a local static server and drives each tab as a user would. Every assertion is on numbers the
// page computed, compared with what the libraries compute in Node. Screenshots go to test-output/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { ensureChromium } from '../../../tools/testkit/bin/ensure-chromium.mjs';
import { startServer } from '../scripts/serve.mjs';
import { weightsChecks } from './weights.checks.mjs';
import { jacobianChecks } from './jacobian.checks.mjs';
import { hessianChecks } from './hessian.checks.mjs';
import { layoutChecks } from './layout.checks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'test-output');
mkdirSync(out, { recursive: true });
const executablePath = ensureChromium();
const server = await startServer(0);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const suites = [['weights', weightsChecks], ['jacobian', jacobianChecks], ['hessian', hessianChecks], ['layout', layoutChecks]];
let failed = 0;
try {
  for (const [name, checks] of suites) {
    for (const viewport of [{ width: 1280, height: 800 }]) {
      const page = await browser.newPage({ viewport });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}#${name === 'layout' ? 'weights' : name}`);
      for (const [title, fn] of checks) {
        const t0 = Date.now();
        try {
          await fn(page, { out, base, assert, require: createRequire(import.meta.url) });
          if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
          console.log(`  ok   ${name} › ${title} (${Date.now() - t0} ms)`);
        } catch (e) {
          failed++;
          console.log(`  FAIL ${name} › ${title}\n       ${e.stack ?? e}`);
          await page.screenshot({ path: join(out, `FAIL-${name}-${title.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
        }
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(failed ? `${failed} demo check(s) failed` : 'demo: all checks passed (Chromium)');
process.exit(failed ? 1 : 0);
