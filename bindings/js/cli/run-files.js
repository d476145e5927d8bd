// Runs one command over many files: several at a time (spread over the
// runtime's worker pool when it has one), results reported in the order the
// files were given, a bad file reported and passed over.
import { availableParallelism } from 'node:os';
import { createRuntime } from '../index.js';
import { ErrorCode, WasmodError } from '../errors.js';
import { integerFlag } from './args.js';
import { UsageError } from './errors.js';
import { displayName, ioMessage } from './files.js';

// Files are spread over workers when there are several and their work
// outweighs starting the workers (tens of milliseconds of CPU each). The
// work is estimated from the files' sizes: the json ops read about a
// gigabyte a second, the code ops a few megabytes (see bench/sections/50-cli.mjs).
const POOL_MIN_FILES = 4;
const POOL_MIN_WORK_MS = 250;
export const MS_PER_MB = { json: 1, code: 200 };

/** The memory cap per module instance unless --max-memory or WASMOD_MAX_MEMORY_MB say: room for large files. */
export const DEFAULT_MAX_MEMORY_MB = 2048;

/**
 * The runtime's options for a run over `files` files of `bytes` bytes in
 * all, from the flags every file command takes (--timeout, --max-memory),
 * else the WASMOD_* variables the runtime reads, else what suits a command
 * line: no time limit, a memory cap for large files, and a worker per core
 * when there is enough work, or when a time limit must be enforced (only a
 * worker can be stopped).
 * @param {{ files: number, bytes?: number, msPerMb?: number }} work
 */
export function runtimeOptions(values, env, { files, bytes = Infinity, msPerMb = MS_PER_MB.code }) {
  const options = {};
  if (values.timeout !== undefined) options.timeoutMs = integerFlag(values.timeout, 'timeout', 1, 2 ** 31 - 1);
  else if (!env.WASMOD_TIMEOUT_MS) options.timeoutMs = 0;
  if (values['max-memory'] !== undefined) options.maxMemoryMb = integerFlag(values['max-memory'], 'max-memory', 1, 4096);
  else if (!env.WASMOD_MAX_MEMORY_MB) options.maxMemoryMb = DEFAULT_MAX_MEMORY_MB;
  // An input can never be larger than the memory that must hold it.
  if (!env.WASMOD_MAX_INPUT_BYTES) options.maxInputBytes = (options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB) * 2 ** 20;
  const workers = Math.max(1, Math.min(availableParallelism(), files));
  const timed = options.timeoutMs > 0 || (options.timeoutMs === undefined && Number(env.WASMOD_TIMEOUT_MS) > 0);
  const enoughWork = files >= POOL_MIN_FILES && (bytes / 2 ** 20) * msPerMb >= POOL_MIN_WORK_MS;
  // A time limit needs a worker even for one file: only a worker can be stopped.
  if (!env.WASMOD_WORKERS && (timed || (workers > 1 && enoughWork))) options.workers = workers;
  return options;
}

/** A runtime with runtimeOptions(); usage errors for bad WASMOD_* values. */
export async function runtimeFor(values, env, work) {
  const options = runtimeOptions(values, env, work);
  try {
    return await createRuntime(options);
  } catch (error) {
    if (error.code === ErrorCode.BAD_OPTIONS) throw new UsageError(error.message);
    throw error;
  }
}

/** The flags runtimeOptions() reads, for parseArgs, and their help. */
export const LIMIT_FLAGS = { timeout: { type: 'string' }, 'max-memory': { type: 'string' } };
export const LIMIT_HELP = `  --timeout MS               give up on a file after MS milliseconds (default: no limit, or WASMOD_TIMEOUT_MS)
  --max-memory MB            memory cap of a module instance (default ${DEFAULT_MAX_MEMORY_MB}, or WASMOD_MAX_MEMORY_MB)`;

/**
 * Calls `fn(item, index)` for every item with at most `limit` calls in
 * flight, and `onResult(result)` in item order as soon as the results before
 * it are in. An exception from `fn` stops new calls and is rethrown.
 */
export async function mapOrdered(items, limit, fn, onResult) {
  const results = new Array(items.length);
  const done = new Uint8Array(items.length);
  let next = 0;
  let emitted = 0;
  let failure = null;
  const lane = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failure ??= { error };
        return;
      }
      done[index] = 1;
      while (emitted < items.length && done[emitted] && !failure) {
        const result = results[emitted];
        results[emitted++] = undefined;
        onResult(result);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}

const MODULE_FAILURES = new Set([ErrorCode.INTEGRITY, ErrorCode.ABI, ErrorCode.BAD_MODULE, ErrorCode.MODULE_NOT_FOUND, ErrorCode.VERSION]);

/** The record of a file that could not be processed, or a rethrow for errors that end the run. */
export function failureRecord(error) {
  if (error instanceof UsageError) throw error;
  if (error instanceof WasmodError) {
    // Options are the same for every file: a bad one is a usage error, not a bad file.
    if (error.code === ErrorCode.BAD_OPTIONS) throw new UsageError(error.message);
    // A module that cannot be loaded fails every file alike: say it once.
    if (MODULE_FAILURES.has(error.code)) throw error;
    return { outcome: 'error', message: error.message, code: error.code };
  }
  if (error?.syscall) return { outcome: 'error', message: ioMessage(error), code: error.code };
  return { outcome: 'error', message: `internal error: ${error?.stack ?? error}`, code: ErrorCode.INTERNAL };
}

/**
 * Runs `handle(file)` over the files and records what it returns (an object
 * with at least `outcome`) with the reporter; a thrown error becomes an
 * `error` record, except for usage errors, which end the run.
 * @param {string[]} files
 * @param {import('./reporter.js').Reporter} reporter
 * @param {(file: string) => Promise<object>} handle
 */
export async function runFiles(files, reporter, handle, { concurrency = Math.max(4, availableParallelism() * 2) } = {}) {
  await mapOrdered(
    files,
    concurrency,
    async (file) => {
      let record;
      try {
        record = await handle(file);
      } catch (error) {
        record = failureRecord(error);
      }
      return { file, name: displayName(file), ...record };
    },
    (record) => reporter.record(record),
  );
}
