// NDJSON (JSON Lines) of any size with bounded memory: the input is cut into
// chunks of whole lines, each chunk goes through the json module's line-by-line
// op, and the diagnostics are moved back to their place in the whole file. Memory
// holds one chunk (plus the longest line), however big the file.

/** Default chunk size: large enough that per-call overhead vanishes. */
export const CHUNK_BYTES = 4 << 20;

/** A `read(target) -> bytes read (0 at the end)` function over a file handle, for lineChunks. */
export function fileReader(handle) {
  return async (target) => (await handle.read(target, 0, target.length, null)).bytesRead;
}

/** The same over a stream of byte chunks (stdin). */
export function streamReader(stream) {
  const chunks = stream[Symbol.asyncIterator]();
  let rest = Buffer.alloc(0);
  return async (target) => {
    while (!rest.length) {
      const next = await chunks.next();
      if (next.done) return 0;
      rest = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
    }
    const n = rest.copy(target, 0, 0, Math.min(rest.length, target.length));
    rest = rest.subarray(n);
    return n;
  };
}

/**
 * Cuts what `read` returns into pieces that end at a line end (except the
 * last), each at most `chunkBytes` long unless one line is longer; yields
 * { bytes, line, offset } with the 1-based line and byte offset where the
 * piece starts. One buffer is reused throughout, so memory stays at
 * chunkBytes (or the longest line): a piece is valid only until the next is asked for.
 * @param {(target: Buffer) => Promise<number>} read
 */
export async function* lineChunks(read, chunkBytes = CHUNK_BYTES) {
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let fill = 0;
  let line = 1;
  let offset = 0;
  let end = false;
  while (!end) {
    while (fill < buffer.length && !end) {
      const n = await read(buffer.subarray(fill));
      if (n === 0) end = true;
      fill += n;
    }
    const cut = end ? fill : buffer.lastIndexOf(10, fill - 1) + 1;
    if (cut === 0 && !end) {
      // a line longer than the buffer: make room for it
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, fill);
      buffer = larger;
      continue;
    }
    if (cut === 0 && offset > 0) break;
    const bytes = buffer.subarray(0, cut);
    yield { bytes, line, offset };
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) line++;
    offset += cut;
    buffer.copy(buffer, 0, cut, fill);
    fill -= cut;
  }
}

/** A diagnostic of a chunk, placed in the whole file. */
export function shiftDiagnostic(d, chunk) {
  const placed = { ...d, line: d.line + chunk.line - 1, offset: d.offset + chunk.offset };
  if (d.endOffset !== undefined) Object.assign(placed, { endOffset: d.endOffset + chunk.offset, endLine: d.endLine + chunk.line - 1 });
  return placed;
}

/**
 * Runs a line-by-line op (`ndjson-validate`, `ndjson-format`) over what `read` returns (fileReader, streamReader).
 * Calls `onDiagnostics(list)` with each chunk's diagnostics (already placed)
 * and `onOutput(bytes, input)` with each chunk's output; returns whether
 * every line was valid.
 * @param {{ call: Function }} rt the runtime
 */
export async function runNdjson(rt, op, read, options, callOptions, { onDiagnostics, onOutput, chunkBytes }) {
  let valid = true;
  for await (const chunk of lineChunks(read, chunkBytes)) {
    // Only the first line of the whole input may start with a byte order mark.
    const chunkOptions = chunk.offset > 0 && options?.allowBom ? { ...options, allowBom: false } : options;
    const result = await rt.call('json', op, chunk.bytes, chunkOptions, callOptions);
    if (result.status !== 'ok') valid = false;
    if (result.diagnostics.length) await onDiagnostics(result.diagnostics.map((d) => shiftDiagnostic(d, chunk)));
    if (onOutput) await onOutput(result.output, chunk.bytes);
  }
  return valid;
}
