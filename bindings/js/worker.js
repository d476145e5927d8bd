// The worker entry of the pool (a Web Worker or a worker_threads worker).
// It receives compiled WebAssembly.Modules (never bytes: nothing is compiled
// twice), keeps one instance per module, and answers calls one at a time.
//   { type: 'load', key, compiled, memoryMinPages, maxMemoryMb }
//   { type: 'call', id, key, op, input, options }
//     -> { id, status, output, diagnostics, bytesIn, pages } | { id, error }
import { ErrorCode, WasmodError, serializeError } from './errors.js';
import { ModuleInstance } from './wasm-instance.js';

const port = typeof process !== 'undefined' && process.versions?.node ? (await import('node:worker_threads')).parentPort : null;
const post = port ? (message, transfer) => port.postMessage(message, transfer) : (message, transfer) => self.postMessage(message, transfer ?? []);

const modules = new Map(); // key -> { load, instance: ModuleInstance | null, pending: Promise<ModuleInstance> | null }

function instantiate(entry) {
  const { compiled, memoryMinPages, maxMemoryMb } = entry.load;
  entry.pending = ModuleInstance.create(compiled, { memoryMinPages, maxMemoryMb }).then((instance) => {
    entry.instance = instance;
    entry.pending = null;
    return instance;
  });
  entry.pending.catch(() => {}); // reported to the call that needs it
  return entry.pending;
}

// Outputs this small are copied with the message; larger ones are transferred.
const TRANSFER_FROM = 16 << 10;

function answer(entry, instance, { id, op, input, options }) {
  try {
    const { status, output, diagnostics } = instance.call(op, input, options);
    const reply = { id, status, output, diagnostics: diagnostics.length ? diagnostics : undefined, bytesIn: instance.lastInputBytes, pages: instance.memoryPages };
    post(reply, output.length >= TRANSFER_FROM ? [output.buffer] : undefined);
  } catch (error) {
    post({ id, error: serializeError(error), pages: instance.memoryPages });
  }
  if (instance.broken) {
    entry.instance = null; // it trapped: a fresh instance serves the next call
    instantiate(entry);
  }
}

function receive(message) {
  if (message.type === 'load') {
    if (!modules.has(message.key)) {
      const entry = { load: message, instance: null, pending: null };
      modules.set(message.key, entry);
      instantiate(entry);
    }
    return;
  }
  const entry = modules.get(message.key);
  if (!entry) {
    post({ id: message.id, error: serializeError(new WasmodError(ErrorCode.INTERNAL, `worker has no module ${message.key}`)) });
  } else if (entry.instance) {
    answer(entry, entry.instance, message);
  } else {
    (entry.pending ?? instantiate(entry)).then(
      (instance) => answer(entry, instance, message),
      (error) => post({ id: message.id, error: serializeError(error) }),
    );
  }
}

if (port) port.on('message', receive);
else self.onmessage = (event) => receive(event.data);
