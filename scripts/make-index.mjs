#!/usr/bin/env node
// Writes <dir>/index.json from the .wasm modules in <dir>: for each module its
// name, version, ops and manifest facts, and per variant the file, sha256 and
// size. The JS registry reads it. Rewritten only when its content changes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModuleInstance, memoryImportMinimum } from '../bindings/js/wasm-instance.js';
import { sha256Hex } from '../bindings/js/loader.js';

const dir = process.argv[2] ?? 'dist/modules';
const modules = new Map();
for (const file of (await readdir(dir)).filter((f) => f.endsWith('.wasm')).sort()) {
  const bytes = new Uint8Array(await readFile(path.join(dir, file)));
  const instance = await ModuleInstance.create(await WebAssembly.compile(bytes), { memoryMinPages: memoryImportMinimum(bytes) });
  const { abi, name, version, description, variant, kernels, ops, ...facts } = instance.manifest;
  const entry = modules.get(name) ?? { name, version, description, abi, ops, ...facts, variants: {} };
  if (entry.version !== version) throw new Error(`${file}: version ${version} differs from its other variant's ${entry.version}`);
  entry.variants[variant] = { file, sha256: await sha256Hex(bytes), bytes: bytes.length, kernels };
  modules.set(name, entry);
}
const index = `${JSON.stringify({ abi: [1, 0], modules: [...modules.values()] }, null, 2)}\n`;
const target = path.join(dir, 'index.json');
const previous = await readFile(target, 'utf8').catch(() => null);
if (previous !== index) await writeFile(target, index);
