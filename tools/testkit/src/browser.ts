import { casesFor, type Suite, type Variant } from './define.js';

export interface BrowserCaseResult {
  variant: string;
  suite: string;
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

export interface BrowserRunResult {
  results: BrowserCaseResult[];
  notes: string[];
  userAgent: string;
}

declare global {
  // eslint-disable-next-line no-var
  var __SPECTRA_TEST_RESULT__: BrowserRunResult | undefined;
}

/**
 * Runs `suites` in the page under every variant and publishes the outcome on
 * `globalThis.__SPECTRA_TEST_RESULT__` (read by `bin/browser-test.mjs` through Playwright).
 */
export async function runInBrowser(suites: readonly Suite[], variants: readonly Variant[]): Promise<BrowserRunResult> {
  const results: BrowserCaseResult[] = [];
  const notes: string[] = [];
  const log = (line: string) => {
    const pre = document.getElementById('log');
    if (pre) pre.textContent += line + '\n';
  };
  let index = 0;
  for (const variant of variants) {
    const variantIndex = index++;
    let usable = false;
    try {
      usable = await variant.setup();
    } catch (e) {
      notes.push(`variant ${variant.name} setup threw: ${(e as Error).message}`);
    }
    if (!usable) {
      const why = variant.unavailableReason ?? 'setup returned false';
      const note = `variant ${variant.name} not run: ${why}`;
      notes.push(note);
      if (variant.required) results.push({ variant: variant.name, suite: '-', name: 'variant is available', ok: false, error: note, ms: 0 });
      continue;
    }
    for (const suite of suites) {
      for (const c of casesFor(suite, variantIndex, 'browser')) {
        const t0 = performance.now();
        try {
          await c.fn({ backend: variant.backend, variant: variant.name });
          results.push({ variant: variant.name, suite: suite.name, name: c.name, ok: true, ms: performance.now() - t0 });
          log(`ok   ${variant.name} › ${suite.name} › ${c.name}`);
        } catch (e) {
          const err = e as Error;
          results.push({ variant: variant.name, suite: suite.name, name: c.name, ok: false, error: `${err.name}: ${err.message}`, ms: performance.now() - t0 });
          log(`FAIL ${variant.name} › ${suite.name} › ${c.name}: ${err.message}`);
        }
        // Let the page breathe between cases so Playwright's polling is answered promptly.
        await new Promise((r) => setTimeout(r, 0));
      }
    }
  }
  const run: BrowserRunResult = { results, notes, userAgent: navigator.userAgent };
  globalThis.__SPECTRA_TEST_RESULT__ = run;
  return run;
}
