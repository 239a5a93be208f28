// A CliIo that records what a command writes, for tests.
import type { CliIo } from '../src/command.js';

export interface RecordedIo extends CliIo {
  out(): string;
  err(): string;
}

export function recordingIo(cwd = process.cwd()): RecordedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd,
    out: () => out,
    err: () => err,
  };
}
