// Benchmarks of the @spectra/weights readers (issue #4): `spectra describe`'s work (read the file's
// structure + extract layers, from bytes in memory) on each real model, full decoding against
// TF.js's own decodeWeights, and the two inflaters. Async work is timed here with the same rules
// as harness.compare: warm-up, interleaved rounds with rotating order, medians.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { extractLayers, inflateRawSync, loadModel, writeSafetensors, type LoadedModel } from '@spectra/weights';
import { bar, consume, note, quick, report, type CandidateResult } from '../harness.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);

interface AsyncCandidate {
  name: string;
  fn: () => Promise<unknown> | unknown;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
}

/** harness.compare for async candidates: same warm-up, calibration, rotation and medians. */
async function compareAsync(name: string, candidates: AsyncCandidate[], extra: Record<string, unknown> = {}): Promise<CandidateResult[]> {
  const rounds = quick ? 3 : 7;
  const minRoundMs = quick ? 60 : 150;
  const iterations: number[] = [];
  const timeOnce = async (c: AsyncCandidate, n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) consume(await c.fn());
    return (performance.now() - t0) / n;
  };
  for (const c of candidates) {
    for (let i = 0; i < 2; i++) consume(await c.fn());
    const t = await timeOnce(c, 1);
    iterations.push(Math.max(1, Math.min(1000, Math.ceil(minRoundMs / Math.max(t, 1e-3)))));
  }
  const samples = candidates.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < candidates.length; k++) {
      const i = (k + r) % candidates.length;
      samples[i]!.push(await timeOnce(candidates[i]!, iterations[i]!));
    }
  }
  const results = candidates.map((c, i) => ({
    name: c.name,
    medianMs: median(samples[i]!),
    samplesMs: samples[i]!,
    ratioToFirst: median(samples[i]!.map((x, r) => x / samples[0]![r]!)),
  }));
  report.comparisons.push({ name, candidates: results, extra });
  const ex = Object.entries(extra).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  console.log(`\n${name}${ex ? `  (${ex})` : ''}`);
  for (const r of results) console.log(`  ${r.name.padEnd(34)} ${r.medianMs.toFixed(2).padStart(9)} ms   ×${r.ratioToFirst.toFixed(2)} vs ${results[0]!.name}`);
  return results;
}

function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name) dir = dirname(dir);
  return dir;
}

function files(dir: string): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (const f of readdirSync(dir)) m.set(f, new Uint8Array(readFileSync(join(dir, f))));
  return m;
}

async function describeWork(bytes: Uint8Array, name: string, companions?: Map<string, Uint8Array>): Promise<LoadedModel> {
  const model = await loadModel(bytes, { name, resolver: async (p) => companions!.get(p)! });
  consume(extractLayers(model));
  return model;
}

export async function runReaders(): Promise<void> {
  const upscaler = files(join(packageDir('@upscalerjs/default-model'), 'models'));
  const face = files(join(packageDir('@vladmandic/face-api'), 'model'));
  const cache = join(repo, 'packages', 'weights', '.cache', 'weights');
  const real: { id: string; file: string; bytes: Uint8Array; companions?: Map<string, Uint8Array> }[] = [
    { id: 'upscaler', file: 'model.json', bytes: upscaler.get('model.json')!, companions: upscaler },
    { id: 'face-recognition', file: 'face_recognition_model-weights_manifest.json', bytes: face.get('face_recognition_model-weights_manifest.json')!, companions: face },
    { id: 'ssd-mobilenet', file: 'ssd_mobilenetv1_model-weights_manifest.json', bytes: face.get('ssd_mobilenetv1_model-weights_manifest.json')!, companions: face },
  ];
  if (existsSync(join(cache, 'vad-web'))) {
    for (const v of ['silero_vad_v5.onnx', 'silero_vad_legacy.onnx']) real.push({ id: v.replace('.onnx', ''), file: v, bytes: new Uint8Array(readFileSync(join(cache, 'vad-web', v))) });
    for (const m of ['mobilenet_v2', 'inception_v3']) {
      const c = files(join(cache, 'nsfwjs', m));
      real.push({ id: `nsfwjs-${m}`, file: 'model.json', bytes: c.get('model.json')!, companions: c });
    }
  } else note('vad-web / nsfwjs models absent: run node packages/weights/scripts/fetch-models.mjs for the full set');

  // 1. `spectra describe` work per real model (bytes already in memory; disk reads excluded).
  for (const r of real) {
    const [res] = await compareAsync(`weights/describe ${r.id}`, [{ name: 'loadModel + extractLayers', fn: () => describeWork(r.bytes, r.file, r.companions) }], { bytes: r.bytes.length + [...(r.companions?.values() ?? [])].reduce((a, b) => a + b.length, 0) });
    bar(`weights.describe.${r.id}`, `describe ${r.id}: structure + layers, median ms`, res!.medianMs, 100, 'atMost');
  }

  // 2. Decoding every tensor of the uint8-quantised face-recognition model: ours vs TF.js's own
  //    (tfjs-core needs a backend to hold its tensors: the wasm one, as the core bench loads it).
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as { setWasmPaths(prefix: string): void };
  wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  const manifest = JSON.parse(new TextDecoder().decode(face.get('face_recognition_model-weights_manifest.json')!)) as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const shard = face.get(manifest[0]!.paths[0]!)!;
  const model = await describeWork(face.get('face_recognition_model-weights_manifest.json')!, 'face_recognition_model-weights_manifest.json', face);
  await compareAsync('weights/decode face-recognition (5.6 M uint8 + float32 values)', [
    { name: 'spectra read() → Float64Array', fn: () => model.tensors.map((t) => t.read().length) },
    { name: 'tfjs-core io.decodeWeights → Float32Array', fn: () => {
      const map = tf.io.decodeWeights(shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength) as ArrayBuffer, manifest[0]!.weights);
      const n = Object.values(map).reduce((a, t) => a + t.size, 0);
      tf.dispose(Object.values(map));
      return n;
    } },
  ]);

  // 3. Inflating a deflated zip entry: the runtime's DecompressionStream vs our own inflater.
  const big = new Float32Array(1 << 20).map((_, i) => Math.round(Math.sin(i / 50) * 100) / 100);
  const raw = new Uint8Array(big.buffer);
  const cs = new CompressionStream('deflate-raw');
  const compressed = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(cs)).arrayBuffer());
  const stream = async () => {
    const out = await new Response(new Blob([compressed]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer();
    return out.byteLength;
  };
  const inflate = await compareAsync('weights/inflate 4 MiB of float32 (deflate-raw)', [
    { name: 'DecompressionStream', fn: stream },
    { name: 'spectra inflateRawSync', fn: () => inflateRawSync(compressed, raw.length, 'bench.npz', 'w.npy').length },
  ], { compressedBytes: compressed.length });
  note(`own inflater: ${(raw.length / 1e6 / (inflate[1]!.medianMs / 1e3)).toFixed(0)} MB/s; DecompressionStream ${(raw.length / 1e6 / (inflate[0]!.medianMs / 1e3)).toFixed(0)} MB/s`);

  // 4. safetensors throughput: 64 MiB of float32 decoded to float64.
  const n = quick ? 1 << 22 : 1 << 24;
  const st = writeSafetensors({ w: { dtype: 'float32', shape: [n / 4096, 4096], data: new Float32Array(n).fill(0.5) } });
  const [dec] = await compareAsync(`weights/safetensors read ${(n * 4) >> 20} MiB float32 → float64`, [{ name: 'loadModel + read()', fn: async () => (await loadModel(st, { name: 'big.safetensors' })).tensors[0]!.read().length }]);
  note(`safetensors decode: ${((n * 4) / 1e6 / (dec!.medianMs / 1e3)).toFixed(0)} MB/s of file bytes`);
}
