// How the CLI runs files: results in order whatever order they finish in,
// the runtime's options from flags, then WASMOD_* variables, then CLI defaults.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_MEMORY_MB, MS_PER_MB, mapOrdered, runtimeOptions } from '../../bindings/js/cli/run-files.js';
import { runCli, FIXTURES } from './cli-helpers.js';

describe('mapOrdered', () => {
  it('reports results in item order with a bounded number in flight', async () => {
    const delays = [30, 5, 20, 1, 10, 0, 15];
    let inFlight = 0;
    let most = 0;
    const seen = [];
    await mapOrdered(
      delays,
      3,
      async (ms, i) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, ms));
        inFlight--;
        return i;
      },
      (i) => seen.push(i),
    );
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(most, 3);
  });

  it('stops starting new calls after a failure and rethrows it', async () => {
    const started = [];
    await assert.rejects(
      mapOrdered([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
        return n;
      }, () => {}),
      /boom/,
    );
    assert.deepEqual(started, [1, 2]);
  });
});

describe('runtimeOptions', () => {
  const cores = availableParallelism();

  it('defaults to no time limit, a large memory cap, and a worker per core for much work', () => {
    const options = runtimeOptions({}, {}, { files: 100, bytes: 10 << 20, msPerMb: MS_PER_MB.code });
    assert.deepEqual(options, {
      timeoutMs: 0,
      maxMemoryMb: DEFAULT_MAX_MEMORY_MB,
      maxInputBytes: DEFAULT_MAX_MEMORY_MB * 2 ** 20,
      ...(cores > 1 ? { workers: Math.min(cores, 100) } : {}),
    });
    assert.equal(runtimeOptions({}, {}, { files: 2, bytes: 10 << 20 }).workers, undefined, 'a few files run inline');
    const json = { files: 1000, bytes: 72 << 20, msPerMb: MS_PER_MB.json };
    assert.equal(runtimeOptions({}, {}, json).workers, undefined, 'work quicker than starting workers runs inline');
    if (cores > 1) {
      assert.equal(runtimeOptions({}, {}, { ...json, bytes: 1 << 30 }).workers, cores, 'a gigabyte of JSON is spread');
      assert.equal(runtimeOptions({ timeout: '100' }, {}, json).workers, cores, 'a time limit needs workers to stop');
      assert.equal(runtimeOptions({}, { WASMOD_TIMEOUT_MS: '100' }, json).workers, cores);
    }
    assert.equal(runtimeOptions({ timeout: '100' }, {}, { files: 1 }).workers, 1, 'one file with a time limit gets its worker too');
  });

  it('takes flags first, then leaves the WASMOD_* variables to the runtime', () => {
    assert.deepEqual(runtimeOptions({ timeout: '250', 'max-memory': '64' }, { WASMOD_TIMEOUT_MS: '9' }, { files: 1 }), { timeoutMs: 250, maxMemoryMb: 64, maxInputBytes: 64 * 2 ** 20, workers: 1 });
    const env = { WASMOD_TIMEOUT_MS: '9', WASMOD_MAX_MEMORY_MB: '32', WASMOD_MAX_INPUT_BYTES: '100', WASMOD_WORKERS: '1' };
    assert.deepEqual(runtimeOptions({}, env, { files: 100 }), {});
  });

  it('rejects bad values as usage errors (exit 2)', async () => {
    assert.throws(() => runtimeOptions({ timeout: 'soon' }, {}, { files: 1 }), /--timeout must be a whole number/);
    const r = await runCli(['json', 'validate', `${FIXTURES}/valid.json`], { env: { WASMOD_MAX_MEMORY_MB: 'lots' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^wasmod: environment variable WASMOD_MAX_MEMORY_MB must be a positive integer up to 4096, got "lots"\n$/);
  });
});
