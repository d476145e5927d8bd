// The module ABI seen from JavaScript: one instance of a standalone wasmod
// .wasm, its manifest, and the generic call. See core/include/wasmod/abi.h.
import { declaredCapabilities } from './capabilities.js';
import { ErrorCode, WasmodError } from './errors.js';
import { FUEL_EXPORT, MAX_BUDGET } from './meter.js';

export const ABI_MAJOR = 1;
const PAGE = 65536;
const STATUS_NAMES = ['ok', 'invalid-input', 'bad-options', 'limit-exceeded', 'out-of-memory', 'unsupported', 'internal'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const NOTHING = new Uint8Array(0);
// Strings up to this many UTF-16 units are encoded straight into wasm memory
// (room for 3 bytes each); longer ones are measured first, so a 1 GB string
// never asks for 3 GB.
export const DIRECT_ENCODE_LIMIT = 16 << 20;

const VALUE_TYPE_NAMES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

/**
 * Reads a module's imports from its bytes (type and import sections): the
 * memory import's minimum page count (null when it imports no memory), so
 * that the memory we create is large enough, and its function imports with
 * their signatures, which WebAssembly.Module.imports() does not give.
 * @param {Uint8Array} bytes
 * @returns {{ memoryMinPages: number | null, functions: { module: string, name: string, params: string[], results: string[] }[] }}
 */
export function readImports(bytes) {
  let pos = 8; // after the magic number and version
  const byte = () => {
    if (pos >= bytes.length) throw new WasmodError(ErrorCode.BAD_MODULE, 'module file is truncated');
    return bytes[pos++];
  };
  const uleb = () => {
    let result = 0, shift = 0, b;
    do {
      b = byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  const name = () => {
    const len = uleb();
    if (pos + len > bytes.length) throw new WasmodError(ErrorCode.BAD_MODULE, 'module file is truncated');
    pos += len;
    return decoder.decode(bytes.subarray(pos - len, pos));
  };
  const limits = () => {
    const flags = byte();
    const min = uleb();
    if (flags & 1) uleb();
    return min;
  };
  const valueTypes = () => Array.from({ length: uleb() }, () => VALUE_TYPE_NAMES[byte()] ?? 'unknown');
  const types = [];
  const found = { memoryMinPages: null, functions: [] };
  while (pos < bytes.length) {
    const id = byte();
    const size = uleb();
    const end = pos + size;
    if (id === 1) {
      for (let count = uleb(); count > 0; count--) {
        if (byte() !== 0x60) throw new WasmodError(ErrorCode.BAD_MODULE, 'a type of its type section is not a function type');
        types.push({ params: valueTypes(), results: valueTypes() });
      }
    } else if (id === 2) {
      for (let count = uleb(); count > 0; count--) {
        const module = name();
        const field = name();
        const kind = byte();
        if (kind === 0) found.functions.push({ module, name: field, ...(types[uleb()] ?? { params: [], results: [] }) });
        else if (kind === 1) { byte(); limits(); } // table: element type, limits
        else if (kind === 2) found.memoryMinPages = limits();
        else if (kind === 3) { byte(); byte(); } // global: value type, mutability
        else throw new WasmodError(ErrorCode.BAD_MODULE, `unknown import kind ${kind}`);
      }
      return found;
    } else if (id > 2) {
      return found; // sections come in order: past the imports, there are none
    }
    pos = end;
  }
  return found;
}

/** The memory import's minimum page count (readImports), or null. */
export function memoryImportMinimum(bytes) {
  return readImports(bytes).memoryMinPages;
}

/**
 * What a module file says of itself, without running any op: its manifest,
 * ABI version, the host capabilities it declares and its imports (functions
 * with their signatures). Its host imports are given nothing: each answers
 * WM_HOST_DENIED. Throws E_BAD_MODULE / E_ABI as the loader would.
 * @param {Uint8Array} bytes
 * @returns {Promise<{ manifest: object, abi: [number, number], capabilities: string[], imports: { module: string, name: string, kind: string, params?: string[], results?: string[] }[] }>}
 */
export async function inspectModule(bytes) {
  let compiled;
  try {
    compiled = await WebAssembly.compile(bytes);
  } catch (cause) {
    throw new WasmodError(ErrorCode.BAD_MODULE, `not valid WebAssembly: ${cause.message}`, { cause });
  }
  const { memoryMinPages, functions } = readImports(bytes);
  const host = { imports: () => deniedImports(functions) };
  const instance = await ModuleInstance.create(compiled, { memoryMinPages, maxMemoryMb: 64, host });
  const abi = instance.exports.wm_abi_version() >>> 0;
  const imports = WebAssembly.Module.imports(compiled).map((i) => ({ ...i, ...functions.find((f) => f.module === i.module && f.name === i.name) }));
  return { manifest: instance.manifest, abi: [abi >>> 16, abi & 0xffff], capabilities: declaredCapabilities(compiled), imports };
}

const HOST_DENIED = 3; // host.h's WM_HOST_DENIED

/** Host imports that grant nothing: every one answers WM_HOST_DENIED (or zero). */
function deniedImports(functions) {
  const imports = {};
  for (const { module, name, results } of functions) {
    if (module === 'env') continue;
    imports[module] ??= {};
    imports[module][name] = () => (results[0] === 'i64' ? 0n : results[0] === 'i32' ? HOST_DENIED : 0);
  }
  return imports;
}

/** Checks what a module says of itself against what the registry said. */
export function checkManifest(descriptor, manifest) {
  if (manifest.name !== descriptor.name)
    throw new WasmodError(ErrorCode.BAD_MODULE, `module registered as '${descriptor.name}' calls itself '${manifest.name}'`, { module: descriptor.name });
  if (manifest.version !== descriptor.version)
    throw new WasmodError(ErrorCode.VERSION, `module '${descriptor.name}' was registered as version ${descriptor.version} but its manifest says ${manifest.version}`, { module: descriptor.name });
}

const GROW_AHEAD_MAX_PAGES = 256; // 16 MiB

/**
 * Called after the module has grown its memory: grows it again by half its
 * size (16 MiB at most), ahead of need. A module's allocator asks for just the
 * pages it lacks (Emscripten's standalone sbrk), and each grow costs the engine
 * about a millisecond: the first analyze of sqlite3.c grew the memory 2,488
 * times, 2.3 s of its 5.3. The last page is left to real demand, so that a
 * memory at its maximum still means the module asked for it all (see call()).
 */
function growAhead(memory, maximum) {
  const pages = memory.buffer.byteLength / PAGE;
  const target = Math.min(pages + Math.min(Math.ceil(pages / 2), GROW_AHEAD_MAX_PAGES), maximum - 1);
  try {
    if (target > pages) memory.grow(target - pages);
  } catch {
    // only ahead of need: the module asks again for what it lacks, and fails cleanly if it cannot have it
  }
}

/**
 * One instance of a wasmod module. Not thread-safe by nature: each worker
 * makes its own. `maxMemoryMb` caps the instance's linear memory: growing
 * past it fails inside the module, which answers E_MEMORY_LIMIT.
 */
export class ModuleInstance {
  /** Its link to the host capabilities it is granted (host.js), or null. */
  host = null;
  #opNames = new Map(); // op name -> its UTF-8 bytes
  #viewsOf = null;
  #bytes = null;
  #words = null;

  /**
   * @param {WebAssembly.Module} compiled
   * @param {{ memoryMinPages?: number | null, maxMemoryMb?: number, host?: import('./host.js').HostLink }} [options]
   *   host: the link to the host capabilities the module is granted
   */
  static async create(compiled, options) {
    const { memory, maximum, imports } = ModuleInstance.#memory(options);
    return ModuleInstance.#wrap(() => WebAssembly.instantiate(compiled, imports), memory, maximum, options?.host);
  }

  /** create() without a promise, for workers (browsers refuse it on their main thread). */
  static createSync(compiled, options) {
    const { memory, maximum, imports } = ModuleInstance.#memory(options);
    return ModuleInstance.#wrap(() => new WebAssembly.Instance(compiled, imports), memory, maximum, options?.host);
  }

  /** The memory's first and largest page counts; E_MEMORY_LIMIT when the cap is below the module's minimum. */
  static checkMemory({ memoryMinPages = null, maxMemoryMb = 256 } = {}) {
    const maximum = Math.max(1, Math.floor((maxMemoryMb * 1024 * 1024) / PAGE));
    const initial = memoryMinPages ?? 32;
    if (initial > maximum)
      throw new WasmodError(ErrorCode.MEMORY_LIMIT, `maxMemoryMb ${maxMemoryMb} is below this module's minimum of ${Math.ceil((initial * PAGE) / 2 ** 20)} MB`);
    return { initial, maximum };
  }

  // The memory, and the imports: the memory, and what the host link (host.js) grants, if any.
  static #memory(options) {
    const { initial, maximum } = ModuleInstance.checkMemory(options);
    const memory = new WebAssembly.Memory({ initial, maximum });
    const env = { memory, emscripten_notify_memory_growth: () => growAhead(memory, maximum) };
    return { memory, maximum, imports: { env, ...options?.host?.imports(memory) } };
  }

  // Instantiates (sync or async, as `instantiate` does) and wraps the instance.
  static #wrap(instantiate, memory, maximum, host = null) {
    const fail = (cause) => {
      throw new WasmodError(ErrorCode.BAD_MODULE, `cannot instantiate module: ${cause.message}`, { cause });
    };
    let instance;
    try {
      instance = instantiate();
    } catch (cause) {
      fail(cause);
    }
    const wrap = (i) => Object.assign(new ModuleInstance(i, memory, maximum), { host });
    if (instance instanceof Promise) return instance.then(wrap, fail);
    return wrap(instance);
  }

  constructor(instance, memory, maxPages = Infinity) {
    const ex = instance.exports;
    for (const name of ['wm_abi_version', 'wm_manifest', 'wm_alloc', 'wm_free', 'wm_call', 'wm_result_free']) {
      if (typeof ex[name] !== 'function')
        throw new WasmodError(ErrorCode.ABI, `not a wasmod module: it does not export ${name}`);
    }
    const abi = ex.wm_abi_version() >>> 0;
    if (abi >>> 16 !== ABI_MAJOR)
      throw new WasmodError(ErrorCode.ABI, `module speaks ABI ${abi >>> 16}.${abi & 0xffff}; this runtime speaks ${ABI_MAJOR}.x`);
    if (typeof ex._initialize === 'function') ex._initialize();
    this.exports = ex;
    this.memory = memory;
    /** The memory's maximum: growing past it fails inside the module. */
    this.maxPages = maxPages;
    this.peakPages = this.memoryPages;
    /** The UTF-8 size of the last call's input. */
    this.lastInputBytes = 0;
    /** Set when the instance trapped: its state can no longer be trusted. */
    this.broken = false;
    try {
      this.manifest = JSON.parse(decoder.decode(this.#takeResult(ex.wm_manifest()).output));
    } catch (cause) {
      throw new WasmodError(ErrorCode.BAD_MODULE, `module's manifest is unreadable: ${cause.message}`, { cause });
    }
  }

  get memoryPages() {
    return this.memory.buffer.byteLength / PAGE;
  }

  /** The fuel global of a metered module (meter.js), or undefined. */
  get #fuel() {
    return this.exports[FUEL_EXPORT];
  }

  /**
   * The generic call. Returns { status, output: Uint8Array, diagnostics: object[] }
   * (and budgetUsed, the units spent, when a budget is given to a metered
   * module); a non-ok status is returned, not thrown (the caller decides).
   * @param {string} op
   * @param {string | Uint8Array} input
   * @param {object | string} [options]
   * @param {number} [budget] units this call may spend (a metered module only)
   */
  call(op, input, options, budget) {
    if (this.broken) throw new WasmodError(ErrorCode.INTERNAL, 'module instance is broken by an earlier trap');
    const fuel = budget === undefined ? null : this.#fuel;
    if (budget !== undefined && !fuel) throw new WasmodError(ErrorCode.INTERNAL, 'a budget was given to a module that is not metered');
    const start = fuel ? (BigInt(budget) < MAX_BUDGET ? BigInt(budget) : MAX_BUDGET) : 0n;
    if (fuel) fuel.value = start;
    let result;
    let left;
    try {
      result = this.#call(op, input, options);
      left = fuel?.value;
    } catch (error) {
      if (fuel && fuel.value < 0n) throw new WasmodError(ErrorCode.BUDGET_EXCEEDED, `stopped after its budget of ${budget} units`, { cause: error });
      throw error;
    } finally {
      if (fuel && !this.broken) fuel.value = MAX_BUDGET;
    }
    if (!fuel) return result;
    // Straight code checks nothing (meter.js): a call can end past its budget, which is then found here.
    if (left < 0n) throw new WasmodError(ErrorCode.BUDGET_EXCEEDED, `spent more than its budget of ${budget} units`);
    result.budgetUsed = Number(start - left);
    return result;
  }

  #call(op, input, options) {
    const ex = this.exports;
    let opBytes = this.#opNames.get(op);
    if (!opBytes) this.#opNames.set(op, (opBytes = encoder.encode(op)));
    const optText = options === undefined ? '' : typeof options === 'string' ? options : JSON.stringify(options);
    const optBytes = optText === '' ? NOTHING : encoder.encode(optText);
    let inBytes = null;
    let inCapacity;
    if (typeof input === 'string') {
      if (input.length > DIRECT_ENCODE_LIMIT) inBytes = encoder.encode(input);
      inCapacity = inBytes ? inBytes.length : input.length * 3;
    } else if (input instanceof Uint8Array) {
      inBytes = input;
      inCapacity = input.length;
    } else {
      throw new WasmodError(ErrorCode.BAD_OPTIONS, 'input must be a string or a Uint8Array');
    }
    let ptr = 0;
    let result = 0;
    try {
      ptr = ex.wm_alloc(opBytes.length + optBytes.length + inCapacity) >>> 0;
      if (!ptr && !inBytes) {
        // Room for 3 bytes a unit did not fit: the exact size may.
        inBytes = encoder.encode(input);
        inCapacity = inBytes.length;
        ptr = ex.wm_alloc(opBytes.length + optBytes.length + inCapacity) >>> 0;
      }
      if (!ptr) throw new WasmodError(ErrorCode.MEMORY_LIMIT, `no room for ${inCapacity} bytes of input in the module's memory (its maximum is ${(this.maxPages * PAGE) / 2 ** 20} MiB: raise maxMemoryMb)`);
      const heap = this.#heap();
      heap.set(opBytes, ptr);
      heap.set(optBytes, ptr + opBytes.length);
      const inPtr = ptr + opBytes.length + optBytes.length;
      let inLength;
      if (inBytes) {
        heap.set(inBytes, inPtr);
        inLength = inBytes.length;
      } else {
        inLength = encoder.encodeInto(input, heap.subarray(inPtr, inPtr + inCapacity)).written;
      }
      this.lastInputBytes = inLength;
      result = ex.wm_call(ptr, opBytes.length, inPtr, inLength, ptr + opBytes.length, optBytes.length) >>> 0;
      return this.#readResult(result);
    } catch (error) {
      // A trap, or the engine's stack overflowing (a RangeError): either way the module's state is lost.
      if (error instanceof WebAssembly.RuntimeError || (error instanceof RangeError && /call stack/i.test(error.message))) {
        this.broken = true;
        result = ptr = 0; // memory may be corrupt: do not touch it again
        // A trap with the memory at its cap is most likely an allocation that could not be checked.
        const atCap = this.memoryPages >= this.maxPages;
        const cap = `with its memory at the cap (${(this.maxPages * PAGE) / 2 ** 20} MiB: raise maxMemoryMb)`;
        throw new WasmodError(atCap ? ErrorCode.MEMORY_LIMIT : ErrorCode.INTERNAL, `module trapped${atCap ? ` ${cap}` : ''}: ${error.message}`, { cause: error });
      }
      throw error;
    } finally {
      if (result) ex.wm_result_free(result);
      if (ptr) ex.wm_free(ptr);
      const pages = this.memoryPages;
      if (pages > this.peakPages) this.peakPages = pages;
    }
  }

  // Views of the memory, made again only when it grows (growing replaces its buffer).
  #heap() {
    if (this.#viewsOf !== this.memory.buffer) {
      this.#viewsOf = this.memory.buffer;
      this.#bytes = new Uint8Array(this.#viewsOf);
      this.#words = new DataView(this.#viewsOf);
    }
    return this.#bytes;
  }

  // A result is the module's word, checked like any input: a malformed one is E_BAD_MODULE.
  #readResult(ptr) {
    const heap = this.#heap();
    const view = this.#words;
    const malformed = (what) => new WasmodError(ErrorCode.BAD_MODULE, `module returned a malformed result: ${what}`);
    if (ptr === 0 || ptr + 20 > heap.length) throw malformed(`its address ${ptr} is outside the module's memory`);
    const status = view.getUint32(ptr, true);
    const outPtr = view.getUint32(ptr + 4, true);
    const outLen = view.getUint32(ptr + 8, true);
    const diagPtr = view.getUint32(ptr + 12, true);
    const diagLen = view.getUint32(ptr + 16, true);
    if (outPtr + outLen > heap.length) throw malformed(`its output (${outLen} bytes at ${outPtr}) is outside the module's memory`);
    if (diagPtr + diagLen > heap.length) throw malformed(`its diagnostics (${diagLen} bytes at ${diagPtr}) are outside the module's memory`);
    const output = heap.slice(outPtr, outPtr + outLen);
    const empty = diagLen === 2 && heap[diagPtr] === 0x5b && heap[diagPtr + 1] === 0x5d; // "[]", the common case
    let diagnostics = [];
    if (!empty) {
      try {
        diagnostics = JSON.parse(decoder.decode(heap.subarray(diagPtr, diagPtr + diagLen)));
      } catch (cause) {
        throw malformed(`its diagnostics are not JSON (${cause.message})`);
      }
      if (!Array.isArray(diagnostics)) throw malformed('its diagnostics are not a JSON array');
    }
    return { status: STATUS_NAMES[status] ?? 'internal', output, diagnostics };
  }

  #takeResult(ptr) {
    try {
      return this.#readResult(ptr);
    } finally {
      this.exports.wm_result_free(ptr);
    }
  }
}
