#!/usr/bin/env node
// wasmod: the command line. `wasmod json …`, `wasmod code …`, `wasmod modules …`.
import { readFileSync } from 'node:fs';
import { WasmodError } from '../errors.js';
import { Exit, UsageError } from './errors.js';
import { ioMessage } from './files.js';
import { EXIT_CODES_HELP } from './text.js';

// Each command's code is loaded only when it runs: start-up is part of every short run.
const COMMANDS = {
  json: [async () => (await import('./json-command.js')).jsonCommand, 'format, minify, validate, query, stats of JSON and JSON Lines'],
  code: [async () => (await import('./code-command.js')).codeCommand, 'analyze, validate, outline, query source code (JavaScript, TypeScript, TSX, Python, C)'],
  modules: [async () => (await import('./modules-command.js')).modulesCommand, 'list, info, verify the installed WebAssembly modules'],
};

const HELP = `Usage: wasmod <command> <subcommand> [options] <files|globs|folders|->

Commands:
${Object.entries(COMMANDS).map(([name, [, summary]]) => `  ${name.padEnd(8)} ${summary}`).join('\n')}

Examples:
  wasmod json format --check 'config/**/*.json'
  wasmod json validate --ndjson events.ndjson
  cat data.json | wasmod json query --pointer /items/0 -
  wasmod code analyze --max-complexity 15 src
  wasmod modules verify

Options:
  -h, --help       help (also after any command)
  -v, --version    the version of wasmod
${EXIT_CODES_HELP}`;

function version() {
  return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
}

async function main(argv, io) {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${version()}\n`);
    return Exit.OK;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout).write(`${HELP}\n`);
    return command === undefined ? Exit.FAILURE : Exit.OK;
  }
  const entry = COMMANDS[command];
  if (!entry) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}; see wasmod --help)`);
  const run = await entry[0]();
  return run(rest, io);
}

// A reader that stops early (`wasmod … | head`) is not an error; any other failure to write is.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? Exit.OK);
  process.stderr.write(`wasmod: cannot write output: ${ioMessage(error)}\n`);
  process.exit(Exit.FAILURE);
});

try {
  process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
} catch (error) {
  // Messages that name their command already start with 'wasmod '.
  const prefix = (message) => (message.startsWith('wasmod ') ? message : `wasmod: ${message}`);
  if (error instanceof UsageError) process.stderr.write(`${prefix(error.message)}\n`);
  else if (error instanceof WasmodError) process.stderr.write(`${prefix(error.message)} [${error.code}]\n`);
  else process.stderr.write(`wasmod: internal error: ${error?.stack ?? error}\n`);
  process.exitCode = Exit.FAILURE;
}
