// How a run over files reports: per file, in the order given, results on
// stdout and diagnostics on stderr as `file:line:col: severity: message [code]`
// (1-based, the numbers the API returns); or, with --json, one JSON document
// on stdout at the end. The exit code is the worst outcome seen.
import { Exit } from './errors.js';
import { colorEnabled, painter, Progress } from './terminal.js';

/**
 * The outcome of one file:
 *   ok          done, nothing wrong
 *   invalid     the input is invalid (diagnostics say where)   -> exit 1
 *   unformatted --check / --list-different found a difference  -> exit 1
 *   failed      a gate such as --max-complexity failed          -> exit 1
 *   error       could not be processed (I/O, limits, internal)  -> exit 2
 */
const OUTCOME_EXIT = { ok: Exit.OK, invalid: Exit.INVALID, unformatted: Exit.INVALID, failed: Exit.INVALID, error: Exit.FAILURE };

export class Reporter {
  #io;
  #json;
  #paint;
  #errPaint;
  #records = [];
  #counts = { ok: 0, invalid: 0, unformatted: 0, failed: 0, error: 0 };
  exitCode = Exit.OK;

  /**
   * @param {{ stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream, env: object }} io
   * @param {{ command: string, json: boolean, total: number }} options
   */
  constructor(io, { command, json, total }) {
    this.#io = io;
    this.#json = json;
    this.command = command;
    this.#paint = painter(colorEnabled(io.stdout, io.env));
    this.#errPaint = painter(colorEnabled(io.stderr, io.env));
    this.progress = new Progress(io.stderr, total);
  }

  /** Style functions for stdout (tables). */
  get paint() {
    return this.#paint;
  }

  get json() {
    return this.#json;
  }

  /** Writes results to stdout (text mode only). */
  out(text) {
    if (this.#json) return;
    this.progress.clear();
    this.#io.stdout.write(text);
  }

  /** Writes a line to stderr, erasing the progress line first. */
  err(line) {
    this.progress.clear();
    this.#io.stderr.write(`${line}\n`);
  }

  /** The text line for one diagnostic. */
  diagnosticLine(name, d) {
    const p = this.#errPaint;
    const where = d.line ? `${name}:${d.line}:${d.column}` : name;
    const severity = d.severity === 'warning' ? p.yellow('warning') : d.severity === 'info' ? p.cyan('info') : p.red('error');
    return `${p.bold(`${where}:`)} ${severity}: ${d.message}${d.code ? p.dim(` [${d.code}]`) : ''}`;
  }

  /**
   * Records one file's result (call in the order of the files).
   * @param {{ file: string, name: string, outcome: keyof OUTCOME_EXIT, diagnostics?: object[], message?: string, code?: string, stdout?: string | Uint8Array, note?: string, [k: string]: unknown }} record
   *   `message` (+ `code`) describe an error outcome; in text mode `stdout` is printed and `note`
   *   goes to stderr after the file's name; other keys go to the JSON report as they are
   */
  record(record) {
    this.progress.tick();
    this.#counts[record.outcome]++;
    this.exitCode = Math.max(this.exitCode, OUTCOME_EXIT[record.outcome]);
    const { name, stdout, note, ...rest } = record;
    if (this.#json) {
      this.#records.push({ ...rest, file: name, diagnostics: record.diagnostics ?? [] });
      return;
    }
    if (stdout !== undefined) this.out(stdout);
    for (const d of record.diagnostics ?? []) this.err(this.diagnosticLine(name, d));
    if (note) this.err(`${this.#errPaint.bold(`${name}:`)} ${note}`);
    if (record.outcome === 'error') this.err(this.diagnosticLine(name, { severity: 'error', message: record.message, code: record.code }));
  }

  /** A problem that belongs to no file (a pattern that matched nothing): exit 2. */
  problem(message) {
    this.exitCode = Exit.FAILURE;
    if (this.#json) this.#records.push({ file: null, outcome: 'error', message, diagnostics: [] });
    else this.err(`${this.#errPaint.red('error')}: ${message}`);
  }

  /** Ends the run: the JSON report, or the summary line `summary(counts)` returns (if any). Returns the exit code. */
  finish(summary) {
    this.progress.clear();
    if (this.#json) {
      const report = { command: this.command, exitCode: this.exitCode, summary: { files: this.#records.filter((r) => r.file !== null).length, ...this.#counts }, files: this.#records };
      this.#io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const line = summary?.(this.#counts);
      if (line) this.err(line);
    }
    return this.exitCode;
  }
}
