// Helpers shared by the reader suites: expected values from the Python generator, exact array
// comparison, and "this must be a typed SpectraError" checks for async readers.
import { AssertionError, assert, assertClose, assertEqual } from '@spectra/testkit';
import type { FixtureSource } from './fixture-source.js';
import { fixtureJson } from './fixture-source.js';

export interface TensorStats {
  shape: number[];
  sum: number;
  sumSquares: number;
  weightedSum: number;
  first: number[];
}

export interface FixtureExpectations {
  fixtures: Record<string, { tensors: Record<string, TensorStats>; tied?: string[][] }>;
}

let cached: Promise<FixtureExpectations> | undefined;

/** fixtures.json, written by generate-fixtures.py from the same arrays numpy/torch/onnx saved. */
export function expectations(source: FixtureSource): Promise<FixtureExpectations> {
  cached ??= fixtureJson<FixtureExpectations>(source, 'fixtures/fixtures.json');
  return cached;
}

/**
 * Checks decoded values against the generator's statistics: shape, the first values exactly, and
 * Σx, Σx², Σ(i+1)x to 1e-12 of the matching sums of |x| (numpy sums pairwise, we sum in order).
 */
export function assertStats(values: Float64Array, shape: readonly number[], expected: TensorStats, label: string): void {
  assertEqual(JSON.stringify(shape), JSON.stringify(expected.shape), `${label}: shape`);
  assertEqual(values.length, expected.shape.reduce((a, b) => a * b, 1), `${label}: element count`);
  for (let k = 0; k < expected.first.length; k++) assertEqual(values[k], expected.first[k], `${label}: value ${k}`);
  let sum = 0, sumAbs = 0, sq = 0, ws = 0, wsAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    sum += x; sumAbs += Math.abs(x); sq += x * x; ws += (i + 1) * x; wsAbs += (i + 1) * Math.abs(x);
  }
  assertClose(sum, expected.sum, { abs: 1e-12 * sumAbs + 1e-300 }, `${label}: sum`);
  assertClose(sq, expected.sumSquares, { rel: 1e-12 }, `${label}: sum of squares`);
  assertClose(ws, expected.weightedSum, { abs: 1e-12 * wsAbs + 1e-300 }, `${label}: index-weighted sum`);
}

/** Exact element-wise equality of two arrays (NaN equals NaN). */
export function assertSameValues(a: ArrayLike<number>, b: ArrayLike<number>, label: string): void {
  assertEqual(a.length, b.length, `${label}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!(Object.is(a[i], b[i]) || a[i] === b[i])) throw new AssertionError(`${label}: element ${i} differs: ${a[i]} vs ${b[i]}`);
  }
}

interface CodedError { name?: string; code?: string; message?: string }

/** Awaits `fn` and requires a SpectraError with `code` whose message contains every `mentions`. */
export async function expectCode(fn: () => Promise<unknown>, code: string, mentions: string[] = [], label = ''): Promise<CodedError> {
  let thrown: unknown;
  try {
    await fn();
  } catch (e) {
    thrown = e;
  }
  const prefix = label ? `${label}: ` : '';
  if (thrown === undefined) throw new AssertionError(`${prefix}expected SpectraError ${code}, nothing was thrown`);
  const e = thrown as CodedError;
  if (e.name !== 'SpectraError') throw new AssertionError(`${prefix}expected SpectraError ${code}, got ${e.name}: ${e.message}`);
  if (e.code !== code) throw new AssertionError(`${prefix}expected code ${code}, got ${e.code}: ${e.message}`);
  for (const m of mentions) assert(e.message!.includes(m), `${prefix}message '${e.message}' should mention '${m}'`);
  return e;
}

/** Product of a shape. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export const encoder = new TextEncoder();
