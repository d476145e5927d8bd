// wasmod code analyze|validate|outline|query: the code-<language> modules over files, globs and stdin.
import path from 'node:path';
import { integerFlag, parseSubcommand, REPORT_FLAGS, wantsJson } from './args.js';
import { installedModules, requireOp } from './catalog.js';
import { UsageError } from './errors.js';
import { readInput, totalBytes } from './files.js';
import { expandFileArguments } from './glob.js';
import { Reporter } from './reporter.js';
import { LIMIT_FLAGS, LIMIT_HELP, MS_PER_MB, runFiles, runtimeFor } from './run-files.js';
import { EXIT_CODES_HELP, renderTable } from './text.js';
import { codeLanguageOf, codeLanguages } from '../code.js';

// The languages and their extensions, from the modules' manifests (as the API has them).
const LANGUAGE_OF_EXTENSION = Object.fromEntries(Object.entries(codeLanguages).flatMap(([language, extensions]) => extensions.map((e) => [e, language])));
const LANGUAGES = Object.keys(codeLanguages);
const decoder = new TextDecoder();

const COMMON_FLAGS = { language: { type: 'string', short: 'L' }, ...LIMIT_FLAGS, ...REPORT_FLAGS };
const SUBCOMMANDS = {
  analyze: {
    summary: 'functions with lines and cyclomatic complexity (ESLint-compatible for JavaScript), file totals',
    flags: { ...COMMON_FLAGS, 'max-complexity': { type: 'string' } },
    help: '  --max-complexity N         exit 1 when a function is more complex than N (a CI gate)',
  },
  validate: { summary: 'syntax errors with their positions', flags: COMMON_FLAGS, help: '' },
  outline: { summary: 'the symbol tree: classes, functions, methods', flags: COMMON_FLAGS, help: '' },
  query: {
    summary: 'run a tree-sitter S-expression query; print the captures',
    flags: { ...COMMON_FLAGS, query: { type: 'string', short: 'q' } },
    help: "  -q, --query QUERY          the query, e.g. '(function_declaration name: (identifier) @name)'",
  },
};

export const CODE_HELP = `Usage: wasmod code <command> [options] <files|globs|folders|->

Commands:
${Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(10)} ${s.summary}`).join('\n')}

Languages: ${LANGUAGES.join(', ')}; from the file extension
(${Object.keys(LANGUAGE_OF_EXTENSION).join(' ')}) unless --language says.
Run wasmod code <command> --help for its options.
${EXIT_CODES_HELP}`;

function subcommandHelp(name) {
  const s = SUBCOMMANDS[name];
  return `Usage: wasmod code ${name} [options] <files|globs|folders|->

${s.summary[0].toUpperCase()}${s.summary.slice(1)}.

Options:
${s.help ? `${s.help}\n` : ''}  -L, --language LANGUAGE    ${LANGUAGES.join(' | ')} (or js, ts, py; default: from each file's extension; needed for stdin)
${LIMIT_HELP}
  --json, --reporter json    one JSON report on stdout instead of text
  -h, --help                 this help
${EXIT_CODES_HELP}`;
}

/** The language of a file: --language, else its extension; null when unknown. */
function languageOf(file, language) {
  return language ?? LANGUAGE_OF_EXTENSION[path.extname(file).toLowerCase()] ?? null;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The display name of an analysed function: Class.method for methods. */
function functionName(f) {
  const name = f.name || '<anonymous>';
  return f.class ? `${f.class}.${name}` : name;
}

function analysisText(name, analysis, paint) {
  const { totals } = analysis;
  const head = `${plural(totals.lines, 'line')}, ${plural(totals.functions, 'function')}, max complexity ${totals.complexityMax}`;
  const rows = analysis.functions.map((f) => [functionName(f), f.kind, String(f.startLine), String(f.lines), String(f.params ?? ''), String(f.maxNesting), String(f.complexity)]);
  const table = rows.length ? renderTable(['function', 'kind', 'line', 'lines', 'params', 'nesting', 'complexity'], rows, paint).replace(/^(?=.)/gm, '  ') : '';
  return `${paint.bold(name)}  ${paint.dim(head)}\n${table}\n`;
}

function outlineText(name, outline, paint) {
  const lines = [paint.bold(name)];
  const stack = outline.symbols.map((s) => [s, 1]).reverse();
  while (stack.length) {
    const [symbol, depth] = stack.pop();
    lines.push(`${'  '.repeat(depth)}${paint.dim(symbol.kind)} ${symbol.name}  ${paint.dim(`${symbol.startLine}:${symbol.startColumn}`)}`);
    for (const child of [...symbol.children].reverse()) stack.push([child, depth + 1]);
  }
  return `${lines.join('\n')}\n`;
}

function queryText(name, result) {
  return result.captures.map((c) => `${name}:${c.startLine}:${c.startColumn}: @${c.name} ${JSON.stringify(c.text)}\n`).join('');
}

/** The functions over --max-complexity, as error diagnostics. */
function complexityDiagnostics(analysis, max) {
  return analysis.functions
    .filter((f) => f.complexity > max)
    .map((f) => ({
      severity: 'error',
      code: 'max-complexity',
      message: `${f.kind} '${functionName(f)}' has a complexity of ${f.complexity} (maximum allowed is ${max})`,
      offset: f.startOffset,
      line: f.startLine,
      column: f.startColumn,
    }));
}

/** Runs `wasmod code <argv>`; returns the exit code. */
export async function codeCommand(argv, io) {
  const parsed = parseSubcommand('code', argv, io, { help: CODE_HELP, subcommands: SUBCOMMANDS, subcommandHelp });
  if (parsed.exitCode !== undefined) return parsed.exitCode;
  const { name, command, values, positionals } = parsed;
  if (values.language !== undefined) {
    try {
      values.language = codeLanguageOf({ language: values.language }); // js, ts and py say the same as in the API
    } catch {
      throw new UsageError(`${command}: --language must be one of ${LANGUAGES.join(', ')} (or js, ts, py), not '${values.language}'`);
    }
  }
  if (name === 'query' && values.query === undefined) throw new UsageError(`${command}: --query is required (see ${command} --help)`);
  const maxComplexity = values['max-complexity'] === undefined ? null : integerFlag(values['max-complexity'], 'max-complexity', 0, 1e9);
  if (!positionals.length) throw new UsageError(`${command}: no files given (use - with --language for stdin; see ${command} --help)`);
  if (positionals.includes('-') && !values.language) throw new UsageError(`${command}: reading stdin (-) needs --language`);

  const extensions = values.language ? Object.keys(LANGUAGE_OF_EXTENSION).filter((e) => LANGUAGE_OF_EXTENSION[e] === values.language) : Object.keys(LANGUAGE_OF_EXTENSION);
  const { files, problems } = expandFileArguments(positionals, extensions);
  const needed = [...new Set(files.map((f) => languageOf(f, values.language)).filter(Boolean))];
  const reporter = new Reporter(io, { command, json: wantsJson(values), total: files.length });
  const options = name === 'query' ? { query: values.query } : undefined;
  const rt = await runtimeFor(values, io.env, { files: files.length, bytes: totalBytes(files), msPerMb: MS_PER_MB.code });
  try {
    requireOp(await installedModules(rt), needed.map((l) => `code-${l}`), name, command);
    problems.forEach((p) => reporter.problem(p));
    await runFiles(files, reporter, async (file) => {
      const language = languageOf(file, values.language);
      if (!language) return { outcome: 'error', message: `unknown language for '${path.extname(file) || file}' (use --language)`, code: 'unknown-language' };
      // the input is not needed after the call: it moves to the worker instead of being copied
      const r = await rt.call(`code-${language}`, name, await readInput(file, io.stdin, rt.settings.maxInputBytes), options, { transfer: true });
      const record = { language, engine: r.engine, diagnostics: r.diagnostics };
      const displayed = file === '-' ? '<stdin>' : file;
      if (r.status !== 'ok') return { ...record, outcome: 'invalid' };
      if (name === 'validate') return { ...record, outcome: 'ok' };
      const result = JSON.parse(decoder.decode(r.output));
      if (name === 'outline') return { ...record, outcome: 'ok', result, stdout: outlineText(displayed, result, reporter.paint) };
      if (name === 'query') return { ...record, outcome: 'ok', result, stdout: queryText(displayed, result) };
      const over = maxComplexity === null ? [] : complexityDiagnostics(result, maxComplexity);
      return { ...record, diagnostics: [...r.diagnostics, ...over], outcome: over.length ? 'failed' : 'ok', result, stdout: analysisText(displayed, result, reporter.paint) };
    });
  } finally {
    await rt.close();
  }
  return reporter.finish((counts) => (counts.failed ? `${plural(counts.failed, 'file')} over --max-complexity ${maxComplexity}` : null));
}
