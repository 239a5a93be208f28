import { getBackend, matmul, createMatrix, ready, setBackend, SpectraError, isSpectraError, throwIfAborted, wasmVariant, relaxedSimdSupported } from '@spectra/core';
import { assert, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';

export default defineSuite('backend', (test) => {
  test('the variant under test is the active backend', async ({ backend, variant }) => {
    assertEqual(getBackend().active, backend);
    if (backend === 'wasm') {
      assertEqual(await ready(), 'wasm');
      assertEqual(wasmVariant(), variant === 'wasm-relaxed-simd' ? 'relaxed-simd' : 'simd');
      if (variant === 'wasm-relaxed-simd') assert(relaxedSimdSupported(), 'relaxed build live only where it validates');
    }
  });

  test('per-call override beats the setting; bad settings are typed errors', async () => {
    const before = getBackend().setting;
    try {
      await ready();
      setBackend('js');
      assertEqual(getBackend().active, 'js');
      const a = createMatrix(1, 1, [2]);
      assertEqual(matmul(a, a, { backend: 'wasm' }).data[0], 4);
      assertThrowsCode(() => setBackend('gpu' as never), 'E_ARGUMENT');
      assertThrowsCode(() => matmul(a, a, { backend: 'gpu' as never }), 'E_ARGUMENT');
    } finally {
      setBackend(before);
    }
  }, { perVariant: false });

  test('SpectraError carries a code; isSpectraError; abort signals', () => {
    const e = new SpectraError('E_SHAPE', 'bad shape', { rows: 2 });
    assert(e instanceof Error && isSpectraError(e));
    assertEqual(e.details?.rows, 2);
    assert(!isSpectraError(new Error('x')));
    const c = new AbortController();
    throwIfAborted(c.signal);
    c.abort(new Error('user pressed cancel'));
    const err = assertThrowsCode(() => throwIfAborted(c.signal), 'E_ABORTED');
    assert(/user pressed cancel/.test(err.message ?? ''));
  }, { perVariant: false });
});
