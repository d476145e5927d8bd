// The key-value store in browsers: IndexedDB, the database named by the
// runtime option `store`. One object store, keyed [module, key]; a call's
// writes are one readwrite transaction with strict durability, and the commit
// resolves when the transaction completes.
import { ErrorCode, WasmodError } from './errors.js';

const OBJECTS = 'kv';
// Above every code unit: the upper bound of a prefix's key range.
const HIGHEST = '\uffff';

const request = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

const done = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
});

class IndexedDbStore {
  constructor(name, db) {
    Object.assign(this, { name, db });
  }

  async read(module, { exact, prefixes }) {
    const tx = this.db.transaction(OBJECTS, 'readonly');
    const objects = tx.objectStore(OBJECTS);
    const out = new Map();
    await Promise.all([
      ...exact.map(async (key) => {
        const value = await request(objects.get([module, key]));
        if (value !== undefined) out.set(key, value);
      }),
      ...prefixes.map(async (prefix) => {
        const range = IDBKeyRange.bound([module, prefix], [module, prefix + HIGHEST]);
        const [keys, values] = await Promise.all([request(objects.getAllKeys(range)), request(objects.getAll(range))]);
        keys.forEach(([, key], i) => key.startsWith(prefix) && out.set(key, values[i]));
      }),
    ]);
    return [...out];
  }

  async commit(module, writes) {
    let tx;
    try {
      tx = this.db.transaction(OBJECTS, 'readwrite', { durability: 'strict' });
      const objects = tx.objectStore(OBJECTS);
      for (const [key, value] of writes) value ? objects.put(value, [module, key]) : objects.delete([module, key]);
      await done(tx);
    } catch (cause) {
      throw new WasmodError(ErrorCode.STORE, `cannot write the key-value store '${this.name}' (IndexedDB): ${cause?.message ?? cause}`, { cause });
    }
  }

  close() {
    this.db.close();
  }
}

/** Opens the IndexedDB database `name` as a key-value store. */
export async function openIndexedDbStore(name) {
  if (typeof indexedDB === 'undefined') throw new WasmodError(ErrorCode.STORE, `cannot open the key-value store '${name}': no IndexedDB here`);
  const opening = indexedDB.open(String(name), 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(OBJECTS);
  try {
    return new IndexedDbStore(name, await request(opening));
  } catch (cause) {
    throw new WasmodError(ErrorCode.STORE, `cannot open the key-value store '${name}' (IndexedDB): ${cause?.message ?? cause}`, { cause });
  }
}
