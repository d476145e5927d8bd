// The key-value store behind the kv capability (host.js): where the runtime
// option `store` points. Each platform has its durable one (store-node.js: a
// crash-safe log in a directory; store-browser.js: IndexedDB); ':memory:' is
// one that lasts as long as the runtime, for tests and caches. Every store
// answers read(module, keys) -> [key, value][] and commit(module, writes),
// which resolves once the writes are durable.
import * as platform from '#platform';

export const MEMORY_STORE = ':memory:';

/**
 * The entries of `keys` (a module's Map of key -> value) a call names: its
 * exact keys that exist, and every key under its prefixes.
 */
export function namedEntries(keys, { exact, prefixes }) {
  if (!keys) return [];
  const out = [];
  for (const key of exact) if (keys.has(key)) out.push([key, keys.get(key)]);
  if (!prefixes.length) return out;
  const listed = new Set(exact);
  for (const [key, value] of keys) if (!listed.has(key) && prefixes.some((p) => key.startsWith(p))) out.push([key, value]);
  return out;
}

class MemoryStore {
  #data = new Map(); // module -> key -> value

  read(module, scope) {
    return namedEntries(this.#data.get(module), scope);
  }

  commit(module, writes) {
    let keys = this.#data.get(module);
    if (!keys) this.#data.set(module, (keys = new Map()));
    for (const [key, value] of writes) value ? keys.set(key, value) : keys.delete(key);
    return Promise.resolve();
  }

  close() {}
}

/** Opens the store at `location` (a directory in Node, a database name in browsers, or ':memory:'). */
export function openStore(location) {
  return location === MEMORY_STORE ? Promise.resolve(new MemoryStore()) : platform.openStore(location);
}

/** Whether two calls' keys ({ exact, prefixes }) could touch the same key. */
function overlap(a, b) {
  const under = (key, prefixes) => prefixes.some((p) => key.startsWith(p));
  return a.exact.some((k) => b.exact.includes(k) || under(k, b.prefixes))
    || b.exact.some((k) => under(k, a.prefixes))
    || a.prefixes.some((p) => b.prefixes.some((q) => p.startsWith(q) || q.startsWith(p)));
}

/**
 * Calls of one module whose keys overlap run one after the other, in the
 * order they came: each reads what the one before it committed (as Redis
 * runs one script at a time), while calls on other keys go side by side.
 */
export class KeyLocks {
  #held = []; // { module, scope, done: Promise } in arrival order

  /** Waits for the earlier calls on overlapping keys; resolves to the function that releases these. */
  async acquire(module, scope) {
    const before = this.#held.filter((h) => h.module === module && overlap(h.scope, scope)).map((h) => h.done);
    let release;
    const entry = { module, scope, done: new Promise((resolve) => (release = resolve)) };
    this.#held.push(entry);
    await Promise.all(before);
    return () => {
      this.#held.splice(this.#held.indexOf(entry), 1);
      release();
    };
  }
}
