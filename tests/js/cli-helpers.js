// Running the real `wasmod` bin as a child process, for the CLI tests.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MODULE_DIR, ROOT } from './helpers.js';

export const CLI = path.join(ROOT, 'bindings/js/cli/main.js');
export const FIXTURES = 'tests/fixtures/cli';

/**
 * Runs `node main.js ...args` in the repo root; resolves { code, stdout, stderr }
 * (strings). `input` is written to stdin; `env` is added to a colour-neutral environment.
 */
export function runCli(args, { input, env = {}, cwd = ROOT } = {}) {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env } });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading stdin
    child.stdin.end(input);
  });
}

/** The modules this build's index lists. */
export function installed() {
  return JSON.parse(readFileSync(path.join(MODULE_DIR, 'index.json'), 'utf8')).modules;
}

/** Whether this build's module index lists `op` for `module`. */
export function hasOp(module, op) {
  return Boolean(installed().find((m) => m.name === module)?.ops.some((o) => o.name === op));
}
