// Runs esd-stages-page.ts in a Chromium tab (Debian's /usr/bin/chromium through playwright-core,
// the launch flags of tools/testkit/bin/browser-test.mjs): Chromium validates relaxed SIMD, so the
// SIMD128 and relaxed builds are compared there too.
import { createServer } from 'node:http';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { StageRow } from './esd-stages.js';

export async function runEsdStagesInChromium(rounds: number, timeoutMs = 600_000): Promise<{ userAgent: string; rows: StageRow[] }> {
  const ensureUrl = new URL('../../../tools/testkit/bin/ensure-chromium.mjs', import.meta.url).href;
  const { ensureChromium } = (await import(ensureUrl)) as { ensureChromium(): string };
  const executablePath = ensureChromium();
  const outdir = mkdtempSync(join(tmpdir(), 'spectra-esd-stages-'));
  await build({
    entryPoints: [fileURLToPath(new URL('./esd-stages-page.js', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome110',
    outfile: join(outdir, 'page.js'),
    logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  for (const variant of ['simd', 'relaxed-simd']) copyFileSync(require.resolve(`@spectra/core/wasm/${variant}.wasm`), join(outdir, `${variant}.wasm`));
  writeFileSync(join(outdir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>spectra ESD stages</title><script type="module" src="page.js"></script>');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = join(outdir, path === '/' ? 'index.html' : path.slice(1));
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/?rounds=${rounds}`);
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const r = (await page.evaluate(() => (globalThis as { __BENCH_RESULT__?: unknown }).__BENCH_RESULT__ ?? null)) as { userAgent: string; rows: StageRow[]; error?: string } | null;
      if (errors.length) throw new Error(errors.join('; '));
      if (r) {
        if (r.error) throw new Error(r.error);
        return r;
      }
      await new Promise((res) => setTimeout(res, 500));
    }
    throw new Error(`no result within ${timeoutMs / 1000} s`);
  } finally {
    await browser.close();
    server.close();
  }
}
