import { createMatrix, diagonalMatrix, frobeniusNorm, identityMatrix, matrixFromRows, matrixToRows, transpose } from '@spectra/core';
import { assert, assertClose, assertDeepEqual, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';

export default defineSuite('matrix', (test) => {
  test('construction, rows round trip, identity, diagonal', () => {
    const a = createMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
    assertDeepEqual(matrixToRows(a), [[1, 2, 3], [4, 5, 6]]);
    assertDeepEqual(matrixFromRows([[1, 2, 3], [4, 5, 6]]), a);
    assertDeepEqual(identityMatrix(2).data, [1, 0, 0, 1]);
    assertDeepEqual(diagonalMatrix([3, 4]).data, [3, 0, 0, 4]);
    const f32 = createMatrix(1, 2, new Float32Array([1, 2]));
    assert(f32.data instanceof Float32Array, 'keeps Float32Array');
    assertEqual(createMatrix(0, 4).data.length, 0);
  }, { perVariant: false });

  test('transpose of a non-square matrix, blocked path included', () => {
    assertDeepEqual(transpose(createMatrix(2, 3, [1, 2, 3, 4, 5, 6])).data, [1, 4, 2, 5, 3, 6]);
    const m = 70;
    const n = 45;
    const a = createMatrix(m, n, Array.from({ length: m * n }, (_, k) => k));
    const t = transpose(a);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) assertEqual(t.data[j * m + i], a.data[i * n + j]);
  }, { perVariant: false });

  test('frobeniusNorm is scaled: no overflow or underflow', () => {
    assertEqual(frobeniusNorm(createMatrix(1, 2, [3, 4])), 5);
    assertClose(frobeniusNorm([3e200, 4e200]), 5e200, { rel: 1e-15 });
    assertClose(frobeniusNorm([3e-200, 4e-200]), 5e-200, { rel: 1e-15 });
    assert(Number.isNaN(frobeniusNorm([1, NaN])), 'NaN propagates');
  }, { perVariant: false });

  test('shape errors are typed and name the problem', () => {
    const e = assertThrowsCode(() => createMatrix(2, 2, [1, 2, 3]), 'E_SHAPE');
    assert(/3 entries/.test(e.message ?? ''), e.message);
    assertThrowsCode(() => createMatrix(-1, 2), 'E_ARGUMENT');
    assertThrowsCode(() => createMatrix(1.5, 2), 'E_ARGUMENT');
    assertThrowsCode(() => matrixFromRows([[1, 2], [3]]), 'E_SHAPE');
  }, { perVariant: false });
});
