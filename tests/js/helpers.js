// Paths and small tools shared by the JS tests.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFramed } from '../parity/engines.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(ROOT, '../shared');
export const CONFORMANCE_DIR = path.join(SHARED, 'corpus/json/conformance');
export const BENCH_DIR = path.join(SHARED, 'corpus/json/bench');
export const MODULE_DIR = path.join(ROOT, 'dist/modules');
export const NATIVE_CLI = path.join(ROOT, 'build/native/native/wasmod-native');

/** The JSON files of a corpus folder, sorted, as absolute paths. */
export function corpusFiles(dir) {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

/**
 * Runs an op natively over files with wasmod-native --framed and returns, per
 * file, { status, output: Buffer, diagnostics: string } exactly as the C library made them.
 */
export function runNative(module, op, files, options = '') {
  const args = [module, op, '--framed'];
  if (options) args.push('--options', typeof options === 'string' ? options : JSON.stringify(options));
  let out;
  try {
    out = execFileSync(NATIVE_CLI, [...args, ...files], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    out = error.stdout; // exit 1 for invalid input is expected
  }
  return parseFramed(out);
}
