import { casesFor, type Suite, type Variant } from './define.js';

interface DenoStep {
  step(name: string, fn: () => Promise<void>): Promise<boolean>;
}
interface DenoLike {
  test(definition: { name: string; fn: (t: DenoStep) => Promise<void>; sanitizeOps?: boolean; sanitizeResources?: boolean }): void;
}

/** Registers `suites` with `Deno.test`, one test per variant and a step per case. */
export function runWithDeno(suites: readonly Suite[], variants: readonly Variant[]): void {
  const deno = (globalThis as unknown as { Deno: DenoLike }).Deno;
  let index = 0;
  for (const variant of variants) {
    const variantIndex = index++;
    deno.test({
      name: variant.name,
      sanitizeOps: false,
      sanitizeResources: false,
      fn: async (t) => {
        const usable = await variant.setup();
        if (!usable) {
          const why = variant.unavailableReason ?? 'setup returned false';
          if (variant.required) throw new Error(`variant ${variant.name} is required but unavailable: ${why}`);
          console.warn(`[testkit] variant ${variant.name} not run: ${why}`);
          return;
        }
        let failed = 0;
        for (const suite of suites) {
          for (const c of casesFor(suite, variantIndex, 'deno')) {
            const ok = await t.step(`${suite.name} › ${c.name}`, async () => {
              await c.fn({ backend: variant.backend, variant: variant.name });
            });
            if (!ok) failed++;
          }
        }
        if (failed > 0) throw new Error(`${failed} case(s) failed under ${variant.name}`);
      },
    });
  }
}
