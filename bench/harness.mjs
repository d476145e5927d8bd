// What every bench section uses: timing by medians, and Markdown tables.
import os from 'node:os';

/** The median of numbers (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * Runs fn `warmup` times, then `runs` times, and returns the median time in ms
 * (and all samples). fn may be async.
 */
export async function measure(fn, { runs = 7, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { median: median(samples), samples };
}

/**
 * Median ms of each of `fns`, timed in turns (one pass of each, `runs` times),
 * so that a change in the machine's speed during the run falls on every side
 * alike. Each first warms up for `warmupMs` (and runs at least once).
 */
export async function measureInterleaved(fns, { runs = 7, warmupMs = 0 } = {}) {
  for (const fn of fns) {
    const start = performance.now();
    do await fn();
    while (performance.now() - start < warmupMs);
  }
  const samples = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      samples[k].push(performance.now() - start);
    }
  }
  return samples.map(median);
}

/** MB/s (10^6 bytes per second) for `bytes` processed in `ms`. */
export function mbPerSecond(bytes, ms) {
  return bytes / 1e6 / (ms / 1000);
}

/** Prints a Markdown table: columns is a list of headers, rows a list of arrays. */
export function table(columns, rows) {
  const text = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)) : String(v));
  const cells = rows.map((r) => r.map(text));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells) console.log(line(r));
}

/** One line saying where the figures come from. */
export function machine() {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`;
}
