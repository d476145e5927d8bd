// What the parity suite runs: the corpora, which module reads which files,
// and representative options per op. Modules and ops themselves come from
// dist/modules/index.json, so a new op is covered as soon as it is built
// (with {} until it gets a row here).
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeLanguages } from 'wasmod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = process.env.WASMOD_SHARED ?? path.resolve(ROOT, '../shared');

/** Representative options per module kind and op; keys an op does not accept are dropped. */
export const OPTIONS = {
  json: {
    validate: [{}, { mode: 'jsonc' }, { maxDepth: 8 }, { allowBom: true, allowLoneSurrogates: true }, { duplicateKeys: 'warn' }, { duplicateKeys: 'error' }],
    format: [{}, { indent: 0 }, { indent: '\t', sortKeys: true }, { indent: 4, asciiOnly: true, finalNewline: true }, { mode: 'jsonc', indent: 2, sortKeys: true, asciiOnly: true }],
    query: [{ pointer: '' }, { pointer: '/0' }, { pointer: '/statuses/0/user/name', indent: 2 }, { pointer: '/a~1b/~0c' }],
    stats: [{}, { mode: 'jsonc' }],
    'ndjson-validate': [{}, { duplicateKeys: 'warn' }],
    'ndjson-format': [{}, { sortKeys: true, asciiOnly: true }],
  },
  code: {
    validate: [{}],
    analyze: [{}],
    outline: [{}],
    query: [{ query: '(comment) @comment' }, { query: '((identifier) @id (#eq? @id "x"))' }],
  },
};

/** The options texts to run for an op: its rows, restricted to the options it accepts, deduplicated. */
export function optionSets(module, op) {
  const rows = OPTIONS[module.name.startsWith('code-') ? 'code' : module.name]?.[op.name] ?? [{}];
  const accepted = new Set(op.options);
  const texts = rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([key]) => accepted.has(key)))));
  return [...new Set(texts)];
}


/** Writes the first half of each file (bytes) into dir; returns their paths. */
function cutInHalf(files, dir) {
  mkdirSync(dir, { recursive: true });
  return files.map((file, i) => {
    const bytes = readFileSync(file);
    const target = path.join(dir, `${i}-${path.basename(file)}`);
    writeFileSync(target, bytes.subarray(0, bytes.length >> 1));
    return target;
  });
}

/** Every file below dir (sorted), as absolute paths. */
function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...walk(full));
    else files.push(full);
  }
  return files;
}

/**
 * The inputs of a module: a list of { name, files } groups (each group is
 * run as one batch). `large` is the folder of make-large.mjs's output,
 * `code` the fetched code corpus, either may be null; `cut` a scratch folder
 * for code files cut in half (syntax errors, and at times a split UTF-8
 * sequence). Quick runs take the
 * small files, a sample of the bench files and of the code corpus.
 */
export function inputsFor(module, { quick, large, code, cut }) {
  if (module.name === 'json') {
    const conformance = path.join(SHARED, 'corpus/json/conformance');
    const bench = path.join(SHARED, 'corpus/json/bench');
    const json = (dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
    const benchFiles = json(bench);
    const groups = [
      { name: 'conformance', files: json(conformance) },
      { name: 'bench', files: quick ? benchFiles.filter((f) => /(twitter|canada|numbers)\.json$/.test(f)) : benchFiles },
    ];
    if (large) for (const file of ['large.json', 'large.ndjson']) if (existsSync(path.join(large, file))) groups.push({ name: `large/${file}`, files: [path.join(large, file)] });
    return groups;
  }
  const language = module.name.replace(/^code-/, '');
  if (language === module.name) return [];
  // The fuzz seeds: small files made for cases the corpus lacks (Unicode spaces, runaway recovery).
  const seedDir = path.join(ROOT, 'tests/fuzz/seeds/code', language);
  const seeds = { name: `fuzz seeds (${language})`, files: existsSync(seedDir) ? walk(seedDir) : [] };
  if (!code) return [seeds];
  const files = walk(code).filter((f) => codeLanguages[language]?.includes(path.extname(f)));
  // Quick runs: every 8th file of those under 128 KB (the corpus has 1-9 MB ones).
  const small = files.filter((f) => statSync(f).size < 128 * 1024);
  const picked = quick ? small.filter((_, i) => i % 8 === 0) : files;
  return [
    { name: `code corpus (${language})`, files: picked },
    seeds,
    { name: `code corpus (${language}), cut in half`, files: cutInHalf(small.filter((_, i) => i % 8 === 4), path.join(cut, language)) },
  ];
}
