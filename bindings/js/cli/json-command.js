// wasmod json format|minify|validate|query|stats: the json module over files, globs and stdin.
import { open } from 'node:fs/promises';
import { choiceFlag, integerFlag, parseSubcommand, REPORT_FLAGS, wantsJson } from './args.js';
import { installedModules, requireOp } from './catalog.js';
import { UsageError } from './errors.js';
import { displayName, readInput, replaceFile, totalBytes, writeAll } from './files.js';
import { expandFileArguments } from './glob.js';
import { runNdjson } from '../ndjson.js';
import { fileChunks } from './ndjson.js';
import { Reporter } from './reporter.js';
import { LIMIT_FLAGS, LIMIT_HELP, MS_PER_MB, runFiles, runtimeFor } from './run-files.js';
import { EXIT_CODES_HELP, renderTable } from './text.js';

// What a folder argument stands for: its JSON files, or with --ndjson its JSON Lines files.
const EXTENSIONS = ['.json', '.jsonc', '.geojson', '.webmanifest'];
const NDJSON_EXTENSIONS = ['.ndjson', '.jsonl'];
const decoder = new TextDecoder();

const READER_FLAGS = {
  jsonc: { type: 'boolean' },
  'duplicate-keys': { type: 'string' },
  'max-depth': { type: 'string' },
  'allow-bom': { type: 'boolean' },
  'allow-lone-surrogates': { type: 'boolean' },
  ...LIMIT_FLAGS,
  ...REPORT_FLAGS,
};
const OUTPUT_FLAGS = {
  'sort-keys': { type: 'boolean' },
  ascii: { type: 'boolean' },
  'final-newline': { type: 'boolean' },
  'no-final-newline': { type: 'boolean' },
};
const REWRITE_FLAGS = {
  write: { type: 'boolean', short: 'w' },
  check: { type: 'boolean', short: 'c' },
  'list-different': { type: 'boolean', short: 'l' },
  ndjson: { type: 'boolean' },
};

const READER_HELP = `Reading:
  --jsonc                    accept comments and trailing commas (JSONC)
  --duplicate-keys MODE      allow | warn | error
  --max-depth N              nesting limit (0: none)
  --allow-bom                accept a leading byte order mark
  --allow-lone-surrogates    accept \\uD800-style lone surrogates in strings
${LIMIT_HELP}`;
const OUTPUT_HELP = `Output:
  --sort-keys                sort object keys (by code point, stable)
  --ascii                    escape every non-ASCII character
  --final-newline            end with a newline (the default for format and minify)
  --no-final-newline         do not`;
const REWRITE_HELP = `Modes (default: print the result on stdout):
  -w, --write                replace each file with its formatted text, atomically
  -c, --check                exit 1 when a file is not formatted; name it on stderr
  -l, --list-different       print the names of the files that are not formatted
  --ndjson                   JSON Lines: each line a document, streamed in chunks`;
const REPORT_HELP = `Reporting:
  --json, --reporter json    one JSON report on stdout instead of text
  -h, --help                 this help`;

/** Each subcommand: its op, flags and help. */
const SUBCOMMANDS = {
  format: {
    summary: 'pretty-print JSON (indent 2 by default)',
    flags: { ...READER_FLAGS, ...OUTPUT_FLAGS, ...REWRITE_FLAGS, indent: { type: 'string' } },
    help: `  --indent N|tab             spaces per level (0-16) or a tab; 0 minifies\n${OUTPUT_HELP}\n${REWRITE_HELP}\n${READER_HELP}`,
  },
  minify: {
    summary: 'remove every insignificant space',
    flags: { ...READER_FLAGS, ...OUTPUT_FLAGS, ...REWRITE_FLAGS },
    help: `${OUTPUT_HELP}\n${REWRITE_HELP}\n${READER_HELP}`,
  },
  validate: {
    summary: 'check JSON strictly (RFC 8259); errors as file:line:col',
    flags: { ...READER_FLAGS, ndjson: { type: 'boolean' } },
    help: `  --ndjson                   JSON Lines: each line a document; any size, streamed in chunks\n${READER_HELP}`,
  },
  query: {
    summary: 'print the part of each document an RFC 6901 JSON Pointer names',
    flags: { ...READER_FLAGS, ...OUTPUT_FLAGS, pointer: { type: 'string', short: 'p' }, indent: { type: 'string' } },
    help: `  -p, --pointer POINTER      the JSON Pointer, e.g. /items/0/name ('' is the whole document)\n  --indent N|tab             format the result (default: as the module formats it)\n${OUTPUT_HELP}\n${READER_HELP}`,
  },
  stats: {
    summary: 'count depth, objects, arrays, keys, strings, numbers, bytes',
    flags: { ...READER_FLAGS },
    help: READER_HELP,
  },
};

export const JSON_HELP = `Usage: wasmod json <command> [options] <files|globs|folders|->

Commands:
${Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(10)} ${s.summary}`).join('\n')}

Files: paths, quoted globs ('data/**/*.json', '*.{json,jsonc}'), folders (their
${EXTENSIONS.join(' ')} files; with --ndjson their ${NDJSON_EXTENSIONS.join(' ')} files) or - for stdin. Run wasmod json <command> --help for its options.
${EXIT_CODES_HELP}`;

function subcommandHelp(name) {
  const s = SUBCOMMANDS[name];
  return `Usage: wasmod json ${name} [options] <files|globs|folders|->

${s.summary[0].toUpperCase()}${s.summary.slice(1)}.

${s.help}
${REPORT_HELP}
${EXIT_CODES_HELP}`;
}

/** The json module's options from the flags. */
function moduleOptions(name, values) {
  const options = {};
  if (values.jsonc) options.mode = 'jsonc';
  if (values['duplicate-keys'] !== undefined) options.duplicateKeys = choiceFlag(values['duplicate-keys'], 'duplicate-keys', ['allow', 'warn', 'error']);
  if (values['max-depth'] !== undefined) options.maxDepth = integerFlag(values['max-depth'], 'max-depth', 0, 100000000);
  if (values['allow-bom']) options.allowBom = true;
  if (values['allow-lone-surrogates']) options.allowLoneSurrogates = true;
  if (values.indent !== undefined) options.indent = values.indent === 'tab' || values.indent === '\t' ? '\t' : integerFlag(values.indent, 'indent', 0, 16);
  if (name === 'minify') options.indent = 0;
  if (values['sort-keys']) options.sortKeys = true;
  if (values.ascii) options.asciiOnly = true;
  if (values['final-newline'] && values['no-final-newline']) throw new UsageError('--final-newline and --no-final-newline contradict each other');
  // Files end with a newline unless asked otherwise (the module's default is none).
  if ((name === 'format' || name === 'minify') && !values.ndjson) options.finalNewline = !values['no-final-newline'];
  else if (values['final-newline'] || values['no-final-newline']) options.finalNewline = Boolean(values['final-newline']);
  if (values.pointer !== undefined) options.pointer = values.pointer;
  return options;
}

// (only validate, format and minify take --ndjson)
function opFor(name, ndjson) {
  const op = { format: 'format', minify: 'format', validate: 'validate', query: 'query', stats: 'stats' }[name];
  return ndjson ? `ndjson-${op}` : op;
}

/** How format/minify treat their result: print, write, check or list. */
function rewriteMode(values) {
  if (values.write) return 'write';
  if (values['list-different']) return 'list';
  if (values.check) return 'check';
  return 'print';
}

const sameBytes = (a, b) => a.length === b.length && Buffer.compare(a, b) === 0;

/** One document per file: read it whole, call the op, act on the output. */
function wholeFileHandler({ name, op, rt, options, callOptions, mode, listDifferent, io, reporter, results }) {
  // The output as text is for the JSON report only: printing writes the bytes.
  const text = (bytes) => (reporter.json ? decoder.decode(bytes) : undefined);
  return async (file) => {
    const input = await readInput(file, io.stdin, rt.settings.maxInputBytes);
    const r = await rt.call('json', op, input, options, callOptions);
    const record = { engine: r.engine, diagnostics: r.diagnostics };
    if (r.status !== 'ok') return { ...record, outcome: 'invalid' };
    if (name === 'validate') return { ...record, outcome: 'ok' };
    if (name === 'stats') {
      const stats = JSON.parse(decoder.decode(r.output));
      results.set(file, stats);
      return { ...record, outcome: 'ok', result: stats };
    }
    if (name === 'query') {
      const line = r.output.at(-1) === 10 ? r.output : Buffer.concat([r.output, Buffer.from('\n')]);
      return { ...record, outcome: 'ok', output: text(r.output), stdout: line };
    }
    const changed = !sameBytes(r.output, input);
    const comments = options.mode === 'jsonc' && changed ? await commentCount(rt, input, options) : 0;
    if (comments && mode !== 'print') {
      // Formatting keeps no comments: rewriting (or calling the file unformatted) would lose them.
      return { ...record, outcome: 'error', code: 'E_COMMENTS', message: `has ${plural(comments, 'comment')}, which formatting would drop; left as it is` };
    }
    if (comments) record.diagnostics = [...record.diagnostics, { severity: 'warning', code: 'comments-dropped', message: `${plural(comments, 'comment')} not in the output: formatting keeps no comments` }];
    if (mode === 'print') return { ...record, outcome: 'ok', changed, output: text(r.output), stdout: r.output };
    if (mode === 'write') {
      if (changed) await replaceFile(file, (handle) => writeAll(handle, r.output));
      if (changed && hasBom(input)) record.diagnostics = [...record.diagnostics, { severity: 'info', code: 'bom-dropped', message: 'the byte order mark at its start was dropped' }];
      return { ...record, outcome: 'ok', changed, stdout: changed && listDifferent ? `${file}\n` : undefined };
    }
    return unformattedRecord(record, changed, mode, file);
  };
}

const hasBom = (bytes) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How many comments a JSONC document has (the stats op counts them). */
async function commentCount(rt, input, { mode, maxDepth, allowBom, allowLoneSurrogates }) {
  const r = await rt.call('json', 'stats', input, { mode, maxDepth, allowBom, allowLoneSurrogates });
  return r.status === 'ok' ? JSON.parse(decoder.decode(r.output)).comments ?? 0 : 0;
}

function unformattedRecord(record, changed, mode, file) {
  if (!changed) return { ...record, outcome: 'ok', changed };
  if (mode === 'list') return { ...record, outcome: 'unformatted', changed, stdout: `${displayName(file)}\n` };
  return { ...record, outcome: 'unformatted', changed, note: 'not formatted' };
}

/** JSON Lines: streamed in chunks, so a file of any size fits in bounded memory. */
function ndjsonHandler(context) {
  return async (file) => {
    const handle = file === '-' ? null : await open(file);
    try {
      return await ndjsonFile(context, file, handle ? fileChunks(handle) : context.io.stdin);
    } finally {
      await handle?.close();
    }
  };
}

async function ndjsonFile({ op, rt, options, callOptions, mode, listDifferent, io, reporter }, file, chunks) {
  const diagnostics = [];
  const onDiagnostics = (list) => {
    if (reporter.json) diagnostics.push(...list);
    else for (const d of list) reporter.err(reporter.diagnosticLine(displayName(file), d));
  };
  const run = (onOutput) => runNdjson(rt, op, chunks, options, callOptions, { onDiagnostics, onOutput });
  if (op === 'ndjson-validate') return { outcome: (await run()) ? 'ok' : 'invalid', diagnostics };
  if (mode === 'print') {
    const valid = await run((bytes) => (reporter.json ? undefined : writeOrWait(io.stdout, bytes)));
    return { outcome: valid ? 'ok' : 'invalid', diagnostics };
  }
  let changed = false;
  const compare = (bytes, input) => {
    changed ||= !sameBytes(bytes, input);
  };
  if (mode !== 'write') {
    const valid = await run(compare);
    return valid ? unformattedRecord({ diagnostics }, changed, mode, file) : { outcome: 'invalid', diagnostics };
  }
  let valid = true;
  try {
    await replaceFile(file, async (output) => {
      valid = await run(async (bytes, input) => {
        compare(bytes, input);
        await writeAll(output, bytes);
      });
      if (!valid || !changed) throw KEEP_ORIGINAL; // nothing to replace: the temporary file goes
    });
  } catch (error) {
    if (error !== KEEP_ORIGINAL) throw error;
  }
  return { outcome: valid ? 'ok' : 'invalid', changed, diagnostics, stdout: changed && listDifferent ? `${file}\n` : undefined };
}

const KEEP_ORIGINAL = Symbol('keep the original file');

/** Writes to a stream, waiting when it is full (large outputs stay bounded in memory). */
function writeOrWait(stream, bytes) {
  if (stream.write(bytes)) return undefined;
  return new Promise((resolve) => stream.once('drain', resolve));
}

function printStatsTable(reporter, files, results) {
  const rows = files.filter((f) => results.has(f)).map((f) => [f === '-' ? '<stdin>' : f, results.get(f)]);
  if (!rows.length) return;
  const keys = [...new Set(rows.flatMap(([, stats]) => Object.keys(stats)))];
  const cell = (v) => (v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  reporter.out(renderTable(['file', ...keys], rows.map(([name, stats]) => [name, ...keys.map((k) => cell(stats[k]))]), reporter.paint));
}

/** Runs `wasmod json <argv>`; returns the exit code. */
export async function jsonCommand(argv, io) {
  const parsed = parseSubcommand('json', argv, io, { help: JSON_HELP, subcommands: SUBCOMMANDS, subcommandHelp });
  if (parsed.exitCode !== undefined) return parsed.exitCode;
  const { name, command, values, positionals } = parsed;
  const options = moduleOptions(name, values);
  if (name === 'query' && options.pointer === undefined) throw new UsageError(`${command}: --pointer is required (see ${command} --help)`);
  const op = opFor(name, values.ndjson);
  const mode = rewriteMode(values);
  if (!positionals.length) throw new UsageError(`${command}: no files given (use - for stdin; see ${command} --help)`);
  if (values.ndjson && values.jsonc && mode !== 'print') throw new UsageError(`${command}: --jsonc with --ndjson can only print: formatting keeps no comments, so --write, --check and --list-different could lose them`);
  if (mode === 'write' && positionals.includes('-')) throw new UsageError(`${command}: --write needs files; stdin (-) cannot be written back`);
  const { files, problems } = expandFileArguments(positionals, values.ndjson ? NDJSON_EXTENSIONS : EXTENSIONS);
  const rt = await runtimeFor(values, io.env, values.ndjson ? { files: 1 } : { files: files.length, bytes: totalBytes(files), msPerMb: MS_PER_MB.json });
  const reporter = new Reporter(io, { command, json: wantsJson(values), total: files.length });
  const results = new Map();
  // Whole files not needed after the call move to the worker instead of being copied
  // (format compares its output with them; NDJSON chunks share one buffer).
  const callOptions = { transfer: !values.ndjson && name !== 'format' && name !== 'minify' };
  const context = { name, op, rt, options, callOptions, mode, listDifferent: Boolean(values['list-different']), io, reporter, results };
  try {
    requireOp(await installedModules(rt), ['json'], op, command);
    problems.forEach((p) => reporter.problem(p));
    const handle = values.ndjson ? ndjsonHandler(context) : wholeFileHandler(context);
    // NDJSON files go one at a time: their diagnostics stream out as they come.
    await runFiles(files, reporter, handle, values.ndjson ? { concurrency: 1 } : undefined);
  } finally {
    await rt.close();
  }
  if (name === 'stats' && !reporter.json) printStatsTable(reporter, files, results);
  return reporter.finish((counts) => {
    if (mode === 'check' && counts.unformatted) return `${counts.unformatted} of ${files.length} file${files.length === 1 ? ' is' : 's are'} not formatted (run ${command} --write to fix)`;
    return null;
  });
}
