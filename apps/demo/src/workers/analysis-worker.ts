// Runs a model analysis off the main thread: files in (name → bytes), progress out, the report
// (with ESDs for the plots) back, or a typed error. A 'cancel' message aborts between layers.
import { ready } from '@spectra/core';
import { analyzeModel, loadModel, type AnalysisOptions } from '@spectra/weights';

export interface AnalyzeRequest {
  type: 'analyze';
  /** All files the user gave (model.json + shards, a sharded index + shards, or one file). */
  files: Array<{ name: string; bytes: ArrayBuffer }>;
  options: AnalysisOptions;
}
export type WorkerAnswer =
  | { type: 'progress'; fraction: number; layer: string; phase: string }
  | { type: 'done'; report: unknown; ms: number; backend: string; format: string }
  | { type: 'error'; code: string; message: string };

let controller: AbortController | null = null;

/** The file that describes the model: model.json / an index / the only file / the first non-shard. */
function primaryFile(files: AnalyzeRequest['files']): AnalyzeRequest['files'][number] {
  const by = (re: RegExp) => files.find((f) => re.test(f.name));
  return by(/model\.json$/i) ?? by(/\.index\.json$/i) ?? by(/weights_manifest\.json$/i) ?? by(/\.json$/i) ?? files.find((f) => !/\.bin$/i.test(f.name)) ?? files[0]!;
}

self.onmessage = async (event: MessageEvent<AnalyzeRequest | { type: 'cancel' }>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    controller?.abort(new Error('cancelled by the user'));
    return;
  }
  controller = new AbortController();
  const post = (answer: WorkerAnswer) => (self as unknown as Worker).postMessage(answer);
  try {
    const t0 = performance.now();
    const backend = await ready();
    if (message.files.length === 0) throw Object.assign(new Error('no file given'), { name: 'SpectraError', code: 'E_ARGUMENT' });
    const main = primaryFile(message.files);
    const byName = new Map(message.files.map((f) => [f.name.split('/').pop()!, f]));
    post({ type: 'progress', fraction: 0, layer: '', phase: `reading ${main.name}` });
    const model = await loadModel(new Uint8Array(main.bytes), {
      name: main.name,
      // Companion files (shards, external data) resolve against what the user picked.
      resolver: async (path) => {
        const f = byName.get(path.split('/').pop()!);
        if (!f) throw Object.assign(new Error(`${main.name} needs '${path}': add it to the selection (pick or drop all the model's files together)`), { name: 'SpectraError', code: 'E_MISSING_FILE' });
        return new Uint8Array(f.bytes);
      },
    });
    const report = await analyzeModel(model, {
      ...message.options,
      keepEsd: true,
      signal: controller.signal,
      onProgress: (p) => post({ type: 'progress', fraction: p.fraction, layer: p.layer, phase: `layer ${p.done} of ${p.total}` }),
    });
    post({ type: 'done', report, ms: performance.now() - t0, backend, format: model.format });
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    post({ type: 'error', code: err.name === 'SpectraError' ? (err.code ?? 'E_UNKNOWN') : 'E_INTERNAL', message: err.message ?? String(e) });
  } finally {
    controller = null;
  }
};
