// Reading inputs (a file or `-` for stdin) and replacing files atomically.
import { randomBytes } from 'node:crypto';
import { constants, createReadStream, fstatSync, readFileSync, rmSync, statSync } from 'node:fs';
import { access, copyFile, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** How a file is named in messages: stdin is `<stdin>`. */
export function displayName(file) {
  return file === '-' ? '<stdin>' : file;
}

/** An fs-like error for an input this CLI will not read whole. */
function inputError(file, code, reason) {
  return Object.assign(new Error(`${file}: ${reason}`), { code, syscall: 'read', path: file, reason });
}

/** All of a stream as bytes, at most `limit` of them. */
async function readStream(stream, file, limit) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy?.();
      throw inputError(file, 'E_INPUT_TOO_LARGE', `more than ${limit} bytes (maxInputBytes); not read further`);
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The bytes of a file argument (`-` is stdin), at most `limit` of them.
 * Rejects with the fs error. Regular files are read synchronously: one read
 * of a cached file costs less than the round trips of fs/promises through the
 * thread pool. Anything else (a FIFO, a device such as /dev/zero, stdin) is
 * read as a stream, which neither blocks the run nor reads without end.
 */
export async function readInput(file, stdin, limit = Infinity) {
  if (file === '-') {
    if (stdin.fd === 0 && fstatSync(0).isDirectory()) throw inputError('<stdin>', 'EISDIR', 'standard input is a folder');
    return readStream(stdin, '<stdin>', limit);
  }
  const stats = statSync(file);
  if (stats.isFile()) {
    if (stats.size > limit) throw inputError(file, 'E_INPUT_TOO_LARGE', `${stats.size} bytes, more than maxInputBytes (${limit}); raise --max-memory`);
    return readFileSync(file);
  }
  if (stats.isDirectory()) throw inputError(file, 'EISDIR', 'is a folder');
  return readStream(createReadStream(file), file, limit);
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

/** Why `file` may not be replaced, or null: --write changes nothing it may not. */
function refusal(stats) {
  if (!stats.isFile()) return 'not a regular file';
  // Root may write anything; a file with no write bit was still made read-only on purpose.
  if ((stats.mode & 0o222) === 0) return 'read-only (no write permission bit); not written';
  return null;
}

/** An error like fs's, for a file --write leaves alone. */
function refused(file, reason) {
  return Object.assign(new Error(`${file}: ${reason}`), { code: 'EACCES', syscall: 'open', path: file, reason });
}

/**
 * Replaces `file` with new contents without ever leaving it half-written:
 * the bytes go to a temporary file in the same folder (same file system),
 * which is flushed to disk and then renamed over the original. If the process
 * dies before the rename, the original is untouched. `write(handle)` writes
 * the new contents (so large outputs can stream).
 *
 * What the file is stays as it was: a symbolic link is followed and its
 * target replaced (the link stays a link); mode and owner are kept; a file
 * this process may not write (or with no write bit at all) is refused with
 * EACCES, untouched. A rename would give the file a new inode, so where that
 * would lose something (more than one hard link, or an owner this process
 * cannot give the new file) the new contents are copied into the original
 * inode instead, once they are complete on disk: an interruption then can
 * leave the file part-written, with the complete text in the temporary file.
 * @param {string} file
 * @param {(handle: import('node:fs/promises').FileHandle) => Promise<void>} write
 */
export async function replaceFile(file, write) {
  const target = await realpath(file);
  const stats = await stat(target);
  const reason = refusal(stats);
  if (reason) throw refused(file, reason);
  await access(target, constants.W_OK);
  const temporary = temporaryName(target);
  // Registered before the file exists: a signal that arrives as it is created still removes it.
  removeOnSignal(temporary);
  try {
    let inPlace = stats.nlink > 1;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await write(handle);
      await handle.sync();
      if (!inPlace) inPlace = !(await sameOwnerAndMode(handle, stats));
    } finally {
      await handle.close();
    }
    if (inPlace) {
      // copyFile opens the existing file for writing and truncates it: same inode, owner and mode.
      await copyFile(temporary, target);
      await unlink(temporary);
    } else {
      await rename(temporary, target);
    }
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  } finally {
    temporaries.delete(temporary);
  }
}

/** Gives the new file the original's mode and owner; false when the owner cannot be given. */
async function sameOwnerAndMode(handle, stats) {
  const created = await handle.stat();
  if (created.uid !== stats.uid || created.gid !== stats.gid) {
    try {
      await handle.chown(stats.uid, stats.gid);
    } catch (error) {
      if (error.code === 'EPERM' || error.code === 'EINVAL') return false;
      throw error;
    }
  }
  // After chown, which clears set-user-ID bits; explicit, as open's mode is masked by the umask.
  await handle.chmod(stats.mode & 0o7777);
  return true;
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
  if (error.reason) return error.reason;
  const reasons = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a folder',
    ENOTDIR: 'not a folder',
    EPERM: 'not permitted',
    ENOSPC: 'no space left on device',
    EROFS: 'read-only file system',
    EIO: 'input/output error',
  };
  return reasons[error.code] ?? error.message;
}
