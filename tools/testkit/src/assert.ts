// Assertions that behave the same in Node, Deno and Chromium. Messages say what was expected,
// what came out, and by how much it missed, so a failure in CI reads without a debugger.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

function fmt(x: unknown): string {
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'bigint') return `${x}n`;
  try {
    return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch {
    return String(x);
  }
}

/** Throws unless `condition` is truthy. */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Strict equality (`Object.is`, so NaN equals NaN and 0 differs from -0 only if `signedZero`). */
export function assertEqual<T>(actual: T, expected: T, message = ''): void {
  const same = Object.is(actual, expected) || (actual === expected);
  if (!same) throw new AssertionError(`${message ? message + ': ' : ''}expected ${fmt(expected)}, got ${fmt(actual)}`);
}

/** Deep equality for JSON-like data and typed arrays. */
export function assertDeepEqual(actual: unknown, expected: unknown, message = ''): void {
  const a = normalise(actual);
  const e = normalise(expected);
  const sa = fmt(a);
  const se = fmt(e);
  if (sa !== se) throw new AssertionError(`${message ? message + ': ' : ''}expected ${se}, got ${sa}`);
}

function normalise(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(normalise);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) out[k] = normalise((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}

export interface Tolerance {
  /** Absolute tolerance (default 0). */
  abs?: number;
  /** Relative tolerance, times |expected| (default 0). */
  rel?: number;
}

/** |actual − expected| ≤ abs + rel·|expected|. NaN only matches NaN. */
export function assertClose(actual: number, expected: number, tolerance: Tolerance, message = ''): void {
  const abs = tolerance.abs ?? 0;
  const rel = tolerance.rel ?? 0;
  if (Number.isNaN(expected) && Number.isNaN(actual)) return;
  if (actual === expected) return;
  const err = Math.abs(actual - expected);
  const bound = abs + rel * Math.abs(expected);
  if (!(err <= bound)) {
    throw new AssertionError(
      `${message ? message + ': ' : ''}expected ${fmt(expected)}, got ${fmt(actual)} (error ${err.toExponential(3)} > bound ${bound.toExponential(3)})`,
    );
  }
}

/**
 * Element-wise `assertClose`. `tolerance` may be a function of the index for bounds that vary per
 * element (a GEMM bound per entry, say).
 */
export function assertArrayClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance | ((index: number) => Tolerance),
  message = '',
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError(`${message ? message + ': ' : ''}length ${actual.length}, expected ${expected.length}`);
  }
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < expected.length; i++) {
    const t = typeof tolerance === 'function' ? tolerance(i) : tolerance;
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (a === e) continue;
    const bound = (t.abs ?? 0) + (t.rel ?? 0) * Math.abs(e);
    const err = Math.abs(a - e);
    const ratio = bound > 0 ? err / bound : Infinity;
    if (!(err <= bound) && (worst < 0 || ratio > worstRatio || Number.isNaN(err))) {
      worst = i;
      worstRatio = Number.isNaN(err) ? Infinity : ratio;
    }
  }
  if (worst >= 0) {
    const t = typeof tolerance === 'function' ? tolerance(worst) : tolerance;
    const bound = (t.abs ?? 0) + (t.rel ?? 0) * Math.abs(expected[worst]!);
    throw new AssertionError(
      `${message ? message + ': ' : ''}at index ${worst} expected ${fmt(expected[worst])}, got ${fmt(actual[worst])} ` +
        `(error ${Math.abs(actual[worst]! - expected[worst]!).toExponential(3)} > bound ${bound.toExponential(3)}; ${worstRatio.toFixed(1)}× over)`,
    );
  }
}

/** actual ≤ bound, with both printed on failure. */
export function assertAtMost(actual: number, bound: number, message = ''): void {
  if (!(actual <= bound)) {
    throw new AssertionError(`${message ? message + ': ' : ''}${fmt(actual)} exceeds the bound ${fmt(bound)}`);
  }
}

/** actual ≥ bound. */
export function assertAtLeast(actual: number, bound: number, message = ''): void {
  if (!(actual >= bound)) {
    throw new AssertionError(`${message ? message + ': ' : ''}${fmt(actual)} is below the bound ${fmt(bound)}`);
  }
}

interface CodedError {
  name?: string;
  code?: string;
  message?: string;
}

/**
 * Runs `fn` and asserts it throws a typed spectra error (`name === 'SpectraError'`) with `code`.
 * Returns the error for further checks (its message, say).
 */
export function assertThrowsCode(fn: () => unknown, code: string, message = ''): CodedError {
  let thrown: unknown = undefined;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    thrown = e;
  }
  return checkCoded(threw, thrown, code, message);
}

/** Async twin of `assertThrowsCode`. */
export async function assertRejectsCode(fn: () => Promise<unknown>, code: string, message = ''): Promise<CodedError> {
  let thrown: unknown = undefined;
  let threw = false;
  try {
    await fn();
  } catch (e) {
    threw = true;
    thrown = e;
  }
  return checkCoded(threw, thrown, code, message);
}

function checkCoded(threw: boolean, thrown: unknown, code: string, message: string): CodedError {
  const prefix = message ? message + ': ' : '';
  if (!threw) throw new AssertionError(`${prefix}expected a SpectraError ${code}, but nothing was thrown`);
  const e = thrown as CodedError;
  if (!e || e.name !== 'SpectraError') {
    throw new AssertionError(`${prefix}expected a SpectraError ${code}, got ${e && e.name}: ${e && e.message}`);
  }
  if (e.code !== code) throw new AssertionError(`${prefix}expected code ${code}, got ${e.code}: ${e.message}`);
  return e;
}
