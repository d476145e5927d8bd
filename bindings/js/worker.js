// The worker entry of the pool (a Web Worker or a worker_threads worker).
// It receives compiled WebAssembly.Modules (never bytes: nothing is compiled
// twice), keeps one instance per module, and answers calls one at a time.
//   { type: 'load', module, compiled, memoryMinPages, maxMemoryMb, expect, capabilities, warm }
//       (module: a number the pool gave it; capabilities: what its instances are linked to;
//       warm: instantiate it at once, else on its first call)
//   { type: 'warm', module }   instantiate a module loaded earlier, now
//   { type: 'call', id, module, op, input, options, budget, host }
//     -> { id, status, output, diagnostics, bytesIn, pages, budgetUsed, host } | { id, error }
//        (output and diagnostics left out when empty; host: what a call to a module granted
//        capabilities did, for the runtime to commit: see host.js)
// Everything here is synchronous but the first import of the app's host functions, which
// holds the messages after it until it is done; how messages arrive is the platform's (serveWorker).
import { serveWorker } from '#platform';
import { ErrorCode, WasmodError, serializeError } from './errors.js';
import { importHostFunctions } from './host.js';
import { WasmModule } from './wasm-module.js';

// Outputs this small are copied with the message; larger ones are transferred.
const TRANSFER_FROM = 16 << 10;

const modules = new Map(); // module number -> WasmModule (wasm-module.js), opened by its load message
const hostFunctions = new Map(); // module URL -> its definitions, or the error importing it

// The module of a load message, its instance made on first use (synchronously, as a worker may).
function open(load) {
  const url = load.capabilities?.functions;
  const definitions = url ? hostFunctions.get(url) : {};
  if (definitions instanceof Error) throw new WasmodError(ErrorCode.HOST, `cannot import the host functions at ${url}: ${definitions.message}`);
  return new WasmModule(load, { definitions, sync: true });
}

// Its instance made now, so that the first call finds it ready (the pool says which: see pool.js).
function warm(module) {
  try {
    module?.warm?.();
  } catch {
    // the first call tries again and reports why
  }
}

function answer(module, { id, op, input, options, budget, host }) {
  try {
    const { status, output, diagnostics, budgetUsed, bytesIn, pages, host: did } = module.call(op, input, options, { budget: budget ?? undefined, host });
    const reply = { id, status, output: output.length ? output : undefined, diagnostics: diagnostics.length ? diagnostics : undefined, bytesIn, pages, budgetUsed, host: did };
    post(reply, output.length >= TRANSFER_FROM ? [output.buffer] : undefined);
  } catch (error) {
    post({ id, error: serializeError(error), pages: error.pages });
  }
}

function receive(message) {
  if (message.type === 'load') {
    if (modules.has(message.module)) return undefined;
    const url = message.capabilities?.functions;
    // The app's host functions first (a module that imports them cannot open before).
    if (url && !hostFunctions.has(url)) {
      return importHostFunctions(url).then(
        (definitions) => hostFunctions.set(url, definitions),
        (error) => hostFunctions.set(url, error),
      ).then(() => receive(message));
    }
    let module;
    try {
      module = open(message);
    } catch (error) {
      module = { call() { throw error; } }; // each call reports why
    }
    modules.set(message.module, module);
    if (message.warm) warm(module);
    return undefined;
  }
  if (message.type === 'warm') {
    warm(modules.get(message.module));
    return undefined;
  }
  const module = modules.get(message.module);
  if (module) answer(module, message);
  else post({ id: message.id, error: serializeError(new WasmodError(ErrorCode.INTERNAL, `worker has no module ${message.module}`)) });
  return undefined;
}

// Messages in order: one whose receive() returns a promise holds the rest until it settles.
const backlog = [];
let holding = null;
function inOrder(message) {
  if (holding) {
    backlog.push(message);
    return holding;
  }
  const result = receive(message);
  if (!(result instanceof Promise)) return undefined;
  holding = result.finally(() => {
    holding = null;
    while (backlog.length && !holding) inOrder(backlog.shift());
  });
  return holding;
}

const post = serveWorker(inOrder);
