// The runtime: a call is resolved (the registry: which module version),
// opened (engines.js: the first engine that runs it, once per version), run
// (on this thread, or by the pool's workers, under the input, time, memory and
// CPU limits, with the host capabilities its module is granted) and recorded
// (metrics.js).
import { NO_LIMITS, callLimits, optionsText, resolveOptions, ENVIRONMENT } from './config.js';
import { callKeys } from './capabilities.js';
import { engineUnavailable, openModule } from './engines.js';
import { ErrorCode, WasmodError, statusError } from './errors.js';
import { loadHostFunctions } from './host.js';
import { Loader } from './loader.js';
import { ModuleMetrics, prometheusText } from './metrics.js';
import * as platform from '#platform';
import { inputBytes } from './input.js';
import { Registry, parseModuleSpec } from './registry.js';
import { KeyLocks, openStore } from './store.js';

// Resolved specs remembered for the fast path; past this many, the oldest is forgotten.
const SPEC_CACHE_SIZE = 256;
// The pool's counters before its code has loaded (or with no pool: maxWorkers 0).
const POOL_NOT_STARTED = { workers: 0, busy: 0, idle: 0, spare: 0, queued: 0, maxWorkers: 0, spawned: 0, replaced: 0, crashed: 0, timeouts: 0 };

export class Runtime {
  #opened = new Map(); // 'name@version' -> Promise<opened module> (engines.js): one per module version, whatever the spelling
  #ready = new Map(); // 'name@range' -> opened module, once resolved (the fast path; at most SPEC_CACHE_SIZE)
  #metrics = new Map(); // module name -> ModuleMetrics, for modules that resolved
  #pool = null;
  // The pool's code and worker_threads load only for a runtime with workers, and no call that stays
  // on this thread waits for them: on a page that is a round trip before the first answer.
  #poolReady = null;
  #closed = false;
  #accepted = 0; // calls accepted and not settled yet: close() lets them finish
  #settled = null;
  #closing = null; // the promise every close() returns
  #hostFunctions; // Promise<{ url, definitions }>: the app's host functions (host.js)
  #store = null; // Promise<store> once a call needs it (store.js)
  #locks = new KeyLocks(); // calls touching the same keys run one after the other

  /**
   * @param {import('../../types/runtime.js').RuntimeOptions} [options]
   * @param {object[]} [builtins] the built-in modules it knows (dist/modules/<name>.js descriptors)
   */
  constructor(options = {}, builtins = []) {
    this.settings = resolveOptions(options);
    this.loader = new Loader({ moduleUrl: this.settings.moduleUrl, fetch: this.settings.fetch });
    this.registry = new Registry(this.loader, (name) => this.#forget(name), builtins);
    if (this.settings.workers > 0) {
      this.#poolReady = import('./pool.js').then(({ Pool }) => (this.#pool = new Pool(this.settings)));
      this.#poolReady.catch(() => {}); // reported by the first call that needs a worker
    }
    this.#hostFunctions = loadHostFunctions(this.settings.hostFunctions, platform.baseLocation());
    this.#hostFunctions.catch(() => {}); // reported by the first module that needs them
  }

  /** Reads the module index and loads the `preload` modules; starts the `minWorkers`. */
  async init() {
    await Promise.all([this.registry.ready(), this.settings.minWorkers > 0 ? this.#poolReady : null]);
    await Promise.all(this.settings.preload.map((spec) => this.#module(spec)));
    return this;
  }

  #moduleMetrics(name) {
    let m = this.#metrics.get(name);
    if (!m) this.#metrics.set(name, (m = new ModuleMetrics()));
    return m;
  }

  /** A new version of `name` was registered: the next calls resolve their range again. */
  #forget(name) {
    for (const spec of this.#ready.keys()) if (parseModuleSpec(spec).name === name) this.#ready.delete(spec);
    for (const key of this.#opened.keys()) if (parseModuleSpec(key).name === name) this.#opened.delete(key);
  }

  /** A module spec ('json', 'code-python@^1') resolved and opened: once per module version. */
  async #module(spec) {
    const descriptor = await this.registry.resolve(spec);
    const key = `${descriptor.name}@${descriptor.version}`;
    let opening = this.#opened.get(key);
    if (!opening) {
      opening = this.#open(descriptor);
      this.#opened.set(key, opening);
      opening.catch(() => this.#opened.get(key) === opening && this.#opened.delete(key));
    }
    const module = await opening;
    if (this.#opened.get(key) === opening) {
      if (this.#ready.size >= SPEC_CACHE_SIZE) this.#ready.delete(this.#ready.keys().next().value);
      this.#ready.set(spec, module);
    }
    return module;
  }

  async #open(descriptor) {
    const hostFunctions = descriptor.grants ? await this.#hostFunctions : undefined;
    const module = await openModule(descriptor, { ...this.settings, loader: this.loader, pooled: this.#poolReady !== null, hostFunctions });
    const m = this.#moduleMetrics(module.name);
    Object.assign(m, { engine: module.engine, version: module.version, coldStartMs: module.coldStartMs });
    if (module.memoryPages !== undefined) m.memoryPages = m.memoryPeakPages = module.memoryPages;
    if (module.load) this.#poolReady?.then((pool) => pool.warm(module.load), () => {}); // each worker makes its instance
    return module;
  }

  /**
   * Calls `op` of `module` ('name' or 'name@range'). Invalid input is a result
   * (status 'invalid-input' with diagnostics); every other failure throws a WasmodError.
   * @param {string} module
   * @param {string} op
   * @param {string | Uint8Array} input
   * @param {object | string} [options]
   * @param {{ timeoutMs?: number, signal?: AbortSignal, transfer?: boolean }} [call]
   */
  async call(module, op, input, options, call = NO_LIMITS) {
    const start = performance.now();
    let opened = this.#ready.get(module);
    let size = 0;
    let recorded = false;
    this.#accepted++;
    try {
      if (this.#closed) throw new WasmodError(ErrorCode.CANCELLED, 'the runtime is closed', { module, op });
      if (typeof module !== 'string') throw new WasmodError(ErrorCode.BAD_OPTIONS, `a module is named by a string, got ${typeof module}`);
      if (typeof op !== 'string') throw new WasmodError(ErrorCode.BAD_OPTIONS, `${module}: an op is named by a string, got ${typeof op}`, { module });
      const text = optionsText(options, module, op);
      const limits = callLimits(call, module, op, this.settings);
      size = inputBytes(input, this.settings.maxInputBytes);
      if (size > this.settings.maxInputBytes)
        throw new WasmodError(ErrorCode.INPUT_TOO_LARGE, `${module}.${op}: input of ${size} bytes exceeds maxInputBytes (${this.settings.maxInputBytes})`, { module, op });
      if (!opened) {
        this.#poolReady?.then((pool) => pool.prestart(), () => {}); // a worker boots while the module loads
        opened = await this.#module(module);
      }
      // With a pool, small calls without a deadline or signal of their own may stay inline (inlineBelowBytes).
      const pooled = opened.workersOnly || size >= this.settings.inlineBelowBytes || call.timeoutMs !== undefined || call.signal !== undefined;
      if (!opened.grants?.kv && limits.keys !== undefined) throw new WasmodError(ErrorCode.BAD_OPTIONS, `${opened.name}.${op}: call option keys is for modules granted kv`, { module: opened.name, op });
      let raw;
      if (opened.grants) {
        raw = await this.#runHosted(opened, op, input, text, limits, pooled, size);
      } else {
        raw = this.#run(opened, op, input, text, limits, pooled, size);
        if (raw instanceof Promise) raw = await raw; // inline calls answer at once
      }
      const durationMs = performance.now() - start;
      const failure = raw.status === 'ok' || raw.status === 'invalid-input' ? null : statusError(raw.status, raw.diagnostics, opened.name, op);
      this.#moduleMetrics(opened.name).record({ durationMs, bytesIn: raw.bytesIn ?? size, bytesOut: raw.output.length, memoryPages: raw.pages, errorCode: failure?.code, budgetUsed: raw.budgetUsed });
      recorded = true;
      if (failure) throw failure;
      const result = { status: raw.status, output: raw.output, diagnostics: raw.diagnostics, engine: opened.engine, module: opened.name, version: opened.version, durationMs };
      if (raw.budgetUsed !== undefined) result.budgetUsed = raw.budgetUsed;
      return result;
    } catch (error) {
      // Counted for modules that resolved: names that do not exist get no counters of their own.
      const name = opened?.name ?? parseModuleSpec(typeof module === 'string' ? module : '').name;
      if (!recorded && this.registry.has(name)) {
        this.#moduleMetrics(name).record({ durationMs: performance.now() - start, bytesIn: size, errorCode: error.code ?? ErrorCode.INTERNAL, memoryPages: error.pages });
      }
      throw error;
    } finally {
      if (--this.#accepted === 0) this.#settled?.();
    }
  }

  /**
   * A call of a module granted host capabilities (host.js): the keys it names
   * locked and read, the call run with them, and its writes committed in one
   * transaction if it succeeded; E_PERMISSION if it reached past its grant, E_HOST
   * if an app function failed (then nothing is written).
   */
  async #runHosted(opened, op, input, optionsText, limits, pooled, size) {
    const module = opened.name;
    const scope = opened.grants.kv ? callKeys(module, op, limits.keys ?? [], opened.grants.kv) : null;
    const named = scope && (scope.exact.length > 0 || scope.prefixes.length > 0); // else no store is needed
    const release = named ? await this.#locks.acquire(module, scope) : null;
    try {
      const store = named ? await this.#openStore(module, op) : null;
      const host = { scope, snapshot: store ? await store.read(module, scope) : [] };
      const raw = await this.#run(opened, op, input, optionsText, { ...limits, host }, pooled, size);
      const { writes, logs, denied, failure } = raw.host; // every instance of a granted module has a host link (engines.js)
      for (const entry of logs) this.settings.onLog({ module, ...entry });
      if (denied.length) throw new WasmodError(ErrorCode.PERMISSION, `${module}.${op}: refused the ${denied[0]}${denied.length > 1 ? ` (and ${denied.length - 1} more)` : ''}; nothing was written`, { module, op });
      if (failure) throw new WasmodError(ErrorCode.HOST, `${module}.${op}: host function '${failure.name}' failed: ${failure.message}; nothing was written`, { module, op });
      if (raw.status === 'ok' && writes.length) {
        await store.commit(module, writes);
        this.#moduleMetrics(module).kvWrites += writes.length;
      }
      return raw;
    } finally {
      release?.();
    }
  }

  /** The runtime's key-value store, opened by the first call that needs it. */
  async #openStore(module, op) {
    if (this.settings.store === undefined)
      throw new WasmodError(ErrorCode.STORE, `${module}.${op}: module ${module} is granted kv, but this runtime has no store (createRuntime({ store }): a directory in Node, a database name in browsers, or ':memory:')`, { module, op });
    this.#store ??= openStore(this.settings.store);
    try {
      return await this.#store;
    } catch (error) {
      this.#store = null; // the next call that needs it tries again
      throw Object.assign(error, { module, op });
    }
  }

  // A call with a budget runs the module metered (its own compiled module and instances). Inline
  // in a browser window, where nothing else could stop a runaway module, every call gets a budget
  // by default; an engine that cannot meter then runs without.
  #run(opened, op, input, optionsText, limits, pooled, size) {
    const inline = !(pooled && this.#poolReady);
    const budget = limits.budget ?? (inline ? platform.inlineBudget(size) : undefined);
    if (budget !== undefined && opened.metered) return opened.metered().then((metered) => this.#execute(metered, op, input, optionsText, { ...limits, budget }, pooled));
    if (limits.budget !== undefined) throw new WasmodError(ErrorCode.UNSUPPORTED, `${opened.name}.${op}: a budget needs a WebAssembly engine; this module runs on the ${opened.engine} engine`, { module: opened.name, op });
    return this.#execute(opened, op, input, optionsText, limits, pooled);
  }

  // Where the call runs: a worker of the pool when the call is pooled and the module can go there
  // (its `load`), else this thread, with no deadline (nothing can interrupt it but a budget).
  #execute(opened, op, input, optionsText, { timeoutMs, signal, transfer, budget, host }, pooled) {
    if (opened.load && this.#poolReady && pooled) {
      const task = { module: opened.name, op, input, options: optionsText, transfer, budget, host };
      return this.#pool ? this.#pool.run(opened.load, task, { timeoutMs, signal }) : this.#poolReady.then((pool) => pool.run(opened.load, task, { timeoutMs, signal }));
    }
    if (signal?.aborted) throw new WasmodError(ErrorCode.CANCELLED, `${opened.name}.${op}: cancelled before it started`, { module: opened.name, op, cause: signal.reason });
    return opened.call(op, input, optionsText, { budget, host });
  }

  /**
   * Runs calls concurrently; settles each in order ({ status: 'fulfilled', value } or
   * { status: 'rejected', reason }), so one failure does not sink the batch.
   * @param {{ module: string, op: string, input: string | Uint8Array, options?: object, timeoutMs?: number, signal?: AbortSignal }[]} calls
   */
  batch(calls) {
    if (!Array.isArray(calls)) return Promise.reject(new WasmodError(ErrorCode.BAD_OPTIONS, 'batch() takes an array of calls'));
    return Promise.allSettled(
      calls.map((c) => {
        if (c === null || typeof c !== 'object') return Promise.reject(new WasmodError(ErrorCode.BAD_OPTIONS, 'each call of a batch is an object { module, op, input, options? }'));
        return this.call(c.module, c.op, c.input, c.options, { timeoutMs: c.timeoutMs, signal: c.signal, transfer: c.transfer });
      }),
    );
  }

  /** Counters per module and for the pool and the compiled-module cache. */
  stats() {
    const modules = {};
    for (const [name, m] of this.#metrics) modules[name] = m.snapshot();
    return { modules, pool: this.#poolStats(), cache: { ...this.loader.stats } };
  }

  #poolStats() {
    return this.#pool?.stats() ?? { ...POOL_NOT_STARTED, maxWorkers: this.settings.workers };
  }

  /** stats() in the Prometheus text exposition format. */
  metrics() {
    return prometheusText(this.stats());
  }

  /** What can run here and what cannot, and why. */
  async health() {
    const engines = {};
    for (const engine of this.settings.engines) {
      const unavailable = await engineUnavailable(engine);
      engines[engine] = { available: !unavailable, ...(unavailable ? { note: unavailable } : {}) };
    }
    await this.#poolReady?.catch(() => {});
    if (engines.js) engines.js.note = 'json validate and format only (plain JavaScript baseline)';
    const indexError = await this.registry.ready();
    const modules = {};
    for (const [spec, opened] of this.#ready) modules[spec] = { engine: opened.engine, version: opened.version, notes: opened.notes };
    const ok = !this.#closed && !indexError && Object.values(engines).some((e) => e.available);
    return {
      ok,
      closed: this.#closed,
      engines,
      modules,
      index: indexError ? indexError.message : 'ok',
      pool: this.#poolStats(),
      settings: { ...this.settings, fetch: undefined, moduleUrl: this.loader.baseUrl?.href ?? 'the package (dist/modules)' },
      environment: ENVIRONMENT,
    };
  }

  /** Whether close() or destroy() was called. */
  get closed() {
    return this.#closed;
  }

  /** Lets queued and running calls finish, then stops the workers. */
  close() {
    this.#closed = true;
    this.#closing ??= (async () => {
      if (this.#accepted) await new Promise((resolve) => (this.#settled = resolve));
      await this.#poolReady?.catch(() => {});
      await this.#pool?.close();
      await this.#closeStore();
    })();
    return this.#closing;
  }

  /** Stops now: queued and running calls fail with E_CANCELLED. */
  async destroy() {
    this.#closed = true;
    await this.#poolReady?.catch(() => {});
    await this.#pool?.destroy();
    await this.#closeStore();
  }

  async #closeStore() {
    const store = await this.#store?.catch(() => null);
    this.#store = null;
    await store?.close();
  }

  [Symbol.asyncDispose]() {
    return this.close();
  }
}

/** A runtime that knows `builtins`, with its `preload` modules loaded. */
export async function makeRuntime(options, builtins) {
  const runtime = new Runtime(options, builtins);
  try {
    return await runtime.init();
  } catch (error) {
    await runtime.destroy(); // its workers would otherwise outlive a runtime no one can close
    throw error;
  }
}

let shared = null;

/**
 * The runtime behind the convenience functions (settings from WASMOD_* in
 * Node), made on first use and again after it is closed, knowing at least
 * `builtins` (each family of functions brings its own modules).
 */
export function sharedRuntime(builtins) {
  if (!shared || shared.closed) shared = new Runtime();
  shared.registry.addBuiltins(builtins);
  return shared;
}
