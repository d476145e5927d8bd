// Starting a worker and talking to it, the same way for Web Workers
// (browsers) and worker_threads (Node): the pool sees only this face.

import { DIRECT_ENCODE_LIMIT } from './wasm-instance.js';

const isNode = typeof process !== 'undefined' && Boolean(process.versions?.node) && typeof window === 'undefined';
const NodeWorker = isNode ? (await import('node:worker_threads')).Worker : null;
const encoder = new TextEncoder();

/**
 * A string's UTF-8 bytes in an ArrayBuffer of their own, to be transferred to a
 * worker: cheaper than cloning the string (two copies of UTF-16 when it is not
 * Latin-1) and encoding it again there. In Node, writing into an uninitialised
 * buffer of the largest size the text can take beats measuring it first (up to
 * the size from which an instance measures strings too).
 * @param {string} text
 */
export function utf8ForTransfer(text) {
  if (!isNode || text.length > DIRECT_ENCODE_LIMIT) return encoder.encode(text);
  const bytes = Buffer.allocUnsafeSlow(text.length * 3);
  return new Uint8Array(bytes.buffer, 0, bytes.write(text, 'utf8'));
}

// The process's flags that workers take, found at the first start: workers
// inherit them, but refuse per-process ones (--max-old-space-size, --expose-gc,
// --jitless, ...), and those about the main script (node --input-type=module -e) break them.
let workerExecArgv = isNode ? process.execArgv.filter((arg) => !arg.startsWith('--input-type')) : [];

function startNodeWorker(url, options) {
  try {
    return new NodeWorker(url, { ...options, execArgv: workerExecArgv });
  } catch (error) {
    if (error.code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || !workerExecArgv.length) throw error;
    // Node names the flags it refuses: drop those, and all of them if that is not enough.
    const refused = new Set(error.message.slice(error.message.indexOf(':') + 1).split(',').map((flag) => flag.trim()));
    const kept = workerExecArgv.filter((arg) => !refused.has(arg));
    workerExecArgv = kept.length < workerExecArgv.length ? kept : [];
    return startNodeWorker(url, options);
  }
}

/**
 * Starts the pool's worker (bindings/js/worker.js), or the script at `url`.
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
  if (NodeWorker) {
    // A counter the worker sleeps on (Atomics.wait) between messages: bumped after each one, it
    // wakes the worker at once, without a turn of its event loop (see worker.js).
    const wake = new Int32Array(new SharedArrayBuffer(4));
    const worker = startNodeWorker(url ?? new URL('./worker.js', import.meta.url), { workerData: { wake: wake.buffer } });
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
  // The literal new Worker(new URL(...)) form is the one bundlers recognise and ship.
  const worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => onMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    exit(new Error(event.message || 'worker error'));
  };
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    terminate: async () => {
      exited = true;
      worker.terminate();
    },
    ref() {},
    unref() {},
  };
}
