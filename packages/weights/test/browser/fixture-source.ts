// @ts-nocheck -- binary and JSON fixture imports are resolved by the browser runner (esbuild loaders), not by tsc.
// Bytes of every reader fixture for Chromium, bundled by tools/testkit/bin/browser-test.mjs. Listed by
// hand from the same list as test/deno/fixture-source.ts; nsfwjs shards have no file extension the bundler loads, so
// the nsfwjs case runs in Node and Deno only.
import { missingFixtureMessage, type FixtureSource } from '../suite/fixture-source.js';

import f0 from '../fixtures/big_endian_f8.npy';
import f1 from '../fixtures/fixtures.json';
import f2 from '../fixtures/float16.npy';
import f3 from '../fixtures/fortran_order.npy';
import f4 from '../fixtures/int_matrix.npy';
import f5 from '../fixtures/keras_dense.h5';
import f6 from '../fixtures/object_dtype.npy';
import f7 from '../fixtures/onnx_external.bin';
import f8 from '../fixtures/onnx_external.onnx';
import f9 from '../fixtures/onnx_external_escape.onnx';
import f10 from '../fixtures/onnx_external_past_end.onnx';
import f11 from '../fixtures/onnx_subgraphs.onnx';
import f12 from '../fixtures/pytorch_model-00001-of-00002.bin';
import f13 from '../fixtures/pytorch_model-00002-of-00002.bin';
import f14 from '../fixtures/pytorch_model.bin.index.json';
import f15 from '../fixtures/real-model-stats.json';
import f16 from '../fixtures/shared.npz';
import f17 from '../fixtures/shared_compressed.npz';
import f18 from '../fixtures/shared_fc.npy';
import f19 from '../fixtures/shared_zip64.npz';
import f20 from '../fixtures/structured_dtype.npy';
import f21 from '../fixtures/torch_bad_stride.pt';
import f22 from '../fixtures/torch_big_endian.pt';
import f23 from '../fixtures/torch_checkpoint.pt';
import f24 from '../fixtures/torch_legacy.pt';
import f25 from '../fixtures/torch_lstm.onnx';
import f26 from '../fixtures/torch_malicious.pt';
import f27 from '../fixtures/torch_module.pt';
import f28 from '../fixtures/torch_state_dict.pt';
import f29 from '../fixtures/version2.npy';
import f30 from '../fixtures/version3.npy';
import f31 from '../../../../reference/weights/conv_64x32x3x3.npy';
import f32 from '../../../../reference/weights/gauss_1000x500.npy';
import f33 from '../../../../reference/weights/student2_1000x500.npy';
import f34 from '../../../../reference/weights/ww_default_analyze.json';
import f35 from '../../../../node_modules/@upscalerjs/default-model/models/model.json';
import f36 from '../../../../node_modules/@upscalerjs/default-model/models/group1-shard1of1.bin';
import f37 from '../../../../node_modules/@vladmandic/face-api/model/age_gender_model-weights_manifest.json';
import f38 from '../../../../node_modules/@vladmandic/face-api/model/age_gender_model.bin';
import f39 from '../../../../node_modules/@vladmandic/face-api/model/face_expression_model-weights_manifest.json';
import f40 from '../../../../node_modules/@vladmandic/face-api/model/face_expression_model.bin';
import f41 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_model-weights_manifest.json';
import f42 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_model.bin';
import f43 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_tiny_model-weights_manifest.json';
import f44 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_tiny_model.bin';
import f45 from '../../../../node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json';
import f46 from '../../../../node_modules/@vladmandic/face-api/model/face_recognition_model.bin';
import f47 from '../../../../node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model-weights_manifest.json';
import f48 from '../../../../node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model.bin';
import f49 from '../../../../node_modules/@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json';
import f50 from '../../../../node_modules/@vladmandic/face-api/model/tiny_face_detector_model.bin';
import f51 from '../../.cache/weights/vad-web/silero_vad_v5.onnx';
import f52 from '../../.cache/weights/vad-web/silero_vad_v6.onnx';
import f53 from '../../.cache/weights/vad-web/silero_vad_legacy.onnx';

const files: Record<string, unknown> = {
  'fixtures/big_endian_f8.npy': f0,
  'fixtures/fixtures.json': f1,
  'fixtures/float16.npy': f2,
  'fixtures/fortran_order.npy': f3,
  'fixtures/int_matrix.npy': f4,
  'fixtures/keras_dense.h5': f5,
  'fixtures/object_dtype.npy': f6,
  'fixtures/onnx_external.bin': f7,
  'fixtures/onnx_external.onnx': f8,
  'fixtures/onnx_external_escape.onnx': f9,
  'fixtures/onnx_external_past_end.onnx': f10,
  'fixtures/onnx_subgraphs.onnx': f11,
  'fixtures/pytorch_model-00001-of-00002.bin': f12,
  'fixtures/pytorch_model-00002-of-00002.bin': f13,
  'fixtures/pytorch_model.bin.index.json': f14,
  'fixtures/real-model-stats.json': f15,
  'fixtures/shared.npz': f16,
  'fixtures/shared_compressed.npz': f17,
  'fixtures/shared_fc.npy': f18,
  'fixtures/shared_zip64.npz': f19,
  'fixtures/structured_dtype.npy': f20,
  'fixtures/torch_bad_stride.pt': f21,
  'fixtures/torch_big_endian.pt': f22,
  'fixtures/torch_checkpoint.pt': f23,
  'fixtures/torch_legacy.pt': f24,
  'fixtures/torch_lstm.onnx': f25,
  'fixtures/torch_malicious.pt': f26,
  'fixtures/torch_module.pt': f27,
  'fixtures/torch_state_dict.pt': f28,
  'fixtures/version2.npy': f29,
  'fixtures/version3.npy': f30,
  'reference/conv_64x32x3x3.npy': f31,
  'reference/gauss_1000x500.npy': f32,
  'reference/student2_1000x500.npy': f33,
  'reference/ww_default_analyze.json': f34,
  'upscaler/model.json': f35,
  'upscaler/group1-shard1of1.bin': f36,
  'face-api/age_gender_model-weights_manifest.json': f37,
  'face-api/age_gender_model.bin': f38,
  'face-api/face_expression_model-weights_manifest.json': f39,
  'face-api/face_expression_model.bin': f40,
  'face-api/face_landmark_68_model-weights_manifest.json': f41,
  'face-api/face_landmark_68_model.bin': f42,
  'face-api/face_landmark_68_tiny_model-weights_manifest.json': f43,
  'face-api/face_landmark_68_tiny_model.bin': f44,
  'face-api/face_recognition_model-weights_manifest.json': f45,
  'face-api/face_recognition_model.bin': f46,
  'face-api/ssd_mobilenetv1_model-weights_manifest.json': f47,
  'face-api/ssd_mobilenetv1_model.bin': f48,
  'face-api/tiny_face_detector_model-weights_manifest.json': f49,
  'face-api/tiny_face_detector_model.bin': f50,
  'vad-web/silero_vad_v5.onnx': f51,
  'vad-web/silero_vad_v6.onnx': f52,
  'vad-web/silero_vad_legacy.onnx': f53,
};

export const browserFixtureSource: FixtureSource = {
  runtime: 'browser',
  async bytes(name) {
    const v = files[name];
    if (v === undefined) throw new Error(missingFixtureMessage(name));
    if (v instanceof Uint8Array) return v;
    // JSON arrives parsed (esbuild's JSON loader): the readers want its bytes.
    return new TextEncoder().encode(JSON.stringify(v));
  },
};
