import type { ParseArgsConfig } from 'node:util';

/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  /** Working directory for relative paths. */
  cwd: string;
  /** An AbortSignal fired on SIGINT, so long work stops cleanly. */
  signal?: AbortSignal;
}

/** One `spectra <name>` subcommand. Each lives in `src/commands/<name>.ts`. */
export interface CliCommand {
  readonly name: string;
  /** One line for `spectra --help`. */
  readonly summary: string;
  /** Full help text for `spectra <name> --help`. */
  readonly help: string;
  /** `node:util` parseArgs options (strict). `--help` is added by the dispatcher. */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Allow positional arguments (files). */
  readonly allowPositionals?: boolean;
  /** Runs the command; resolves the exit code. Throw `SpectraError` or `UsageError` for failures. */
  run(values: Record<string, unknown>, positionals: string[], io: CliIo): Promise<number>;
}

/** Bad command-line usage: printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
