// The page's one runtime, and what the module panel shows about it: each
// call goes through here, which times it, remembers each module's cold start,
// engine and version, and counts errors by code. What the runtime itself
// reports (registry, stats, metrics, health) is read from it when this build
// has it; nothing is made up when it does not.
import { createRuntime } from '../bindings/js/index.js';

/** Workers the page asks the runtime for (two: this is a demo, not a server). */
export const WORKERS = 2;
/** The engine chain in a browser: the native addon is for Node only, so it is not even tried. */
export const ENGINES = ['wasm-simd', 'wasm-scalar', 'js'];

/** Finds the first number named `key` anywhere in a (small) stats object. */
export function findNumber(value, key, depth = 0) {
  if (!value || typeof value !== 'object' || depth > 4) return undefined;
  if (typeof value[key] === 'number') return value[key];
  for (const inner of Object.values(value)) {
    const found = findNumber(inner, key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export class Session extends EventTarget {
  /** Per module: { engine, version, coldStartMs, calls, lastMs, totalMs } once it has answered. */
  loaded = new Map();
  /** Error code -> count, for calls made from this page. */
  errors = new Map();
  timeouts = 0;
  #index = null;

  constructor(runtime) {
    super();
    this.runtime = runtime;
  }

  static async create() {
    return new Session(await createRuntime({ workers: WORKERS, engines: ENGINES, maxMemoryMb: 256 }));
  }

  /** What this build of the runtime offers (the page hides nothing silently: it says what is missing). */
  async capabilities() {
    const rt = this.runtime;
    const stats = typeof rt.stats === 'function' ? await rt.stats() : null;
    return {
      registry: typeof rt.registry?.list === 'function',
      stats: stats !== null,
      metrics: typeof rt.metrics === 'function',
      health: typeof rt.health === 'function',
      pool: findNumber(stats, 'busy') !== undefined || findNumber(stats, 'idle') !== undefined,
    };
  }

  /** The known modules: the runtime's registry when it has one, else the generated index it reads. */
  async modules() {
    if (typeof this.runtime.registry?.list === 'function') return [...(await this.runtime.registry.list())];
    this.#index ??= this.runtime.loader.index();
    return (await this.#index).modules;
  }

  /** A module's descriptor, or null when this build has no such module. */
  async module(name) {
    return (await this.modules()).find((m) => m.name === name) ?? null;
  }

  /** The option names an op accepts, or null when the module or op is not in this build. */
  async opOptions(moduleName, opName) {
    const op = (await this.module(moduleName))?.ops?.find((o) => (o.name ?? o) === opName);
    return op ? (op.options ?? []) : null;
  }

  /**
   * Calls an op and records it. Returns the runtime's result plus `wallMs`
   * (the time the page waited, queueing and transfer included).
   */
  async call(module, op, input, options, callOptions) {
    const start = performance.now();
    try {
      const result = await this.runtime.call(module, op, input, options, callOptions);
      const wallMs = performance.now() - start;
      let entry = this.loaded.get(module);
      if (!entry) this.loaded.set(module, (entry = { coldStartMs: wallMs, calls: 0, totalMs: 0 }));
      Object.assign(entry, { engine: result.engine, version: result.version, lastMs: result.durationMs });
      entry.calls++;
      entry.totalMs += result.durationMs;
      return { ...result, wallMs };
    } catch (error) {
      const code = error.code ?? 'E_INTERNAL';
      this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
      if (code === 'E_TIMEOUT') this.timeouts++;
      throw error;
    } finally {
      this.dispatchEvent(new Event('change'));
    }
  }

  /** The runtime's own counters: its stats when it has them, else the loader's cache counts. */
  async stats() {
    const rt = this.runtime;
    if (typeof rt.stats === 'function') return await rt.stats();
    return { cache: { ...rt.loader.stats } };
  }
}
