import type { Progress } from '../engine/operation.js';
import { formatBytes, formatDuration, formatRate } from './human.js';

export interface ProgressReporterOptions {
  /** Total bytes, when known (Content-Length, file size). */
  total: number | undefined;
  report: (p: Progress) => void;
  /** At most one report per this many ms (the last one always goes out). */
  intervalMs?: number;
  /** Injectable clock, for tests. */
  now?: () => number;
  verb?: string;
}

export interface ProgressReporter {
  /** Bytes done so far; reports if the interval has passed. */
  update(bytes: number): void;
  /** Reports the final count whatever the interval. */
  finish(bytes: number): void;
}

/** Turns a byte counter into throttled messages: done / total, rate and time left. */
export function createProgressReporter(opts: ProgressReporterOptions): ProgressReporter {
  const now = opts.now ?? Date.now;
  const interval = opts.intervalMs ?? 250;
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  const send = (bytes: number, t: number) => {
    last = t;
    opts.report(progressOf(bytes, opts.total, (t - start) / 1000, opts.verb ?? 'Uploaded'));
  };
  return {
    update(bytes) {
      const t = now();
      if (t - last >= interval) send(bytes, t);
    },
    finish(bytes) {
      send(bytes, now());
    },
  };
}

/** One progress message, e.g. "Uploaded 512.0 MiB of 2.0 GiB (25%) at 140.2 MiB/s, about 11 s left". */
export function progressOf(bytes: number, total: number | undefined, elapsedS: number, verb = 'Uploaded'): Progress {
  const rate = elapsedS > 0 ? bytes / elapsedS : 0;
  const rateText = rate > 0 ? ` at ${formatRate(rate)}` : '';
  if (!total) return { message: `${verb} ${formatBytes(bytes)}${rateText}` };
  const fraction = Math.min(1, bytes / total);
  const seconds = rate > 0 ? (total - bytes) / rate : undefined;
  const left =
    bytes >= total || seconds === undefined
      ? ''
      : seconds < 1
        ? ', under 1 s left'
        : `, about ${formatDuration(seconds)} left`;
  return {
    message: `${verb} ${formatBytes(bytes)} of ${formatBytes(total)} (${Math.floor(fraction * 100)}%)${rateText}${left}`,
    fraction,
  };
}
