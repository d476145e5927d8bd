// The host side of core/include/wasmod/host.h: the functions an instance of a
// module granted capabilities imports, and the session of one call they
// work in. The same code serves inline calls and workers: a call brings the
// keys it named and their values as read before it (its snapshot); the
// module's writes stay in the session and leave with the result, to be
// committed by the runtime only if the call succeeds.
import { BYTES_SIGNATURE, MAX_KEY_BYTES, appSignature, prefixNamed } from './capabilities.js';
import { ErrorCode, WasmodError } from './errors.js';

// host.h's wm_host_status.
const OK = 0, NOT_FOUND = 1, TOO_SMALL = 2, DENIED = 3, INVALID = 4, TOO_LARGE = 5, FAILED = 6;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const MAX_RANDOM = 65536;
/** One value, and everything one call may write. */
const MAX_VALUE_BYTES = 1 << 20;
const MAX_CALL_WRITE_BYTES = 64 << 20;
const MAX_CALL_WRITES = 10000;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const toBytes = (value) => (typeof value === 'string' ? encoder.encode(value) : value);

/** Byte order of UTF-8 (code point order), which JavaScript's < on UTF-16 is not. */
function byUtf8(a, b) {
  const x = encoder.encode(a), y = encoder.encode(b);
  for (let i = 0; i < x.length && i < y.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * What one call may touch and what it did.
 * @param {{ exact: string[], prefixes: string[], write: boolean } | null} scope the keys the call named
 * @param {[string, Uint8Array][]} snapshot their values before the call
 */
function newSession(scope, snapshot = []) {
  return { scope, exact: new Set(scope?.exact ?? []), values: new Map(snapshot), writes: new Map(), writeBytes: 0, logs: [], denied: [], failure: null, appAnswer: null };
}

/**
 * The links of one instance to its host: the import object it is given, and
 * the session of the call it is running (null between calls: keys are then
 * out of reach).
 */
export class HostLink {
  session = null;
  #memory = null;

  /**
   * @param {string} module its name, for messages
   * @param {ReturnType<import('./capabilities.js').checkGrants>} grants
   * @param {Record<string, { fn: Function }>} functions the app's host functions (those granted are linked)
   */
  constructor(module, grants, functions = {}) {
    Object.assign(this, { module, grants, functions });
  }

  /** The import objects for an instance whose memory is `memory`: only what is granted. */
  imports(memory) {
    this.#memory = memory;
    const g = this.grants;
    const wasmod = {};
    if (g.log) wasmod.log = (level, ptr, len) => this.#log(level, ptr, len);
    if (g.clock) wasmod.clock = (which, ptr) => this.#clock(which, ptr);
    if (g.random) wasmod.random = (ptr, len) => this.#random(ptr, len);
    if (g.config) wasmod.config_get = (k, kl, buf, cap, lenPtr) => this.#config(k, kl, buf, cap, lenPtr);
    if (g.kv) {
      wasmod.kv_get = (k, kl, buf, cap, lenPtr) => this.#kvGet(k, kl, buf, cap, lenPtr);
      wasmod.kv_set = (k, kl, v, vl) => this.#kvSet(k, kl, v, vl);
      wasmod.kv_delete = (k, kl) => this.#kvSet(k, kl, 0, 0, true);
      wasmod.kv_list = (p, pl, buf, cap, lenPtr) => this.#kvList(p, pl, buf, cap, lenPtr);
    }
    const app = {};
    for (const name of g.functions) {
      const definition = this.functions[name];
      if (definition) app[name] = this.#appFunction(name, definition);
    }
    return { wasmod, app };
  }

  // ---- memory access: every pointer is the module's word, checked ----

  #heap() {
    return new Uint8Array(this.#memory.buffer);
  }

  #range(ptr, len) {
    ptr >>>= 0;
    len >>>= 0;
    return ptr + len <= this.#memory.buffer.byteLength ? this.#heap().subarray(ptr, ptr + len) : null;
  }

  #text(ptr, len) {
    const bytes = len > MAX_KEY_BYTES ? null : this.#range(ptr, len);
    if (!bytes) return null;
    try {
      const text = strictDecoder.decode(bytes);
      return text.includes('\0') ? null : text;
    } catch {
      return null; // not UTF-8
    }
  }

  /** Writes `value` to (buf, cap) and its length to *lenPtr; TOO_SMALL when it does not fit. */
  #answer(value, buf, cap, lenPtr) {
    const lenField = this.#range(lenPtr, 4);
    if (!lenField) return INVALID;
    new DataView(this.#memory.buffer).setUint32(lenPtr >>> 0, value.length, true);
    if (value.length > cap >>> 0) return TOO_SMALL;
    const out = this.#range(buf, value.length);
    if (!out) return INVALID;
    out.set(value);
    return OK;
  }

  #deny(what) {
    this.session?.denied.push(what);
    return DENIED;
  }

  // ---- the capabilities ----

  #log(level, ptr, len) {
    const message = this.#range(ptr, len);
    if (!message || !(level >= 0 && level < LOG_LEVELS.length)) return INVALID;
    if (level < LOG_LEVELS.indexOf(this.grants.log)) return OK;
    const entry = { level: LOG_LEVELS[level], message: new TextDecoder().decode(message) };
    if (this.session) this.session.logs.push(entry);
    return OK;
  }

  #clock(which, ptr) {
    if (!this.#range(ptr, 8)) return INVALID;
    let ns;
    if (which === 0) ns = BigInt(Math.round(performance.now() * 1e6));
    else if (which === 1) ns = BigInt(Date.now()) * 1000000n;
    else return INVALID;
    new DataView(this.#memory.buffer).setBigUint64(ptr >>> 0, ns, true);
    return OK;
  }

  #random(ptr, len) {
    if (len >>> 0 > MAX_RANDOM) return INVALID;
    const out = this.#range(ptr, len);
    if (!out) return INVALID;
    crypto.getRandomValues(out);
    return OK;
  }

  #config(keyPtr, keyLen, buf, cap, lenPtr) {
    const key = this.#text(keyPtr, keyLen);
    if (key === null) return INVALID;
    if (!Object.hasOwn(this.grants.config, key)) return NOT_FOUND;
    return this.#answer(toBytes(this.grants.config[key]), buf, cap, lenPtr);
  }

  #named(key) {
    const s = this.session;
    return Boolean(s?.scope) && (s.exact.has(key) || s.scope.prefixes.some((p) => key.startsWith(p)));
  }

  #kvGet(keyPtr, keyLen, buf, cap, lenPtr) {
    const key = this.#text(keyPtr, keyLen);
    if (key === null) return INVALID;
    if (!this.#named(key)) return this.#deny(`read of key ${JSON.stringify(key)}, which the call did not name`);
    const s = this.session;
    const value = s.writes.has(key) ? s.writes.get(key) : s.values.get(key);
    return value ? this.#answer(value, buf, cap, lenPtr) : NOT_FOUND;
  }

  #kvSet(keyPtr, keyLen, valuePtr, valueLen, remove = false) {
    const key = this.#text(keyPtr, keyLen);
    if (key === null) return INVALID;
    if (!this.#named(key)) return this.#deny(`write of key ${JSON.stringify(key)}, which the call did not name`);
    const s = this.session;
    if (!s.scope.write) return this.#deny(`write of key ${JSON.stringify(key)} without write permission`);
    if (valueLen >>> 0 > MAX_VALUE_BYTES) return TOO_LARGE;
    const value = remove ? null : this.#range(valuePtr, valueLen);
    if (!remove && !value) return INVALID;
    const size = key.length + (value?.length ?? 0);
    if (s.writes.size >= MAX_CALL_WRITES || s.writeBytes + size > MAX_CALL_WRITE_BYTES) return TOO_LARGE;
    s.writes.set(key, value ? value.slice() : null);
    s.writeBytes += size;
    return OK;
  }

  #kvList(prefixPtr, prefixLen, buf, cap, lenPtr) {
    const prefix = this.#text(prefixPtr, prefixLen);
    if (prefix === null) return INVALID;
    const s = this.session;
    if (!s?.scope || !prefixNamed(s.scope, prefix)) return this.#deny(`list of prefix ${JSON.stringify(prefix)}, which the call did not name as '${prefix}*'`);
    const keys = new Set();
    for (const [key, value] of s.values) if (key.startsWith(prefix) && value) keys.add(key);
    for (const [key, value] of s.writes) if (key.startsWith(prefix)) value ? keys.add(key) : keys.delete(key);
    const list = encoder.encode([...keys].sort(byUtf8).map((k) => `${k}\0`).join(''));
    return this.#answer(list, buf, cap, lenPtr);
  }

  // An app function. 'bytes': input bytes in, answer out (asked again with a larger buffer on
  // TOO_SMALL: the answer is kept for that). Numbers: called as they are. Either way, one that
  // throws fails the call (E_HOST) without unwinding through the module, which stays usable.
  #appFunction(name, definition) {
    const signature = appSignature(name, definition);
    if (signature !== BYTES_SIGNATURE) {
      return (...args) => {
        try {
          return definition.fn(...args);
        } catch (error) {
          if (this.session) this.session.failure ??= { name, error };
          return signature.results[0] === 'i64' ? 0n : 0;
        }
      };
    }
    return (inPtr, inLen, out, cap, lenPtr) => {
      const input = this.#range(inPtr, inLen);
      if (!input) return INVALID;
      const s = this.session;
      let answer = s?.appAnswer?.name === name && equalBytes(s.appAnswer.input, input) ? s.appAnswer.output : null;
      if (!answer) {
        try {
          answer = toBytes(definition.fn(input.slice()));
          if (!(answer instanceof Uint8Array)) throw new TypeError(`returned ${typeof answer}, not a string or a Uint8Array`);
        } catch (error) {
          if (s) s.failure ??= { name, error };
          return FAILED;
        }
      }
      const status = this.#answer(answer, out, cap, lenPtr);
      if (s) s.appAnswer = status === TOO_SMALL ? { name, input: input.slice(), output: answer } : null;
      return status;
    };
  }
}

function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs `run` (one call of the instance behind `link`) in a session for the
 * call's keys and their values (`call`: { scope, snapshot }, or undefined for
 * a call that names none), and returns its result with what the call did
 * beside it: result.host = { writes, logs, denied, failure }.
 */
export function inSession(link, call, run) {
  const session = newSession(call?.scope ?? null, call?.snapshot);
  link.session = session;
  let result;
  try {
    result = run();
  } finally {
    link.session = null;
  }
  const failure = session.failure && { name: session.failure.name, message: String(session.failure.error?.message ?? session.failure.error) };
  result.host = { writes: [...session.writes], logs: session.logs, denied: session.denied, failure };
  return result;
}

/** The link for an instance of `load` (engines.js), or null when it is granted nothing. */
export function linkFor(load, definitions) {
  return load.capabilities ? new HostLink(load.capabilities.module, load.capabilities.grants, definitions) : null;
}

/**
 * The app's host functions (runtime option hostFunctions): { url, definitions }.
 * A module URL (or path) is imported here, and by each worker of a pool; an
 * object of definitions serves inline calls only.
 */
export async function loadHostFunctions(option, baseLocation) {
  if (option === undefined) return { url: null, definitions: {} };
  if (option && typeof option === 'object' && !(option instanceof URL)) return { url: null, definitions: option };
  const url = new URL(String(option), baseLocation).href;
  try {
    return { url, definitions: await importHostFunctions(url) };
  } catch (cause) {
    throw new WasmodError(ErrorCode.HOST, `cannot import the host functions at ${url}: ${cause.message}`, { cause });
  }
}

/** The definitions a host functions module exports (its default export, or its named ones). */
export async function importHostFunctions(url) {
  const exported = await import(/* webpackIgnore: true */ /* @vite-ignore */ url);
  return exported.default ?? { ...exported };
}
