import { beforeAll, describe, it } from 'vitest';
import { casesFor, type Suite, type Variant } from './define.js';

/**
 * Registers `suites` with vitest once per variant. Variants are resolved first (top-level await in
 * the test file), so an unavailable variant is reported, never silently skipped: a `required`
 * variant that is unavailable fails its own test.
 */
export async function runWithVitest(suites: readonly Suite[], variants: readonly Variant[], options: { timeoutMs?: number } = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 120_000;
  let index = 0;
  for (const variant of variants) {
    const variantIndex = index++;
    if (variant.available && !variant.available() && !variant.required) {
      const why = variant.unavailableReason ?? 'not available in this engine';
      describe(variant.name, () => {
        it(`not run here: ${why}`, () => {
          console.warn(`[testkit] variant ${variant.name} not run: ${why}`);
        });
      });
      continue;
    }
    describe(variant.name, () => {
      let usable = false;
      beforeAll(async () => {
        usable = await variant.setup();
      }, timeout);
      it('variant is available', () => {
        if (!usable) {
          const why = variant.unavailableReason ?? 'setup returned false';
          if (variant.required) throw new Error(`variant ${variant.name} is required but unavailable: ${why}`);
          // Not an error: the engine lacks the feature. Printed so the gap is visible in every run.
          console.warn(`[testkit] variant ${variant.name} not run: ${why}`);
        }
      });
      for (const suite of suites) {
        const cases = casesFor(suite, variantIndex, 'node');
        // A suite whose cases all run once (backend-independent) has none under later variants.
        if (cases.length === 0) continue;
        describe(suite.name, () => {
          for (const c of cases) {
            it(c.name, async () => {
              if (!usable) return;
              await c.fn({ backend: variant.backend, variant: variant.name });
            }, timeout);
          }
        });
      }
    });
  }
}
