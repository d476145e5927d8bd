// The engine chain: for one module version, the first engine of `engines`
// that can run it. WebAssembly variants fall through to the next engine when
// their bytes cannot be read, compiled or instantiated; a failed integrity,
// ABI or version check stops the chain (those bytes must not run, and an
// older engine would hide the problem).
import { nativeAddon } from '#platform';
import { checkImports } from './capabilities.js';
import { ErrorCode, WasmodError } from './errors.js';
import { linkFor } from './host.js';
import { simdSupported } from './loader.js';
import { ModuleInstance, checkManifest } from './wasm-instance.js';

const VARIANT_OF = { 'wasm-simd': 'simd', 'wasm-scalar': 'scalar' };
// These stop the chain: bytes that must not run, or a limit the caller set that
// another engine would not keep (the js engine has no memory cap).
const FATAL = new Set([ErrorCode.INTEGRITY, ErrorCode.ABI, ErrorCode.VERSION, ErrorCode.MEMORY_LIMIT, ErrorCode.PERMISSION]);
const NO_HOST_FUNCTIONS = { url: null, definitions: {} };
const encoder = new TextEncoder();


/** Why an engine cannot run anything here, or null when it may. */
export async function engineUnavailable(engine) {
  if (VARIANT_OF[engine] && typeof WebAssembly === 'undefined') return 'no WebAssembly here (Node started with --jitless?)';
  if (engine === 'wasm-simd' && !simdSupported()) return 'this WebAssembly engine has no SIMD (simd128)';
  if (engine === 'native') {
    const { addon: native, reason } = await nativeAddon();
    if (!native) return `skipped: ${reason}`;
  }
  return null;
}

/**
 * A wasm variant, compiled. Instantiated here to check its manifest, except
 * for a pool: its workers instantiate it and check the manifest against
 * `expect` (an instance made here would be dropped). A third-party module
 * then runs only in workers (`workersOnly`): code of unknown conduct starts
 * (its _initialize and manifest included) where a call's deadline can stop it.
 */
async function wasmTarget(engine, descriptor, { loader, maxMemoryMb, pooled, hostFunctions }) {
  const variant = descriptor.variants?.[VARIANT_OF[engine]];
  if (!variant) return { skip: `no ${VARIANT_OF[engine]} variant` };
  const start = performance.now();
  const { compiled, memoryMinPages, functionImports } = await loader.load({ name: descriptor.name, ...variant });
  // Before any instance: every import declared and granted (capabilities.js).
  checkImports(descriptor.name, compiled, functionImports, descriptor.grants, hostFunctions.definitions);
  const expect = pooled ? { name: descriptor.name, version: descriptor.version } : undefined;
  // What its instances are linked to (host.js), wherever they are made; the same bytes
  // registered under two names with two grants are two loads.
  const capabilities = descriptor.grants ? { module: descriptor.name, grants: descriptor.grants, functions: hostFunctions.url } : undefined;
  const key = `${variant.sha256}:${maxMemoryMb}${capabilities ? `:${descriptor.name}@${descriptor.version}` : ''}`;
  const load = { key, compiled, memoryMinPages, maxMemoryMb, expect, capabilities };
  // The same module metered (meter.js), made on the first call with a budget.
  const meter = async () => {
    const metered = await loader.load({ name: descriptor.name, ...variant }, { metered: true });
    return { load: { ...load, key: `${load.key}:metered`, compiled: metered.compiled }, instance: null };
  };
  if (expect) {
    ModuleInstance.checkMemory(load); // a cap below its minimum is refused here still
    return { engine, coldStartMs: performance.now() - start, manifest: null, instance: null, workersOnly: !descriptor.builtin, load, meter };
  }
  const instance = await ModuleInstance.create(compiled, { ...load, host: linkFor(load, hostFunctions.definitions) });
  checkManifest(descriptor, instance.manifest);
  return {
    engine,
    coldStartMs: performance.now() - start,
    manifest: instance.manifest,
    instance, // serves inline calls; a pool instantiates its own per worker
    load,
    meter,
  };
}

async function nativeTarget(descriptor) {
  if (!descriptor.builtin) return { skip: 'the native addon runs the built-in modules only' };
  const { addon: native } = await nativeAddon();
  const manifest = native.modules().find((m) => m.name === descriptor.name);
  if (!manifest) return { skip: `the native addon has no module '${descriptor.name}'` };
  checkManifest(descriptor, manifest);
  return {
    engine: 'native',
    coldStartMs: 0,
    manifest,
    invoke(op, input, options) {
      const bytes = typeof input === 'string' ? encoder.encode(input) : input;
      const r = native.call(descriptor.name, op, bytes, options);
      return { status: r.status, output: r.output, diagnostics: JSON.parse(r.diagnostics), bytesIn: bytes.length };
    },
  };
}

async function jsTarget(descriptor) {
  if (descriptor.name !== 'json') return { skip: 'the JavaScript baseline runs the json module only' };
  // It stands in for the built-in json only: a registered json that cannot run must say so, not be masked.
  if (!descriptor.builtin) return { skip: `the JavaScript baseline stands in for the built-in json, not for json ${descriptor.version}` };
  const { runJsonBaseline } = await import('./js-baseline.js'); // loaded only when it is the engine
  return {
    engine: 'js',
    coldStartMs: 0,
    invoke(op, input, options) {
      const bytes = typeof input === 'string' ? encoder.encode(input) : input;
      return { ...runJsonBaseline(op, bytes, options), bytesIn: bytes.length };
    },
  };
}

/**
 * The first engine of the chain that runs `descriptor`.
 * @returns {Promise<{ engine: string, coldStartMs: number, notes: string[], instance?: ModuleInstance, load?: object, invoke?: Function }>}
 */
export async function selectEngine(descriptor, { engines, loader, maxMemoryMb, pooled = false, hostFunctions = NO_HOST_FUNCTIONS }) {
  const notes = [];
  let badModule = false; // some engine had the module's bytes and they would not run
  for (const engine of engines) {
    const unavailable = await engineUnavailable(engine);
    if (unavailable) {
      notes.push(`${engine}: ${unavailable}`);
      continue;
    }
    let target;
    try {
      if (VARIANT_OF[engine]) target = await wasmTarget(engine, descriptor, { loader, maxMemoryMb, pooled, hostFunctions });
      else target = engine === 'native' ? await nativeTarget(descriptor) : await jsTarget(descriptor);
    } catch (error) {
      if (!(error instanceof WasmodError) || FATAL.has(error.code)) throw error; // a bug, or bytes that must not run
      notes.push(`${engine}: ${error.message}`);
      badModule ||= error.code === ErrorCode.BAD_MODULE;
      continue;
    }
    if (target.skip) {
      notes.push(`${engine}: ${target.skip}`);
      continue;
    }
    return { ...target, notes };
  }
  throw new WasmodError(badModule ? ErrorCode.BAD_MODULE : ErrorCode.MODULE_NOT_FOUND, `no engine of [${engines.join(', ')}] can run module '${descriptor.name}': ${notes.join('; ')}`, { module: descriptor.name });
}
