// Host capabilities (core/include/wasmod/host.h): what a registration grants
// a module, and the check that runs before any instance of it exists: every
// import must be one the module declares (its "wasmod.capabilities" section)
// and its registration grants. Nothing else is linked.
import { ErrorCode, WasmodError } from './errors.js';

/** The capability each `wasmod` import belongs to. */
const CAPABILITY_OF = {
  log: 'log',
  clock: 'clock',
  random: 'random',
  config_get: 'config',
  kv_get: 'kv',
  kv_set: 'kv',
  kv_delete: 'kv',
  kv_list: 'kv',
};
/** What every module may import: its memory and the note that it grew. */
const ALWAYS = new Set(['env.memory', 'env.emscripten_notify_memory_growth']);
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const VALUE_TYPES = new Set(['i32', 'i64', 'f32', 'f64']);
/** The wasm signature of an app function of signature 'bytes' (host.h, WM_APP_FUNCTION). */
export const BYTES_SIGNATURE = { params: ['i32', 'i32', 'i32', 'i32', 'i32'], results: ['i32'] };
/** The custom section a module's build writes its declared capabilities into. */
const CAPABILITIES_SECTION = 'wasmod.capabilities';
export const MAX_KEY_BYTES = 1024;
/** Keys (or prefixes) one call may name. */
const MAX_CALL_KEYS = 1000;

const encoder = new TextEncoder();

function bad(name, message) {
  return new WasmodError(ErrorCode.BAD_OPTIONS, `register(): '${name}': ${message}`, { module: name });
}

function denied(name, message, op) {
  return new WasmodError(ErrorCode.PERMISSION, `${op ? `${name}.${op}` : `module ${name}`}: ${message}`, { module: name, op });
}

/** Why `key` cannot be a key (text, no NUL, at most MAX_KEY_BYTES of UTF-8), or null. */
export function keyProblem(key) {
  if (typeof key !== 'string') return `a key is a string, got ${typeof key}`;
  if (key.includes('\0')) return 'a key has no NUL character';
  if (!key.isWellFormed()) return 'a key is text (it has a lone surrogate)';
  if (encoder.encode(key).length > MAX_KEY_BYTES) return `a key is at most ${MAX_KEY_BYTES} bytes of UTF-8`;
  return null;
}

/**
 * A registration's grants, checked and made plain data (they cross to workers).
 * @param {string} name the module's name, for messages
 * @param {object} [grants] { log?: level | true, clock?: true, random?: true,
 *   config?: { key: string }, kv?: { keys: string[], write?: boolean }, functions?: string[] }
 */
export function checkGrants(name, grants) {
  if (grants === undefined || grants === null) return null;
  if (grants === null || typeof grants !== 'object') throw bad(name, 'grants must be an object');
  const known = new Set(['log', 'clock', 'random', 'config', 'kv', 'functions']);
  for (const key of Object.keys(grants)) if (!known.has(key)) throw bad(name, `unknown grant '${key}' (known: ${[...known].join(', ')})`);
  const out = { log: null, clock: false, random: false, config: null, kv: null, functions: [] };
  if (grants.log !== undefined && grants.log !== false) {
    const level = grants.log === true ? 'debug' : grants.log;
    if (!LOG_LEVELS.includes(level)) throw bad(name, `grant log is true or a level (${LOG_LEVELS.join(', ')}), got ${JSON.stringify(grants.log)}`);
    out.log = level;
  }
  for (const flag of ['clock', 'random']) {
    if (grants[flag] !== undefined && typeof grants[flag] !== 'boolean') throw bad(name, `grant ${flag} is true or false`);
    out[flag] = grants[flag] === true;
  }
  if (grants.config !== undefined) {
    if (grants.config === null || typeof grants.config !== 'object' || Array.isArray(grants.config)) throw bad(name, 'grant config is an object of strings');
    out.config = {};
    for (const [key, value] of Object.entries(grants.config)) {
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) throw bad(name, `config value '${key}' must be a string or a Uint8Array`);
      out.config[key] = value;
    }
  }
  if (grants.kv !== undefined) {
    const { keys, write = false, ...rest } = grants.kv ?? {};
    if (Object.keys(rest).length) throw bad(name, `unknown kv grant '${Object.keys(rest)[0]}' (known: keys, write)`);
    if (!Array.isArray(keys) || !keys.length) throw bad(name, "grant kv needs keys: the key patterns it may touch ('user:*')");
    for (const pattern of keys) {
      const problem = keyProblem(pattern);
      if (problem) throw bad(name, `grant kv: ${problem}`);
    }
    if (typeof write !== 'boolean') throw bad(name, 'grant kv.write is true or false');
    out.kv = { keys: [...keys], write };
  }
  if (grants.functions !== undefined) {
    // The names a module's build accepts after 'app:' (cmake/wasmod_module.cmake).
    if (!Array.isArray(grants.functions) || !grants.functions.every((f) => typeof f === 'string' && /^[A-Za-z0-9_.-]+$/.test(f)))
      throw bad(name, 'grant functions is an array of app function names (letters, digits, _ . -)');
    out.functions = [...grants.functions];
  }
  return out;
}

/** Whether `grants` give `capability` ('kv', 'app:upper'). */
function granted(grants, capability) {
  if (!grants) return false;
  if (capability.startsWith('app:')) return grants.functions.includes(capability.slice(4));
  return capability === 'config' ? grants.config !== null : capability === 'log' ? grants.log !== null : capability === 'kv' ? grants.kv !== null : grants[capability] === true;
}

/** The capabilities a compiled module declares (its custom section), [] when none. */
export function declaredCapabilities(compiled) {
  const sections = WebAssembly.Module.customSections(compiled, CAPABILITIES_SECTION);
  if (!sections.length) return [];
  return new TextDecoder().decode(sections[0]).replace(/\0+$/, '').split(' ').filter(Boolean);
}

/** 'i32,i32->i32' for messages. */
const signatureText = ({ params, results }) => `(${params.join(', ')}) -> (${results.join(', ')})`;
const sameSignature = (a, b) => a.params.join() === b.params.join() && a.results.join() === b.results.join();

/** An app function definition's wasm signature, checked. */
export function appSignature(name, definition) {
  if (definition === null || typeof definition !== 'object' || typeof definition.fn !== 'function')
    throw new WasmodError(ErrorCode.BAD_OPTIONS, `host function '${name}' must be { fn, signature?: 'bytes' } or { fn, params, results }`);
  if (definition.params === undefined && definition.results === undefined) {
    if (definition.signature !== undefined && definition.signature !== 'bytes') throw new WasmodError(ErrorCode.BAD_OPTIONS, `host function '${name}': signature is 'bytes', or give params and results`);
    return BYTES_SIGNATURE;
  }
  const types = (list, what) => {
    if (!Array.isArray(list) || !list.every((t) => VALUE_TYPES.has(t))) throw new WasmodError(ErrorCode.BAD_OPTIONS, `host function '${name}': ${what} is an array of 'i32', 'i64', 'f32', 'f64'`);
    return [...list];
  };
  const results = types(definition.results ?? [], 'results');
  if (results.length > 1) throw new WasmodError(ErrorCode.BAD_OPTIONS, `host function '${name}' returns at most one value`);
  return { params: types(definition.params ?? [], 'params'), results };
}

/**
 * Refuses (E_PERMISSION, naming the import) a module that imports anything
 * it does not declare or is not granted, before any instance of it exists.
 * @param {string} name
 * @param {WebAssembly.Module} compiled
 * @param {{ module: string, name: string, params?: string[], results?: string[] }[]} imports its function imports with their types (wasm-instance.js)
 * @param {ReturnType<typeof checkGrants>} grants
 * @param {Record<string, object> | null} functions the app's host function definitions, when known here
 * @returns {string[]} the capabilities it declares
 */
export function checkImports(name, compiled, imports, grants, functions) {
  const declared = declaredCapabilities(compiled);
  for (const imp of WebAssembly.Module.imports(compiled)) {
    const full = `${imp.module}.${imp.name}`;
    if (ALWAYS.has(full)) continue;
    const capability = imp.module === 'wasmod' ? CAPABILITY_OF[imp.name] : imp.module === 'app' ? `app:${imp.name}` : undefined;
    if (!capability || imp.kind !== 'function') throw denied(name, `imports ${full}, which no host capability provides`);
    if (!declared.includes(capability)) throw denied(name, `imports ${full} but does not declare the capability '${capability}' (wasmod_add_module CAPABILITIES)`);
    if (!granted(grants, capability)) throw denied(name, `imports ${full} (capability '${capability}'), which its registration does not grant`);
    if (capability.startsWith('app:') && functions) {
      const definition = functions[imp.name];
      if (!definition) throw denied(name, `imports ${full}, but the runtime has no host function '${imp.name}' (option hostFunctions)`);
      const actual = imports.find((i) => i.module === imp.module && i.name === imp.name);
      const wanted = appSignature(imp.name, definition);
      if (actual && !sameSignature(actual, wanted))
        throw denied(name, `imports ${full} as ${signatureText(actual)}, but the host function is declared ${signatureText(wanted)}`);
    }
  }
  return declared;
}

// ---- Key patterns ----------------------------------------------------------

/** A grant's glob ('user:*', '*' any run of characters) as a test. */
function globTest(glob) {
  const source = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  const re = new RegExp(`^${source}$`, 's');
  return (key) => re.test(key);
}

/**
 * The keys a call names (exact keys, or prefixes written 'prefix*'), checked
 * against its module's kv grant: E_PERMISSION for one outside it.
 * @returns {{ exact: string[], prefixes: string[], write: boolean }}
 */
export function callKeys(name, op, keys, kvGrant) {
  const where = `${name}.${op}`;
  if (!Array.isArray(keys)) throw new WasmodError(ErrorCode.BAD_OPTIONS, `${where}: keys must be an array of keys`, { module: name, op });
  if (keys.length > MAX_CALL_KEYS) throw new WasmodError(ErrorCode.LIMIT_EXCEEDED, `${where}: a call names at most ${MAX_CALL_KEYS} keys, got ${keys.length}`, { module: name, op });
  const tests = kvGrant.keys.map(globTest);
  const exact = [];
  const prefixes = [];
  for (const key of keys) {
    const problem = keyProblem(key);
    if (problem) throw new WasmodError(ErrorCode.BAD_OPTIONS, `${where}: ${problem}: ${JSON.stringify(key)}`, { module: name, op });
    const prefix = key.endsWith('*') ? key.slice(0, -1) : null;
    if (prefix !== null && prefix.includes('*')) throw new WasmodError(ErrorCode.BAD_OPTIONS, `${where}: a call names keys, or prefixes as 'prefix*' (one '*', at the end): ${JSON.stringify(key)}`, { module: name, op });
    // A prefix is inside the grant when a grant pattern 'p*' (no other '*') starts it.
    const inside = prefix === null
      ? tests.some((test) => test(key))
      : kvGrant.keys.some((g) => g.endsWith('*') && !g.slice(0, -1).includes('*') && prefix.startsWith(g.slice(0, -1)));
    if (!inside) throw denied(name, `key ${JSON.stringify(key)} is outside the keys its registration grants (${kvGrant.keys.join(', ')})`, op);
    (prefix === null ? exact : prefixes).push(prefix ?? key);
  }
  return { exact, prefixes, write: kvGrant.write };
}

/** Whether a call's keys cover listing `prefix`. */
export function prefixNamed(scope, prefix) {
  return scope.prefixes.some((p) => prefix.startsWith(p));
}
