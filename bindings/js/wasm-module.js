// A wasm module opened on one thread (the page's or Node's main thread, or a
// pool's worker): the engine interface of the wasm engines (engines.js). It
// keeps one instance, made on first use, linked to the host capabilities the
// module is granted (host.js), and made again after a trap.
import { inSession, linkFor } from './host.js';
import { ModuleInstance, checkManifest } from './wasm-instance.js';

export class WasmModule {
  #instance = null;
  #metered = null;

  /**
   * @param {object} load what any thread needs to open it: { key, compiled, memoryMinPages,
   *   maxMemoryMb, expect?, capabilities? } (expect: the name and version its manifest must say,
   *   when no instance was made to check them; capabilities: see engines.js)
   * @param {{ definitions?: object, sync?: boolean, instance?: ModuleInstance, meter?: () => Promise<object> }} [options]
   *   definitions: the app's host functions; sync: instantiate without a promise (workers);
   *   instance: one already made; meter: makes the load of its metered form (meter.js)
   */
  constructor(load, { definitions = {}, sync = false, instance = null, meter = null } = {}) {
    this.load = load;
    this.#instance = instance;
    Object.assign(this, { definitions, sync, meter });
  }

  /** Pages of its instance's memory, when it has one. */
  get memoryPages() {
    return this.#instance?.memoryPages;
  }

  #open() {
    const options = { ...this.load, host: linkFor(this.load, this.definitions) };
    const opened = (instance) => {
      // A third-party module was not run before it came here: its manifest is checked now.
      if (this.load.expect) checkManifest(this.load.expect, instance.manifest);
      return (this.#instance = instance);
    };
    return this.sync ? opened(ModuleInstance.createSync(this.load.compiled, options)) : ModuleInstance.create(this.load.compiled, options).then(opened);
  }

  /**
   * The generic call (wasm-instance.js), in a session for the keys of a call to a
   * module granted capabilities (`host`: { scope, snapshot }). Synchronous once
   * there is an instance (always when `sync`); the first call may return a promise.
   * The result carries bytesIn and pages; an error, pages.
   */
  call(op, input, optionsText, { budget, host } = {}) {
    if (!this.#instance) {
      const opening = this.#open();
      if (opening instanceof Promise) return opening.then(() => this.call(op, input, optionsText, { budget, host }));
    }
    const instance = this.#instance;
    try {
      const run = () => instance.call(op, input, optionsText, budget);
      const result = instance.host ? inSession(instance.host, host, run) : run();
      result.bytesIn = instance.lastInputBytes;
      result.pages = instance.memoryPages;
      return result;
    } catch (error) {
      error.pages = instance.memoryPages;
      throw error;
    } finally {
      if (instance.broken) this.#instance = null; // it trapped: a fresh instance serves the next call
    }
  }

  /** Makes its instance now (a worker's built-in, ready before its first call). */
  warm() {
    if (!this.#instance) return this.#open();
    return this.#instance;
  }

  /** The same module metered (meter.js), for calls with a budget: made once, on the first (itself when it is). */
  metered() {
    if (this.load.metered) return Promise.resolve(this);
    this.#metered ??= this.meter().then((load) => new WasmModule(load, { definitions: this.definitions, sync: this.sync }));
    return this.#metered;
  }

  close() {
    this.#instance = null;
  }
}
