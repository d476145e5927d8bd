// Differential parsing of TypeScript: every TS/TSX file of the code corpus
// through TypeScript's own parser (the `typescript` devDependency) and through
// wasmod's validate (the native build). Lists each place where wasmod reports
// a syntax error or a grammar-limit warning and TypeScript's parser reports
// none on that line: a construct the pinned tree-sitter grammar does not know.
//
//   node tests/js/code-differential.mjs [--json] [corpus folder]
//
// Grouped by the construct's first token; exits 0 either way (a report, not a
// test; tests/js/code-typescript-syntax.test.js holds what it found).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { codeCorpus, codeModuleFor } from './code-corpus.js';
import { runNative } from './helpers.js';

/** The TypeScript and TSX files under dir, sorted, relative to it. */
function typescriptFiles(dir, sub = '') {
  const files = [];
  for (const name of readdirSync(path.join(dir, sub)).sort()) {
    const rel = path.join(sub, name);
    if (statSync(path.join(dir, rel)).isDirectory()) files.push(...typescriptFiles(dir, rel));
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts.map')) files.push(rel);
  }
  return files;
}

/** The 1-based lines holding TypeScript's syntax errors in a source. */
function typescriptErrorLines(file, text) {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const lines = new Set();
  for (const d of sf.parseDiagnostics) {
    const from = sf.getLineAndCharacterOfPosition(d.start).line + 1;
    const to = sf.getLineAndCharacterOfPosition(d.start + (d.length ?? 0)).line + 1;
    for (let l = from; l <= to; l++) lines.add(l);
  }
  return lines;
}

/** Each wasmod diagnostic on a line TypeScript parses without error. */
export function differences(corpus = codeCorpus()) {
  const files = typescriptFiles(corpus);
  const found = [];
  for (const module of ['code-typescript', 'code-tsx']) {
    const group = files.filter((f) => codeModuleFor(f) === module);
    const results = runNative(module, 'validate', group.map((f) => path.join(corpus, f)));
    group.forEach((file, i) => {
      const diagnostics = JSON.parse(results[i].diagnostics || '[]');
      if (!diagnostics.length) return;
      const text = readFileSync(path.join(corpus, file), 'utf8');
      const theirs = typescriptErrorLines(file, text);
      const lines = text.split('\n');
      for (const d of diagnostics) {
        if (!['syntax-error', 'missing-token', 'grammar-limit'].includes(d.code)) continue;
        if (theirs.has(d.line)) continue;
        found.push({ file, line: d.line, column: d.column, code: d.code, message: d.message,
                     text: lines[d.line - 1].trim().slice(0, 120) });
      }
    });
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const corpus = args.find((a) => !a.startsWith('--')) ?? codeCorpus();
  const found = differences(corpus);
  if (json) {
    console.log(JSON.stringify(found, null, 1));
  } else {
    for (const d of found) console.log(`${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}\n    ${d.text}`);
    console.log(`${found.length} places where TypeScript parses and wasmod does not`);
  }
}
