// Everything the runtime does differently in a browser (or any engine without
// Node's built-ins): fetch, WebCrypto, Web Workers. The same exports as
// platform-node.js; the package's `imports` map ("#platform") picks one.

export const name = 'browser';

/** No environment variables here: defaults come from options alone. */
export const environment = {};

// A page's main thread must not block: there, a worker takes calls on inputs
// from this size (and any call with a deadline or a signal); smaller ones stay
// inline, where they answer faster than a round trip to a worker (see README).
const WINDOW = typeof document !== 'undefined';
export const defaultWorkers = WINDOW ? 1 : 0;
export const inlineBelowBytes = WINDOW ? 64 << 10 : 0;
// And inline calls to third-party modules there get a CPU budget (meter.js) unless they bring
// their own: a runaway module is stopped instead of freezing the page. Measured here (README): the
// modules spend 1-3·10^10 units a second, and their heaviest real work about 8·10^4
// units a byte (Python's error recovery; JavaScript analysis 1.7·10^4, json 150-200).
// So 2·10^9 units plus 5·10^4 a byte: an input below 64 KiB stops within half a second.
export const inlineBudget = WINDOW ? (bytes) => 2e9 + 5e4 * bytes : () => undefined;
// There a built-in module is opened metered from the start (the bytes metered as built, where the
// index has them): one compile serves its inline calls, with that budget, and its worker, with
// none, for a few percent of its speed (README).
export const meterBuiltins = WINDOW;

/** Where a relative moduleUrl is taken from: the page. */
export function baseLocation() {
  return globalThis.location?.href;
}

/** No file system: module files come by fetch. */
export const readFile = null;

/** Hex sha256 of bytes, by WebCrypto. */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const encoder = new TextEncoder();

/** A string's UTF-8 bytes in an ArrayBuffer of their own, to be transferred to a worker. */
export function utf8ForTransfer(text) {
  return encoder.encode(text);
}

/**
 * Starts the pool's worker (worker.js), or the script at `url`.
 * @param {URL | undefined} url
 * @param {(message: any) => void} onMessage
 * @param {(reason: Error | number) => void} onExit called once when the worker dies on its own
 */
export function startWorker(url, onMessage, onExit) {
  let exited = false;
  const exit = (reason) => {
    if (!exited) {
      exited = true;
      onExit(reason);
    }
  };
  // The literal new Worker(new URL(...)) form is the one bundlers recognise and ship.
  const worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => onMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    exit(new Error(event.message || 'the worker script failed to load or threw'));
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

/** Inside a worker: calls `receive(message)` for each message; returns the function that answers. */
export function serveWorker(receive) {
  self.onmessage = (event) => receive(event.data);
  return (message, transfer) => self.postMessage(message, transfer ?? []);
}

/** The key-value store (store.js) in the IndexedDB database `name`. */
export function openStore(name) {
  return import('./store-browser.js').then((m) => m.openIndexedDbStore(name));
}

/** The native addon exists only in Node. */
export function nativeAddon() {
  return Promise.resolve({ addon: null, reason: 'the native engine runs only in Node' });
}
