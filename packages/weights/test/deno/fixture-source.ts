// @ts-nocheck -- `with { type: 'bytes' }` imports (deno --unstable-raw-imports) are not typed by tsc.
// Bytes of every reader fixture for Deno, imported as modules so the tests need no read permission
// (Deno 2.9 refuses JSON files as bytes: they arrive parsed and are re-encoded).
import { missingFixtureMessage, type FixtureSource } from '../suite/fixture-source.ts';

import f0 from '../fixtures/big_endian_f8.npy' with { type: 'bytes' };
import f1 from '../fixtures/fixtures.json' with { type: 'json' };
import f2 from '../fixtures/float16.npy' with { type: 'bytes' };
import f3 from '../fixtures/fortran_order.npy' with { type: 'bytes' };
import f4 from '../fixtures/int_matrix.npy' with { type: 'bytes' };
import f5 from '../fixtures/keras_dense.h5' with { type: 'bytes' };
import f6 from '../fixtures/object_dtype.npy' with { type: 'bytes' };
import f7 from '../fixtures/onnx_external.bin' with { type: 'bytes' };
import f8 from '../fixtures/onnx_external.onnx' with { type: 'bytes' };
import f9 from '../fixtures/onnx_external_escape.onnx' with { type: 'bytes' };
import f10 from '../fixtures/onnx_external_past_end.onnx' with { type: 'bytes' };
import f11 from '../fixtures/onnx_subgraphs.onnx' with { type: 'bytes' };
import f12 from '../fixtures/pytorch_model-00001-of-00002.bin' with { type: 'bytes' };
import f13 from '../fixtures/pytorch_model-00002-of-00002.bin' with { type: 'bytes' };
import f14 from '../fixtures/pytorch_model.bin.index.json' with { type: 'json' };
import f15 from '../fixtures/real-model-stats.json' with { type: 'json' };
import f16 from '../fixtures/shared.npz' with { type: 'bytes' };
import f17 from '../fixtures/shared_compressed.npz' with { type: 'bytes' };
import f18 from '../fixtures/shared_fc.npy' with { type: 'bytes' };
import f19 from '../fixtures/shared_zip64.npz' with { type: 'bytes' };
import f20 from '../fixtures/structured_dtype.npy' with { type: 'bytes' };
import f21 from '../fixtures/torch_bad_stride.pt' with { type: 'bytes' };
import f22 from '../fixtures/torch_big_endian.pt' with { type: 'bytes' };
import f23 from '../fixtures/torch_checkpoint.pt' with { type: 'bytes' };
import f24 from '../fixtures/torch_legacy.pt' with { type: 'bytes' };
import f25 from '../fixtures/torch_lstm.onnx' with { type: 'bytes' };
import f26 from '../fixtures/torch_malicious.pt' with { type: 'bytes' };
import f27 from '../fixtures/torch_module.pt' with { type: 'bytes' };
import f28 from '../fixtures/torch_state_dict.pt' with { type: 'bytes' };
import f29 from '../fixtures/version2.npy' with { type: 'bytes' };
import f30 from '../fixtures/version3.npy' with { type: 'bytes' };
import f31 from '../../../../reference/weights/conv_64x32x3x3.npy' with { type: 'bytes' };
import f32 from '../../../../reference/weights/gauss_1000x500.npy' with { type: 'bytes' };
import f33 from '../../../../reference/weights/student2_1000x500.npy' with { type: 'bytes' };
import f34 from '../../../../reference/weights/ww_default_analyze.json' with { type: 'json' };
import f35 from '../../../../node_modules/@upscalerjs/default-model/models/model.json' with { type: 'json' };
import f36 from '../../../../node_modules/@upscalerjs/default-model/models/group1-shard1of1.bin' with { type: 'bytes' };
import f37 from '../../../../node_modules/@vladmandic/face-api/model/age_gender_model-weights_manifest.json' with { type: 'json' };
import f38 from '../../../../node_modules/@vladmandic/face-api/model/age_gender_model.bin' with { type: 'bytes' };
import f39 from '../../../../node_modules/@vladmandic/face-api/model/face_expression_model-weights_manifest.json' with { type: 'json' };
import f40 from '../../../../node_modules/@vladmandic/face-api/model/face_expression_model.bin' with { type: 'bytes' };
import f41 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_model-weights_manifest.json' with { type: 'json' };
import f42 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_model.bin' with { type: 'bytes' };
import f43 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_tiny_model-weights_manifest.json' with { type: 'json' };
import f44 from '../../../../node_modules/@vladmandic/face-api/model/face_landmark_68_tiny_model.bin' with { type: 'bytes' };
import f45 from '../../../../node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json' with { type: 'json' };
import f46 from '../../../../node_modules/@vladmandic/face-api/model/face_recognition_model.bin' with { type: 'bytes' };
import f47 from '../../../../node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model-weights_manifest.json' with { type: 'json' };
import f48 from '../../../../node_modules/@vladmandic/face-api/model/ssd_mobilenetv1_model.bin' with { type: 'bytes' };
import f49 from '../../../../node_modules/@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json' with { type: 'json' };
import f50 from '../../../../node_modules/@vladmandic/face-api/model/tiny_face_detector_model.bin' with { type: 'bytes' };
import f51 from '../../.cache/weights/vad-web/silero_vad_v5.onnx' with { type: 'bytes' };
import f52 from '../../.cache/weights/vad-web/silero_vad_v6.onnx' with { type: 'bytes' };
import f53 from '../../.cache/weights/vad-web/silero_vad_legacy.onnx' with { type: 'bytes' };
import f54 from '../../.cache/weights/nsfwjs/mobilenet_v2/group1-shard1of1' with { type: 'bytes' };
import f55 from '../../.cache/weights/nsfwjs/mobilenet_v2/model.json' with { type: 'json' };
import f56 from '../../.cache/weights/nsfwjs/inception_v3/group1-shard1of6' with { type: 'bytes' };
import f57 from '../../.cache/weights/nsfwjs/inception_v3/group1-shard2of6' with { type: 'bytes' };
import f58 from '../../.cache/weights/nsfwjs/inception_v3/group1-shard3of6' with { type: 'bytes' };
import f59 from '../../.cache/weights/nsfwjs/inception_v3/group1-shard4of6' with { type: 'bytes' };
import f60 from '../../.cache/weights/nsfwjs/inception_v3/group1-shard5of6' with { type: 'bytes' };
import f61 from '../../.cache/weights/nsfwjs/inception_v3/group1-shard6of6' with { type: 'bytes' };
import f62 from '../../.cache/weights/nsfwjs/inception_v3/model.json' with { type: 'json' };

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
  'nsfwjs/mobilenet_v2/group1-shard1of1': f54,
  'nsfwjs/mobilenet_v2/model.json': f55,
  'nsfwjs/inception_v3/group1-shard1of6': f56,
  'nsfwjs/inception_v3/group1-shard2of6': f57,
  'nsfwjs/inception_v3/group1-shard3of6': f58,
  'nsfwjs/inception_v3/group1-shard4of6': f59,
  'nsfwjs/inception_v3/group1-shard5of6': f60,
  'nsfwjs/inception_v3/group1-shard6of6': f61,
  'nsfwjs/inception_v3/model.json': f62,
};

export const denoFixtureSource: FixtureSource = {
  runtime: 'deno',
  async bytes(name) {
    const v = files[name];
    if (v === undefined) throw new Error(missingFixtureMessage(name));
    if (v instanceof Uint8Array) return v;
    // JSON arrives parsed (esbuild's JSON loader): the readers want its bytes.
    return new TextEncoder().encode(JSON.stringify(v));
  },
};
