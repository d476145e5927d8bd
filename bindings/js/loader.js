// Loader: module bytes (fetch in browsers, fs in Node) -> sha256 check ->
// WebAssembly.compile -> cache. The engine may decode and validate the bytes
// while they are hashed, but no compiled module leaves the loader, let alone
// runs, before its bytes match the sha256 the registry holds for them.
import { ErrorCode, WasmodError } from './errors.js';
import { memoryImportMinimum } from './wasm-instance.js';

/** Where the built-in modules and their index live (resolvable by bundlers). */
export const DEFAULT_MODULE_URL = new URL('../../dist/modules/', import.meta.url);

// (func (result v128) i32.const 0 i8x16.splat): valid only where wasm SIMD is.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);

/** True when this engine runs WebAssembly SIMD (simd128). */
export function simdSupported() {
  return WebAssembly.validate(SIMD_PROBE);
}

// In Node, node:crypto hashes at once; WebCrypto's first digest there costs milliseconds of
// setup. Imported when the first module's bytes are in and their compile has begun: loading
// node:crypto is ~8 ms of work on this thread, which the engine's compile in the background
// now overlaps (imported while the bytes were read, it held the read up instead).
let nodeCrypto = typeof process !== 'undefined' && process.versions?.node ? null : false;
const loadNodeCrypto = () => nodeCrypto ?? (nodeCrypto = import('node:crypto'));

/** Hex sha256 of bytes: node:crypto in Node, WebCrypto in browsers. */
export async function sha256Hex(bytes) {
  if (nodeCrypto !== false) return (await loadNodeCrypto()).createHash('sha256').update(bytes).digest('hex');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Reads the bytes at url: fs for file: URLs in Node, fetch otherwise. A module
 * file is read at once: a few hundred KB from the page cache, where the promise
 * API's round trips through the thread pool took 3-5 ms more of a cold start.
 */
async function readUrl(url, customFetch) {
  if (url.protocol === 'file:' && !customFetch) {
    const { readFileSync } = await import('node:fs');
    const buffer = readFileSync(url);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength); // a view: copying costs ms
  }
  const response = await (customFetch ?? fetch)(url.href);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.href}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A URL for where modules live: a URL, a path (Node), or a string URL; always ending in '/'. */
export function toBaseUrl(location) {
  if (location instanceof URL) return location.href.endsWith('/') ? location : new URL(`${location.href}/`);
  const text = String(location);
  const withSlash = text.endsWith('/') ? text : `${text}/`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(withSlash) && !/^[a-z]:[\\/]/i.test(withSlash)) return new URL(withSlash);
  if (typeof process !== 'undefined' && process.versions?.node) {
    const absolute = withSlash.startsWith('/') ? withSlash : `${process.cwd()}/${withSlash}`;
    return new URL(`file://${absolute.split('/').map(encodeURIComponent).join('/')}`);
  }
  return new URL(withSlash, globalThis.location?.href);
}

export class Loader {
  #compiled = new Map(); // sha256 -> Promise<{ compiled, memoryMinPages }>
  #index = null;

  /** @param {{ moduleUrl?: URL | string, fetch?: typeof fetch }} [options] */
  constructor({ moduleUrl = DEFAULT_MODULE_URL, fetch: customFetch } = {}) {
    this.baseUrl = toBaseUrl(moduleUrl);
    this.fetch = customFetch;
    this.stats = { hits: 0, misses: 0 };
  }

  /** The generated index of built-in modules (dist/modules/index.json). */
  index() {
    this.#index ??= readUrl(new URL('index.json', this.baseUrl), this.fetch)
      .then((bytes) => JSON.parse(new TextDecoder().decode(bytes)))
      .catch((cause) => {
        this.#index = null;
        throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `cannot read the module index at ${this.baseUrl.href}index.json: ${cause.message}`, { cause });
      });
    return this.#index;
  }

  /**
   * Bytes -> integrity -> compiled module, cached by sha256.
   * @param {{ name: string, sha256: string, url?: URL | string, file?: string, data?: Uint8Array }} source
   *   where the bytes come from: `data` itself, else `url` or `file` (relative to the base URL)
   */
  load(source) {
    const key = source.sha256?.toLowerCase();
    if (!key) return Promise.reject(new WasmodError(ErrorCode.INTEGRITY, `module ${source.name} has no sha256 to check its bytes against`));
    const cached = this.#compiled.get(key);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    this.stats.misses++;
    const loading = this.#compile(source, key);
    this.#compiled.set(key, loading);
    loading.catch(() => this.#compiled.delete(key));
    return loading;
  }

  async #compile(source, sha256) {
    let bytes = source.data;
    if (!bytes) {
      const url = source.url ? new URL(source.url, this.baseUrl) : new URL(source.file, this.baseUrl);
      try {
        bytes = await readUrl(url, this.fetch);
      } catch (cause) {
        throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `cannot read module ${source.name} from ${url.href}: ${cause.message}`, { module: source.name, cause });
      }
    }
    // The engine decodes and validates in the background while the bytes are hashed here;
    // the result is used only once the hash matches.
    const compiling = WebAssembly.compile(bytes).then((compiled) => ({ compiled }), (cause) => ({ cause }));
    const actual = await sha256Hex(bytes);
    if (actual !== sha256)
      throw new WasmodError(ErrorCode.INTEGRITY, `module ${source.name}: sha256 of its bytes is ${actual}, expected ${sha256}; refusing to run it`, { module: source.name });
    const { compiled, cause } = await compiling;
    if (cause)
      throw new WasmodError(ErrorCode.BAD_MODULE, `module ${source.name} is not valid WebAssembly (truncated or not a .wasm?): ${cause.message}`, { module: source.name, cause });
    return { compiled, memoryMinPages: memoryImportMinimum(bytes), bytes: bytes.length };
  }
}
