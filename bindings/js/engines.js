// The engine chain: for one module version, the first engine of `engines`
// that can run it, opened into the one interface every engine gives (see
// opened()). WebAssembly variants fall through to the next engine when their
// bytes cannot be read, compiled or instantiated; a failed integrity, ABI,
// version or permission check stops the chain (those bytes must not run, and
// an older engine would hide the problem).
import { meterBuiltins, nativeAddon } from '#platform';
import { checkImports } from './capabilities.js';
import { ErrorCode, WasmodError } from './errors.js';
import { linkFor } from './host.js';
import { simdSupported } from './loader.js';
import { ModuleInstance, checkManifest } from './wasm-instance.js';
import { WasmModule } from './wasm-module.js';

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
 * What every engine opens a module into: its facts ({ engine, name, version,
 * builtin, manifest, coldStartMs, grants }) and call(op, input, optionsText,
 * { budget, host }) -> { status, output, diagnostics, bytesIn, pages? } on this
 * thread (a promise of it the first time, for wasm). The wasm engines add what
 * lets a call run elsewhere or metered: `load` (what a pool's worker opens,
 * see wasm-module.js), `metered()`, and `workersOnly` for a module that must
 * start where a deadline can stop it.
 */
function opened(engine, descriptor, fields) {
  return Object.assign(fields, { engine, name: descriptor.name, version: descriptor.version, builtin: Boolean(descriptor.builtin), grants: descriptor.grants ?? null });
}

/**
 * A wasm variant, compiled. Instantiated here to check its manifest, except
 * for a pool: its workers instantiate it and check the manifest against
 * `expect` (an instance made here would be dropped). A third-party module
 * then runs only in workers (`workersOnly`): code of unknown conduct starts
 * (its _initialize and manifest included) where a call's deadline can stop it.
 */
async function openWasm(engine, descriptor, { loader, maxMemoryMb, pooled, hostFunctions }) {
  const variant = descriptor.variants?.[VARIANT_OF[engine]];
  if (!variant) return { skip: `no ${VARIANT_OF[engine]} variant` };
  const start = performance.now();
  // Metered from the start where inline calls get a budget by default (a browser window): a
  // built-in's one compile (of its bytes metered as built) then serves every call. A third-party
  // module opens plain, and is metered on its first call with a budget.
  const metered = meterBuiltins && Boolean(descriptor.builtin);
  // Bytes metered as built are the package's own; a registered module is always metered here.
  const source = { name: descriptor.name, ...variant, metered: descriptor.builtin ? variant.metered : undefined };
  const { compiled, memoryMinPages, functionImports } = await loader.load(source, { metered });
  // Before any instance: every import declared and granted (capabilities.js).
  checkImports(descriptor.name, compiled, functionImports, descriptor.grants, hostFunctions.definitions);
  const expect = pooled ? { name: descriptor.name, version: descriptor.version } : undefined;
  // What its instances are linked to (host.js), wherever they are made; the same bytes
  // registered under two names with two grants are two loads.
  const capabilities = descriptor.grants ? { module: descriptor.name, grants: descriptor.grants, functions: hostFunctions.url } : undefined;
  const key = `${variant.sha256}:${maxMemoryMb}${capabilities ? `:${descriptor.name}@${descriptor.version}` : ''}${metered ? ':metered' : ''}`;
  const load = { key, compiled, memoryMinPages, maxMemoryMb, expect, capabilities, metered, builtin: Boolean(descriptor.builtin) };
  // The same module metered (meter.js), made on the first call with a budget.
  const meter = async () => {
    const rewritten = await loader.load(source, { metered: true });
    return { ...load, key: `${load.key}:metered`, compiled: rewritten.compiled, metered: true };
  };
  let instance = null;
  if (expect) {
    ModuleInstance.checkMemory(load); // a cap below its minimum is refused here still
  } else {
    instance = await ModuleInstance.create(compiled, { ...load, host: linkFor(load, hostFunctions.definitions) });
    checkManifest(descriptor, instance.manifest);
  }
  const module = new WasmModule(load, { definitions: hostFunctions.definitions, instance, meter });
  return opened(engine, descriptor, Object.assign(module, { manifest: instance?.manifest ?? null, coldStartMs: performance.now() - start, workersOnly: Boolean(expect) && !descriptor.builtin }));
}

/** Input bytes for the engines that take bytes only. */
const bytesOf = (input) => (typeof input === 'string' ? encoder.encode(input) : input);

async function openNative(descriptor) {
  if (!descriptor.builtin) return { skip: 'the native addon runs the built-in modules only' };
  const { addon: native } = await nativeAddon();
  const manifest = native.modules().find((m) => m.name === descriptor.name);
  if (!manifest) return { skip: `the native addon has no module '${descriptor.name}'` };
  checkManifest(descriptor, manifest);
  return opened('native', descriptor, {
    manifest,
    coldStartMs: 0,
    call(op, input, options) {
      const bytes = bytesOf(input);
      const r = native.call(descriptor.name, op, bytes, options);
      return { status: r.status, output: r.output, diagnostics: JSON.parse(r.diagnostics), bytesIn: bytes.length };
    },
    close() {},
  });
}

async function openJs(descriptor) {
  if (descriptor.name !== 'json') return { skip: 'the JavaScript baseline runs the json module only' };
  // It stands in for the built-in json only: a registered json that cannot run must say so, not be masked.
  if (!descriptor.builtin) return { skip: `the JavaScript baseline stands in for the built-in json, not for json ${descriptor.version}` };
  const { runJsonBaseline } = await import('./js-baseline.js'); // loaded only when it is the engine
  return opened('js', descriptor, {
    manifest: null,
    coldStartMs: 0,
    call(op, input, options) {
      const bytes = bytesOf(input);
      return { ...runJsonBaseline(op, bytes, options), bytesIn: bytes.length };
    },
    close() {},
  });
}

/**
 * `descriptor` opened on the first engine of the chain that runs it (see
 * opened() for what it gives), with `notes` on the engines passed over.
 */
export async function openModule(descriptor, { engines, loader, maxMemoryMb, pooled = false, hostFunctions = NO_HOST_FUNCTIONS }) {
  const notes = [];
  let badModule = false; // some engine had the module's bytes and they would not run
  for (const engine of engines) {
    const unavailable = await engineUnavailable(engine);
    if (unavailable) {
      notes.push(`${engine}: ${unavailable}`);
      continue;
    }
    let module;
    try {
      if (VARIANT_OF[engine]) module = await openWasm(engine, descriptor, { loader, maxMemoryMb, pooled, hostFunctions });
      else module = engine === 'native' ? await openNative(descriptor) : await openJs(descriptor);
    } catch (error) {
      if (!(error instanceof WasmodError) || FATAL.has(error.code)) throw error; // a bug, or bytes that must not run
      notes.push(`${engine}: ${error.message}`);
      badModule ||= error.code === ErrorCode.BAD_MODULE;
      continue;
    }
    if (module.skip) {
      notes.push(`${engine}: ${module.skip}`);
      continue;
    }
    return Object.assign(module, { notes });
  }
  throw new WasmodError(badModule ? ErrorCode.BAD_MODULE : ErrorCode.MODULE_NOT_FOUND, `no engine of [${engines.join(', ')}] can run module '${descriptor.name}': ${notes.join('; ')}`, { module: descriptor.name });
}
