// wasmod: the package's public API. createRuntime() and the Runtime class know
// every built-in module (dist/modules/catalog.js); the convenience functions
// bring only their own family's (json.js, code.js: also the entries
// 'wasmod/json' and 'wasmod/code'). With the package's "sideEffects": false,
// webpack and esbuild leave out of a page what it does not use, a family's
// .wasm included; Vite and Rollup copy the .wasm of every module they read,
// used or not, so there a page that only formats JSON imports 'wasmod/json'.
import catalog from '../../dist/modules/catalog.js';
import { Runtime as RuntimeCore, makeRuntime, sharedRuntime } from './runtime.js';

export { ErrorCode, WasmodError } from './errors.js';
export { Registry, parseModuleSpec } from './registry.js';
export { satisfies, parseRange, parseVersion, compareVersions } from './semver.js';
export { sha256Hex, simdSupported } from './loader.js';
export { inspectModule } from './wasm-instance.js';
export { formatJson, jsonStats, minifyJson, queryJson, formatNdjson, validateJson, validateNdjson } from './json.js';
export { analyzeCode, codeLanguageOf, codeLanguages, outlineCode, queryCode, validateCode } from './code.js';

/** A runtime: resolve a module, open it on an engine, run calls inline or on workers. */
export class Runtime extends RuntimeCore {
  /** @param {import('../../types/runtime.js').RuntimeOptions} [options] */
  constructor(options) {
    super(options, catalog);
  }
}

/** A runtime with its `preload` modules loaded. */
export function createRuntime(options) {
  return makeRuntime(options, catalog);
}

/** The runtime behind the convenience functions. */
export function getDefaultRuntime() {
  return sharedRuntime(catalog);
}
