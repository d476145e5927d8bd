// Loader: module bytes (fetch in browsers, fs in Node) -> sha256 check ->
// WebAssembly.compile -> cache. The engine may decode and validate the bytes
// while they are hashed, but no compiled module leaves the loader, let alone
// runs, before its bytes match the sha256 the registry holds for them.
import * as platform from '#platform';
import { ErrorCode, WasmodError } from './errors.js';
import { METER_VERSION, meterModule } from './meter.js';
import { readImports } from './wasm-instance.js';

// (func (result v128) i32.const 0 i8x16.splat): valid only where wasm SIMD is.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);

/** True when this engine runs WebAssembly SIMD (simd128). */
export function simdSupported() {
  return typeof WebAssembly !== 'undefined' && WebAssembly.validate(SIMD_PROBE);
}

/** Hex sha256 of bytes: node:crypto in Node, WebCrypto in browsers. */
export const sha256Hex = platform.sha256Hex;

/** Why a response is not a module file, or null: an error status, or a page (a dev server's answer for a missing file). */
function notAModuleFile(response, url) {
  if (!response.ok) return `HTTP ${response.status} for ${url.href}`;
  const type = response.headers?.get?.('content-type') ?? '';
  if (/^text\/html\b/i.test(type)) return `got ${type.split(';')[0]} from ${url.href}, not a module file (a missing file answered with a page?)`;
  return null;
}

/**
 * The bytes at url (the file system for file: URLs in Node, fetch otherwise),
 * and, for a fetch served as application/wasm, the engine's streaming compile
 * of the same body, begun as it arrives (browsers cache its code for the next
 * visit). Failures are WasmodErrors: E_MODULE_NOT_FOUND when nothing could be
 * read, E_BAD_MODULE when what arrived is not a module file.
 */
async function fetchModule(url, customFetch, name) {
  if (url.protocol === 'file:' && !customFetch && platform.readFile) {
    try {
      return { bytes: platform.readFile(url) };
    } catch (cause) {
      throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `cannot read module ${name} from ${url.href}: ${cause.message}`, { module: name, cause });
    }
  }
  let response;
  try {
    response = await (customFetch ?? globalThis.fetch)(url.href);
  } catch (cause) {
    throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `cannot fetch module ${name} from ${url.href}: ${cause.message}`, { module: name, cause });
  }
  const wrong = notAModuleFile(response, url);
  if (wrong) throw new WasmodError(ErrorCode.BAD_MODULE, `module ${name}: ${wrong}`, { module: name });
  const streaming = typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/i.test(response.headers?.get?.('content-type') ?? '') && typeof response.clone === 'function';
  const compiling = streaming ? WebAssembly.compileStreaming(response.clone()) : null;
  compiling?.catch(() => {}); // judged after the hash (see #compile)
  return { bytes: new Uint8Array(await response.arrayBuffer()), compiling };
}

/** The bytes at url, for index.json. */
async function readUrl(url, customFetch) {
  if (url.protocol === 'file:' && !customFetch && platform.readFile) return platform.readFile(url);
  const response = await (customFetch ?? globalThis.fetch)(url.href);
  const wrong = notAModuleFile(response, url);
  if (wrong) throw new Error(wrong);
  return new Uint8Array(await response.arrayBuffer());
}

/** E_INTEGRITY unless the bytes' sha256 is the one expected. */
async function checkSha256(bytes, sha256, name) {
  const actual = await sha256Hex(bytes);
  if (actual !== sha256) throw new WasmodError(ErrorCode.INTEGRITY, `module ${name}: sha256 of its bytes is ${actual}, expected ${sha256}; refusing to run it`, { module: name });
}

/** A compile error, said plainly when it is the page's Content-Security-Policy that forbids WebAssembly. */
function compileError(name, cause) {
  if (/Content Security Policy|unsafe-eval|disallowed by embedder/i.test(cause.message))
    return new WasmodError(ErrorCode.UNSUPPORTED, `module ${name}: this page's Content-Security-Policy forbids compiling WebAssembly; add 'wasm-unsafe-eval' to its script-src (${cause.message})`, { module: name, cause });
  return new WasmodError(ErrorCode.BAD_MODULE, `module ${name} is not valid WebAssembly (truncated or not a .wasm?): ${cause.message}`, { module: name, cause });
}

/** What the loader tells of a module's imports: its memory's minimum, and its function imports with their types. */
function importsOf(bytes) {
  const { memoryMinPages, functions } = readImports(bytes);
  return { memoryMinPages, functionImports: functions };
}

/** A URL for where modules live: a URL, a path (Node), or a string URL; always ending in '/'. */
export function toBaseUrl(location) {
  if (location instanceof URL) return location.href.endsWith('/') ? location : new URL(`${location.href}/`);
  const text = String(location);
  const withSlash = text.endsWith('/') ? text : `${text}/`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(withSlash) && !/^[a-z]:[\\/]/i.test(withSlash)) return new URL(withSlash);
  if (platform.name === 'node' && withSlash.startsWith('/')) return new URL(`file://${withSlash.split('/').map(encodeURIComponent).join('/')}`);
  return new URL(withSlash, platform.baseLocation());
}

export class Loader {
  #compiled = new Map(); // sha256 -> Promise<{ compiled, memoryMinPages, functionImports }>
  #index = null;

  /**
   * @param {{ moduleUrl?: URL | string, fetch?: typeof fetch }} [options]
   *   moduleUrl: where built-in module files and their index.json are served
   *   from instead of the package (a CDN, a self-hosted copy)
   */
  constructor({ moduleUrl, fetch: customFetch } = {}) {
    this.baseUrl = moduleUrl === undefined ? null : toBaseUrl(moduleUrl);
    this.fetch = customFetch;
    this.stats = { hits: 0, misses: 0 };
  }

  /** The index of the modules at moduleUrl (its index.json). */
  index() {
    if (!this.baseUrl) return Promise.reject(new WasmodError(ErrorCode.MODULE_NOT_FOUND, 'no moduleUrl to read a module index from'));
    this.#index ??= readUrl(new URL('index.json', this.baseUrl), this.fetch)
      .then((bytes) => JSON.parse(new TextDecoder().decode(bytes)))
      .catch((cause) => {
        this.#index = null;
        throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `cannot read the module index at ${this.baseUrl.href}index.json: ${cause.message}`, { cause });
      });
    return this.#index;
  }

  /**
   * Bytes -> integrity -> compiled module, cached by sha256 (and, metered, by
   * the metering's version too: see meter.js).
   * @param {{ name: string, sha256: string, url?: URL | string, file?: string, data?: Uint8Array, metered?: object }} source
   *   where the bytes come from: `data` itself, else `url` or `file` (relative to the base URL);
   *   `metered`: the same as built metered ({ url, file, sha256, meterVersion }), when there is one
   * @param {{ metered?: boolean }} [options] metered: the module rewritten to take a CPU budget
   */
  load(source, { metered = false } = {}) {
    const sha256 = source.sha256?.toLowerCase();
    if (!sha256) return Promise.reject(new WasmodError(ErrorCode.INTEGRITY, `module ${source.name} has no sha256 to check its bytes against`));
    const key = metered ? `${sha256}:metered-${METER_VERSION}` : sha256;
    const cached = this.#compiled.get(key);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    this.stats.misses++;
    const loading = this.#compile(source, sha256, metered);
    this.#compiled.set(key, loading);
    loading.catch(() => this.#compiled.delete(key));
    return loading;
  }


  // A built-in's file is taken from moduleUrl when one is set; else from where it was found.
  #urlOf(source) {
    return this.baseUrl && source.file ? new URL(source.file, this.baseUrl) : new URL(source.url, this.baseUrl ?? platform.baseLocation());
  }

  async #compile(source, sha256, metered) {
    // Metered bytes made as the module was built (make-index.mjs) are loaded like any module,
    // checked against their own sha256 from the same index; else the original is rewritten here.
    if (metered && source.metered?.meterVersion === METER_VERSION) return this.#compile({ name: source.name, ...source.metered }, source.metered.sha256, false);
    if (metered) {
      // The bytes checked are the original ones; then rewritten, and only then compiled.
      const original = source.data ?? (await fetchModule(this.#urlOf(source), this.fetch, source.name)).bytes;
      await checkSha256(original, sha256, source.name);
      let rewritten;
      try {
        rewritten = meterModule(original);
      } catch (error) {
        throw Object.assign(error, { message: `module ${source.name}: ${error.message}`, module: source.name });
      }
      const compiled = await WebAssembly.compile(rewritten).catch((cause) => Promise.reject(compileError(source.name, cause)));
      return { compiled, ...importsOf(original), bytes: rewritten.length };
    }
    let bytes = source.data;
    let compiling = null;
    if (!bytes) ({ bytes, compiling } = await fetchModule(this.#urlOf(source), this.fetch, source.name));
    // The engine decodes and validates in the background while the bytes are hashed here;
    // the result is used only once the hash matches.
    const streamed = compiling !== null;
    compiling ??= WebAssembly.compile(bytes);
    const settled = compiling.then((compiled) => ({ compiled }), (cause) => ({ cause }));
    await checkSha256(bytes, sha256, source.name);
    let { compiled, cause } = await settled;
    // A streaming compile that failed for the response's sake (not the bytes') gets a second chance.
    if (cause && streamed) ({ compiled, cause } = await WebAssembly.compile(bytes).then((c) => ({ compiled: c }), (e) => ({ cause: e })));
    if (cause) throw compileError(source.name, cause);
    return { compiled, ...importsOf(bytes), bytes: bytes.length };
  }
}
