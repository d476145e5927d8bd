// The native engine: libwasmod as a Node-API addon (native/addon), built by
// scripts/build.sh into build/native/addon/wasmod.node when Node's headers are
// installed. Optional: when it is missing, loadNativeAddon() says why and the
// runtime goes on without it. Node only (import it dynamically from code that
// also runs in browsers).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ABI_MAJOR = 1;
const require = createRequire(import.meta.url);
const encoder = new TextEncoder();

/** Where scripts/build.sh puts the addon; WASMOD_NATIVE_ADDON overrides it. */
export const NATIVE_ADDON_PATH = fileURLToPath(new URL('../../build/native/addon/wasmod.node', import.meta.url));

/** libwasmod in this process: synchronous calls on the calling thread. */
export class NativeAddon {
  #binding;
  #manifests = null;

  constructor(binding, path) {
    this.#binding = binding;
    this.path = path;
  }

  /**
   * Runs `op` of the built-in `module`. Returns { status, output, diagnostics }
   * exactly as libwasmod made them: status 'ok', 'invalid-input', 'bad-options',
   * ...; output a Uint8Array; diagnostics the JSON text of the ABI. A module
   * that does not exist throws (code E_MODULE_NOT_FOUND).
   * @param {string} module
   * @param {string} op
   * @param {Uint8Array | string} input
   * @param {string | object} [options] JSON object text, or an object to serialize
   * @param {{ scalar?: boolean }} [flags] scalar: use the scalar scan kernels
   * @returns {{ status: string, output: Uint8Array, diagnostics: string }}
   */
  call(module, op, input, options = '', { scalar = false } = {}) {
    const bytes = typeof input === 'string' ? encoder.encode(input) : input;
    const text = typeof options === 'string' ? options : JSON.stringify(options);
    return this.#binding.call(module, op, bytes, text, scalar);
  }

  /** The manifests of the built-in modules (variant 'native'). */
  modules() {
    this.#manifests ??= this.#binding.modules().map((text) => JSON.parse(text));
    return this.#manifests;
  }
}

const loaded = new Map(); // path -> { addon, reason, path }

/**
 * Loads the addon at `path`. Returns { addon, reason, path }: `addon` is a
 * NativeAddon, or null when it cannot be loaded, and then `reason` says why.
 * @param {string} [path]
 * @returns {{ addon: NativeAddon | null, reason: string | null, path: string }}
 */
export function loadNativeAddon(path = process.env.WASMOD_NATIVE_ADDON || NATIVE_ADDON_PATH) {
  let entry = loaded.get(path);
  if (!entry) {
    entry = { addon: null, reason: null, path };
    if (!existsSync(path)) {
      entry.reason = `the native addon is not built: no ${path} (scripts/build.sh native builds it when Node's headers, node_api.h, are installed; see build/native/addon-build.log)`;
    } else {
      try {
        const binding = require(path);
        const abi = binding.abiVersion >>> 0;
        if (typeof binding.call !== 'function' || typeof binding.modules !== 'function') entry.reason = `${path} is not the wasmod addon`;
        else if (abi >>> 16 !== ABI_MAJOR) entry.reason = `the native addon speaks ABI ${abi >>> 16}.${abi & 0xffff}; this runtime speaks ${ABI_MAJOR}.x`;
        else entry.addon = new NativeAddon(binding, path);
      } catch (error) {
        entry.reason = `cannot load the native addon ${path}: ${error.message}`;
      }
    }
    loaded.set(path, entry);
  }
  return entry;
}
