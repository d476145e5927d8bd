// wasmod's complexity against the tools people trust, on the real-world code
// corpus: ESLint's complexity rule for JavaScript and TypeScript (the oracle
// in ../shared/corpus/code/oracle, matched by position as its README says),
// radon for Python and pmccabe for C. The agreement floors are what was
// reached; modules/code/README.md explains the differences that remain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeCorpus, codeCorpus, oracleRecords } from './code-corpus.js';

/** Agreement of wasmod's functions with an oracle's records. */
function compare(byFile, analyses, { find, check }) {
  const tally = { records: 0, matched: 0, agree: 0, disagreements: [], unmatched: [], files: [] };
  for (const [file, records] of byFile) {
    const analysis = analyses.get(file);
    const index = find(analysis, file);
    const before = { records: tally.records, agree: tally.agree };
    for (const r of records) {
      if (r.kind === 'class' || r.kind === 'module-level') continue;
      tally.records++;
      const f = index(r);
      if (!f) {
        tally.unmatched.push(`${file}:${r.line}: ${r.name}`);
        continue;
      }
      tally.matched++;
      if (f.complexity === r.complexity) tally.agree++;
      else tally.disagreements.push(`${file}:${r.line}: ${r.name}: oracle ${r.complexity}, wasmod ${f.complexity}`);
      check?.(file, r, f);
    }
    const n = tally.records - before.records;
    if (n) tally.files.push({ file, records: n, agree: tally.agree - before.agree });
  }
  tally.files.sort((a, b) => a.agree / a.records - b.agree / b.records || b.records - a.records);
  return tally;
}

/** The files where agreement is lowest, for the log. */
function worstFiles(tally, n = 3) {
  return tally.files.slice(0, n).map((f) => `${f.file} ${f.agree}/${f.records} (${percent(f.agree, f.records).toFixed(1)}%)`).join('; ');
}

const percent = (n, d) => (100 * n) / d;

test('JavaScript and TypeScript: ESLint complexity, names, spans and parameters', () => {
  const corpus = codeCorpus();
  const byFile = oracleRecords('eslint-complexity.json');
  const analyses = analyzeCorpus(corpus, [...byFile.keys()]);
  const mismatches = [];
  const matching = {
    find(analysis) {
      const byStart = new Map();
      const byHead = new Map();
      const initializers = new Map();
      for (const f of analysis.functions) {
        if (f.kind === 'initializer') initializers.set(f.startOffset, f);
        else {
          if (!byStart.has(f.startOffset)) byStart.set(f.startOffset, f);
          byHead.set(`${f.startLine}:${f.startColumn}`, f);
        }
      }
      // ESTree starts a method's function at its parameters: those match by their head instead.
      return (r) => r.origin === 'class-field-initializer'
        ? initializers.get(r.span.startByte)
        : byStart.get(r.span.startByte) ?? byHead.get(`${r.line}:${r.column}`);
    },
    check(file, r, f) {
      const quoted = /'(.*)'$/.exec(r.name) ?? /(#\S+)$/.exec(r.name);
      if (quoted && quoted[1] !== f.name) mismatches.push(`${file}:${r.line}: name ${r.name}, wasmod ${f.name}`);
      if (r.params !== null && r.params !== f.params) mismatches.push(`${file}:${r.line}: params ${r.params}, wasmod ${f.params}`);
      if (r.span.endLine !== f.endLine) mismatches.push(`${file}:${r.line}: ends on ${r.span.endLine}, wasmod ${f.endLine}`);
      if (r.maxDepth !== null && r.maxDepth !== f.maxNesting) mismatches.push(`${file}:${r.line}: max-depth ${r.maxDepth}, wasmod ${f.maxNesting}`);
    },
  };
  for (const language of ['js', 'ts']) {
    const files = new Map([...byFile].filter(([file]) => file.startsWith(`${language}/`)));
    const tally = compare(files, analyses, matching);
    const agreement = percent(tally.agree, tally.records);
    console.log(`ESLint (${language}): ${tally.agree} of ${tally.records} functions agree (${agreement.toFixed(2)}%), ${tally.unmatched.length} not found; worst files: ${worstFiles(tally)}`);
    assert.ok(tally.records > 1000);
    assert.ok(agreement >= 99, `${language}: complexity agrees on ${agreement.toFixed(2)}%:\n${tally.disagreements.slice(0, 20).join('\n')}`);
    assert.deepEqual(tally.disagreements, [], 'every function found agrees');
    assert.deepEqual(tally.unmatched, [], 'every function is found');
    assert.deepEqual(tally.files.filter((f) => f.agree < 0.95 * f.records), [], 'no file below 95%');
  }
  assert.deepEqual(mismatches.slice(0, 20), [], 'names, parameters, end lines and nesting agree');
});

/** An oracle whose records are found by start line and name; `line` is the record's line to match. */
function byLineAndName(oracleFile, line) {
  const corpus = codeCorpus();
  const byFile = oracleRecords(oracleFile);
  const analyses = analyzeCorpus(corpus, [...byFile.keys()]);
  const tally = compare(byFile, analyses, {
    find(analysis) {
      const index = new Map(analysis.functions.map((f) => [`${f.startLine}:${f.name}`, f]));
      return (r) => index.get(`${line(r)}:${r.name}`);
    },
  });
  return { ...tally, agreement: percent(tally.agree, tally.records) };
}

test('Python: radon cyclomatic complexity', () => {
  const tally = byLineAndName('python-radon-complexity.json', (r) => r.line);
  console.log(`radon: ${tally.agree} of ${tally.records} functions agree (${tally.agreement.toFixed(2)}%), ${tally.unmatched.length} not found; worst files: ${worstFiles(tally)}`);
  assert.ok(tally.agreement >= 99.5, `radon agreement ${tally.agreement.toFixed(2)}%:\n${tally.disagreements.slice(0, 20).join('\n')}`);
  assert.equal(tally.unmatched.length, 0, tally.unmatched.slice(0, 10).join('\n'));
  assert.deepEqual(tally.files.filter((f) => f.agree < 0.95 * f.records), [], 'no file below 95%');
});

/** C's keywords (C23 and GNU's), which pmccabe may take for a function's name. */
const C_KEYWORDS = new Set(('auto break case char const continue default do double else enum extern float for goto if inline int long ' +
  'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Alignas _Alignof ' +
  '_Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local alignas alignof bool constexpr false nullptr ' +
  'static_assert thread_local true typeof typeof_unqual asm __asm__ __attribute__ __extension__ __typeof__').split(' '));

/**
 * pmccabe's records matched by position: its firstLine is where the definition
 * starts (its return type), as wasmod's startLine, and its line is the
 * function's name. A function defined through a macro pmccabe names by the
 * macro (`START_TEST(test_x) {` is `START_TEST`, `PREFIX(f)(...)` is
 * `PREFIX`), and a line that ends without `;` before a definition (`END_TEST`)
 * it takes as the definition's first: such a record matches the function of
 * wasmod that starts between its firstLine and its line when the record's name
 * is written there.
 * pmccabe also starts a definition at what comes before it when it does not
 * see that thing end: a prototype whose `;` follows a macro
 * (`extern void ffi_call_SYSV(...) FFI_HIDDEN;` before `ffi_call_int`), macro
 * calls that define functions whole (`DEFINE_UTF16_TO_UTF8(little2_)`), and
 * names the record after it. Such a record, whose lines (firstLine to its last)
 * cover exactly one function of wasmod whole, ending on the record's last line,
 * matches that function when no other record of the file overlaps it and the
 * record's name is written before the function's first line, as a name: there
 * the name is all that ties the record's head to the function, and a C
 * keyword names nothing (a record named `sizeof` is pmccabe taking an
 * initializer for a head: not found). A record that covers no function (a
 * `typedef Array(T) Name;` followed by a struct) stays not found.
 */
function pmccabeTally() {
  const corpus = codeCorpus();
  const byFile = oracleRecords('pmccabe-complexity.json');
  const analyses = analyzeCorpus(corpus, [...byFile.keys()]);
  const tally = compare(byFile, analyses, {
    find(analysis, file) {
      const index = new Map(analysis.functions.map((f) => [`${f.startLine}:${f.name}`, f]));
      let lines;
      return (r) => {
        const exact = index.get(`${r.firstLine}:${r.name}`);
        if (exact) return exact;
        lines ??= readFileSync(path.join(corpus, file), 'utf8').split('\n');
        const written = (from, to) => new RegExp(`\\b${r.name}\\b`).test(lines.slice(from - 1, to).join('\n'));
        const starting = analysis.functions.filter((f) => f.startLine >= r.firstLine && f.startLine <= r.line);
        if (starting.length === 1) return written(r.firstLine, r.line) ? starting[0] : undefined;
        if (starting.length) return undefined;
        // the record's head is what comes before the function
        const last = r.firstLine + r.lines - 1;
        const covered = analysis.functions.filter((f) => f.startLine >= r.firstLine && f.endLine <= last);
        if (covered.length !== 1 || covered[0].endLine !== last || C_KEYWORDS.has(r.name)) return undefined;
        const [f] = covered;
        const overlaps = byFile.get(file).some((o) => o !== r && o.firstLine <= f.endLine && o.firstLine + o.lines - 1 >= f.startLine);
        return !overlaps && written(r.firstLine, f.startLine - 1) ? f : undefined;
      };
    },
  });
  return { ...tally, agreement: percent(tally.agree, tally.records) };
}

test('C: pmccabe complexity', () => {
  const tally = pmccabeTally();
  console.log(`pmccabe: ${tally.agree} of ${tally.records} functions agree (${tally.agreement.toFixed(2)}%; ${tally.agree} of ${tally.matched} found), ${tally.unmatched.length} not found; worst files: ${worstFiles(tally)}`);
  assert.ok(tally.agree / tally.matched >= 0.99, tally.disagreements.join('\n'));
  assert.ok(tally.unmatched.length <= 7, tally.unmatched.join('\n'));
  assert.ok(tally.agreement >= 99.4, `pmccabe agreement ${tally.agreement.toFixed(2)}%:\n${tally.disagreements.slice(0, 20).join('\n')}`);
});
