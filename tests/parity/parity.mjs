// The parity suite: every op of every module in dist/modules/index.json, with
// representative options (cases.mjs), over the shared corpora, through every
// engine (engines.mjs). Any difference from the reference engine in status,
// output bytes or diagnostics is reported with the first differing byte.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadNativeAddon } from '../../bindings/js/native-addon.js';
import { codeCorpus } from '../js/code-corpus.js';
import { inputsFor, optionSets, SHARED } from './cases.mjs';
import { DEFAULT_ENGINES, ENGINES, ROOT } from './engines.mjs';

// make-large.mjs sizes (MiB): the quick run's inputs are small enough for npm test.
const LARGE_SIZES = { quick: { doc: 2, ndjson: 2 }, full: { doc: 64, ndjson: 100 } };
const BATCH = 64; // files per engine run

/** Generates make-large.mjs's inputs into build/ (once per size); returns the folder. */
export function prepareLarge(quick) {
  const size = LARGE_SIZES[quick ? 'quick' : 'full'];
  const dir = path.join(ROOT, `build/parity-large/doc${size.doc}-ndjson${size.ndjson}`);
  if (!existsSync(path.join(dir, 'large.ndjson'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [path.join(SHARED, 'corpus/json/make-large.mjs'), dir, '--doc-mb', String(size.doc), '--ndjson-mb', String(size.ndjson)], { stdio: 'ignore' });
  }
  return dir;
}

/** Where two byte strings first differ, with a little context of each; null when equal. */
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === n && a.length === b.length) return null;
  const show = (bytes) => JSON.stringify(Buffer.from(bytes.subarray(Math.max(0, i - 20), i + 20)).toString('latin1'));
  return `first difference at byte ${i} (lengths ${a.length} and ${b.length}): ${show(a)} vs ${show(b)}`;
}

/** The differences between one engine's result and the reference's, as text; [] when identical. */
function compare(reference, other) {
  const problems = [];
  if (reference.status !== other.status) problems.push(`status ${reference.status} vs ${other.status}`);
  const output = firstDifference(reference.output, other.output);
  if (output) problems.push(`output: ${output}`);
  const diagnostics = firstDifference(Buffer.from(reference.diagnostics), Buffer.from(other.diagnostics));
  if (diagnostics) problems.push(`diagnostics: ${diagnostics}`);
  return problems;
}

function chunks(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Runs the suite. Returns { runs, compared, differences, skipped, statuses }:
 * `compared` counts (file, op, options, engine) comparisons, `differences`
 * lists each mismatch as text, `statuses` counts the reference's statuses.
 * @param {{ quick?: boolean, engines?: string[], only?: string[], log?: (line: string) => void }} [options]
 */
export async function runParity({ quick = false, engines = DEFAULT_ENGINES, only = [], log = () => {} } = {}) {
  const index = JSON.parse(readFileSync(path.join(ROOT, 'dist/modules/index.json'), 'utf8'));
  const modules = index.modules.filter((m) => !only.length || only.includes(m.name));
  const [reference, ...others] = engines.map((name) => {
    const engine = ENGINES[name];
    if (!engine) throw new Error(`unknown engine ${name} (known: ${Object.keys(ENGINES).join(', ')})`);
    const missing = engine.available();
    if (missing) throw new Error(`engine ${name} is not available: ${missing}`);
    return engine;
  });
  const large = modules.some((m) => m.name === 'json') ? prepareLarge(quick) : null;
  // The code corpus (fetched once by fetch-corpus.sh), when a code module exists.
  const code = modules.some((m) => m.name.startsWith('code-')) ? codeCorpus() : null;
  // Modules in the index that libwasmod does not build in (a third-party fixture) have no native engine.
  const { addon } = loadNativeAddon();
  const builtIn = addon ? new Set(addon.modules().map((m) => m.name)) : null;
  const result = { runs: 0, compared: 0, differences: [], skipped: [], statuses: {} };

  for (const module of modules) {
    if (builtIn && !builtIn.has(module.name)) {
      result.skipped.push(`${module.name}: not a built-in module of libwasmod`);
      continue;
    }
    const groups = inputsFor(module, { quick, large, code, cut: path.join(ROOT, 'build/parity-cut') });
    if (!groups.length) result.skipped.push(`${module.name}: no corpus for it`);
    for (const op of module.ops) {
      const sets = quick ? optionSets(module, op).slice(0, 2) : optionSets(module, op);
      for (const options of sets) {
        for (const group of groups) {
          const started = performance.now();
          for (const files of chunks(group.files, BATCH)) {
            const want = await reference.run(module.name, op.name, options, files);
            result.runs++;
            want.forEach((r) => (result.statuses[r.status] = (result.statuses[r.status] ?? 0) + 1));
            for (const engine of others) {
              const got = await engine.run(module.name, op.name, options, files);
              files.forEach((file, i) => {
                result.compared++;
                const problems = compare(want[i], got[i]);
                if (problems.length)
                  result.differences.push(`${module.name} ${op.name} ${options} ${path.relative(ROOT, file)}: ${reference.name} vs ${engine.name}: ${problems.join('; ')}`);
              });
            }
          }
          log(`${module.name} ${op.name} ${options} ${group.name}: ${group.files.length} files, ${Math.round(performance.now() - started)} ms`);
        }
      }
    }
  }
  return result;
}
