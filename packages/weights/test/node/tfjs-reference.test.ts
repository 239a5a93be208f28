// Independent truth for the TF.js reader: TensorFlow.js's own decoder (`tf.io.decodeWeights` of
// @tensorflow/tfjs, the peer dependency npm installs with @upscalerjs/default-model) decodes the same
// manifests and shards; every tensor of the real models must come out identical, quantised or not.
// Node only: tfjs is large and needs a backend, and the shared suites stay dependency-free.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../../src/index.js';
import { fixturePath } from './fixture-source.js';

async function compareWithTfjs(manifestName: string, prefix: string, groupsOf: (json: unknown) => { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]) {
  const jsonBytes = new Uint8Array(await readFile(fixturePath(prefix + manifestName)));
  const groups = groupsOf(JSON.parse(new TextDecoder().decode(jsonBytes)));
  const ours = await loadModel(jsonBytes, { name: manifestName, resolver: async (p) => new Uint8Array(await readFile(fixturePath(prefix + p))) });
  let compared = 0;
  for (const group of groups) {
    const parts = await Promise.all(group.paths.map(async (p) => new Uint8Array(await readFile(fixturePath(prefix + p)))));
    const all = new Uint8Array(parts.reduce((a, b) => a + b.length, 0));
    let o = 0;
    for (const p of parts) { all.set(p, o); o += p.length; }
    const theirs = tf.io.decodeWeights(all.buffer, group.weights);
    for (const entry of group.weights) {
      const t = ours.tensors.find((x) => x.name === entry.name);
      if (!t) {
        expect(ours.skipped.map((s) => s.name), `${entry.name} is listed as skipped`).toContain(entry.name);
        continue;
      }
      const expected = theirs[entry.name]!.dataSync();
      const got = t.read();
      expect(got.length, entry.name).toBe(expected.length);
      for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) throw new Error(`${manifestName} ${entry.name}[${i}]: ours ${got[i]}, tfjs ${expected[i]}`);
      compared++;
    }
    tf.dispose(Object.values(theirs));
  }
  return compared;
}

describe('TF.js reader against tf.io.decodeWeights', () => {
  it('@upscalerjs/default-model (float32 layers-model): all 24 tensors identical', async () => {
    expect(await compareWithTfjs('model.json', 'upscaler/', (j) => (j as { weightsManifest: never }).weightsManifest)).toBe(24);
  });

  it('@vladmandic/face-api manifests (uint8 affine and float32): every tensor identical', async () => {
    for (const m of ['face_recognition_model', 'ssd_mobilenetv1_model', 'tiny_face_detector_model', 'age_gender_model', 'face_expression_model', 'face_landmark_68_model', 'face_landmark_68_tiny_model']) {
      const n = await compareWithTfjs(`${m}-weights_manifest.json`, 'face-api/', (j) => j as never);
      expect(n, m).toBeGreaterThan(10);
    }
  });

  it('nsfwjs mobilenet_v2 (uint8 layers-model, fetched): every tensor identical', async () => {
    expect(await compareWithTfjs('model.json', 'nsfwjs/mobilenet_v2/', (j) => (j as { weightsManifest: never }).weightsManifest)).toBe(266);
  });
});
