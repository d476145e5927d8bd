// The real-world code corpus of the code tests: fetched once with
// ../shared/corpus/code/fetch-corpus.sh (pinned packages, cached tarballs)
// into WASMOD_CODE_CORPUS or the script's default folder, then reused.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeLanguageOf } from 'wasmod';
import { SHARED, runNative } from './helpers.js';

export const ORACLE_DIR = path.join(SHARED, 'corpus/code/oracle');

/** The corpus folder, fetched first when it is missing. */
export function codeCorpus() {
  const dir = process.env.WASMOD_CODE_CORPUS ?? path.join(os.tmpdir(), 'code-corpus');
  if (!existsSync(path.join(dir, 'manifest.tsv')))
    execFileSync('bash', [path.join(SHARED, 'corpus/code/fetch-corpus.sh'), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

/** The module that reads a corpus path (by the extensions the modules' manifests list). */
export function codeModuleFor(file) {
  return `code-${codeLanguageOf({ filename: file })}`;
}

/** An oracle file's records grouped by corpus path. */
export function oracleRecords(name) {
  const oracle = JSON.parse(readFileSync(path.join(ORACLE_DIR, name), 'utf8'));
  const byFile = new Map();
  for (const r of oracle.records) {
    if (!byFile.has(r.file)) byFile.set(r.file, []);
    byFile.get(r.file).push(r);
  }
  return byFile;
}

/** wasmod's analysis of corpus files (native, one process per module): Map path -> analysis. */
export function analyzeCorpus(corpus, files) {
  const analyses = new Map();
  const byModule = new Map();
  for (const file of files) byModule.set(codeModuleFor(file), [...(byModule.get(codeModuleFor(file)) ?? []), file]);
  for (const [module, group] of byModule) {
    const results = runNative(module, 'analyze', group.map((f) => path.join(corpus, f)));
    group.forEach((file, i) => analyses.set(file, JSON.parse(results[i].output.toString())));
  }
  return analyses;
}
