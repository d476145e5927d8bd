// The page's one runtime, and what the module panel shows about it: each
// call goes through here, which times it, remembers each module's first
// answer, engine and version, and counts errors by code. What the runtime itself
// reports (registry, stats, metrics, health) is read from it when this build
// has it; nothing is made up when it does not.
import { createRuntime, inspectModule, sha256Hex } from '../dist/browser/index.js';

/** Workers the page asks the runtime for (two: this is a demo, not a server); the first boots as the first module loads. */
const WORKERS = 2;
/** The engine chain in a browser: the native addon is for Node only, so it is not even tried. */
const ENGINES = ['wasm-simd', 'wasm-scalar', 'js'];

export class Session extends EventTarget {
  /** Per module: { engine, version, firstAnswerMs, calls, lastMs } once it has answered this page. */
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
    return { health: typeof rt.health === 'function', pool: stats?.pool?.maxWorkers > 0 };
  }

  /**
   * Registers the fixture modules the server offers (the runtime's example
   * third-party module, with an op that never returns), as any page would
   * register a module of its own: bytes, their sha256, and the name and
   * version its manifest gives. Returns the names registered.
   */
  async registerFixtures() {
    if (typeof this.runtime.registry?.register !== 'function') return [];
    const response = await fetch('fixtures/index.json').catch(() => null);
    if (!response?.ok) return [];
    const modules = new Map(); // 'name@version' -> descriptor
    for (const [variant, files] of Object.entries(await response.json())) {
      for (const file of files) {
        const bytes = new Uint8Array(await (await fetch(file.url)).arrayBuffer());
        const { manifest } = await inspectModule(bytes);
        const key = `${manifest.name}@${manifest.version}`;
        if (!modules.has(key)) modules.set(key, { name: manifest.name, version: manifest.version, description: manifest.description ?? '', ops: manifest.ops, variants: {} });
        modules.get(key).variants[variant] = { bytes, sha256: await sha256Hex(bytes) };
      }
    }
    for (const descriptor of modules.values()) this.runtime.registry.register(descriptor);
    return [...modules.values()].map((d) => d.name);
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
   * Calls an op and records it. Returns the runtime's result plus `ms` (the
   * time the page waited for it) and `first` (this module's first answer,
   * so loading it is included).
   */
  async call(module, op, input, options, callOptions) {
    const start = performance.now();
    try {
      const result = await this.runtime.call(module, op, input, options, callOptions);
      const ms = performance.now() - start;
      let entry = this.loaded.get(module);
      const first = !entry;
      if (first) this.loaded.set(module, (entry = { firstAnswerMs: ms, calls: 0 }));
      Object.assign(entry, { engine: result.engine, version: result.version, lastMs: ms });
      entry.calls++;
      return { ...result, ms, first };
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
