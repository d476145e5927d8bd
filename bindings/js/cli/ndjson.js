// NDJSON files for the CLI: a file read as a stream of chunks, for the shared
// line slicer (../ndjson.js), without a stream object's buffering on top.

const READ_BYTES = 1 << 20;

/** The bytes of an open file, chunk by chunk; each chunk is valid until the next is asked for. */
export async function* fileChunks(handle) {
  const buffer = new Uint8Array(READ_BYTES);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}
