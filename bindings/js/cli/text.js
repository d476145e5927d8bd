// Text shared by the commands: the exit codes section of every --help, and plain tables.

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  invalid input, a file not formatted (--check), or a gate failed (--max-complexity, verify)
  2  usage error, unreadable file, module or op not in this build, limit exceeded, internal error

Results go to stdout; diagnostics to stderr as file:line:col: severity: message [code]
(1-based lines, columns in code points). Colour only on a terminal: NO_COLOR=1 turns it off,
FORCE_COLOR=1 on. A progress line shows on stderr when it is a terminal and a run takes a while.`;

/** A table as text: a bold header row, numbers right-aligned, two spaces between columns. */
export function renderTable(columns, rows, paint) {
  const numeric = columns.map((_, i) => rows.every((r) => r[i] === '' || /^-?\d+(\.\d+)?$/.test(r[i])));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return `${paint.bold(line(columns))}\n${rows.map((r) => `${line(r)}\n`).join('')}`;
}
