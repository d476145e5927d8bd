// The json module's convenience functions: strings or UTF-8 bytes in,
// Promises out. Invalid input is an answer for the validate functions and a
// WasmodError (E_INVALID_INPUT, with the diagnostics) for the others.
import { statusError } from './errors.js';
import { getDefaultRuntime } from './runtime.js';

const decoder = new TextDecoder();

async function call(op, input, options) {
  return getDefaultRuntime().call('json', op, input, options);
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

// Streamed NDJSON goes through the module in slices of whole lines of about this size.
const SLICE_BYTES = 1 << 20;
// Like the C stream, a streamed validation keeps the first this many diagnostics, so that
// memory stays bounded however many lines are bad.
const MAX_DIAGNOSTICS = 1000;

/**
 * Validates NDJSON: a string, bytes, or an async iterable of Uint8Array chunks
 * (a file stream), which is checked slice by slice with bounded memory.
 * Diagnostics carry the line number and byte offset in the whole input.
 * @param {string | Uint8Array | AsyncIterable<Uint8Array>} input
 */
export async function validateNdjson(input, options) {
  if (typeof input === 'string' || input instanceof Uint8Array)
    return verdict((await call('ndjson-validate', input, options)).diagnostics);
  const diagnostics = [];
  let valid = true;
  let base = 0; // bytes before the next slice
  let line = 0; // lines before it
  const send = async (slice) => {
    // Only the stream's first line may start with a BOM.
    const sliceOptions = base === 0 ? options : { ...options, allowBom: false };
    const result = await call('ndjson-validate', slice, sliceOptions);
    if (result.status !== 'ok') valid = false;
    for (const d of result.diagnostics) {
      if (diagnostics.length === MAX_DIAGNOSTICS) break;
      const placed = { ...d, offset: d.offset + base, line: d.line + line };
      if (d.endOffset !== undefined) Object.assign(placed, { endOffset: d.endOffset + base, endLine: d.endLine + line });
      diagnostics.push(placed);
    }
    for (let i = slice.indexOf(10); i >= 0; i = slice.indexOf(10, i + 1)) line++;
    base += slice.length;
  };
  let pending = []; // chunks not sent yet, the unfinished line at their end
  let pendingBytes = 0;
  const flush = async (all) => {
    const bytes = new Uint8Array(pendingBytes);
    let at = 0;
    for (const chunk of pending) bytes.set(chunk, (at += chunk.length) - chunk.length);
    const end = all ? bytes.length : bytes.lastIndexOf(10) + 1;
    if (end) await send(bytes.subarray(0, end));
    pending = end < bytes.length ? [bytes.subarray(end)] : [];
    pendingBytes = bytes.length - end;
  };
  for await (const chunk of input) {
    pending.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));
    pendingBytes += chunk.byteLength;
    if (pendingBytes >= SLICE_BYTES) await flush(false);
  }
  if (pendingBytes) await flush(true);
  return verdict(diagnostics, valid);
}
