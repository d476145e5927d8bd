// wasmod modules list|info|verify: what is installed, and whether it is intact.
import path from 'node:path';
import { Loader, simdSupported } from '../loader.js';
import { FUEL_EXPORT, METER_VERSION } from '../meter.js';
import { ModuleInstance } from '../wasm-instance.js';
import { parseSubcommand, REPORT_FLAGS, wantsJson } from './args.js';
import { Exit, UsageError } from './errors.js';
import { colorEnabled, painter } from './terminal.js';
import { EXIT_CODES_HELP, renderTable } from './text.js';

const FLAGS = { ...REPORT_FLAGS, 'module-dir': { type: 'string' } };
const SUBCOMMANDS = {
  list: { summary: 'the installed modules: version, variants, ops', flags: FLAGS },
  info: { summary: 'everything about one module: ops and their options, variant files, sha256, sizes', flags: FLAGS },
  verify: { summary: 'check every variant file against its sha256, compile and instantiate it, compare its manifest', flags: FLAGS },
};

export const MODULES_HELP = `Usage: wasmod modules <command> [--json] [names...]

Commands:
${Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`).join('\n')}

Each also says which engine this machine uses: wasm-simd where WebAssembly SIMD
is supported, wasm-scalar otherwise.

Options:
  --module-dir DIR           the modules of DIR (with its index.json) instead of the installed
                             ones (or those of WASMOD_MODULE_URL)
  --json, --reporter json    machine-readable output
  -h, --help                 this help
${EXIT_CODES_HELP}`;

/** The engine the runtime picks on this machine. */
function machineEngine() {
  return simdSupported() ? 'wasm-simd' : 'wasm-scalar';
}

function engineLine() {
  return `engine on this machine: ${machineEngine()} (WebAssembly SIMD ${simdSupported() ? 'supported' : 'not supported'})`;
}

function pick(modules, names) {
  if (!names.length) return modules;
  return names.map((name) => {
    const found = modules.find((m) => m.name === name);
    if (!found) throw new UsageError(`no module named '${name}' is installed (installed: ${modules.map((m) => m.name).join(', ') || 'none'})`);
    return found;
  });
}

function list(modules, { json, out, paint }) {
  if (json) return out(`${JSON.stringify({ engine: machineEngine(), simd: simdSupported(), modules }, null, 2)}\n`);
  const rows = modules.map((m) => [m.name, m.version, Object.keys(m.variants).sort().join(', '), m.ops.map((o) => o.name).join(', ')]);
  out(renderTable(['module', 'version', 'variants', 'ops'], rows, paint));
  out(`\n${engineLine()}\n`);
}

function info(modules, { json, out, paint }) {
  if (json) return out(`${JSON.stringify({ engine: machineEngine(), simd: simdSupported(), modules }, null, 2)}\n`);
  for (const m of modules) {
    out(`${paint.bold(`${m.name} ${m.version}`)}  ABI ${m.abi.join('.')}\n${m.description ?? ''}\n\nops:\n`);
    for (const op of m.ops) out(`  ${op.name.padEnd(16)} ${op.options.join(', ') || '(no options)'}\n`);
    out('\nvariants:\n');
    const rows = variantFiles(m).map(({ label, file, bytes, sha256, descriptor }) => [label, file, String(bytes), descriptor.kernels ?? '', sha256]);
    out(renderTable(['variant', 'file', 'bytes', 'kernels', 'sha256'], rows, paint).replace(/^(?=.)/gm, '  '));
    out('\n');
  }
  out(`${engineLine()}\n`);
}

/** A module's variant files: each variant, and after it the same metered as built when the index names one. */
function variantFiles(module) {
  return Object.entries(module.variants).flatMap(([variant, descriptor]) => [
    { label: variant, variant, descriptor, metered: false, ...descriptor },
    ...(descriptor.metered ? [{ label: `${variant} metered`, variant, descriptor, metered: true, ...descriptor.metered }] : []),
  ]);
}

/** Loads one variant file as the runtime would (sha256, compile, ABI, instantiate) and compares its manifest. */
async function verifyVariant(loader, module, { variant, descriptor, metered }) {
  if (metered && descriptor.metered.meterVersion !== METER_VERSION)
    throw new Error(`metered by version ${descriptor.metered.meterVersion} of the metering, not this runtime's ${METER_VERSION}: it would be metered again as it loads`);
  const { compiled, memoryMinPages } = await loader.load({ name: module.name, ...descriptor }, { metered });
  if (metered && !WebAssembly.Module.exports(compiled).some((e) => e.name === FUEL_EXPORT)) throw new Error('it is not metered');
  const { manifest } = await ModuleInstance.create(compiled, { memoryMinPages });
  const expected = { name: module.name, version: module.version, variant };
  for (const [key, value] of Object.entries(expected))
    if (manifest[key] !== value) throw new Error(`its manifest says ${key} '${manifest[key]}', the index '${value}'`);
  const ops = (list) => list.map((o) => `${o.name}(${o.options.join(',')})`).join(' ');
  if (ops(manifest.ops) !== ops(module.ops)) throw new Error(`its manifest's ops (${ops(manifest.ops)}) differ from the index's (${ops(module.ops)})`);
}

async function verify(modules, loader, { json, out, err, paint }) {
  const results = [];
  for (const m of modules) {
    for (const file of variantFiles(m)) {
      const result = { module: m.name, version: m.version, variant: file.label, file: file.file, sha256: file.sha256, ok: true };
      try {
        await verifyVariant(loader, m, file);
      } catch (error) {
        Object.assign(result, { ok: false, error: error.message, code: error.code });
      }
      results.push(result);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  if (json) out(`${JSON.stringify({ engine: machineEngine(), simd: simdSupported(), ok: failed === 0, variants: results }, null, 2)}\n`);
  else {
    const status = (r) => (r.ok ? paint.green('ok') : paint.red('FAILED'));
    out(renderTable(['module', 'version', 'variant', 'status', 'sha256'], results.map((r) => [r.module, r.version, r.variant, status(r), r.sha256]), paint));
    for (const r of results.filter((x) => !x.ok)) err(`${r.file}: error: ${r.error}${r.code ? ` [${r.code}]` : ''}\n`);
    out(`\n${results.length - failed} of ${results.length} variant files verified; ${engineLine()}\n`);
  }
  return failed ? Exit.INVALID : Exit.OK;
}

function subcommandHelp(name) {
  const { summary } = SUBCOMMANDS[name];
  return `Usage: wasmod modules ${name} [--json] [--module-dir DIR] ${name === 'info' ? '<names...>' : '[names...]'}\n\n${summary[0].toUpperCase()}${summary.slice(1)}.\n${EXIT_CODES_HELP}`;
}

// The modules this package ships, and their index.
const PACKAGE_MODULES = new URL('../../../dist/modules/', import.meta.url);

/** Runs `wasmod modules <argv>`; returns the exit code. */
export async function modulesCommand(argv, io) {
  const parsed = parseSubcommand('modules', argv, io, { help: MODULES_HELP, subcommands: SUBCOMMANDS, subcommandHelp });
  if (parsed.exitCode !== undefined) return parsed.exitCode;
  const { name, command, values, positionals } = parsed;
  if (name === 'info' && !positionals.length) throw new UsageError(`${command}: name a module (see wasmod modules list)`);
  const moduleUrl = values['module-dir'] === undefined ? io.env.WASMOD_MODULE_URL || PACKAGE_MODULES : path.resolve(values['module-dir']);
  const loader = new Loader({ moduleUrl });
  const modules = pick((await loader.index()).modules, positionals);
  const context = {
    json: wantsJson(values),
    out: (text) => io.stdout.write(text),
    err: (text) => io.stderr.write(text),
    paint: painter(colorEnabled(io.stdout, io.env)),
  };
  if (name === 'list') list(modules, context);
  else if (name === 'info') info(modules, context);
  else return verify(modules, loader, context);
  return Exit.OK;
}
