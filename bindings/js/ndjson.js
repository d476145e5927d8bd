// NDJSON (JSON Lines) of any size with bounded memory, for the API and the
// CLI alike: a stream of chunks is cut into slices of whole lines, each slice
// goes through the json module's line-by-line op, and the diagnostics are moved
// back to their place in the whole input. Memory holds one slice (plus the
// longest line), however big the input.
import { ErrorCode, WasmodError } from './errors.js';

/** Default slice size: large enough that per-call overhead vanishes. */
export const SLICE_BYTES = 4 << 20;

const encoder = new TextEncoder();

/** A chunk of a stream as bytes: Uint8Array (Buffer), ArrayBuffer, or text (readline, a 'utf8' stream). */
function chunkBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new WasmodError(ErrorCode.BAD_OPTIONS, `an NDJSON stream yields strings or bytes, not ${chunk === null ? 'null' : typeof chunk}`);
}

/**
 * Cuts a stream of chunks into slices that end at a line end (except the
 * last), each about `sliceBytes` long unless one line is longer; yields
 * { bytes, line, offset } with the 1-based line and byte offset where the
 * slice starts. One buffer is reused (doubled for a longer line, so a line of
 * any length costs linear time): a slice is valid only until the next is asked for.
 * @param {AsyncIterable<Uint8Array | string | ArrayBuffer> | Iterable<Uint8Array | string | ArrayBuffer>} chunks
 */
export async function* lineSlices(chunks, sliceBytes = SLICE_BYTES) {
  let buffer = new Uint8Array(sliceBytes);
  let fill = 0;
  let line = 1;
  let offset = 0;
  const take = function* (cut) {
    const bytes = buffer.subarray(0, cut);
    yield { bytes, line, offset };
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) line++;
    offset += cut;
    buffer.copyWithin(0, cut, fill);
    fill -= cut;
  };
  for await (const chunk of chunks) {
    let bytes = chunkBytes(chunk);
    while (bytes.length) {
      if (fill === buffer.length) {
        const cut = buffer.lastIndexOf(10) + 1;
        if (cut) yield* take(cut);
        else {
          // one line longer than the buffer: make room for it
          const larger = new Uint8Array(buffer.length * 2);
          larger.set(buffer);
          buffer = larger;
        }
      }
      const n = Math.min(bytes.length, buffer.length - fill);
      buffer.set(bytes.subarray(0, n), fill);
      fill += n;
      bytes = bytes.subarray(n);
    }
  }
  if (fill || offset === 0) yield* take(fill);
}

/** A diagnostic of a slice, placed in the whole input. */
export function shiftDiagnostic(d, slice) {
  const placed = { ...d, line: d.line + slice.line - 1, offset: d.offset + slice.offset };
  if (d.endOffset !== undefined) Object.assign(placed, { endOffset: d.endOffset + slice.offset, endLine: d.endLine + slice.line - 1 });
  return placed;
}

/**
 * Runs a line-by-line op (`ndjson-validate`, `ndjson-format`) over a stream of chunks.
 * Calls `onDiagnostics(list)` with each slice's diagnostics (already placed)
 * and `onOutput(bytes, input)` with each slice's output; returns whether
 * every line was valid.
 * @param {{ call: Function }} rt the runtime
 */
export async function runNdjson(rt, op, chunks, options, callOptions, { onDiagnostics, onOutput, sliceBytes }) {
  let valid = true;
  for await (const slice of lineSlices(chunks, sliceBytes)) {
    // Only the first line of the whole input may start with a byte order mark.
    const sliceOptions = slice.offset > 0 && options?.allowBom ? { ...options, allowBom: false } : options;
    const result = await rt.call('json', op, slice.bytes, sliceOptions, callOptions);
    if (result.status !== 'ok') valid = false;
    if (result.diagnostics.length) await onDiagnostics(result.diagnostics.map((d) => shiftDiagnostic(d, slice)));
    if (onOutput) await onOutput(result.output, slice.bytes);
  }
  return valid;
}
