// The json module's convenience functions (the main entry's and 'wasmod/json'):
// strings or UTF-8 bytes in, Promises out. Invalid input is an answer for the
// validate functions and a WasmodError (E_INVALID_INPUT, with the diagnostics)
// for the others.
import jsonModule from '../../dist/modules/json.js';
import { splitCallOptions } from './config.js';
import { ErrorCode, WasmodError, statusError } from './errors.js';
import { runNdjson } from './ndjson.js';
import { sharedRuntime } from './runtime.js';

export { ErrorCode, WasmodError };

const decoder = new TextDecoder();
// Streamed NDJSON goes through the module in slices of whole lines of about this size.
const SLICE_BYTES = 1 << 20;

/** The shared runtime, knowing the json module. */
const runtime = () => sharedRuntime([jsonModule]);

async function call(op, input, options) {
  const [opOptions, callOptions] = splitCallOptions(options);
  return runtime().call('json', op, input, opOptions, callOptions);
}

/** The output of an op that must succeed, as text. */
async function text(op, input, options) {
  const result = await call(op, input, options);
  if (result.status !== 'ok') throw statusError(result.status, result.diagnostics, 'json', op);
  return decoder.decode(result.output);
}

function verdict(diagnostics, valid) {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return { valid: valid ?? errors.length === 0, errors, warnings: diagnostics.filter((d) => d.severity === 'warning') };
}

/**
 * Validates JSON text.
 * @param {string | Uint8Array} input
 * @param {{ mode?: 'strict' | 'jsonc', maxDepth?: number, allowBom?: boolean, allowLoneSurrogates?: boolean, duplicateKeys?: 'allow' | 'warn' | 'error' }} [options]
 */
export async function validateJson(input, options) {
  return verdict((await call('validate', input, options)).diagnostics);
}

/**
 * Formats JSON losslessly (indent 2 unless told; indent 0 minifies).
 * @param {string | Uint8Array} input
 * @param {{ indent?: number | '\t', sortKeys?: boolean, asciiOnly?: boolean, finalNewline?: boolean, mode?: 'strict' | 'jsonc', maxDepth?: number, allowBom?: boolean, allowLoneSurrogates?: boolean }} [options]
 * @returns {Promise<string>}
 */
export function formatJson(input, options) {
  return text('format', input, options);
}

/** formatJson with indent 0. */
export function minifyJson(input, options) {
  return text('format', input, { ...options, indent: 0 });
}

/**
 * The value an RFC 6901 JSON Pointer names, formatted like formatJson; undefined when it names nothing.
 * @param {string | Uint8Array} input
 * @param {string} pointer
 * @returns {Promise<string | undefined>}
 */
export async function queryJson(input, pointer, options) {
  const result = await call('query', input, { ...options, pointer });
  if (result.status === 'ok') return decoder.decode(result.output);
  if (result.diagnostics.length === 1 && result.diagnostics[0].code === 'pointer-not-found') return undefined;
  throw statusError(result.status, result.diagnostics, 'json', 'query');
}

/**
 * What a document is made of: depth and counts.
 * @returns {Promise<{ depth: number, objects: number, arrays: number, keys: number, strings: number, numbers: number, booleans: number, nulls: number, comments: number, bytes: number }>}
 */
export async function jsonStats(input, options) {
  return JSON.parse(await text('stats', input, options));
}

/** Formats NDJSON: each document minified on its own line, blank lines dropped. */
export function formatNdjson(input, options) {
  return text('ndjson-format', input, options);
}

// Like the C stream, a streamed validation keeps the first this many diagnostics, so that
// memory stays bounded however many lines are bad.
const MAX_DIAGNOSTICS = 1000;

/** readline's interface yields lines without their line ends: give them back. */
async function* withLineEnds(lines) {
  for await (const line of lines) yield `${line}\n`;
}

/**
 * Validates NDJSON: a string, bytes, or an async iterable of chunks (a file
 * stream, of bytes or text; a readline interface, read as lines), which is
 * checked slice by slice with bounded memory. Diagnostics carry the line
 * number and byte offset in the whole input.
 * @param {string | Uint8Array | AsyncIterable<Uint8Array | string>} input
 */
export async function validateNdjson(input, options) {
  if (typeof input === 'string' || input instanceof Uint8Array)
    return verdict((await call('ndjson-validate', input, options)).diagnostics);
  if (!input || (typeof input[Symbol.asyncIterator] !== 'function' && typeof input[Symbol.iterator] !== 'function'))
    throw new WasmodError(ErrorCode.BAD_OPTIONS, 'validateNdjson() takes a string, a Uint8Array or an iterable of chunks');
  const chunks = typeof input.getPrompt === 'function' && typeof input.line === 'string' ? withLineEnds(input) : input;
  const diagnostics = [];
  const onDiagnostics = (list) => {
    diagnostics.push(...list.slice(0, MAX_DIAGNOSTICS - diagnostics.length));
  };
  const [opOptions, callOptions] = splitCallOptions(options);
  const valid = await runNdjson(runtime(), 'ndjson-validate', chunks, opOptions, callOptions, { onDiagnostics, sliceBytes: SLICE_BYTES });
  return verdict(diagnostics, valid);
}
