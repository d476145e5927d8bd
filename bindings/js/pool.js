// The worker pool: pre-warmed workers up to a maximum, a bounded queue,
// per-call deadlines and cancellation, crash recovery, idle shrink.
//
// A wasm loop cannot be interrupted, so a call past its deadline (or
// cancelled while running) costs its worker: the worker is terminated and a
// warm spare -- started beside the pool, with every module already
// instantiated -- takes its place at once, so the next call does not wait for
// a new worker to boot. Another spare is then started in the background.
import { ErrorCode, WasmodError, deserializeError } from './errors.js';
import { isDetached } from './input.js';
import { startWorker, utf8ForTransfer } from '#platform';

const SPARE_DELAY_MS = 100;
const START_FAILURES = 3;
// Strings from this many UTF-16 units on travel to workers as transferred UTF-8 bytes.
const ENCODE_FROM = 32 << 10;

/** Rejects a task with a WasmodError naming its call. */
function fail(task, code, message, cause) {
  const { module, op } = task.call;
  task.reject(new WasmodError(code, `${module}.${op}: ${message}`, { module, op, cause }));
}

// One abort listener per signal, however many calls share it (an EventTarget
// warns from eleven listeners on), whichever pools they are in:
// signal -> the pending tasks it cancels, each with its pool's way to cancel it.
const tasksOfSignal = new WeakMap();

function watchSignal(signal, task, cancel) {
  let tasks = tasksOfSignal.get(signal);
  if (!tasks) {
    tasks = new Map();
    tasksOfSignal.set(signal, tasks);
    signal.addEventListener('abort', () => {
      tasksOfSignal.delete(signal);
      for (const [t, cancelTask] of tasks) cancelTask(t);
    }, { once: true });
  }
  tasks.set(task, cancel);
}

export class Pool {
  #slots = []; // { handle, task, keys: Set, idleSince }
  #shrinkTimer = null;
  #spareTimer = null;
  #spare = null;
  #queue = [];
  #loads = new Map(); // key -> load message, to warm new spares
  // Modules a worker instantiates as soon as it has them: the built-ins, and a third-party module
  // once one of its instances has answered a call (its start is known to end). Until then it
  // starts only for a call, whose deadline covers it: one that never finishes starting costs no spare.
  #startsWell = new Set(); // keys
  #wireIds = new Map(); // key -> the small number that names the module in messages
  #nextId = 1;
  #closing = false;
  #drained = null; // resolve() of close() once nothing is left to do
  #closed = null; // the promise every close() returns
  #counters = { spawned: 0, replaced: 0, crashed: 0, timeouts: 0 };
  // Workers in a row that died before answering anything, and the last one's reason. From
  // START_FAILURES on, workers are started only for calls: a broken worker script (a
  // bundling mistake, a CSP that forbids workers) fails calls, it does not spin.
  #startFailures = 0;
  #startFailure = null;

  /**
   * @param {{ workers: number, minWorkers: number, idleTimeoutMs: number, maxQueue: number, workerUrl?: URL }} settings
   *   workerUrl: another worker script (default: bindings/js/worker.js)
   */
  constructor({ workers, minWorkers, idleTimeoutMs, maxQueue, workerUrl }) {
    Object.assign(this, { maxWorkers: workers, minWorkers, idleTimeoutMs, maxQueue, workerUrl });
    for (let i = 0; i < minWorkers; i++) this.#markIdle(this.#addSlot());
  }

  #spawn() {
    const slot = { handle: null, task: null, keys: new Set(), idleSince: 0, heard: false };
    slot.handle = startWorker(this.workerUrl, (message) => this.#onMessage(slot, message), (reason) => this.#onExit(slot, reason));
    slot.handle.unref(); // an idle worker does not keep the process alive
    this.#counters.spawned++;
    return slot;
  }

  #addSlot() {
    const slot = this.#spawn();
    this.#slots.push(slot);
    for (const load of this.#loads.values()) this.#sendLoad(slot, load);
    return slot;
  }

  #sendLoad(slot, load) {
    slot.keys.add(load.key);
    const { compiled, memoryMinPages, maxMemoryMb, expect, capabilities } = load;
    slot.handle.post({ type: 'load', module: this.#wireIds.get(load.key), compiled, memoryMinPages, maxMemoryMb, expect, capabilities, warm: this.#startsWell.has(load.key) });
  }

  /** A module's instance answered a call: the workers and the spare that hold it unstarted start it now. */
  #startedWell(key) {
    if (this.#startsWell.has(key)) return;
    this.#startsWell.add(key);
    for (const slot of [...this.#slots, this.#spare]) if (slot?.keys.has(key)) slot.handle.post({ type: 'warm', module: this.#wireIds.get(key) });
  }

  // A worker boots for tens of milliseconds of CPU: not while a call waits for its answer.
  #spareSoon() {
    if (this.#spareTimer || this.#spare || this.#closing || this.#failingToStart) return;
    this.#spareTimer = setTimeout(() => this.#ensureSpare(), SPARE_DELAY_MS);
    this.#spareTimer.unref?.();
  }

  /** Makes sure a warm spare exists (the pool has served or is serving calls). */
  #ensureSpare() {
    clearTimeout(this.#spareTimer);
    this.#spareTimer = null;
    if (this.#spare || this.#closing || this.maxWorkers === 0 || this.#failingToStart) return;
    this.#spare = this.#spawn();
    for (const load of this.#loads.values()) this.#sendLoad(this.#spare, load);
  }

  /** Starts a worker now if none is free, so that it boots while a module loads. */
  prestart() {
    if (!this.#closing && this.#slots.length < this.maxWorkers && this.#slots.every((s) => s.task)) this.#markIdle(this.#addSlot());
  }

  /**
   * Instantiates a module in every worker (and the spare) ahead of its calls.
   * @param {{ key: string, compiled: WebAssembly.Module, memoryMinPages: number | null, maxMemoryMb: number }} load
   */
  warm(load) {
    if (this.#loads.has(load.key)) return;
    this.#loads.set(load.key, load);
    if (load.builtin) this.#startsWell.add(load.key);
    this.#wireIds.set(load.key, this.#wireIds.size + 1);
    for (const slot of this.#slots) if (!slot.keys.has(load.key)) this.#sendLoad(slot, load);
    if (this.#spare) this.#sendLoad(this.#spare, load);
  }

  /**
   * Runs one call on a worker.
   * @param {{ key: string }} load the module (see warm())
   * @param {{ module: string, op: string, input: string | Uint8Array, options?: string, transfer?: boolean }} call
   * @param {{ timeoutMs?: number, signal?: AbortSignal }} limits
   * @returns {Promise<{ status: string, output: Uint8Array, diagnostics: object[], bytesIn: number, pages: number }>}
   */
  run(load, call, { timeoutMs = 0, signal } = {}) {
    return new Promise((resolve, reject) => {
      const task = { id: this.#nextId++, load, call, resolve, reject, timer: null, signal, slot: null, done: false };
      if (this.#closing) return fail(task, ErrorCode.CANCELLED, 'the runtime is closed');
      if (signal?.aborted) return fail(task, ErrorCode.CANCELLED, 'cancelled before it started', signal.reason);
      this.warm(load);
      const slot = this.#freeSlot() ?? (this.#slots.length < this.maxWorkers ? this.#addSlot() : null);
      if (!slot && this.#queue.length >= this.maxQueue)
        return fail(task, ErrorCode.QUEUE_FULL, `the queue is full (${this.maxQueue} calls waiting for ${this.maxWorkers} workers)`);
      if (timeoutMs > 0) {
        task.timer = setTimeout(() => this.#expire(task, timeoutMs), timeoutMs);
        task.timer.unref?.(); // the busy worker keeps the process alive, not the timer
      }
      if (signal) watchSignal(signal, task, (t) => this.#cancel(t));
      if (slot) this.#dispatch(slot, task);
      else this.#queue.push(task);
    });
  }

  #freeSlot() {
    for (const slot of this.#slots) if (!slot.task) return slot;
    return null;
  }

  #dispatch(slot, task) {
    slot.task = task;
    task.slot = slot;
    slot.handle.ref();
    if (!slot.keys.has(task.load.key)) this.#sendLoad(slot, task.load);
    const { options, op, transfer, budget, host } = task.call;
    let input = task.call.input;
    // A SharedArrayBuffer cannot be transferred: it is shared as it is.
    let movable = transfer && input instanceof Uint8Array && input.buffer instanceof ArrayBuffer && input.byteOffset === 0 && input.byteLength === input.buffer.byteLength;
    if (typeof input === 'string' && input.length >= ENCODE_FROM) {
      input = utf8ForTransfer(input);
      movable = true;
    }
    try {
      if (input instanceof Uint8Array && input.length === 0 && isDetached(input.buffer)) throw new Error('its buffer is detached');
      slot.handle.post({ type: 'call', id: task.id, module: this.#wireIds.get(task.load.key), op, input, options, budget, host }, movable ? [input.buffer] : undefined);
    } catch (error) {
      // Nothing was sent (a detached buffer, say): the caller's mistake, and the worker is free.
      slot.task = null;
      task.slot = null;
      if (this.#settle(task)) fail(task, ErrorCode.BAD_OPTIONS, `its input cannot be sent to a worker (${error.message}): is its buffer detached, or transferred by another call?`);
      this.#next(slot);
    }
  }

  /** Settles a task's bookkeeping (timer, abort listener); true if it was still pending. */
  #settle(task) {
    if (task.done) return false;
    task.done = true;
    clearTimeout(task.timer);
    if (task.signal) tasksOfSignal.get(task.signal)?.delete(task);
    return true;
  }

  get #failingToStart() {
    return this.#startFailures >= START_FAILURES;
  }

  #onMessage(slot, message) {
    slot.heard = true;
    this.#startFailures = 0;
    const task = slot.task;
    if (!task || message.id !== task.id) return;
    slot.task = null;
    if (this.#settle(task)) {
      if (message.error) task.reject(Object.assign(deserializeError(message.error, task.call.module, task.call.op), { pages: message.pages }));
      else {
        message.output ??= new Uint8Array(0);
        message.diagnostics ??= [];
        task.resolve(message);
        if (!task.load.capabilities) this.#startedWell(task.load.key); // a granted module's start may hang on its host
      }
    }
    this.#next(slot);
    // Started only now, after an answer, so that booting it never delays one.
    this.#ensureSpare();
  }

  /** Gives a free worker the next queued task, or lets it idle. */
  #next(slot) {
    const task = this.#queue.shift();
    if (task) this.#dispatch(slot, task);
    else this.#markIdle(slot);
  }

  #markIdle(slot) {
    slot.handle.unref();
    slot.idleSince = performance.now();
    this.#checkDrained();
    if (this.#slots.length > this.minWorkers && this.idleTimeoutMs > 0 && !this.#shrinkTimer) this.#scheduleShrink(this.idleTimeoutMs);
  }

  // One timer for the whole pool (not one per call): it stops the workers idle
  // for idleTimeoutMs, oldest first, down to minWorkers, and comes back for the rest.
  #scheduleShrink(ms) {
    this.#shrinkTimer = setTimeout(() => this.#shrink(), ms);
    this.#shrinkTimer.unref?.();
  }

  #shrink() {
    this.#shrinkTimer = null;
    const now = performance.now();
    let next = Infinity;
    for (const slot of this.#slots.filter((s) => !s.task).sort((a, b) => a.idleSince - b.idleSince)) {
      if (this.#slots.length <= this.minWorkers) break;
      const left = slot.idleSince + this.idleTimeoutMs - now;
      if (left > 0) {
        next = Math.min(next, left);
        continue;
      }
      this.#remove(slot);
      slot.handle.terminate();
    }
    if (this.#slots.length === 0 && this.#spare) {
      this.#spare.handle.terminate(); // nothing left to stand in for
      this.#spare = null;
    }
    if (next !== Infinity) this.#scheduleShrink(next);
  }

  #remove(slot) {
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
  }

  /** A worker is gone: the spare takes its place at once, and a new spare boots. */
  #replace(slot) {
    this.#remove(slot);
    // With workers failing to start, each queued call still gets a worker of its own to try.
    const successor = this.#spare ?? (this.#queue.length ? this.#spawn() : null);
    this.#spare = null;
    if (successor) {
      this.#slots.push(successor);
      this.#next(successor);
    }
    if (!this.#closing && !this.#failingToStart) while (this.#slots.length < this.minWorkers) this.#markIdle(this.#addSlot());
    if (!successor?.task) this.#spareSoon(); // else after its answer
    this.#checkDrained();
  }

  #checkDrained() {
    if (this.#drained && !this.#queue.length && this.#slots.every((s) => !s.task)) this.#drained();
  }

  #expire(task, timeoutMs) {
    if (task.slot) return this.#stop(task, ErrorCode.TIMEOUT, `timed out after ${timeoutMs} ms; its worker was terminated and replaced`, true);
    this.#counters.timeouts++;
    this.#queue.splice(this.#queue.indexOf(task), 1);
    if (this.#settle(task)) fail(task, ErrorCode.TIMEOUT, `timed out after ${timeoutMs} ms waiting for a worker`);
  }

  #cancel(task) {
    if (task.slot) return this.#stop(task, ErrorCode.CANCELLED, 'cancelled while running; its worker was terminated and replaced', false, task.signal.reason);
    this.#queue.splice(this.#queue.indexOf(task), 1);
    if (this.#settle(task)) fail(task, ErrorCode.CANCELLED, 'cancelled before it started', task.signal.reason);
  }

  /** Stops a running task the only way a wasm loop can be stopped: by terminating its worker. */
  #stop(task, code, message, isTimeout, cause) {
    if (!this.#settle(task)) return;
    if (isTimeout) this.#counters.timeouts++;
    this.#counters.replaced++;
    const slot = task.slot;
    slot.task = null;
    slot.handle.terminate();
    fail(task, code, message, cause);
    this.#replace(slot);
  }

  #onExit(slot, reason) {
    const why = reason instanceof Error ? reason.message : `exit code ${reason}`;
    if (!slot.heard) {
      this.#startFailures++;
      this.#startFailure = why;
    }
    if (slot === this.#spare) {
      this.#spare = null; // the next replacement starts another
      return;
    }
    if (!this.#slots.includes(slot)) return;
    this.#counters.crashed++;
    const task = slot.task;
    slot.task = null;
    if (task && this.#settle(task)) {
      const next = this.#failingToStart ? `workers keep failing to start (${this.#startFailures} in a row)` : 'a new worker serves the next call';
      fail(task, ErrorCode.WORKER_CRASHED, `its worker died (${why}); ${next}`);
    }
    this.#replace(slot);
  }

  stats() {
    const busy = this.#slots.filter((s) => s.task).length;
    const failing = this.#failingToStart ? { startFailure: this.#startFailure } : {};
    return { workers: this.#slots.length, busy, idle: this.#slots.length - busy, spare: this.#spare ? 1 : 0, queued: this.#queue.length, maxWorkers: this.maxWorkers, ...this.#counters, ...failing };
  }

  /** Finishes queued and running calls, then stops every worker. */
  close() {
    this.#closing = true;
    this.#closed ??= (async () => {
      if (this.#queue.length || this.#slots.some((s) => s.task)) await new Promise((resolve) => (this.#drained = resolve));
      await this.#terminateAll();
    })();
    return this.#closed;
  }

  /** Stops every worker now; queued and running calls fail with E_CANCELLED. */
  async destroy() {
    this.#closing = true;
    const tasks = [...this.#queue, ...this.#slots.map((s) => s.task).filter(Boolean)];
    this.#queue.length = 0;
    for (const task of tasks) if (this.#settle(task)) fail(task, ErrorCode.CANCELLED, 'the runtime was destroyed');
    await this.#terminateAll();
  }

  async #terminateAll() {
    const handles = [...this.#slots, ...(this.#spare ? [this.#spare] : [])];
    this.#slots = [];
    this.#spare = null;
    clearTimeout(this.#shrinkTimer);
    clearTimeout(this.#spareTimer);
    this.#shrinkTimer = this.#spareTimer = null;
    await Promise.all(handles.map((slot) => slot.handle.terminate()));
  }
}
