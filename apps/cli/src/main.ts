import { parseArgs } from 'node:util';
import { isSpectraError } from '@spectra/core';
import { UsageError, type CliCommand, type CliIo } from './command.js';
import { analyzeCommand } from './commands/analyze.js';
import { compareCommand } from './commands/compare.js';
import { describeCommand } from './commands/describe.js';
import { hessianCommand } from './commands/hessian.js';
import { jacobianCommand } from './commands/jacobian.js';
import { meanfieldCommand } from './commands/meanfield.js';
import { smoothCommand } from './commands/smooth.js';

/** Every subcommand, in the order `spectra --help` lists them. */
export const commands: readonly CliCommand[] = [
  analyzeCommand,
  describeCommand,
  compareCommand,
  smoothCommand,
  jacobianCommand,
  meanfieldCommand,
  hessianCommand,
];

export const VERSION = '0.0.0';

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'spectra — random-matrix theory for deep learning: weights, Jacobians and Hessians.',
    '',
    'Usage: spectra <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `spectra <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI on `argv` (without `node` and the script path) and resolves the exit code:
 * 0 success, 1 a failure on the input (one line on stderr), 2 bad usage.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`spectra: unknown command '${name}'. Run \`spectra --help\` for the list.\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(rest, command),
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
      return 0;
    }
    return await command.run(values as Record<string, unknown>, positionals, io);
  } catch (e) {
    return reportError(e, command.name, io);
  }
}

/**
 * `--sigma-w2 -2`: parseArgs would read `-2` as a flag. A negative number after an option that
 * takes a value is that option's value (the command then rejects it with a clear message).
 */
function joinNegativeValues(args: readonly string[], command: CliCommand): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : a.startsWith('-') && a.length === 2 ? Object.entries(command.options).find(([, o]) => o.short === a[1])?.[0] : undefined;
    if (name && !a.includes('=') && command.options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity|NaN)/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function reportError(e: unknown, command: string, io: CliIo): number {
  if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    io.stderr.write(`spectra ${command}: ${(e as Error).message}. See \`spectra ${command} --help\`.\n`);
    return 2;
  }
  if (isSpectraError(e)) {
    // One line, no stack: the message names the input and the problem.
    io.stderr.write(`spectra ${command}: ${e.code}: ${e.message.split('\n')[0]}\n`);
    return 1;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.code.startsWith('E') && err.path) {
    io.stderr.write(`spectra ${command}: cannot read ${err.path}: ${err.code}\n`);
    return 1;
  }
  io.stderr.write(`spectra ${command}: internal error: ${(err && err.stack) || String(e)}\n`);
  return 70;
}
