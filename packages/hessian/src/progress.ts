import { SpectraError } from '@spectra/core';

/** A progress report of a long call (hessian.md §10). */
export interface ProgressEvent {
  /** completed / planned, in [0, 1]. */
  readonly fraction: number;
  /** Units of work done (matrix–vector products, or training steps). */
  readonly completed: number;
  readonly planned: number;
  /** What runs: 'lanczos', 'slq', 'topEigenvalues', 'train', 'trace', 'denseHessian', … */
  readonly phase: string;
  /** SLQ: probe l (1-based) of `probes`. */
  readonly probe?: number;
  readonly probes?: number;
  /** Lanczos step j of `steps`, or training step. */
  readonly step?: number;
  readonly steps?: number;
}

/** Options of every long call: progress (at most ~10 events per second) and cancellation. */
export interface LongRunOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Checked between matrix–vector products; abort rejects with SpectraError `E_ABORTED`. */
  signal?: AbortSignal;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** @internal Throttled progress reports plus main-thread yielding (≥ every ~16 ms). */
export class ProgressTracker {
  private lastReport = -Infinity;
  private lastYield = now();
  constructor(
    private readonly options: LongRunOptions,
    readonly phase: string,
    public planned: number,
  ) {}

  /** Reports if ~100 ms passed since the last report (or `force`). */
  report(completed: number, extra: Partial<ProgressEvent> = {}, force = false): void {
    const cb = this.options.onProgress;
    if (!cb) return;
    const t = now();
    if (!force && t - this.lastReport < 100) return;
    this.lastReport = t;
    const planned = Math.max(this.planned, completed);
    cb({ fraction: planned > 0 ? completed / planned : 1, completed, planned, phase: this.phase, ...extra });
  }

  /** Throws E_ABORTED (with `details`) if the signal fired. */
  checkAbort(details?: () => Record<string, unknown>): void {
    const signal = this.options.signal;
    if (signal?.aborted) {
      const reason = signal.reason instanceof Error ? signal.reason.message : signal.reason !== undefined ? String(signal.reason) : 'aborted';
      throw new SpectraError('E_ABORTED', `${this.phase}: aborted (${reason})`, details ? details() : undefined);
    }
  }

  /** Yields to the event loop when ~16 ms of work ran since the last yield. */
  async maybeYield(): Promise<void> {
    const t = now();
    if (t - this.lastYield < 16) return;
    await yieldToEventLoop();
    this.lastYield = now();
  }
}

/** @internal One macrotask turn: setImmediate (Node, Deno) or a MessageChannel (browsers), never a 4 ms clamp. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** @internal Validates `{ onProgress, signal }`. */
export function checkLongRunOptions(options: LongRunOptions, fn: string): void {
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new SpectraError('E_ARGUMENT', `${fn}: onProgress must be a function`);
  }
  if (options.signal !== undefined && (typeof options.signal !== 'object' || options.signal === null || typeof options.signal.aborted !== 'boolean')) {
    throw new SpectraError('E_ARGUMENT', `${fn}: signal must be an AbortSignal`);
  }
}

/** @internal A positive integer option with a default. */
export function positiveIntegerOption(value: unknown, fallback: number, fn: string, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new SpectraError('E_ARGUMENT', `${fn}: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** @internal A finite positive number option with a default. */
export function positiveNumberOption(value: unknown, fallback: number, fn: string, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SpectraError('E_ARGUMENT', `${fn}: ${name} must be a finite positive number, got ${String(value)}`);
  }
  return value;
}

/** @internal A seed option (a safe integer). */
export function seedOption(value: unknown, fallback: number, fn: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new SpectraError('E_ARGUMENT', `${fn}: seed must be an integer, got ${String(value)}`);
  }
  return value;
}
