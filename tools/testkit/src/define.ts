/** What a test case learns about the runtime variant it runs under. */
export interface TestContext {
  /** The backend the variant selected, e.g. 'js' or 'wasm'. */
  readonly backend: string;
  /** The variant's full name, e.g. 'wasm-relaxed-simd'. */
  readonly variant: string;
}

export type TestFunction = (context: TestContext) => void | Promise<void>;

export interface TestOptions {
  /**
   * `true` (default): the case runs once under every variant (every backend).
   * `false`: it does not depend on the backend and runs once, under the first variant.
   */
  readonly perVariant?: boolean;
  /** Only in these runtimes (default: all). Node-only file-system tests, say. */
  readonly runtimes?: ReadonlyArray<'node' | 'deno' | 'browser'>;
}

export interface TestCase {
  readonly name: string;
  readonly fn: TestFunction;
  readonly perVariant: boolean;
  readonly runtimes: ReadonlyArray<'node' | 'deno' | 'browser'> | null;
}

export interface Suite {
  readonly name: string;
  readonly cases: readonly TestCase[];
}

/**
 * A runtime variant: how to put the library under test into one configuration
 * (a backend, a wasm build). `setup` resolves `true` when the variant is usable here.
 */
export interface Variant {
  readonly name: string;
  readonly backend: string;
  setup(): Promise<boolean> | boolean;
  /**
   * A cheap synchronous check run before any case is registered. When it returns false and the
   * variant is not `required`, runners register no cases for it and print `unavailableReason`.
   */
  available?(): boolean;
  /** Why the variant is missing when `setup` resolves false, printed by the runners. */
  readonly unavailableReason?: string;
  /** When true an unavailable variant is an error, not a note. */
  readonly required?: boolean;
}

/**
 * Defines a suite once; `runWithVitest`, `runWithDeno` and `runInBrowser` run it.
 *
 * @example
 * ```ts
 * export default defineSuite('matmul', (test) => {
 *   test('2×2 product', () => { assertEqual(1 + 1, 2); });
 * });
 * ```
 */
export function defineSuite(
  name: string,
  body: (test: (name: string, fn: TestFunction, options?: TestOptions) => void) => void,
): Suite {
  const cases: TestCase[] = [];
  const names = new Set<string>();
  body((caseName, fn, options = {}) => {
    if (names.has(caseName)) throw new Error(`suite '${name}': duplicate test name '${caseName}'`);
    names.add(caseName);
    cases.push({
      name: caseName,
      fn,
      perVariant: options.perVariant ?? true,
      runtimes: options.runtimes ?? null,
    });
  });
  return { name, cases };
}

/** The cases of `suite` that run under the variant at position `variantIndex` in `runtime`. */
export function casesFor(suite: Suite, variantIndex: number, runtime: 'node' | 'deno' | 'browser'): TestCase[] {
  return suite.cases.filter(
    (c) => (c.perVariant || variantIndex === 0) && (c.runtimes === null || c.runtimes.includes(runtime)),
  );
}
