// The code modules beside their anchors, measured in this run on the code
// corpus (../shared/corpus/code/fetch-corpus.sh; fetched into
// WASMOD_CODE_CORPUS or the temp folder when missing), per language, one pass
// over all its files, median of runs, the sides of a comparison timed in turns:
//   - wasmod analyze and validate (wasm-simd, through the runtime; source as bytes)
//     beside web-tree-sitter 0.25.10's bare parse of the same files with the
//     grammar .wasm of the same npm packages (source as a JS string);
//   - natively, analyze through libwasmod (whose code modules are compiled
//     with a profile, scripts/code-profiles.sh) beside tree-sitter's bare parse
//     built from the same pinned sources as its npm packages build it (no
//     profile, its default allocator), each side in a
//     process of its own, both on one CPU, passes in turns: in one process,
//     whichever side ran first shaped the heap the other got (which pages stay
//     mapped), and that moved either side by up to a third;
//   - ESLint's complexity rule (Linter API) on the JavaScript files, beside
//     wasmod analyze single-threaded and through the worker pool;
//   - load + first analyze of the corpus's largest file in a fresh Node process;
//   - module sizes, raw and gzip, beside web-tree-sitter's runtime + grammar.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRuntime } from 'wasmod';
import { coldStarts, firstTreeScripts } from '../cold-start.mjs';
import { median } from '../harness.mjs';

export const title = 'code: analyze and validate per language vs web-tree-sitter, native tree-sitter and ESLint (code corpus)';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(ROOT, '../shared');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const RUNS = Number(process.env.WASMOD_BENCH_RUNS ?? 5);
const WARMUP_MS = 500;

const LANGUAGES = [
  { name: 'javascript', grammar: 'tree-sitter-javascript/tree-sitter-javascript.wasm', src: 'tree-sitter-javascript/src', symbol: 'tree_sitter_javascript' },
  { name: 'typescript', grammar: 'tree-sitter-typescript/tree-sitter-typescript.wasm', src: 'tree-sitter-typescript/typescript/src', symbol: 'tree_sitter_typescript' },
  { name: 'tsx', grammar: 'tree-sitter-typescript/tree-sitter-tsx.wasm', src: 'tree-sitter-typescript/tsx/src', symbol: 'tree_sitter_tsx' },
  { name: 'python', grammar: 'tree-sitter-python/tree-sitter-python.wasm', src: 'tree-sitter-python/src', symbol: 'tree_sitter_python' },
  { name: 'c', grammar: 'tree-sitter-c/tree-sitter-c.wasm', src: 'tree-sitter-c/src', symbol: 'tree_sitter_c' },
];

function corpus() {
  const dir = process.env.WASMOD_CODE_CORPUS ?? path.join(os.tmpdir(), 'code-corpus');
  if (!existsSync(path.join(dir, 'manifest.tsv')))
    execFileSync('bash', [path.join(SHARED, 'corpus/code/fetch-corpus.sh'), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const rows = readFileSync(path.join(dir, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  return rows.map(([file, language, bytes]) => ({ file: path.join(dir, file), language, bytes: Number(bytes) }));
}

// The native side: one C program, built two ways. Linked with libwasmod it times a
// pass of analyze calls over the files for each line it reads, and prints the
// ms; built with GRAMMAR from the pinned tree-sitter runtime and grammar sources
// alone, as the tree-sitter npm packages build them natively (node-gyp's
// Release flags: -O3, C11), it times a pass of bare parses, one parser for all
// files, trees deleted.
const NATIVE_C = `
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef GRAMMAR
#include <tree_sitter/api.h>
const TSLanguage *GRAMMAR(void);
#else
#include <string.h>
#include "wasmod/wasmod.h"
#endif
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(int argc, char **argv) {
  /* argv: language files... */
#ifndef GRAMMAR
  char module[64];
  snprintf(module, sizeof module, "code-%s", argv[1]);
  const wm_module *m = wm_find_module(module);
#endif
  int n = argc - 2;
  char **texts = malloc(n * sizeof *texts);
  size_t *lens = malloc(n * sizeof *lens);
  for (int i = 0; i < n; i++) {
    FILE *f = fopen(argv[2 + i], "rb");
    fseek(f, 0, SEEK_END); lens[i] = ftell(f); fseek(f, 0, SEEK_SET);
    texts[i] = malloc(lens[i] + 1);
    if (fread(texts[i], 1, lens[i], f) != lens[i]) return 2;
    fclose(f);
  }
  for (int c; (c = getchar()) != EOF;) {
    if (c != '\\n') continue;
    double t0 = now();
#ifdef GRAMMAR
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, GRAMMAR());
    for (int i = 0; i < n; i++) ts_tree_delete(ts_parser_parse_string(parser, NULL, texts[i], (uint32_t)lens[i]));
    ts_parser_delete(parser);
#else
    for (int i = 0; i < n; i++) wm_result_free(wm_module_call(m, "analyze", 7, (const uint8_t *)texts[i], lens[i], NULL, 0, 0));
#endif
    printf("%f\\n", now() - t0);
    fflush(stdout);
  }
  return 0;
}
`;

const BENCH_DIR = path.join(ROOT, 'build/bench');

/** Builds the native program from `source` (NATIVE_C): with libwasmod, or (grammar given) with plain tree-sitter. */
function nativeProgram(source, name, lang) {
  const exe = path.join(BENCH_DIR, name);
  if (!lang) {
    execFileSync('cc', ['-O2', '-o', exe, source, `-I${path.join(ROOT, 'core/include')}`, path.join(ROOT, 'build/native/native/libwasmod.a')]);
    return exe;
  }
  const runtime = path.join(NODE_MODULES, 'tree-sitter/vendor/tree-sitter/lib');
  const grammar = path.join(NODE_MODULES, lang.src);
  execFileSync('cc', ['-O3', '-std=c11', '-D_POSIX_C_SOURCE=200112L', '-D_DEFAULT_SOURCE', '-w', `-DGRAMMAR=${lang.symbol}`,
    `-I${path.join(runtime, 'include')}`, `-I${path.join(runtime, 'src')}`, `-I${grammar}`, '-o', exe, source, path.join(runtime, 'src/lib.c'),
    ...['parser.c', 'scanner.c'].map((f) => path.join(grammar, f)).filter(existsSync)]);
  return exe;
}

/** (language, files) -> { parse, analyze }: median ms of a pass, each side in its own process, after one pass to warm up. */
function nativeBench() {
  // Both sides on one CPU where taskset is: on a VM one vCPU can run much slower
  // than the other for minutes (the same TSX pass: 11.8 ms on one, 17.3 on the
  // other), and a process mostly stays on the CPU it started on.
  const pinned = spawnSync('taskset', ['-V']).status === 0;
  const side = (exe, language, files) => {
    const args = [language, ...files];
    const child = pinned
      ? spawn('taskset', ['-c', '0', exe, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
      : spawn(exe, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    return {
      async pass() {
        child.stdin.write('\n');
        const { value, done } = await lines.next();
        if (done) throw new Error(`${exe} ${language} ended early`);
        return Number(value);
      },
      close: () => child.stdin.end(),
    };
  };
  mkdirSync(BENCH_DIR, { recursive: true });
  const source = path.join(BENCH_DIR, 'code_native.c');
  writeFileSync(source, NATIVE_C);
  const wasmod = nativeProgram(source, 'wasmod-analyze');
  return async (lang, files) => {
    const treeSitter = nativeProgram(source, `tree-sitter-parse-${lang.name}`, lang);
    const sides = [side(treeSitter, lang.name, files), side(wasmod, lang.name, files)];
    const samples = [[], []];
    for (let r = 0; r <= RUNS; r++)
      for (const [k, s] of sides.entries()) {
        const ms = await s.pass();
        if (r) samples[k].push(ms);
      }
    for (const s of sides) s.close();
    const [parse, analyze] = samples.map(median);
    return { parse, analyze };
  };
}

async function eslintComplexity(texts) {
  const { Linter } = await import('eslint');
  const linter = new Linter({ configType: 'flat' });
  const config = { languageOptions: { ecmaVersion: 'latest', sourceType: 'module' }, rules: { complexity: ['error', { max: 0 }] }, linterOptions: { noInlineConfig: true } };
  return () => { for (const t of texts) linter.verify(t, config); };
}

export async function run({ measureInterleaved, mbPerSecond, table, machine }) {
  const files = corpus();
  const groups = new Map(LANGUAGES.map((lang) => [lang, files.filter((f) => f.language === lang.name)]).filter(([, g]) => g.length));
  // Natively first: V8 compiles the wasm modules' optimized code on background
  // threads for a while after their passes, which a native pass run then shares the cores with.
  const native = nativeBench();
  const nativeTimes = new Map();
  for (const [lang, group] of groups) nativeTimes.set(lang, await native(lang, group.map((f) => f.file)));
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const rt = await createRuntime({ engines: ['wasm-simd'] });
  // The sides of a comparison are timed in turns. Each warms up for at least
  // WARMUP_MS first: V8 tiers a wasm module's code up in the background, and a
  // small group (TSX: ~20 ms a pass) would otherwise be timed on baseline code.
  const time = (...fns) => measureInterleaved(fns, { runs: RUNS, warmupMs: WARMUP_MS });

  const rows = [];
  const jsFiles = files.filter((f) => f.language === 'javascript');
  for (const [lang, group] of groups) {
    const bytes = group.reduce((n, f) => n + f.bytes, 0);
    const buffers = group.map((f) => readFileSync(f.file));
    const strings = buffers.map((b) => b.toString('utf8'));
    const parser = new Parser();
    parser.setLanguage(await Language.load(path.join(NODE_MODULES, lang.grammar)));
    const call = (op) => async () => { for (const b of buffers) await rt.call(`code-${lang.name}`, op, b); };
    const [wts, analyze, validate] = await time(() => { for (const s of strings) parser.parse(s).delete(); }, call('analyze'), call('validate'));
    parser.delete();
    const n = nativeTimes.get(lang);
    const row = (what, ms, anchor) => rows.push([lang.name, what, ms, mbPerSecond(bytes, ms), anchor ? anchor / ms : '']);
    row('web-tree-sitter parse (anchor)', wts);
    row('wasmod analyze, wasm-simd', analyze, wts);
    row('wasmod validate, wasm-simd', validate, wts);
    row('tree-sitter parse, native (anchor)', n.parse);
    row('wasmod analyze, native', n.analyze, n.parse);
  }
  console.log(`Per language, all its corpus files, median of ${RUNS} runs; ${machine()}.\n`);
  table(['language', 'what', 'ms', 'MB/s', '× anchor'], rows);

  // ESLint on the JavaScript files, single-threaded, beside wasmod inline and through the pool.
  const jsTexts = jsFiles.map((f) => readFileSync(f.file, 'utf8'));
  const jsBytes = jsFiles.reduce((n, f) => n + f.bytes, 0);
  const jsBuffers = jsFiles.map((f) => readFileSync(f.file));
  const pool = await createRuntime({ engines: ['wasm-simd'], workers: os.cpus().length });
  const [eslintMs, inline, pooled] = await time(
    await eslintComplexity(jsTexts),
    async () => { for (const b of jsBuffers) await rt.call('code-javascript', 'analyze', b); },
    () => Promise.all(jsBuffers.map((b) => pool.call('code-javascript', 'analyze', b))),
  );
  await pool.close();
  console.log('');
  table(['JavaScript corpus', 'ms', 'MB/s', '× ESLint'], [
    ["ESLint 10.15.0 complexity rule, Linter API (anchor)", eslintMs, mbPerSecond(jsBytes, eslintMs), 1],
    ['wasmod analyze, wasm-simd, inline', inline, mbPerSecond(jsBytes, inline), eslintMs / inline],
    [`wasmod analyze, wasm-simd, pool of ${os.cpus().length}`, pooled, mbPerSecond(jsBytes, pooled), eslintMs / pooled],
  ]);

  // Load + first analyze of the largest file of the corpus in a fresh process
  // (the module's memory grows from its initial size; a small file's cold
  // start is the cold-start section's), and the module sizes.
  const largest = files.reduce((a, f) => (f.bytes > a.bytes ? f : a));
  const readLargest = `(await import('node:fs')).readFileSync(${JSON.stringify(largest.file)}, 'utf8')`;
  const [oursLarge, theirsLarge] = coldStarts(RUNS, ...firstTreeScripts(LANGUAGES.find((l) => l.name === largest.language), readLargest).slice(0, 2));
  console.log('');
  table([`fresh Node process, import to first tree of ${path.basename(largest.file)} (${(largest.bytes / 1e6).toFixed(1)} MB), median of ${RUNS}`, 'ms', '× anchor'], [
    ['web-tree-sitter: init + load grammar + parse (anchor)', theirsLarge, ''],
    ['wasmod: createRuntime + analyze (wasm-simd)', oursLarge, theirsLarge / oursLarge],
  ]);

  const runtimeWasm = readFileSync(path.join(NODE_MODULES, 'web-tree-sitter/tree-sitter.wasm'));
  const gz = (b) => gzipSync(b, { level: 9 }).length / 1024;
  const sizes = LANGUAGES.map((lang) => {
    const module = readFileSync(path.join(ROOT, `dist/modules/code-${lang.name}-simd.wasm`));
    const grammar = readFileSync(path.join(NODE_MODULES, lang.grammar));
    return [lang.name, module.length / 1024, gz(module), (runtimeWasm.length + grammar.length) / 1024, gz(runtimeWasm) + gz(grammar)];
  });
  console.log('');
  table(['module (simd)', 'wasmod KiB', 'wasmod gzip KiB', 'web-tree-sitter + grammar KiB', 'their gzip KiB'], sizes);
  await rt.close();
}
