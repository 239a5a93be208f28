// Element decoding against closed forms: every binary16 pattern through two independent
// implementations (decode by formula, encode by rounding), bfloat16 against Float32Array bit
// reinterpretation, float8 tables against the OCP FP8 specification's landmark values.
import { assert, assertEqual, defineSuite } from '@spectra/testkit';
import {
  bfloat16ToNumber, decodeToFloat64, float8E4M3ToNumber, float8E5M2ToNumber, halfToNumber, numberToBfloat16, numberToHalf,
} from '../../src/index.js';
import type { TensorDType } from '../../src/index.js';

export default defineSuite('weights: element types', (test) => {
  test('binary16 landmarks (IEEE 754-2008 Table 3.5)', () => {
    assertEqual(halfToNumber(0x3c00), 1);
    assertEqual(halfToNumber(0x7bff), 65504);
    assertEqual(halfToNumber(0x0400), 2 ** -14);
    assertEqual(halfToNumber(0x0001), 2 ** -24);
    assertEqual(halfToNumber(0x03ff), 1023 * 2 ** -24);
    assertEqual(halfToNumber(0x3555), 0.333251953125);
    assertEqual(halfToNumber(0x7c00), Infinity);
    assertEqual(halfToNumber(0xfc00), -Infinity);
    assert(Object.is(halfToNumber(0x8000), -0), '-0');
    assert(Number.isNaN(halfToNumber(0x7e00)), 'NaN');
  }, { perVariant: false });

  test('every binary16 pattern round-trips through numberToHalf (decode ∘ encode = id)', () => {
    for (let h = 0; h < 65536; h++) {
      const v = halfToNumber(h);
      if (Number.isNaN(v)) continue;
      assertEqual(numberToHalf(v), h, `pattern 0x${h.toString(16)}`);
    }
  }, { perVariant: false });

  test('numberToHalf rounds to nearest, ties to even, and overflows to Infinity', () => {
    assertEqual(numberToHalf(1 + 2 ** -11), 0x3c00, 'tie below goes to even');
    assertEqual(numberToHalf(1 + 3 * 2 ** -11), 0x3c02, 'tie above goes to even');
    assertEqual(numberToHalf(1 + 2 ** -11 + 2 ** -20), 0x3c01, 'above the tie rounds up');
    assertEqual(numberToHalf(65519.99), 0x7bff);
    assertEqual(numberToHalf(65520), 0x7c00);
    assertEqual(numberToHalf(2 ** -25), 0x0000, 'half the smallest subnormal is a tie to 0');
    assertEqual(numberToHalf(3 * 2 ** -26), 0x0001);
  }, { perVariant: false });

  test('bfloat16 equals the top half of the float32 bit pattern', () => {
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    for (let h = 0; h < 65536; h += 7) {
      u[0] = h << 16;
      const expected = f[0]!;
      const got = bfloat16ToNumber(h);
      assert(Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected)), `pattern 0x${h.toString(16)}`);
      if (!Number.isNaN(expected)) assertEqual(numberToBfloat16(expected), h, `encode 0x${h.toString(16)}`);
    }
    assertEqual(numberToBfloat16(1 + 2 ** -8), 0x3f80, 'tie to even');
    assertEqual(numberToBfloat16(1 + 3 * 2 ** -8), 0x3f82, 'tie to even (up)');
  }, { perVariant: false });

  test('float8 E4M3FN and E5M2 landmarks (OCP 8-bit floating point specification, 2023)', () => {
    assertEqual(float8E4M3ToNumber(0x7e), 448, 'E4M3 max normal');
    assertEqual(float8E4M3ToNumber(0x08), 2 ** -6, 'E4M3 min normal');
    assertEqual(float8E4M3ToNumber(0x01), 2 ** -9, 'E4M3 min subnormal');
    assert(Number.isNaN(float8E4M3ToNumber(0x7f)) && Number.isNaN(float8E4M3ToNumber(0xff)), 'E4M3 NaN');
    assertEqual(float8E4M3ToNumber(0x78), 256, 'E4M3 has no infinity: S.1111.000 is 256');
    assertEqual(float8E5M2ToNumber(0x7b), 57344, 'E5M2 max normal');
    assertEqual(float8E5M2ToNumber(0x01), 2 ** -16, 'E5M2 min subnormal');
    assertEqual(float8E5M2ToNumber(0xfc), -Infinity);
    assert(Number.isNaN(float8E5M2ToNumber(0x7d)), 'E5M2 NaN');
  }, { perVariant: false });

  test('decodeToFloat64: byte order, alignment and every dtype', () => {
    const buf = new Uint8Array(1 + 8 * 3);
    const view = new DataView(buf.buffer);
    // Unaligned (offset 1), big-endian float64.
    [1.5, -2.25, 1e300].forEach((v, k) => view.setFloat64(1 + 8 * k, v, false));
    assertEqual(JSON.stringify([...decodeToFloat64(buf, 1, 3, 'float64', false)]), JSON.stringify([1.5, -2.25, 1e300]));
    const le = new Uint8Array(16);
    const lv = new DataView(le.buffer);
    lv.setBigInt64(0, -(2n ** 40n), true);
    lv.setBigUint64(8, 2n ** 53n, true);
    assertEqual(decodeToFloat64(le, 0, 1, 'int64')[0], -(2 ** 40));
    assertEqual(decodeToFloat64(le, 8, 1, 'uint64')[0], 2 ** 53);
    assertEqual(JSON.stringify([...decodeToFloat64(new Uint8Array([0, 1, 2, 255]), 0, 4, 'bool')]), '[0,1,1,1]');
    assertEqual(JSON.stringify([...decodeToFloat64(new Uint8Array([0xff, 0x80]), 0, 2, 'int8')]), '[-1,-128]');
    assertEqual(JSON.stringify([...decodeToFloat64(new Uint8Array([0x00, 0x3c, 0x80, 0x3f]), 0, 2, 'float16')]), JSON.stringify([1, halfToNumber(0x3f80)]));
    assertEqual(JSON.stringify([...decodeToFloat64(new Uint8Array([0x80, 0x3f]), 0, 1, 'bfloat16')]), '[1]');
    assertEqual(JSON.stringify([...decodeToFloat64(new Uint8Array([0x38, 0x3c]), 0, 1, 'float8_e4m3')]), '[1]');
  }, { perVariant: false });

  test('decodeToFloat64: unaligned little-endian data (the chunked copy path) equals a DataView read, across chunk boundaries', () => {
    // 1.5 Mi values of 4 bytes span two 4 MiB scratch chunks; offsets 1–3 are every misalignment.
    const count = 3 * 2 ** 19;
    const readers: Array<[TensorDType, number, (v: DataView, at: number) => number]> = [
      ['float32', 4, (v, at) => v.getFloat32(at, true)],
      ['float64', 8, (v, at) => v.getFloat64(at, true)],
      ['int32', 4, (v, at) => v.getInt32(at, true)],
      ['uint16', 2, (v, at) => v.getUint16(at, true)],
      ['float16', 2, (v, at) => halfToNumber(v.getUint16(at, true))],
    ];
    for (const [dtype, size, read] of readers) {
      for (const offset of [1, 2, 3]) {
        if (offset % size === 0) continue;
        const n = dtype === 'float64' ? count / 2 : count;
        const bytes = new Uint8Array(offset + n * size);
        let x = 0x9e3779b9 ^ offset;
        for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
        const got = decodeToFloat64(bytes, offset, n, dtype);
        const view = new DataView(bytes.buffer);
        let mismatches = 0;
        for (let i = 0; i < n; i++) if (!Object.is(got[i], read(view, offset + i * size))) mismatches++;
        assertEqual(mismatches, 0, `${dtype} at offset ${offset}`);
      }
    }
  }, { perVariant: false });
});
