// node check-module.mjs <example-host.wasm>: the example module with host
// capabilities, as the module SDK of an installed libwasmod built it, holds
// its capabilities in its custom section and its manifest, and imports what
// they allow and nothing else.
import { readFileSync } from 'node:fs';

const capabilities = 'log clock random config kv app:upper app:add';
const imports = [
  'app.add', 'app.upper', 'env.emscripten_notify_memory_growth', 'env.memory',
  'wasmod.clock', 'wasmod.config_get', 'wasmod.kv_delete', 'wasmod.kv_get',
  'wasmod.kv_list', 'wasmod.kv_set', 'wasmod.log', 'wasmod.random',
];

function fail(what, got, want) {
  console.error(`install test: the SDK-built module's ${what} is\n  ${got}\nnot\n  ${want}`);
  process.exit(1);
}

const module = new WebAssembly.Module(readFileSync(process.argv[2]));
const sections = WebAssembly.Module.customSections(module, 'wasmod.capabilities');
const section = sections.map((s) => new TextDecoder().decode(s)).join(' | ');
if (section !== capabilities) fail('custom section "wasmod.capabilities"', section, capabilities);
const names = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).sort();
if (names.join() !== imports.join()) fail('imports', names.join(' '), imports.join(' '));

// The manifest, from an instance whose host functions are never called.
const memory = new WebAssembly.Memory({ initial: 32, maximum: 1024 });
const importObject = { env: { memory } };
for (const full of imports) {
  const [moduleName, name] = full.split('.');
  if (full !== 'env.memory') (importObject[moduleName] ??= {})[name] = () => 0;
}
const { exports } = new WebAssembly.Instance(module, importObject);
exports._initialize?.();
const result = exports.wm_manifest();
const [, output, length] = new Uint32Array(memory.buffer, result, 3);
const manifest = JSON.parse(new TextDecoder().decode(new Uint8Array(memory.buffer, output, length)));
const declared = (manifest.capabilities ?? []).join(' ');
if (manifest.name !== 'example-host' || declared !== capabilities) {
  fail('manifest (name, capabilities)', `${manifest.name}, ${declared}`, `example-host, ${capabilities}`);
}
