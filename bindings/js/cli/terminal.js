// What the CLI shows on a terminal and hides from pipes: colour (on a TTY;
// NO_COLOR turns it off, FORCE_COLOR on and wins) and a progress line on
// stderr for runs longer than a moment.

const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39] };

/** Whether to colour what goes to `stream`, from the environment first, then the stream. */
export function colorEnabled(stream, env) {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** Style functions (`paint.red(text)`) that colour only when enabled. */
export function painter(enabled) {
  const paint = {};
  for (const [name, [on, off]] of Object.entries(STYLES)) paint[name] = enabled ? (text) => `\x1b[${on}m${text}\x1b[${off}m` : (text) => text;
  return paint;
}

const PROGRESS_DELAY_MS = 400;
const PROGRESS_INTERVAL_MS = 100;

/**
 * A "files done / total, rate" line on stderr, shown only when stderr is a
 * terminal and the run has lasted PROGRESS_DELAY_MS; erased before anything
 * else is written to stderr and at the end.
 */
export class Progress {
  #stream;
  #total;
  #now;
  #done = 0;
  #start;
  #last = 0;
  #shown = false;

  /** @param {{ now?: () => number }} [clock] milliseconds (performance.now unless given) */
  constructor(stream, total, { now = () => performance.now() } = {}) {
    this.#stream = stream.isTTY ? stream : null;
    this.#total = total;
    this.#now = now;
    this.#start = now();
  }

  /** Counts one more file done and redraws when due. */
  tick() {
    this.#done++;
    if (!this.#stream) return;
    const now = this.#now();
    if (now - this.#start < PROGRESS_DELAY_MS || now - this.#last < PROGRESS_INTERVAL_MS) return;
    this.#last = now;
    const rate = this.#done / ((now - this.#start) / 1000);
    this.#stream.write(`\r\x1b[K${this.#done}/${this.#total} files, ${rate.toFixed(0)} files/s`);
    this.#shown = true;
  }

  /** Erases the line (call before writing to stderr and when done). */
  clear() {
    if (!this.#shown) return;
    this.#stream.write('\r\x1b[K');
    this.#shown = false;
  }
}
