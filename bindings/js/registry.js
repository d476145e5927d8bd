// The registry: which modules exist, in which versions, with which variants
// and sha256. Built-ins come from the build's generated descriptors
// (dist/modules/<name>.js, see scripts/make-index.mjs), as many as the code
// that made the runtime imported, or from the index.json at moduleUrl;
// third-party modules are added with register(). Entries are plain descriptors.
import { checkGrants } from './capabilities.js';
import { ErrorCode, WasmodError } from './errors.js';
import { compareVersions, parseRange, parseVersion } from './semver.js';

const SHA256 = /^[0-9a-f]{64}$/i;

/** Splits 'name@range' (the name may itself start with '@scope/'). */
export function parseModuleSpec(spec) {
  const at = String(spec).lastIndexOf('@');
  return at > 0 ? { name: spec.slice(0, at), range: spec.slice(at + 1) || '*' } : { name: String(spec), range: '*' };
}

function bad(message, name) {
  return new WasmodError(ErrorCode.BAD_OPTIONS, `register(): ${message}`, { module: name });
}

// One variant of a registered module: its bytes or where they are, and their sha256.
function checkVariant(name, variant, source) {
  if (!source || typeof source !== 'object') throw bad(`variant ${variant} of '${name}' must be an object`, name);
  const { url, bytes, sha256 } = source;
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw bad(`'${name}' (${variant}) needs the sha256 of its bytes as 64 hex digits`, name);
  if ((url === undefined) === (bytes === undefined)) throw bad(`'${name}' (${variant}) needs exactly one of url or bytes`, name);
  if (bytes !== undefined && !(bytes instanceof Uint8Array)) throw bad(`'${name}' (${variant}): bytes must be a Uint8Array`, name);
  return bytes ? { data: bytes, sha256: sha256.toLowerCase(), bytes: bytes.length } : { url: String(url), sha256: sha256.toLowerCase() };
}

/** parseRange(), its error a WasmodError. */
function rangeMatcher(spec, name, range) {
  try {
    return parseRange(range);
  } catch (cause) {
    throw new WasmodError(ErrorCode.BAD_OPTIONS, `${cause.message} in '${spec}'`, { module: name, cause });
  }
}

export class Registry {
  #byName = new Map(); // name -> descriptors, newest version first
  #builtins;

  /**
   * @param {import('./loader.js').Loader} loader where the index is read from when it has a moduleUrl
   * @param {(name: string) => void} [onRegister] told when register() adds a version of `name`
   * @param {object[]} [builtins] the built-in modules' descriptors (dist/modules/<name>.js)
   */
  constructor(loader, onRegister = () => {}, builtins = []) {
    this.loader = loader;
    this.onRegister = onRegister;
    this.addBuiltins(builtins);
  }

  /**
   * Adds built-in modules' descriptors (a module already known is left as it is).
   * With a moduleUrl, the built-ins are those of its index instead.
   */
  addBuiltins(descriptors) {
    if (this.loader.baseUrl) return;
    for (const d of descriptors) if (!this.#byName.get(d.name)?.some((known) => known.version === d.version)) this.#add({ ...d, builtin: true });
  }

  /** Reads the index at moduleUrl once, if there is one. Resolves to the error that kept it out, or null. */
  ready() {
    this.#builtins ??= !this.loader.baseUrl
      ? Promise.resolve(null)
      : this.loader.index().then(
          (index) => {
            for (const entry of index.modules) this.#add({ ...entry, builtin: true });
            return null;
          },
          (error) => error,
        );
    return this.#builtins;
  }

  #add(descriptor) {
    const list = this.#byName.get(descriptor.name) ?? [];
    const same = list.findIndex((d) => d.version === descriptor.version);
    if (same >= 0) list.splice(same, 1); // registering a version again replaces it
    list.push(Object.freeze(descriptor));
    list.sort((a, b) => compareVersions(parseVersion(b.version), parseVersion(a.version)));
    this.#byName.set(descriptor.name, list);
    return descriptor;
  }

  /**
   * Adds a third-party module: { name, version, description?, url | bytes, sha256 }
   * for one file that runs everywhere, or { name, version, variants: { simd?, scalar? } }
   * with { url | bytes, sha256 } per variant; `grants`: the host capabilities it
   * may use (capabilities.js), none when left out.
   */
  register(descriptor) {
    const { name, version, description = '', variants, url, bytes, sha256 } = descriptor ?? {};
    if (typeof name !== 'string' || !/^[@a-z0-9][a-z0-9._/-]*$/i.test(name)) throw bad(`a module needs a name (letters, digits, . _ - /), got ${JSON.stringify(name)}`, name);
    if (!parseVersion(version)) throw bad(`'${name}' needs a semver version (like 1.0.0), got ${JSON.stringify(version)}`, name);
    const checked = {};
    if (variants) {
      for (const [variant, source] of Object.entries(variants)) {
        if (variant !== 'simd' && variant !== 'scalar') throw bad(`'${name}': variants are 'simd' and 'scalar', not '${variant}'`, name);
        checked[variant] = checkVariant(name, variant, source);
      }
      if (!Object.keys(checked).length) throw bad(`'${name}' has no variants`, name);
    } else {
      checked.scalar = checkVariant(name, 'scalar', { url, bytes, sha256 }); // one file: it must run without SIMD
    }
    const grants = checkGrants(name, descriptor.grants);
    const added = this.#add({ name, version, description, ops: descriptor.ops ?? [], builtin: false, variants: checked, ...(grants ? { grants } : {}) });
    this.onRegister(name);
    return added;
  }

  /** Every known module version, built-ins first, then by name and newest version. */
  list() {
    // Names compare by code point: localeCompare would first build a collator (milliseconds at start-up).
    const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return [...this.#byName.values()].flat().sort((a, b) => Number(b.builtin) - Number(a.builtin) || byName(a, b));
  }

  /** Modules whose name, description or op names contain `text` (case-insensitive); newest version of each. */
  search(text) {
    const needle = String(text).toLowerCase();
    return [...this.#byName.values()].map((list) => list[0]).filter((d) =>
      [d.name, d.description, ...(d.ops ?? []).map((op) => op.name)].some((s) => String(s).toLowerCase().includes(needle)));
  }

  /** Whether any version of `name` is known. */
  has(name) {
    return this.#byName.has(name);
  }

  /** The newest version matching 'name' or 'name@range'; undefined when none does. */
  info(spec) {
    const { name, range } = parseModuleSpec(spec);
    const matches = rangeMatcher(spec, name, range);
    return this.#byName.get(name)?.find((d) => matches(d.version));
  }

  /** Like info(), but after the index is read, and an error when nothing matches. */
  async resolve(spec) {
    const indexError = await this.ready();
    const { name, range } = parseModuleSpec(spec);
    const matches = rangeMatcher(spec, name, range);
    const versions = this.#byName.get(name);
    if (!versions) {
      if (indexError) throw indexError;
      const known = [...this.#byName.keys()].join(', ') || 'none';
      throw new WasmodError(ErrorCode.MODULE_NOT_FOUND, `no module named '${name}' (known: ${known})`, { module: name });
    }
    const found = versions.find((d) => matches(d.version));
    if (!found) throw new WasmodError(ErrorCode.VERSION, `module '${name}' has no version in range '${range}' (known: ${versions.map((d) => d.version).join(', ')})`, { module: name });
    return found;
  }
}
