// Everything the runtime does differently in Node: reading module files,
// hashing, worker_threads, the native addon, the environment. Its twin for
// browsers is platform-browser.js, with the same exports; the package's
// `imports` map ("#platform") gives each side its own, so a browser build
// never sees a node: import. Node built-ins that start-up does not need are
// imported on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DIRECT_ENCODE_LIMIT } from './wasm-instance.js';

// node:worker_threads costs a few ms to load, and so does a require function: only a
// runtime with a pool (and a worker) needs them.
let require = null;
const threads = () => (require ??= createRequire(import.meta.url))('node:worker_threads');

export const name = 'node';

/** WASMOD_* defaults come from here. */
export const environment = process.env;

// Calls run inline unless workers are asked for; then every call goes to them. No budget
// unless one is asked for (a process can be stopped from outside).
export const defaultWorkers = 0;
export const inlineBelowBytes = 0;
export const inlineBudget = () => undefined;
export const meterBuiltins = false;

/** Where a relative moduleUrl is taken from. */
export function baseLocation() {
  return `file://${process.cwd().split('/').map(encodeURIComponent).join('/')}/`;
}

/**
 * The bytes of a file: URL. A module file is read at once: a few hundred KB
 * from the page cache, where the promise API's round trips through the thread
 * pool took 3-5 ms more of a cold start.
 * @param {URL} url
 */
export function readFile(url) {
  const buffer = readFileSync(url);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength); // a view: copying costs ms
}

// node:crypto hashes at once; WebCrypto's first digest here costs milliseconds of setup.
// Imported when the first module's bytes are in and their compile has begun: loading it is
// ~8 ms of work on this thread, which the engine's compile in the background overlaps.
let crypto = null;

/** Hex sha256 of bytes. */
export async function sha256Hex(bytes) {
  crypto ??= import('node:crypto');
  return (await crypto).createHash('sha256').update(bytes).digest('hex');
}

const encoder = new TextEncoder();

/**
 * A string's UTF-8 bytes in an ArrayBuffer of their own, to be transferred to a
 * worker: cheaper than cloning the string (two copies of UTF-16 when it is not
 * Latin-1) and encoding it again there. Writing into an uninitialised buffer of
 * the largest size the text can take beats measuring it first (up to the size
 * from which an instance measures strings too).
 * @param {string} text
 */
export function utf8ForTransfer(text) {
  if (text.length > DIRECT_ENCODE_LIMIT) return encoder.encode(text);
  const bytes = Buffer.allocUnsafeSlow(text.length * 3);
  return new Uint8Array(bytes.buffer, 0, bytes.write(text, 'utf8'));
}

// The process's flags that workers take, found at the first start: workers
// inherit them, but refuse per-process ones (--max-old-space-size, --expose-gc,
// --jitless, ...), and those about the main script (node --input-type=module -e) break them.
let workerExecArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));

function newWorker(url, options) {
  try {
    return new (threads().Worker)(url, { ...options, execArgv: workerExecArgv });
  } catch (error) {
    if (error.code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || !workerExecArgv.length) throw error;
    // Node names the flags it refuses: drop those, and all of them if that is not enough.
    const refused = new Set(error.message.slice(error.message.indexOf(':') + 1).split(',').map((flag) => flag.trim()));
    const kept = workerExecArgv.filter((arg) => !refused.has(arg));
    workerExecArgv = kept.length < workerExecArgv.length ? kept : [];
    return newWorker(url, options);
  }
}

/**
 * Starts the pool's worker (worker.js), or the script at `url`.
 * @param {URL | undefined} url
 * @param {(message: any) => void} onMessage
 * @param {(reason: Error | number) => void} onExit called once when the worker dies on its own
 * @returns {{ post(message: any, transfer?: Transferable[]): void, terminate(): Promise<void>, ref(): void, unref(): void }}
 */
export function startWorker(url, onMessage, onExit) {
  let exited = false;
  const exit = (reason) => {
    if (!exited) {
      exited = true;
      onExit(reason);
    }
  };
  // A counter the worker sleeps on (Atomics.wait) between messages: bumped after each one, it
  // wakes the worker at once, without a turn of its event loop (see serveWorker).
  const wake = new Int32Array(new SharedArrayBuffer(4));
  const worker = newWorker(url ?? new URL('./worker.js', import.meta.url), { workerData: { wake: wake.buffer } });
  worker.on('message', onMessage);
  worker.on('error', exit);
  worker.on('exit', exit);
  return {
    post(message, transfer) {
      worker.postMessage(message, transfer);
      Atomics.add(wake, 0, 1);
      Atomics.notify(wake, 0);
    },
    terminate: async () => {
      exited = true;
      await worker.terminate();
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
  };
}

/**
 * Inside a worker: calls `receive(message)` for each message from the pool,
 * and returns the function that answers it. While a promise that receive()
 * returned is pending, no message is read. When the pool shares a wake-up
 * counter, an idle worker sleeps in Atomics.wait and reads its messages with
 * receiveMessageOnPort: no event-loop turn between a call and its answer.
 * @param {(message: any) => void} receive
 */
export function serveWorker(receive) {
  const { parentPort, receiveMessageOnPort, workerData } = threads();
  const post = (message, transfer) => parentPort.postMessage(message, transfer);
  const wake = workerData?.wake ? new Int32Array(workerData.wake) : null;
  if (!wake) {
    parentPort.on('message', receive);
    return post;
  }
  // After this module's evaluation: the worker's code is all in place before it blocks. A
  // message whose receive() returns a promise stops the loop until it settles (its event loop
  // has to turn), and the rest wait in the port.
  const serve = () => {
    for (let seen = 0; ; seen = Atomics.load(wake, 0)) {
      for (let entry; (entry = receiveMessageOnPort(parentPort)) !== undefined; ) {
        const result = receive(entry.message);
        if (result instanceof Promise) return void result.finally(serve);
      }
      Atomics.wait(wake, 0, seen);
    }
  };
  queueMicrotask(serve);
  return post;
}

/** The key-value store (store.js) in directory `dir`: a crash-safe log (store-node.js). */
export function openStore(dir) {
  return import('./store-node.js').then((m) => m.openLogStore(String(dir)));
}

let addon = null;

/** The Node addon of the native build: { addon, reason } (addon null, with the reason, when it cannot load). */
export function nativeAddon() {
  addon ??= import('./native-addon.js').then(
    (m) => m.loadNativeAddon(),
    (error) => ({ addon: null, reason: `no native addon here (${error.message})` }),
  );
  return addon;
}
