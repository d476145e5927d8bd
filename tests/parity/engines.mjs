// The engines the parity suite holds to the same bytes: the native CLI
// (wasmod-native --framed, the reference), the Node addon, wasm-simd and
// wasm-scalar, plus the native ones with the scalar kernels forced and the
// CLI of the ASan + UBSan build. Each engine runs one op with one options
// text over a batch of files and returns, per file, { status, output: Buffer,
// diagnostics: string } (the diagnostics JSON text as the ABI gives it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNativeAddon } from '../../bindings/js/native-addon.js';
import { ModuleInstance, memoryImportMinimum } from '../../bindings/js/wasm-instance.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODULE_DIR = path.join(ROOT, 'dist/modules');
// Large inputs and their formatted output must fit in one wasm memory.
const WASM_MAX_MEMORY_MB = 3072;
// Exit statuses of the CLI: 0 ok, 1 invalid input, 2 an error status. Anything
// else is a crash or a sanitizer report; this one is what the sanitizers use here.
const SANITIZER_EXIT = 86;
const SANITIZER_ENV = {
  ASAN_OPTIONS: `detect_leaks=1:exitcode=${SANITIZER_EXIT}`,
  LSAN_OPTIONS: `exitcode=${SANITIZER_EXIT}`,
  UBSAN_OPTIONS: `halt_on_error=1:print_stacktrace=1:exitcode=${SANITIZER_EXIT}`,
};

/** Parses the --framed output of wasmod-native into per-file results. */
export function parseFramed(out) {
  const results = [];
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(10, pos);
    const [status, outLen, diagLen] = out.subarray(pos, eol).toString().split(' ');
    pos = eol + 1;
    const output = out.subarray(pos, pos + Number(outLen));
    pos += Number(outLen);
    const diagnostics = out.subarray(pos, pos + Number(diagLen)).toString();
    pos += Number(diagLen);
    results.push({ status, output, diagnostics });
  }
  return results;
}

function cliEngine(name, cli, { scalar = false, env = {} } = {}) {
  return {
    name,
    available: () => (existsSync(cli) ? null : `${path.relative(ROOT, cli)} is not built`),
    run(module, op, options, files) {
      const args = [module, op, '--framed', '--options', options, ...(scalar ? ['--scalar'] : []), ...files];
      const child = spawnSync(cli, args, { maxBuffer: 2 ** 31 - 1, env: { ...process.env, ...env } });
      const stderr = child.stderr?.toString() ?? '';
      if (child.error || ![0, 1, 2].includes(child.status) || /Sanitizer|runtime error:/.test(stderr))
        throw new Error(`${name}: ${module} ${op} --options '${options}' exited with ${child.status ?? child.signal}${child.error ? ` (${child.error.message})` : ''}:\n${stderr.slice(-4000)}`);
      const results = parseFramed(child.stdout);
      if (results.length !== files.length) throw new Error(`${name}: ${results.length} results for ${files.length} files`);
      return results;
    },
  };
}

function addonEngine(name, { scalar = false } = {}) {
  return {
    name,
    available: () => loadNativeAddon().reason,
    run(module, op, options, files) {
      const { addon } = loadNativeAddon();
      return files.map((file) => {
        const r = addon.call(module, op, readFileSync(file), options, { scalar });
        return { status: r.status, output: Buffer.from(r.output.buffer, r.output.byteOffset, r.output.length), diagnostics: r.diagnostics };
      });
    },
  };
}

function wasmEngine(name, variant) {
  const instances = new Map(); // module -> ModuleInstance
  const index = () => JSON.parse(readFileSync(path.join(MODULE_DIR, 'index.json'), 'utf8'));
  async function instance(module) {
    let found = instances.get(module);
    if (!found || found.broken) {
      const entry = index().modules.find((m) => m.name === module);
      const file = entry?.variants[variant]?.file;
      if (!file) throw new Error(`${name}: module ${module} has no ${variant} variant`);
      const bytes = new Uint8Array(readFileSync(path.join(MODULE_DIR, file)));
      found = await ModuleInstance.create(await WebAssembly.compile(bytes), { memoryMinPages: memoryImportMinimum(bytes), maxMemoryMb: WASM_MAX_MEMORY_MB });
      instances.set(module, found);
    }
    return found;
  }
  return {
    name,
    available: () => (existsSync(path.join(MODULE_DIR, 'index.json')) ? null : 'dist/modules/index.json is not built'),
    async run(module, op, options, files) {
      const wasm = await instance(module);
      return files.map((file) => {
        const r = wasm.call(op, readFileSync(file), options);
        // The instance hands diagnostics over parsed; our writer's JSON is
        // compact and JSON.stringify writes it back byte for byte (a native
        // difference in escaping would still show as a difference).
        return { status: r.status, output: Buffer.from(r.output), diagnostics: JSON.stringify(r.diagnostics) };
      });
    },
  };
}

/** Every engine by name; the first is the reference the others are compared with. */
export const ENGINES = {
  native: cliEngine('native', path.join(ROOT, 'build/native/native/wasmod-native')),
  'native-scalar': cliEngine('native-scalar', path.join(ROOT, 'build/native/native/wasmod-native'), { scalar: true }),
  addon: addonEngine('addon'),
  'addon-scalar': addonEngine('addon-scalar', { scalar: true }),
  'wasm-simd': wasmEngine('wasm-simd', 'simd'),
  'wasm-scalar': wasmEngine('wasm-scalar', 'scalar'),
  'native-asan': cliEngine('native-asan', path.join(ROOT, 'build/native-asan/native/wasmod-native'), { env: SANITIZER_ENV }),
  'native-asan-scalar': cliEngine('native-asan-scalar', path.join(ROOT, 'build/native-asan/native/wasmod-native'), { scalar: true, env: SANITIZER_ENV }),
};

export const DEFAULT_ENGINES = ['native', 'native-scalar', 'addon', 'addon-scalar', 'wasm-simd', 'wasm-scalar'];
