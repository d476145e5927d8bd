// Reading inputs (a file or `-` for stdin) and replacing files atomically.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** How a file is named in messages: stdin is `<stdin>`. */
export function displayName(file) {
  return file === '-' ? '<stdin>' : file;
}

/** All of stdin as bytes. */
export async function readStdin(stdin) {
  const chunks = [];
  for await (const chunk of stdin) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The bytes of a file argument (`-` is stdin). Rejects with the fs error.
 * Files are read synchronously: one read of a cached file costs less than the
 * round trips of fs/promises through the thread pool.
 */
export async function readInput(file, stdin) {
  if (file === '-') return readStdin(stdin);
  return readFileSync(file);
}

/** The total size of the files in bytes (stdin and files that cannot be read count as nothing). */
export function totalBytes(files) {
  let bytes = 0;
  for (const file of files) {
    try {
      if (file !== '-') bytes += statSync(file).size;
    } catch {
      // reading it will say what is wrong
    }
  }
  return bytes;
}

/** A temporary name beside `file`: hidden (globs skip it) and unique. */
export function temporaryName(file) {
  return path.join(path.dirname(file), `.${path.basename(file)}.wasmod-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Replaces `file` with new contents without ever leaving it half-written:
 * the bytes go to a temporary file in the same folder (same file system),
 * which is flushed to disk and then renamed over the original. If the process
 * dies before the rename, the original is untouched. `write(handle)` writes
 * the new contents (so large outputs can stream); the file's mode is kept.
 * @param {string} file
 * @param {(handle: import('node:fs/promises').FileHandle) => Promise<void>} write
 */
export async function replaceFile(file, write) {
  const { mode } = await stat(file);
  const temporary = temporaryName(file);
  // Registered before the file exists: a signal that arrives as it is created still removes it.
  removeOnSignal(temporary);
  try {
    const handle = await open(temporary, 'wx', mode & 0o7777);
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  } finally {
    temporaries.delete(temporary);
  }
}

// Temporary files being written: removed if the run is interrupted (Ctrl-C,
// kill). A SIGKILL cannot be caught; what it leaves is a hidden file that
// globs and folders skip, and the original is intact either way.
const temporaries = new Set();
let signalsHandled = false;

function removeOnSignal(temporary) {
  if (!signalsHandled) {
    signalsHandled = true;
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
      process.once(signal, () => {
        for (const t of temporaries) rmSync(t, { force: true });
        process.exit(code);
      });
    }
  }
  temporaries.add(temporary);
}

/** Writes all of `bytes` through a file handle. */
export async function writeAll(handle, bytes) {
  let written = 0;
  while (written < bytes.length) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
}

/** The text of an fs error, for `file: message` lines. */
export function ioMessage(error) {
  const reasons = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a folder', ENOTDIR: 'not a folder', EPERM: 'not permitted' };
  return reasons[error.code] ?? error.message;
}
