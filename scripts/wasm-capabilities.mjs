#!/usr/bin/env node
// The post-link step that holds a module to the host capabilities it declares
// (core/include/wasmod/host.h; wasmod_add_module(... CAPABILITIES ...)):
//
//   node wasm-capabilities.mjs <file.wasm> [capability...]
//
// 1. Every import of the linked module must be one the capabilities allow:
//    its memory (env.memory), the note that the memory grew
//    (env.emscripten_notify_memory_growth), and the wasmod.* and app.*
//    functions of the declared capabilities. Anything else fails the build
//    with a message naming the import, and the .wasm is removed so that the
//    next build links it again: a module the loader would refuse is never
//    left behind looking built.
// 2. With capabilities, the module gets a custom section "wasmod.capabilities"
//    holding their names joined by single spaces (UTF-8), which the loader
//    reads before anything is instantiated. Without any, the file is left
//    byte for byte as it is.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

import { encodeSection, readSections, reader, u32 } from './wasm-binary.mjs';

const SECTION_NAME = 'wasmod.capabilities';
const CUSTOM = 0;
const IMPORT = 2;
const KINDS = ['function', 'table', 'memory', 'global', 'tag'];

/** The import names ("wasmod" module) each built-in capability allows, as in host.h. */
const HOST_FUNCTIONS = {
  log: ['log'],
  clock: ['clock'],
  random: ['random'],
  config: ['config_get'],
  kv: ['kv_get', 'kv_set', 'kv_delete', 'kv_list'],
};
/** What every module imports, capabilities or not, with its kind. */
const ALWAYS = new Map([
  ['env.memory', 'memory'],
  ['env.emscripten_notify_memory_growth', 'function'],
]);
const APP_NAME = /^app:[A-Za-z0-9_.-]+$/;

/** The imports of a module: { module, name, kind }. */
function readImports(bytes, section) {
  const r = reader(bytes, section.start);
  const imports = [];
  for (let count = r.u32(); count > 0; count--) {
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    imports.push({ module, name, kind: KINDS[kind] ?? `kind ${kind}` });
    // Skip the import's type: only the names and kinds are checked.
    if (kind === 0) r.u32(); // function: type index
    else if (kind === 1 || kind === 2) {
      if (kind === 1) r.byte(); // table: element type
      const flags = r.byte();
      r.u32();
      if (flags & 1) r.u32(); // limits: min, max when present
    } else if (kind === 3) r.pos += 2; // global: value type, mutability
    else if (kind === 4) (r.byte(), r.u32()); // tag: attribute, type index
    else throw new Error(`unknown import kind ${kind}`);
  }
  return imports;
}

/** Why `imp` is not allowed by `capabilities`, or null when it is. */
function importProblem(imp, capabilities) {
  const full = `${imp.module}.${imp.name}`;
  if (ALWAYS.has(full)) {
    return imp.kind === ALWAYS.get(full) ? null : `imports ${full} as a ${imp.kind}, not a ${ALWAYS.get(full)}`;
  }
  let capability;
  if (imp.module === 'wasmod') {
    capability = Object.keys(HOST_FUNCTIONS).find((c) => HOST_FUNCTIONS[c].includes(imp.name));
    if (!capability) return `imports ${full}, which is no host function of wasmod/host.h`;
  } else if (imp.module === 'app') {
    capability = `app:${imp.name}`;
  } else {
    return `imports ${full}, which no host capability provides (a function it calls but nothing defines?)`;
  }
  if (imp.kind !== 'function') return `imports ${full} as a ${imp.kind}; host capabilities are functions`;
  if (!capabilities.includes(capability)) {
    return `imports ${full}, which needs the capability '${capability}': add it to CAPABILITIES in its wasmod_add_module()`;
  }
  return null;
}

/** The bytes of the module without any "wasmod.capabilities" section, then the new one. */
function withCapabilitiesSection(bytes, sections, capabilities) {
  const out = [bytes.subarray(0, 8)];
  for (const s of sections) {
    if (s.id === CUSTOM && reader(bytes, s.start).name() === SECTION_NAME) continue;
    out.push(bytes.subarray(s.header, s.end));
  }
  const name = new TextEncoder().encode(SECTION_NAME);
  const content = new TextEncoder().encode(capabilities.join(' '));
  out.push(...encodeSection(CUSTOM, [Uint8Array.from(u32(name.length)), name, content]));
  return Buffer.concat(out);
}

const [file, ...capabilities] = process.argv.slice(2);
if (!file) {
  console.error('usage: wasm-capabilities.mjs <file.wasm> [capability...]');
  process.exit(2);
}
const unknown = capabilities.filter((c) => !(c in HOST_FUNCTIONS) && !APP_NAME.test(c));
if (unknown.length) {
  console.error(`wasm-capabilities: unknown capability '${unknown[0]}' (known: ${Object.keys(HOST_FUNCTIONS).join(', ')}, app:NAME)`);
  process.exit(2);
}

const bytes = readFileSync(file);
const sections = readSections(bytes);
const importSection = sections.find((s) => s.id === IMPORT);
const problems = (importSection ? readImports(bytes, importSection) : [])
  .map((imp) => importProblem(imp, capabilities))
  .filter(Boolean);
if (problems.length) {
  for (const problem of problems) console.error(`wasmod: ${basename(file)} ${problem}`);
  console.error(`wasmod: ${basename(file)} removed: the loader would refuse it`);
  rmSync(file);
  process.exit(1);
}
if (capabilities.length) writeFileSync(file, withCapabilitiesSection(bytes, sections, capabilities));
