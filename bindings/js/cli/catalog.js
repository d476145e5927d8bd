// What this build offers: the modules the runtime's registry knows (the
// generated module index, dist/modules/index.json, or WASMOD_MODULE_URL's) and
// their ops. Commands check here first so that a module or op this build
// lacks is a clear error, never fake output.
import { UsageError } from './errors.js';

/** The modules a runtime can run: [{ name, version, description, ops: [{ name, options }], variants }]. */
export async function installedModules(rt) {
  const indexError = await rt.registry.ready();
  if (indexError) throw indexError;
  return rt.registry.list();
}

/**
 * Throws a "not available in this build" error (exit 2) unless every
 * module named has `op`.
 * @param {object[]} modules from installedModules()
 * @param {string[]} names module names
 * @param {string} op
 * @param {string} command what the user typed, for the message
 */
export function requireOp(modules, names, op, command) {
  for (const name of names) {
    const module = modules.find((m) => m.name === name);
    if (!module)
      throw new UsageError(`${command}: not available in this build (no module '${name}' is installed; installed: ${modules.map((m) => m.name).join(', ') || 'none'})`);
    if (!module.ops.some((o) => o.name === op))
      throw new UsageError(`${command}: not available in this build (module '${name}' ${module.version} has no op '${op}'; it offers ${module.ops.map((o) => o.name).join(', ')})`);
  }
}
