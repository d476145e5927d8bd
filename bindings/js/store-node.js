// The key-value store in Node: a crash-safe append-only log in a directory of
// the app's choosing (runtime option `store`), read into memory when opened.
//
// The file (wasmod-kv.log) is a header, then one record per committed
// transaction: [u32 length][u32 CRC-32 of the payload][payload], the payload
// a run of operations [u8 1 set | 2 delete][u16 module length][module]
// [u16 key length][key] and, for a set, [u32 value length][value] (all
// little-endian). A commit appends its record and waits for fdatasync before
// it resolves: once a call has answered, its writes survive a crash of the
// process or the machine. A crash during an append leaves a torn last record,
// which the next open finds by its length or CRC and cuts off: a transaction
// is there whole or not at all. Commits that arrive while one is being
// written are written together, with one sync (group commit). When dead
// records outweigh live data the log is rewritten beside it and renamed over
// it, the directory synced. One process owns a store at a time (a lock file
// holding its pid).
import { closeSync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, WasmodError } from './errors.js';
import { namedEntries } from './store.js';

const FILE = 'wasmod-kv.log';
const LOCK = 'wasmod-kv.lock';
const MAGIC = new TextEncoder().encode('WMKVLOG1');
const SET = 1, DELETE = 2;
const COMPACT_FROM = 8 << 20; // a log smaller than this is left alone
const RECORD_MAX = 4 << 20; // a compacted log is cut into records of about this size

const CRC_TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(bytes) {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One record: the transaction's operations, framed. ops: [module, key, value | null][] */
function record(ops) {
  const parts = [];
  let size = 0;
  for (const [module, key, value] of ops) {
    const m = encoder.encode(module), k = encoder.encode(key);
    const head = new Uint8Array(1 + 2 + m.length + 2 + k.length + (value ? 4 : 0));
    const view = new DataView(head.buffer);
    head[0] = value ? SET : DELETE;
    view.setUint16(1, m.length, true);
    head.set(m, 3);
    view.setUint16(3 + m.length, k.length, true);
    head.set(k, 5 + m.length);
    if (value) view.setUint32(5 + m.length + k.length, value.length, true);
    parts.push(head);
    size += head.length;
    if (value) {
      parts.push(value);
      size += value.length;
    }
  }
  const out = new Uint8Array(8 + size);
  let pos = 8;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  const view = new DataView(out.buffer);
  view.setUint32(0, size, true);
  view.setUint32(4, crc32(out.subarray(8)), true);
  return out;
}

/** Applies a record's payload to `data`; false when it does not parse (then nothing is applied). */
function applyPayload(data, payload) {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const ops = [];
  let pos = 0;
  const take = (n) => {
    if (pos + n > payload.length) throw new RangeError('short');
    const bytes = payload.subarray(pos, pos + n);
    pos += n;
    return bytes;
  };
  try {
    while (pos < payload.length) {
      const kind = take(1)[0];
      const module = decoder.decode(take(view.getUint16(pos, true) + 2).subarray(2));
      const key = decoder.decode(take(view.getUint16(pos, true) + 2).subarray(2));
      if (kind === SET) ops.push([module, key, take(view.getUint32(pos, true) + 4).slice(4)]);
      else if (kind === DELETE) ops.push([module, key, null]);
      else return false;
    }
  } catch {
    return false;
  }
  for (const op of ops) apply(data, op);
  return true;
}

/** About the bytes an entry takes as a record in a compacted log. */
const entryBytes = (module, key, value) => 13 + module.length + key.length + value.length;

/** Applies one operation to `data`; returns how the live bytes changed. */
function apply(data, [module, key, value]) {
  let keys = data.get(module);
  if (!keys) data.set(module, (keys = new Map()));
  const old = keys.get(key);
  if (value) keys.set(key, value);
  else keys.delete(key);
  return (value ? entryBytes(module, key, value) : 0) - (old ? entryBytes(module, key, old) : 0);
}

function syncDirectory(dir) {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function storeError(dir, message, cause) {
  return new WasmodError(ErrorCode.STORE, `cannot open the key-value store at ${dir}: ${message}`, { cause });
}

/** Takes the directory's lock for this process, or says who holds it. */
function lock(dir) {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw storeError(dir, error.message, error);
    }
    const holder = Number(readFileSync(path, 'utf8'));
    let alive = false;
    try {
      alive = Number.isInteger(holder) && holder > 0 && holder !== process.pid && process.kill(holder, 0);
    } catch (error) {
      alive = error.code === 'EPERM';
    }
    if (alive) throw storeError(dir, `process ${holder} has it open`);
    rmSync(path, { force: true }); // left by a process that is gone
  }
  throw storeError(dir, 'its lock file keeps coming back');
}

class LogStore {
  #data = new Map(); // module -> key -> value
  #handle = null;
  #size = 0; // bytes of the log
  #live = 0; // bytes the live data would take as records
  #pending = []; // { bytes, ops, resolve, reject }
  #flushing = null;
  users = 1;

  constructor(dir) {
    this.dir = dir;
    this.path = join(dir, FILE);
  }

  async open() {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw storeError(this.dir, error.message, error);
    }
    lock(this.dir);
    try {
      this.#replay();
      this.#handle = await open(this.path, 'r+');
      if (this.#size > COMPACT_FROM && this.#size > 2 * this.#live) await this.#compact();
    } catch (error) {
      rmSync(join(this.dir, LOCK), { force: true });
      throw error instanceof WasmodError ? error : storeError(this.dir, error.message, error);
    }
    return this;
  }

  // Reads the log into memory; a torn or corrupt tail is cut off where the last whole record ends.
  #replay() {
    let bytes;
    try {
      bytes = readFileSync(this.path);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
      bytes = new Uint8Array(0);
    }
    if (bytes.length < MAGIC.length || !MAGIC.every((b, i) => bytes[i] === b)) {
      if (bytes.length >= MAGIC.length) throw storeError(this.dir, `${FILE} is not a wasmod key-value log`);
      // New (or torn while being made): start it, durably, with its directory entry.
      const fd = openSync(this.path, 'w');
      writeSync(fd, MAGIC);
      fsyncSync(fd);
      closeSync(fd);
      syncDirectory(this.dir);
      this.#size = MAGIC.length;
      return;
    }
    let pos = MAGIC.length;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (pos + 8 <= bytes.length) {
      const length = view.getUint32(pos, true);
      if (pos + 8 + length > bytes.length) break;
      const payload = bytes.subarray(pos + 8, pos + 8 + length);
      if (crc32(payload) !== view.getUint32(pos + 4, true) || !applyPayload(this.#data, payload)) break;
      pos += 8 + length;
    }
    if (pos < bytes.length) {
      const fd = openSync(this.path, 'r+');
      try {
        ftruncateSync(fd, pos);
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    this.#size = pos;
    for (const [module, keys] of this.#data) for (const [key, value] of keys) this.#live += entryBytes(module, key, value);
  }

  /** The values of a call's keys: exact keys present, and every key under its prefixes. */
  read(module, scope) {
    return namedEntries(this.#data.get(module), scope);
  }

  /** Writes one call's changes ([key, value | null][]) as one transaction; resolves once they are durable. */
  commit(module, writes) {
    if (!this.#handle) return Promise.reject(new WasmodError(ErrorCode.STORE, `the key-value store at ${this.dir} is closed`));
    const ops = writes.map(([key, value]) => [module, key, value]);
    return new Promise((resolve, reject) => {
      this.#pending.push({ bytes: record(ops), ops, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush() {
    while (this.#pending.length) {
      const batch = this.#pending.splice(0);
      const bytes = new Uint8Array(batch.reduce((n, c) => n + c.bytes.length, 0));
      let pos = 0;
      for (const c of batch) {
        bytes.set(c.bytes, pos);
        pos += c.bytes.length;
      }
      try {
        await this.#handle.write(bytes, 0, bytes.length, this.#size);
        await this.#handle.datasync();
      } catch (cause) {
        // Not written, or not known to be: the calls fail, and the log is cut back to what is.
        await this.#handle.truncate(this.#size).catch(() => {});
        const error = new WasmodError(ErrorCode.STORE, `cannot write the key-value store at ${this.dir}: ${cause.message}`, { cause });
        for (const c of batch) c.reject(error);
        continue;
      }
      this.#size += bytes.length;
      for (const c of batch) {
        for (const op of c.ops) this.#live += apply(this.#data, op);
        c.resolve();
      }
      if (this.#size > COMPACT_FROM && this.#size > 2 * this.#live) await this.#compact().catch(() => {}); // the log stays as it is
    }
    this.#flushing = null;
  }

  // The live data written to a new log beside the old one, synced, renamed over it.
  async #compact() {
    const temporary = `${this.path}.compact`;
    const handle = await open(temporary, 'w');
    let size = MAGIC.length;
    try {
      await handle.write(MAGIC);
      let ops = [], opBytes = 0;
      const flushOps = async () => {
        if (!ops.length) return;
        const bytes = record(ops);
        await handle.write(bytes);
        size += bytes.length;
        ops = [];
        opBytes = 0;
      };
      for (const [module, keys] of this.#data) {
        for (const [key, value] of keys) {
          ops.push([module, key, value]);
          opBytes += value.length + key.length;
          if (opBytes >= RECORD_MAX) await flushOps();
        }
      }
      await flushOps();
      await handle.sync();
    } finally {
      await handle.close();
    }
    renameSync(temporary, this.path);
    syncDirectory(this.dir);
    await this.#handle.close();
    this.#handle = await open(this.path, 'r+');
    this.#size = size;
  }

  async close() {
    if (--this.users > 0) return;
    openStores.delete(this.dir);
    await this.#flushing;
    await this.#handle?.close();
    this.#handle = null;
    rmSync(join(this.dir, LOCK), { force: true });
  }
}

const openStores = new Map(); // directory -> Promise<LogStore>: runtimes of one process share it

/** Opens (or shares) the store in directory `dir`. */
export function openLogStore(dir) {
  const known = openStores.get(dir);
  if (known) return known.then((store) => (store.users++, store));
  const opening = new LogStore(dir).open();
  openStores.set(dir, opening);
  opening.catch(() => openStores.delete(dir));
  return opening;
}
