// The real model files of specs/weights.md §13.8, read as their producers wrote them: the float32
// TF.js layers-model of @upscalerjs/default-model, the uint8-quantised TF.js manifests of
// @vladmandic/face-api, Silero VAD ONNX models of @ricky0123/vad-web (weights inside If branches),
// and the nsfwjs TF.js models. Counts come from the spec; ONNX values from onnx's own reader
// (real-model-stats.py).
import { assert, assertAtLeast, assertClose, assertEqual, defineSuite } from '@spectra/testkit';
import { extractLayers, loadModel, type LoadedModel } from '../../src/index.js';
import { fixtureJson, fixtures as source, resolverFor } from './fixture-source.js';
import { numel } from './helpers.js';

interface OnnxStats { models: Record<string, { elements: number; floatTensors: Record<string, { shape: number[]; sum: number; sumSquares: number }> }> }

function parameters(m: LoadedModel): number {
  return m.tensors.reduce((a, t) => a + numel(t.shape), 0);
}

/** Σ over slices of ‖slice‖²_F must equal ‖W‖²_F of the tensor (slices tile the kernel). */
function assertSlicesTile(m: LoadedModel, label: string): void {
  const e = extractLayers(m, { minEvals: 0, maxEvals: Infinity });
  const byTensor = new Map<string, number>();
  for (const l of e.layers) {
    let s = 0;
    for (const sl of l.slices()) {
      assertEqual(sl.data.length, l.rows * l.cols, `${label} ${l.name}: slice size`);
      for (const x of sl.data) s += x * x;
    }
    byTensor.set(l.tensorName, (byTensor.get(l.tensorName) ?? 0) + s);
  }
  for (const [name, s] of byTensor) {
    let t = 0;
    for (const x of m.tensors.find((x) => x.name === name)!.read()) t += x * x;
    assertClose(s, t, { rel: 1e-12 }, `${label} ${name}: slices tile the tensor`);
  }
}

export default defineSuite('weights: real models', (test) => {
  test('@upscalerjs/default-model: TF.js layers-model, 24 tensors, 222,075 parameters, 12 conv kernels', async () => {
    const m = await loadModel(await source.bytes('upscaler/model.json'), { name: 'model.json', resolver: resolverFor(source, 'upscaler/') });
    assertEqual(m.format, 'tfjs');
    assertEqual(m.metadata.format, 'layers-model');
    assertEqual(m.tensors.length, 24);
    assertEqual(parameters(m), 222_075);
    const e = extractLayers(m);
    assertEqual(e.layers.length, 12);
    assert(e.layers.every((l) => l.kind === 'conv2d' && l.layout === 'tensorflow' && l.origin.role === 'Conv2D'), 'conv2d, HWIO, class Conv2D from the topology');
    const shapes = e.layers.map((l) => l.tensorShape.join('x'));
    assertEqual(shapes.filter((s) => s === '3x3x64x64').length, 2);
    assert(shapes.includes('5x5x64x64') && shapes.includes('3x3x32x12'), 'the 5×5×64×64 and 3×3×32×12 kernels');
    assertEqual(e.skipped.filter((s) => s.reason === 'not-a-matrix').length, 12, 'the 12 biases');
    assertSlicesTile(m, 'upscaler');
  }, { perVariant: false });

  test('@vladmandic/face-api: every manifest; face_recognition 5.61 M parameters, 29 conv, dense fc 256×128, uint8', async () => {
    const manifests = ['age_gender_model', 'face_expression_model', 'face_landmark_68_model', 'face_landmark_68_tiny_model', 'face_recognition_model', 'ssd_mobilenetv1_model', 'tiny_face_detector_model'];
    for (const name of manifests) {
      const m = await loadModel(await source.bytes(`face-api/${name}-weights_manifest.json`), { name: `${name}-weights_manifest.json`, resolver: resolverFor(source, 'face-api/') });
      assertEqual(m.format, 'tfjs', name);
      assertAtLeast(m.tensors.length, 10, `${name} tensors`);
      for (const t of m.tensors) {
        const v = t.read();
        assertEqual(v.length, numel(t.shape), `${name} ${t.name}`);
        for (const x of v) if (!Number.isFinite(x)) throw new Error(`${name} ${t.name}: non-finite value`);
      }
      if (name === 'face_recognition_model') {
        assertClose(parameters(m), 5.61e6, { rel: 0.001 }, 'face_recognition parameters');
        const e = extractLayers(m);
        assertEqual(e.layers.filter((l) => l.kind === 'conv2d').length, 29);
        const fc = e.layers.find((l) => l.name === 'fc')!;
        assertEqual(`${fc.kind} ${fc.rows}x${fc.cols} ${fc.quantized}`, 'dense 256x128 true');
        const quantised = m.tensors.filter((t) => t.quantization?.dtype === 'uint8').length;
        assert(quantised > m.tensors.length / 2, `mostly uint8 (${quantised} of ${m.tensors.length})`);
        assert(e.layers.some((l) => !l.quantized), 'early stages are float32');
        assert(m.warnings.some((w) => w.includes('uint8') && w.includes('ESD')), 'uint8 warning');
        // uint8 affine values: about 256 distinct values per tensor.
        const distinct = new Set(m.tensors.find((t) => t.name === 'fc')!.read()).size;
        assert(distinct <= 256, `fc has ${distinct} distinct values`);
      }
      if (name === 'ssd_mobilenetv1_model') assert(extractLayers(m).skipped.some((s) => s.reason === 'depthwise'), 'depthwise kernels skipped');
    }
  }, { perVariant: false });

  test('Silero VAD v5/v6 (ONNX): weights only in Constant nodes inside If branches, values as onnx reads them', async () => {
    const stats = await fixtureJson<OnnxStats>(source, 'fixtures/real-model-stats.json');
    for (const file of ['silero_vad_v5.onnx', 'silero_vad_v6.onnx', 'silero_vad_legacy.onnx']) {
      const ref = stats.models[file]!;
      const m = await loadModel(await source.bytes(`vad-web/${file}`), { name: file });
      assertEqual(m.format, 'onnx');
      assertEqual(parameters(m), ref.elements, `${file}: elements (onnx.numpy_helper count)`);
      const floats = m.tensors.filter((t) => t.shape.length >= 2 && (t.dtype === 'float32' || t.dtype === 'float16' || t.dtype === 'float64'));
      assertEqual(floats.map((t) => t.name).sort().join('\n'), Object.keys(ref.floatTensors).sort().join('\n'), `${file}: float tensors`);
      for (const t of floats) {
        const r = ref.floatTensors[t.name]!;
        assertEqual(t.shape.join(), r.shape.join(), `${file} ${t.name}: shape`);
        let s = 0, sq = 0, sa = 0;
        for (const x of t.read()) { s += x; sq += x * x; sa += Math.abs(x); }
        assertClose(s, r.sum, { abs: 1e-12 * sa + 1e-300 }, `${file} ${t.name}: Σx`);
        assertClose(sq, r.sumSquares, { rel: 1e-12 }, `${file} ${t.name}: Σx²`);
      }
      if (file === 'silero_vad_legacy.onnx') {
        assertEqual(floats.filter((t) => t.shape.filter((d) => d > 1).length >= 2).length, 48, 'legacy: 48 float matrices');
        continue;
      }
      assert(floats.every((t) => t.origin.subgraph?.startsWith('If_0.')), 'every weight sits inside an If branch');
      const e = extractLayers(m);
      const then = e.layers.filter((l) => l.origin.subgraph === 'If_0.then');
      const conv = then.filter((l) => l.kind === 'conv1d').map((l) => l.tensorShape.join('x')).sort();
      assertEqual(conv.join(), ['128x129x3', '128x64x3', '258x1x256', '64x128x3', '64x64x3'].join());
      const gates = then.filter((l) => l.kind === 'recurrent');
      assertEqual(gates.length, 8, 'LSTM weight_ih and weight_hh, 4 gates each');
      assert(gates.every((l) => l.rows === 128 && l.cols === 128 && l.tensorShape.join() === '512,128'), 'LSTM 512×128 → four 128×128 gates');
      assertEqual(gates.map((l) => l.gate).join(''), 'ifgoifgo', 'PyTorch LSTMCell gate order');
    }
  }, { perVariant: false });

  test('nsfwjs TF.js models: mobilenet_v2 2.62 M uint8 with dense 1280×256; inception_v3 22.36 M, 94 conv', async () => {
    const mobile = await loadModel(await source.bytes('nsfwjs/mobilenet_v2/model.json'), { name: 'model.json', resolver: resolverFor(source, 'nsfwjs/mobilenet_v2/') });
    assertClose(parameters(mobile), 2.62e6, { rel: 0.002 });
    assert(mobile.tensors.every((t) => t.quantization?.dtype === 'uint8'), 'mobilenet_v2 is uint8 throughout');
    const dense = extractLayers(mobile).layers.find((l) => l.kind === 'dense' && l.rows === 1280)!;
    assertEqual(`${dense.rows}x${dense.cols}`, '1280x256');
    const inception = await loadModel(await source.bytes('nsfwjs/inception_v3/model.json'), { name: 'model.json', resolver: resolverFor(source, 'nsfwjs/inception_v3/') });
    assertClose(parameters(inception), 22.36e6, { rel: 0.001 });
    assertEqual(extractLayers(inception).layers.filter((l) => l.kind === 'conv2d').length, 94);
  }, { perVariant: false, runtimes: ['node', 'deno'] });
});
