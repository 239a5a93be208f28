#!/usr/bin/env node
// Makes sure a Chromium binary is present for the browser tests. Debian's `chromium` package is the
// only source we use (never `playwright install`): installed with apt-get when running as root, or a
// clear message on how to do it otherwise. Browser tests are never skipped silently.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function ensureChromium() {
  const path = chromiumPath();
  if (existsSync(path)) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium not found at ${path}. The browser tests need Debian's chromium:\n  sudo apt-get update && sudo apt-get install -y chromium\n(or set CHROMIUM_PATH to a Chromium binary).`);
    process.exit(1);
  }
  console.error(`Chromium not found at ${path}: installing Debian's chromium (apt-get, running as root)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${r.status}); install chromium by hand and re-run.`);
      process.exit(1);
    }
  }
  if (!existsSync(path)) {
    console.error(`chromium installed but ${path} is missing; set CHROMIUM_PATH.`);
    process.exit(1);
  }
  return path;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
