// Argument checks shared by every entry point: absurd parameters get a typed `E_ARGUMENT` that
// names the argument and the expectation, before any numerical work starts (design.md, errors).
import { SpectraError } from '@spectra/core';

/** Throws `E_ARGUMENT` unless `value` is a finite number. */
export function requireFinite(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SpectraError('E_ARGUMENT', `${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Throws `E_ARGUMENT` unless `value` is a finite number > 0. */
export function requirePositive(value: unknown, name: string): number {
  const v = requireFinite(value, name);
  if (!(v > 0)) throw new SpectraError('E_ARGUMENT', `${name} must be > 0, got ${v}`);
  return v;
}

/** Throws `E_ARGUMENT` unless `value` is a finite number ≥ 0. */
export function requireNonNegative(value: unknown, name: string): number {
  const v = requireFinite(value, name);
  if (!(v >= 0)) throw new SpectraError('E_ARGUMENT', `${name} must be ≥ 0, got ${v}`);
  return v;
}

/** Throws `E_ARGUMENT` unless `value` is an integer in [min, max]. */
export function requireInteger(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new SpectraError('E_ARGUMENT', `${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Throws `E_ARGUMENT` unless `value` is a probability level in (0, 1) (or [0, 1] with `closed`). */
export function requireLevel(value: unknown, name: string, closed = false): number {
  const v = requireFinite(value, name);
  if (closed ? !(v >= 0 && v <= 1) : !(v > 0 && v < 1)) {
    throw new SpectraError('E_ARGUMENT', `${name} must be in ${closed ? '[0, 1]' : '(0, 1)'}, got ${v}`);
  }
  return v;
}

/** Copies an array-like of finite numbers into a `Float64Array`, naming the first bad entry. */
export function finiteArray(values: ArrayLike<number>, name: string): Float64Array {
  if (values === null || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') {
    throw new SpectraError('E_ARGUMENT', `${name} must be an array of numbers`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new SpectraError('E_ARGUMENT', `${name}[${i}] must be a finite number, got ${String(v)}`);
    }
    out[i] = v;
  }
  return out;
}

/** Throws `E_ARGUMENT` unless `z` is a complex number with finite parts. */
export function requireComplex(z: unknown, name: string): { re: number; im: number } {
  if (z === null || typeof z !== 'object') throw new SpectraError('E_ARGUMENT', `${name} must be a complex number { re, im }`);
  const { re, im } = z as { re?: unknown; im?: unknown };
  requireFinite(re, `${name}.re`);
  requireFinite(im, `${name}.im`);
  return { re: re as number, im: im as number };
}
