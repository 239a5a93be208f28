#!/usr/bin/env node
// Runs a testkit browser entry in headless Chromium (Debian's, via playwright-core):
// bundles the entry with esbuild, serves it on 127.0.0.1, loads it, waits for the suite to publish
// its result, prints every case, and exits non-zero on any failure, page error or timeout.
//   node tools/testkit/bin/browser-test.mjs test/browser/entry.ts [--timeout 600]
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, extname } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from './ensure-chromium.mjs';

const args = process.argv.slice(2);
const entry = args.find((a) => !a.startsWith('--'));
if (!entry) {
  console.error('usage: browser-test.mjs ENTRY.ts [--timeout SECONDS] [--screenshot FILE]');
  process.exit(2);
}
const timeoutArg = args.indexOf('--timeout');
const timeoutMs = (timeoutArg >= 0 ? Number(args[timeoutArg + 1]) : 900) * 1000;

const executablePath = ensureChromium();
const outdir = mkdtempSync(join(tmpdir(), 'spectra-browser-'));
await build({
  entryPoints: [resolve(entry)],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome110',
  outfile: join(outdir, 'entry.js'),
  sourcemap: 'inline',
  logLevel: 'warning',
  // Node built-ins must never reach a browser bundle: fail the build if one is imported.
  external: [],
  // Model and data fixtures are bundled as bytes (Uint8Array) so reader suites run unchanged.
  loader: Object.fromEntries(['.bin', '.onnx', '.npy', '.npz', '.safetensors', '.pt', '.pth', '.h5', '.gz'].map((e) => [e, 'binary'])),
});
writeFileSync(
  join(outdir, 'index.html'),
  '<!doctype html><meta charset="utf-8"><title>spectra tests</title><link rel="icon" href="data:,"><pre id="log"></pre><script type="module" src="entry.js"></script>',
);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.bin': 'application/octet-stream' };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const file = join(outdir, url.pathname === '/' ? 'index.html' : url.pathname.slice(1));
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end('not found');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
let exitCode = 0;
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error(`[page ${m.type()}] ${m.text()}`);
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  const started = Date.now();
  let result = null;
  while (Date.now() - started < timeoutMs) {
    result = await page.evaluate(() => globalThis.__SPECTRA_TEST_RESULT__ ?? null);
    if (result || pageErrors.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (pageErrors.length) {
    console.error(`page error: ${pageErrors.join('\n')}`);
    exitCode = 1;
  } else if (!result) {
    console.error(`browser suite did not finish within ${timeoutMs / 1000} s`);
    exitCode = 1;
  } else {
    console.log(`Chromium: ${result.userAgent}`);
    for (const note of result.notes) console.log(`note: ${note}`);
    let failed = 0;
    for (const r of result.results) {
      if (r.ok) console.log(`  ok   ${r.variant} › ${r.suite} › ${r.name} (${r.ms.toFixed(0)} ms)`);
      else {
        failed++;
        console.log(`  FAIL ${r.variant} › ${r.suite} › ${r.name}\n       ${r.error}`);
      }
    }
    console.log(`${result.results.length - failed} passed, ${failed} failed (Chromium)`);
    if (failed > 0 || result.results.length === 0) exitCode = 1;
    const shot = args.indexOf('--screenshot');
    if (shot >= 0) {
      mkdirSync(join(args[shot + 1], '..'), { recursive: true });
      await page.screenshot({ path: args[shot + 1], fullPage: true });
    }
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(exitCode);
