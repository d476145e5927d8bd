// Runtime options: what the caller passes, else a WASMOD_* environment
// variable (Node only), else the default. Every value is checked here, so the
// rest of the runtime can trust it.
import { ErrorCode, WasmodError } from './errors.js';

export const ENGINES = ['wasm-simd', 'wasm-scalar', 'native', 'js'];

// option -> [environment variable, default, kind]
const SETTINGS = {
  workers: ['WASMOD_WORKERS', () => 0, 'count'], // inline unless asked: no thread to start, nothing to keep alive
  minWorkers: ['WASMOD_MIN_WORKERS', () => 0, 'count'],
  idleTimeoutMs: ['WASMOD_IDLE_TIMEOUT_MS', () => 30000, 'count'],
  timeoutMs: ['WASMOD_TIMEOUT_MS', () => 5000, 'count'],
  maxMemoryMb: ['WASMOD_MAX_MEMORY_MB', () => 256, 'positive'],
  maxInputBytes: ['WASMOD_MAX_INPUT_BYTES', () => 256 << 20, 'positive'],
  maxQueue: ['WASMOD_MAX_QUEUE', () => 1000, 'count'],
  engines: ['WASMOD_ENGINES', () => [...ENGINES], 'engines'],
  moduleUrl: ['WASMOD_MODULE_URL', () => undefined, 'location'],
};

/** The WASMOD_* variables and what they set, for documentation and health(). */
export const ENVIRONMENT = Object.fromEntries(Object.entries(SETTINGS).map(([option, [name]]) => [name, option]));

function bad(message) {
  return new WasmodError(ErrorCode.BAD_OPTIONS, message);
}

function check(option, value, kind, from) {
  switch (kind) {
    case 'count':
    case 'positive': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (!Number.isInteger(n) || n < (kind === 'positive' ? 1 : 0))
        throw bad(`${from} must be ${kind === 'positive' ? 'a positive' : 'a non-negative'} integer, got ${JSON.stringify(value)}`);
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
export function resolveOptions(options = {}, env = globalThis.process?.env ?? {}) {
  const settings = {};
  for (const [option, [name, fallback, kind]] of Object.entries(SETTINGS)) {
    if (options[option] !== undefined) settings[option] = check(option, options[option], kind, `option ${option}`);
    else if (env[name] !== undefined && env[name] !== '') settings[option] = check(option, env[name], kind, `environment variable ${name}`);
    else settings[option] = fallback();
  }
  if (settings.minWorkers > settings.workers) settings.minWorkers = settings.workers;
  settings.fetch = options.fetch;
  settings.workerUrl = options.workerUrl; // the pool's worker script (default bindings/js/worker.js)
  settings.preload = options.preload ?? [];
  return settings;
}
