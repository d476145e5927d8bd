// The wasmod CLI against the command-line tools people use for the same jobs,
// whole process wall time (start-up included): validate and format a folder of
// 1,000 JSON files (slices of ../shared/corpus/json/bench) beside jq (an
// `xargs -P2` loop) and prettier --check; analyse 500 JavaScript files (the
// code corpus, repeated) beside ESLint's complexity rule.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const title = 'CLI: whole-process wall time, 1,000 JSON files and 500 JavaScript files';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(ROOT, '../shared');
const OUT = path.join(ROOT, 'build/bench-cli');
const CLI = path.join(ROOT, 'bindings/js/cli/main.js');
const BIN = path.join(ROOT, 'node_modules/.bin');
const CODE_CORPUS = process.env.WASMOD_CODE_CORPUS ?? '/tmp/code-corpus';
const JSON_FILES = 1000;
const JS_FILES = 500;
const JS_MAX_BYTES = 256 << 10; // the bundles of several MB would make ESLint's runs minutes long

const SLICE_BYTES = 40 << 10; // about the size of each JSON file made

/** Where the bulk of a document is: the path to its largest container of many entries (6 levels deep at most). */
function bulkOf(doc) {
  let best = { path: [], size: 0 };
  const stack = [[doc, []]];
  while (stack.length) {
    const [value, at] = stack.pop();
    if (value === null || typeof value !== 'object' || at.length > 6) continue;
    const entries = Object.keys(value).length;
    const size = JSON.stringify(value).length;
    if (entries > 8 && size > best.size) best = { path: at, size };
    for (const [k, v] of Object.entries(value)) stack.push([v, [...at, k]]);
  }
  return best;
}

/** The document with the value at `at` replaced (copying only along the way). */
function replaced(doc, at, value) {
  if (!at.length) return value;
  const copy = Array.isArray(doc) ? [...doc] : { ...doc };
  copy[at[0]] = replaced(doc[at[0]], at.slice(1), value);
  return copy;
}

/** Entries from `start` on (wrapping around) until about `budget` bytes of JSON. */
function windowOf(entries, start, budget) {
  const window = [];
  for (let i = 0, bytes = 0; i < entries.length && bytes < budget; i++) {
    const entry = entries[(start + i) % entries.length];
    window.push(entry);
    bytes += JSON.stringify(entry).length + 1;
  }
  return window;
}

/**
 * Slice `part` of `parts` of a document, about SLICE_BYTES long: a window over
 * its bulk, placed by part/parts; again over the new bulk while still too large.
 */
function sliceOf(doc, docBytes, firstBulk, part, parts) {
  let current = doc;
  let size = docBytes;
  let bulk = firstBulk;
  for (let step = 0; step < 4 && size > SLICE_BYTES * 1.5 && bulk.size; step++) {
    const container = bulk.path.reduce((v, k) => v[k], current);
    const entries = Array.isArray(container) ? container : Object.entries(container);
    const start = Math.floor((part / parts) * entries.length);
    const window = windowOf(entries, start, Math.max(SLICE_BYTES - (size - bulk.size), SLICE_BYTES / 4));
    current = replaced(current, bulk.path, Array.isArray(container) ? window : Object.fromEntries(window));
    size = JSON.stringify(current).length;
    bulk = bulkOf(current);
  }
  return current;
}

/** build/bench-cli/json: 1,000 JSON files, half pretty, half minified. */
function jsonFolder() {
  const dir = path.join(OUT, 'json');
  if (existsSync(dir) && readdirSync(dir).length === JSON_FILES) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const benchDir = path.join(SHARED, 'corpus/json/bench');
  const docs = readdirSync(benchDir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const doc = JSON.parse(readFileSync(path.join(benchDir, f), 'utf8'));
    return { name: f.replace(/\.json$/, ''), doc, bytes: JSON.stringify(doc).length, bulk: bulkOf(doc) };
  });
  const parts = Math.ceil(JSON_FILES / docs.length);
  for (let i = 0; i < JSON_FILES; i++) {
    const { name, doc, bytes, bulk } = docs[i % docs.length];
    const part = Math.floor(i / docs.length);
    const value = sliceOf(doc, bytes, bulk, part, parts);
    writeFileSync(path.join(dir, `${name}-${String(part).padStart(3, '0')}.json`), part % 2 ? JSON.stringify(value) : `${JSON.stringify(value, null, 2)}\n`);
  }
  return dir;
}

/** build/bench-cli/js: 500 JavaScript files from the code corpus, repeated. */
function jsFolder() {
  const dir = path.join(OUT, 'js');
  if (existsSync(dir) && readdirSync(dir).length === JS_FILES) return dir;
  if (!existsSync(path.join(CODE_CORPUS, 'js'))) execFileSync('bash', [path.join(SHARED, 'corpus/code/fetch-corpus.sh'), CODE_CORPUS], { stdio: 'ignore' });
  const sources = [];
  const stack = [path.join(CODE_CORPUS, 'js')];
  while (stack.length) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (/\.m?js$/.test(e.name) && statSync(p).size <= JS_MAX_BYTES) sources.push(p);
    }
  }
  sources.sort();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < JS_FILES; i++) {
    const source = sources[i % sources.length];
    writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}-${path.basename(source)}`), readFileSync(source));
  }
  return dir;
}

const folderBytes = (dir) => readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);

/** Runs a command to the end (its output thrown away); fails on an exit code it should not have. */
function runCommand(argv, okCodes) {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (!okCodes.includes(r.status)) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
}

const sh = (script) => ['sh', '-c', script];

export async function run({ measure, table, machine }) {
  const json = jsonFolder();
  const js = jsFolder();
  const node = process.execPath;
  const jobs = [
    {
      job: `validate ${JSON_FILES} JSON files`,
      dir: json,
      tools: [
        ['wasmod json validate', [node, CLI, 'json', 'validate', json], [0]],
        ['jq empty (xargs -P2 -n 100)', sh(`find '${json}' -name '*.json' -print0 | xargs -0 -P2 -n 100 jq empty`), [0]],
      ],
    },
    {
      job: `format ${JSON_FILES} JSON files`,
      dir: json,
      tools: [
        ['wasmod json format --check', [node, CLI, 'json', 'format', '--check', json], [1]],
        ['wasmod json format > /dev/null', [node, CLI, 'json', 'format', json], [0]],
        ['jq . (xargs -P2 -n 100) > /dev/null', sh(`find '${json}' -name '*.json' -print0 | xargs -0 -P2 -n 100 jq . > /dev/null`), [0]],
        ['prettier --check', [path.join(BIN, 'prettier'), '--check', '--ignore-path', '', json], [1]],
      ],
    },
    {
      job: `analyse ${JS_FILES} JavaScript files`,
      dir: js,
      tools: [
        ['wasmod code analyze', [node, CLI, 'code', 'analyze', js], [0]],
        ['eslint complexity rule', [path.join(BIN, 'eslint'), '--no-config-lookup', '--rule', '{"complexity":["error",{"max":0}]}', js], [0, 1]],
      ],
    },
  ];
  const rows = [];
  for (const { job, dir, tools } of jobs) {
    const figures = [];
    for (const [tool, argv, okCodes] of tools) {
      // the anchors take seconds: fewer runs for them
      const quick = tool.startsWith('wasmod') || tool.startsWith('jq');
      const m = await measure(() => runCommand(argv, okCodes), quick ? { runs: 5, warmup: 1 } : { runs: 1, warmup: 0 });
      figures.push([tool, m.median]);
    }
    const ours = figures.filter(([t]) => t.startsWith('wasmod'));
    const anchors = figures.filter(([t]) => !t.startsWith('wasmod'));
    const fastestAnchor = Math.min(...anchors.map(([, ms]) => ms));
    const mb = folderBytes(dir) / 1e6;
    for (const [tool, ms] of figures) {
      const isOurs = ours.some(([t]) => t === tool);
      rows.push([job, tool, ms, mb / (ms / 1000), fastestAnchor / ms, isOurs ? (ms <= fastestAnchor / 5 ? 'yes' : 'no') : '']);
    }
  }
  console.log(`${JSON_FILES} JSON files (${(folderBytes(json) / 1e6).toFixed(1)} MB) and ${JS_FILES} JavaScript files (${(folderBytes(js) / 1e6).toFixed(1)} MB) in build/bench-cli; whole process, median wall time; ${machine()}\n`);
  table(['job', 'tool', 'median ms', 'MB/s', '× fastest anchor', '≤ 1/5 of it'], rows);
}
