// The runtime: finds a module in the index, loads it through the Loader,
// instantiates it on the first engine of the chain that works, and calls it.
// (Inline only for now: calls run on this thread.)
import { ErrorCode, WasmodError, statusError } from './errors.js';
import { Loader, simdSupported } from './loader.js';
import { ModuleInstance } from './wasm-instance.js';

const WASM_ENGINES = { 'wasm-simd': 'simd', 'wasm-scalar': 'scalar' };

export class Runtime {
  #instances = new Map(); // module name -> Promise<{ instance, engine, descriptor }>

  /**
   * @param {{ moduleUrl?: URL | string, fetch?: typeof fetch, maxMemoryMb?: number, engines?: string[] }} [options]
   */
  constructor({ moduleUrl, fetch, maxMemoryMb = 256, engines = ['wasm-simd', 'wasm-scalar'] } = {}) {
    this.loader = new Loader({ moduleUrl, fetch });
    this.maxMemoryMb = maxMemoryMb;
    this.engines = engines;
  }

  /** The index entry of a module, or E_MODULE_NOT_FOUND. */
  async describe(name) {
    const index = await this.loader.index();
    const descriptor = index.modules.find((m) => m.name === name);
    if (!descriptor) {
      const known = index.modules.map((m) => m.name).join(', ');
      throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `no module named '${name}' (known: ${known})`, { module: name });
    }
    return descriptor;
  }

  #instance(name) {
    let entry = this.#instances.get(name);
    if (!entry) {
      entry = this.#instantiate(name);
      this.#instances.set(name, entry);
      entry.catch(() => this.#instances.delete(name));
    }
    return entry;
  }

  /** Tries each engine of the chain in turn; the first that instantiates serves. */
  async #instantiate(name) {
    const descriptor = await this.describe(name);
    const failures = [];
    for (const engine of this.engines) {
      const variant = descriptor.variants[WASM_ENGINES[engine]];
      if (!variant) continue;
      if (engine === 'wasm-simd' && !simdSupported()) {
        failures.push(`${engine}: this engine has no WebAssembly SIMD`);
        continue;
      }
      try {
        const { compiled, memoryMinPages } = await this.loader.load({ name, ...variant });
        const instance = await ModuleInstance.create(compiled, { memoryMinPages, maxMemoryMb: this.maxMemoryMb });
        return { instance, engine, descriptor };
      } catch (error) {
        if (error.code === ErrorCode.INTEGRITY || error.code === ErrorCode.ABI) throw error;
        failures.push(`${engine}: ${error.message}`);
      }
    }
    throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `no engine could run module '${name}': ${failures.join('; ') || 'no variant for the engines ' + this.engines.join(', ')}`, { module: name });
  }

  /**
   * Calls `op` of `module`. An invalid input is a result (status
   * 'invalid-input' with diagnostics); every other failure throws a WasmodError.
   * @returns {Promise<{ status: string, output: Uint8Array, diagnostics: object[], engine: string, module: string, version: string, durationMs: number }>}
   */
  async call(module, op, input, options) {
    const { instance, engine, descriptor } = await this.#instance(module);
    const start = performance.now();
    const result = instance.call(op, input, options);
    const durationMs = performance.now() - start;
    if (instance.broken) this.#instances.delete(module);
    if (result.status !== 'ok' && result.status !== 'invalid-input') throw statusError(result.status, result.diagnostics, module, op);
    return { ...result, engine, module, version: descriptor.version, durationMs };
  }

  async close() {
    this.#instances.clear();
  }
}

/** @param {ConstructorParameters<typeof Runtime>[0]} [options] */
export async function createRuntime(options) {
  return new Runtime(options);
}

let defaultRuntime = null;

/** The runtime behind the convenience functions, created on first use. */
export function getDefaultRuntime() {
  defaultRuntime ??= new Runtime();
  return defaultRuntime;
}
