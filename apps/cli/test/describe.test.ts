// `spectra describe` on each real model of specs/weights.md §13.8 and on bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractLayers } from '@spectra/weights';
import { loadModelFromPath } from '@spectra/weights/node';
import { main } from '../src/main.js';
import { defaultModelPath } from '../src/analysis-support.js';
import { recordingIo } from './io.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const weights = join(repo, 'packages', 'weights');
const faceApi = join(repo, 'node_modules', '@vladmandic', 'face-api', 'model');
const cache = join(weights, '.cache', 'weights');

async function run(...argv: string[]) {
  const io = recordingIo(repo);
  const code = await main(['describe', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(() => {
  // The fetched models (vad-web, nsfwjs): idempotent, a no-op once present.
  const r = spawnSync(process.execPath, [join(weights, 'scripts', 'fetch-models.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node packages/weights/scripts/fetch-models.mjs failed: ${r.stderr}`);
});

describe('spectra describe', () => {
  it('the upscaler default model (a directory): 12 conv layers, 222,075 parameters, biases listed', async () => {
    const { code, out, err } = await run(dirname(defaultModelPath()));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('format tfjs · 24 tensors · 222,075 parameters · 12 layers analysed · 12 left out');
    expect(out).toMatch(/UPN1\/kernel\s+conv2d\s+5×5×64×64\s+64\s+64\s+1\s+25\s+float32/);
    expect(out).toMatch(/F_0\/bias\s+not-a-matrix\s+64\s+float32/);
  });

  it('face-api face_recognition (JSON): the library\'s layers, uint8 affine quantisation, the warning', async () => {
    const file = join(faceApi, 'face_recognition_model-weights_manifest.json');
    const { code, out } = await run(file, '--format', 'json');
    expect(code).toBe(0);
    const d = JSON.parse(out);
    const expected = extractLayers(await loadModelFromPath(file));
    expect(d.layers.map((l: { name: string }) => l.name)).toEqual(expected.layers.map((l) => l.name));
    expect(d.layers.filter((l: { kind: string }) => l.kind === 'conv2d')).toHaveLength(29);
    const fc = d.layers.find((l: { name: string }) => l.name === 'fc');
    expect(fc).toMatchObject({ kind: 'dense', shape: [256, 128], N: 256, M: 128, Q: 2, rf: 1, dtype: 'float32', quantization: 'uint8 affine' });
    expect(d.parameters).toBe(5_614_592);
    expect(d.warnings.join(' ')).toMatch(/uint8.*ESD/);
  });

  it('Silero VAD v5 (CSV): LSTM gates and conv1d, every left-out tensor with its reason', async () => {
    const file = join(cache, 'vad-web', 'silero_vad_v5.onnx');
    const { code, out } = await run(file, '--format', 'csv');
    expect(code).toBe(0);
    const rows = out.trim().split('\n');
    expect(rows[0]).toBe('layer_id,name,kind,shape,N,M,Q,rf,dtype,quantization,status');
    const expected = extractLayers(await loadModelFromPath(file));
    expect(rows.length - 1).toBe(expected.layers.length + expected.skipped.length);
    const gate = rows.find((r) => r.includes('If_0.then/') && r.includes('decoder.rnn.weight_hh.gate_g'))!;
    expect(gate.split(',').slice(2, 11)).toEqual(['recurrent', '512x128', '128', '128', '1', '1', 'float32', '', 'analysed']);
    expect(rows.some((r) => r.includes('stft.forward_basis_buffer') && r.includes(',conv1d,258x1x256,'))).toBe(true);
  });

  it('Silero VAD legacy and v6, and the nsfwjs TF.js models (directories with model.json)', async () => {
    for (const file of [join(cache, 'vad-web', 'silero_vad_legacy.onnx'), join(cache, 'vad-web', 'silero_vad_v6.onnx'), join(cache, 'nsfwjs', 'mobilenet_v2'), join(cache, 'nsfwjs', 'inception_v3')]) {
      const { code, out, err } = await run(file);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toMatch(/layers analysed/);
    }
    const { out } = await run(join(cache, 'nsfwjs', 'mobilenet_v2'));
    expect(out).toMatch(/dense_1\/kernel\s+dense\s+1280×256\s+1280\s+256\s+5\s+1\s+float32\s+uint8 affine/);
    expect(out).toMatch(/depthwise_kernel\s+depthwise/);
  });

  it('options: --compat weightwatcher skips what WeightWatcher skips; --min-evals; --attention fused', async () => {
    const pt = join(weights, 'test', 'fixtures', 'torch_state_dict.pt');
    const ww = JSON.parse((await run(pt, '--format', 'json', '--compat', 'weightwatcher', '--min-evals', '0')).out);
    expect(ww.skipped.find((s: { name: string }) => s.name === 'attn.in_proj_weight').reason).toBe('compat:fused-attention');
    const split = JSON.parse((await run(pt, '--format', 'json', '--min-evals', '0')).out);
    expect(split.layers.map((l: { name: string }) => l.name)).toContain('attn.in_proj_weight.q');
    const fused = JSON.parse((await run(pt, '--format', 'json', '--min-evals', '0', '--attention', 'fused', '--recurrent', 'stacked')).out);
    expect(fused.layers.find((l: { name: string }) => l.name === 'attn.in_proj_weight')).toMatchObject({ kind: 'attention', N: 24, M: 8 });
    expect(fused.layers.find((l: { name: string }) => l.name === 'lstm.weight_ih_l0')).toMatchObject({ kind: 'recurrent', N: 24, M: 5 });
  });

  it('bad input exits 1 with one line naming the file and the problem; bad usage exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectra-describe-'));
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, 'this is not a model at all');
    const truncated = join(dir, 'cut.npy');
    const full = new Uint8Array(spawnSync(process.execPath, ['-e', 'process.stdout.write(require("fs").readFileSync(process.argv[1]))', join(repo, 'reference', 'weights', 'conv_64x32x3x3.npy')]).stdout);
    writeFileSync(truncated, full.subarray(0, 1000));
    const cases: [string[], number, RegExp][] = [
      [[join(dir, 'missing.onnx')], 1, /E_NOT_FOUND: .*missing\.onnx/],
      [[garbage], 1, /E_UNKNOWN_FORMAT: .*garbage\.bin/],
      [[truncated], 1, /E_TRUNCATED: .*cut\.npy: tensor 'cut' .*needs 73728 data bytes, the file has 872/],
      [[join(weights, 'test', 'fixtures', 'torch_malicious.pt')], 1, /E_UNSAFE_PICKLE: .*torch_malicious\.pt: .*posix\.system/],
      [[faceApi], 1, /E_ARGUMENT: .*several model files/],
      [[], 2, /name a model file/],
      [[garbage, '--format', 'xml'], 2, /--format must be table, json or csv/],
    ];
    for (const [argv, exit, message] of cases) {
      const { code, out, err } = await run(...argv);
      expect(code, argv.join(' ')).toBe(exit);
      expect(out).toBe('');
      expect(err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(err).toMatch(message);
    }
  });
});
