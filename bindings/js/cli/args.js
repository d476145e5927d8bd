// Flags of a command, parsed with node:util's parseArgs; any problem is a usage error (exit 2).
import { parseArgs } from 'node:util';
import { Exit, UsageError } from './errors.js';

/** Flags every command takes. */
export const COMMON_FLAGS = {
  help: { type: 'boolean', short: 'h' },
};

/**
 * Parses argv against `flags` (parseArgs option descriptors). Returns
 * { values, positionals }. `command` names the command in messages.
 */
export function parseFlags(argv, flags, command) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_FLAGS, ...flags }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error.message.replace(/\. To specify a positional argument .*$/s, '');
    throw new UsageError(`${command}: ${message} (see ${command} --help)`);
  }
}

/** A whole number flag in [min, max], or a usage error. */
export function integerFlag(value, name, min, max) {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return Number(value);
}

/** One of `choices`, or a usage error. */
export function choiceFlag(value, name, choices) {
  if (!choices.includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not '${value}'`);
  return value;
}

/** --json or --reporter json. */
export function wantsJson(values) {
  if (values.reporter !== undefined) return choiceFlag(values.reporter, 'reporter', ['text', 'json']) === 'json';
  return Boolean(values.json);
}

/** The flags for choosing the report format. */
export const REPORT_FLAGS = {
  json: { type: 'boolean' },
  reporter: { type: 'string' },
};

/**
 * Reads `wasmod <group> <subcommand> [flags]`: prints the group's help (exit
 * 0, or 2 when no subcommand was given) or the subcommand's (--help) and
 * returns { exitCode }; otherwise returns { name, command, values, positionals }.
 * @param {string} group 'json', 'code', 'modules'
 * @param {{ help: string, subcommands: Record<string, { flags: object }>, subcommandHelp: (name: string) => string }} spec
 */
export function parseSubcommand(group, argv, io, { help, subcommands, subcommandHelp }) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${help}\n`);
    return { exitCode: name === undefined ? Exit.FAILURE : Exit.OK };
  }
  if (!Object.hasOwn(subcommands, name))
    throw new UsageError(`wasmod ${group}: unknown command '${name}' (commands: ${Object.keys(subcommands).join(', ')}; see wasmod ${group} --help)`);
  const command = `wasmod ${group} ${name}`;
  const { values, positionals } = parseFlags(rest, subcommands[name].flags, command);
  if (values.help) {
    io.stdout.write(`${subcommandHelp(name)}\n`);
    return { exitCode: Exit.OK };
  }
  return { name, command, values, positionals };
}
