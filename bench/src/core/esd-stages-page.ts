// The Chromium page of the ESD-stage measurement (bundled by esd-stages-chromium.ts): fetches both
// wasm builds from the page's server, runs esd-stages.ts on them, and leaves the rows in a global.
import { instantiateVariants, measureEsdStages, type StageRow } from './esd-stages.js';

const scope = globalThis as unknown as { __BENCH_RESULT__?: { userAgent: string; rows: StageRow[]; error?: string } };

async function main(): Promise<void> {
  const bytes: Record<string, Uint8Array> = {};
  for (const variant of ['simd', 'relaxed-simd']) bytes[variant] = new Uint8Array(await (await fetch(`${variant}.wasm`)).arrayBuffer());
  const rounds = Number(new URL(location.href).searchParams.get('rounds') ?? 3);
  scope.__BENCH_RESULT__ = { userAgent: navigator.userAgent, rows: measureEsdStages(await instantiateVariants(bytes), rounds) };
}

main().catch((e: Error) => {
  scope.__BENCH_RESULT__ = { userAgent: navigator.userAgent, rows: [], error: `${e.name}: ${e.message}` };
});
