// @spectra/testkit — one suite definition, three runners (vitest, Deno, Chromium).
export { defineSuite, casesFor } from './define.js';
export type { Suite, TestCase, TestContext, TestFunction, TestOptions, Variant } from './define.js';
export {
  AssertionError,
  assert,
  assertEqual,
  assertDeepEqual,
  assertClose,
  assertArrayClose,
  assertAtMost,
  assertAtLeast,
  assertThrowsCode,
  assertRejectsCode,
} from './assert.js';
export type { Tolerance } from './assert.js';
