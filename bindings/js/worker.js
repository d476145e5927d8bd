// The worker entry of the pool (a Web Worker or a worker_threads worker).
// It receives compiled WebAssembly.Modules (never bytes: nothing is compiled
// twice), keeps one instance per module, and answers calls one at a time.
//   { type: 'load', module, compiled, memoryMinPages, maxMemoryMb }   (module: a number the pool gave it)
//   { type: 'call', id, module, op, input, options, budget }
//     -> { id, status, output, diagnostics, bytesIn, pages, budgetUsed } | { id, error }
//        (output and diagnostics left out when empty)
// Everything here is synchronous; how messages arrive is the platform's (serveWorker).
import { serveWorker } from '#platform';
import { ErrorCode, WasmodError, serializeError } from './errors.js';
import { ModuleInstance, checkManifest } from './wasm-instance.js';

// Outputs this small are copied with the message; larger ones are transferred.
const TRANSFER_FROM = 16 << 10;

const modules = new Map(); // module number -> { load, instance: ModuleInstance | null }

function instance(entry) {
  if (!entry.instance) {
    const created = ModuleInstance.createSync(entry.load.compiled, entry.load);
    // A third-party module was not run before it came here: its manifest is checked here.
    if (entry.load.expect) checkManifest(entry.load.expect, created.manifest);
    entry.instance = created;
  }
  return entry.instance;
}

function answer(entry, { id, op, input, options, budget }) {
  let module;
  try {
    module = instance(entry);
    const { status, output, diagnostics, budgetUsed } = module.call(op, input, options, budget ?? undefined);
    const reply = { id, status, output: output.length ? output : undefined, diagnostics: diagnostics.length ? diagnostics : undefined, bytesIn: module.lastInputBytes, pages: module.memoryPages, budgetUsed };
    post(reply, output.length >= TRANSFER_FROM ? [output.buffer] : undefined);
  } catch (error) {
    post({ id, error: serializeError(error), pages: module?.memoryPages });
  }
  if (module?.broken) entry.instance = null; // it trapped: a fresh instance serves the next call
}

function receive(message) {
  if (message.type === 'load') {
    if (modules.has(message.module)) return;
    const entry = { load: message, instance: null };
    modules.set(message.module, entry);
    // A built-in now, so that the first call finds it ready; a third-party module only for a
    // call, whose deadline covers its start (one that never finishes starting costs no spare).
    if (message.expect) return;
    try {
      instance(entry);
    } catch {
      // the first call tries again and reports why
    }
    return;
  }
  const entry = modules.get(message.module);
  if (entry) answer(entry, message);
  else post({ id: message.id, error: serializeError(new WasmodError(ErrorCode.INTERNAL, `worker has no module ${message.module}`)) });
}

const post = serveWorker(receive);
