// Runtime options: what the caller passes, else a WASMOD_* environment
// variable (Node only), else the default; and a call's own options (timeoutMs,
// signal, transfer, budget). Every value is checked here, so the rest of the
// runtime can trust it.
import * as platform from '#platform';
import { ErrorCode, WasmodError } from './errors.js';

export const ENGINES = ['wasm-simd', 'wasm-scalar', 'native', 'js'];

// The longest delay a timer can take (setTimeout fires at once beyond it).
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
// A pool larger than this is a mistake: every worker is a thread with its own heap.
const MAX_WORKERS = 256;
// wasm32 addresses 4 GiB (65536 pages of 64 KiB).
const MAX_MEMORY_MB = 4096;

// option -> [environment variable, default, kind, maximum]
const SETTINGS = {
  // Node: inline unless asked (no thread to start, nothing to keep alive); a browser window: a worker for long work.
  workers: ['WASMOD_WORKERS', () => platform.defaultWorkers, 'count', MAX_WORKERS],
  inlineBelowBytes: ['WASMOD_INLINE_BELOW_BYTES', () => platform.inlineBelowBytes, 'count'],
  minWorkers: ['WASMOD_MIN_WORKERS', () => 0, 'count', MAX_WORKERS],
  idleTimeoutMs: ['WASMOD_IDLE_TIMEOUT_MS', () => 30000, 'timeout'],
  timeoutMs: ['WASMOD_TIMEOUT_MS', () => 5000, 'timeout'],
  maxMemoryMb: ['WASMOD_MAX_MEMORY_MB', () => 256, 'positive', MAX_MEMORY_MB],
  maxInputBytes: ['WASMOD_MAX_INPUT_BYTES', () => 256 << 20, 'positive'],
  maxQueue: ['WASMOD_MAX_QUEUE', () => 1000, 'count'],
  budget: ['WASMOD_BUDGET', () => 0, 'count', Number.MAX_SAFE_INTEGER], // CPU units a call may spend (0: no limit)
  engines: ['WASMOD_ENGINES', () => [...ENGINES], 'engines'],
  moduleUrl: ['WASMOD_MODULE_URL', () => undefined, 'location'],
};

const KNOWN = new Set([...Object.keys(SETTINGS), 'fetch', 'workerUrl', 'preload', 'store', 'hostFunctions', 'onLog']);

/** The WASMOD_* variables and what they set, for documentation and health(). */
export const ENVIRONMENT = Object.fromEntries(Object.entries(SETTINGS).map(([option, [name]]) => [name, option]));

function bad(message) {
  return new WasmodError(ErrorCode.BAD_OPTIONS, message);
}

/**
 * A duration in milliseconds: a non-negative integer, 0 for none. Beyond what
 * a timer can wait (about 24.8 days), Infinity included, it means none too.
 */
export function checkTimeout(value, from) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (n === Infinity || (Number.isInteger(n) && n > MAX_TIMEOUT_MS)) return 0;
  if (!Number.isInteger(n) || n < 0) throw bad(`${from} must be a non-negative integer of milliseconds (0 for none), got ${describe(value)}`);
  return n;
}

const describe = (value) => (typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : typeof value);

function check(option, value, kind, from, maximum = Infinity) {
  switch (kind) {
    case 'timeout':
      return checkTimeout(value, from);
    case 'count':
    case 'positive': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (!Number.isInteger(n) || n < (kind === 'positive' ? 1 : 0) || n > maximum)
        throw bad(`${from} must be ${kind === 'positive' ? 'a positive' : 'a non-negative'} integer${maximum < Infinity ? ` up to ${maximum}` : ''}, got ${describe(value)}`);
      return n;
    }
    case 'engines': {
      const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
      if (!Array.isArray(list) || !list.length) throw bad(`${from} must list engines (${ENGINES.join(', ')})`);
      for (const engine of list) if (!ENGINES.includes(engine)) throw bad(`${from}: unknown engine '${engine}' (known: ${ENGINES.join(', ')})`);
      return [...list];
    }
    default:
      return value;
  }
}

/**
 * The runtime's settings: `options` first, then the environment, then defaults.
 * @param {object} [options]
 * @param {Record<string, string | undefined>} [env] (process.env in Node)
 */
export function resolveOptions(options = {}, env = platform.environment) {
  if (options === null || typeof options !== 'object') throw bad(`runtime options must be an object, got ${describe(options)}`);
  const unknown = Object.keys(options).filter((key) => !KNOWN.has(key));
  if (unknown.length) throw bad(`unknown runtime option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (known: ${[...KNOWN].join(', ')})`);
  const settings = {};
  for (const [option, [name, fallback, kind, maximum]] of Object.entries(SETTINGS)) {
    if (options[option] !== undefined) settings[option] = check(option, options[option], kind, `option ${option}`, maximum);
    else if (env[name] !== undefined && env[name] !== '') settings[option] = check(option, env[name], kind, `environment variable ${name}`, maximum);
    else settings[option] = fallback();
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw bad(`option fetch must be a function, got ${describe(options.fetch)}`);
  if (options.preload !== undefined && !(Array.isArray(options.preload) && options.preload.every((p) => typeof p === 'string')))
    throw bad('option preload must be an array of module names');
  if (settings.minWorkers > settings.workers) settings.minWorkers = settings.workers;
  settings.fetch = options.fetch;
  settings.workerUrl = options.workerUrl; // the pool's worker script (default bindings/js/worker.js)
  settings.preload = options.preload ?? [];
  Object.assign(settings, hostOptions(options, settings));
  return settings;
}

/** Where a module's log lines go when the app says nothing (host capability log). */
function consoleLog({ module, level, message }) {
  console[level](`[${module}] ${message}`);
}

// The options of host capabilities (host.js): the key-value store, the app's host functions, the log.
function hostOptions({ store, hostFunctions, onLog = consoleLog }, { workers }) {
  if (store !== undefined && (typeof store !== 'string' || !store)) throw bad(`option store must be a directory (Node), a database name (browsers) or ':memory:', got ${describe(store)}`);
  if (onLog !== undefined && typeof onLog !== 'function') throw bad(`option onLog must be a function, got ${describe(onLog)}`);
  const isModule = typeof hostFunctions === 'string' || hostFunctions instanceof URL;
  if (hostFunctions !== undefined && !isModule && (hostFunctions === null || typeof hostFunctions !== 'object'))
    throw bad(`option hostFunctions must be a module URL or an object of host functions, got ${describe(hostFunctions)}`);
  if (hostFunctions !== undefined && !isModule && workers > 0)
    throw bad('option hostFunctions must be a module URL when the runtime has workers: each worker imports it');
  return { store, hostFunctions, onLog };
}

// ---- A call's options ----------------------------------------------------

/** A call given no call options. */
export const NO_LIMITS = {};
const CALL_OPTIONS = new Set(['timeoutMs', 'signal', 'transfer', 'budget', 'keys']);

/** A call's op options as the JSON text modules read; E_BAD_OPTIONS when they cannot be. */
export function optionsText(options, module, op) {
  if (options === undefined || options === null) return '';
  if (typeof options === 'string') return options;
  if (typeof options !== 'object' || Array.isArray(options)) throw new WasmodError(ErrorCode.BAD_OPTIONS, `${module}.${op}: options must be an object`, { module, op });
  try {
    return JSON.stringify(options);
  } catch (cause) {
    throw new WasmodError(ErrorCode.BAD_OPTIONS, `${module}.${op}: options cannot be written as JSON (${cause.message})`, { module, op, cause });
  }
}

/**
 * A convenience function's options split in two: the call's own (timeoutMs,
 * signal: the same names as rt.call's last argument) and the op's.
 */
export function splitCallOptions(options) {
  if (options === undefined || options === null || typeof options !== 'object') return [options, NO_LIMITS];
  const { timeoutMs, signal, budget, ...op } = options;
  return [op, timeoutMs === undefined && signal === undefined && budget === undefined ? NO_LIMITS : { timeoutMs, signal, budget }];
}

/** The call options (timeoutMs, signal, transfer, budget), checked; the runtime's defaults where none is given. */
export function callLimits(call, module, op, { timeoutMs: defaultTimeoutMs, budget: defaultBudget }) {
  const budget = defaultBudget || undefined; // 0: none
  if (call === NO_LIMITS) return { timeoutMs: defaultTimeoutMs, budget };
  const bad = (message) => new WasmodError(ErrorCode.BAD_OPTIONS, `${module}.${op}: ${message}`, { module, op });
  if (call === null || typeof call !== 'object') throw bad('call options must be an object');
  for (const key of Object.keys(call)) if (!CALL_OPTIONS.has(key) && call[key] !== undefined) throw bad(`unknown call option '${key}' (known: ${[...CALL_OPTIONS].join(', ')})`);
  const { signal, transfer } = call;
  if (signal !== undefined && !(typeof signal?.addEventListener === 'function' && typeof signal.aborted === 'boolean')) throw bad('signal must be an AbortSignal');
  if (transfer !== undefined && typeof transfer !== 'boolean') throw bad('transfer must be true or false');
  let timeoutMs = defaultTimeoutMs;
  try {
    if (call.timeoutMs !== undefined) timeoutMs = checkTimeout(call.timeoutMs, 'timeoutMs');
  } catch (error) {
    throw bad(error.message);
  }
  return { timeoutMs, signal, transfer, budget: call.budget === undefined ? budget : checkBudget(call.budget, bad), keys: call.keys };
}

/** A budget: a positive number of units; beyond Number.MAX_SAFE_INTEGER (Infinity too), that. */
function checkBudget(value, bad) {
  if (typeof value !== 'number' || !(value >= 1)) throw bad(`budget must be a number of units from 1, got ${typeof value === 'number' ? value : typeof value}`);
  return Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER);
}
