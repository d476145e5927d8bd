// What the CLI shows only on a terminal: colour (checked on a real
// pseudo-terminal through script(1)) and the progress line (its timing checked
// with a fake clock).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { colorEnabled, Progress } from '../../bindings/js/cli/terminal.js';
import { CLI, FIXTURES } from './cli-helpers.js';
import { ROOT } from './helpers.js';

const haveScript = spawnSync('script', ['--version']).status === 0;

/** Runs the CLI on a pseudo-terminal (stdout and stderr both the terminal); returns what the terminal showed. */
function onTerminal(args, env = {}) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  try {
    return execFileSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...base, TERM: 'xterm', ...env } }).toString();
  } catch (error) {
    return error.stdout.toString(); // exit 1: invalid input
  }
}

describe('colour', () => {
  it('is on for a terminal and off for a pipe, NO_COLOR off, FORCE_COLOR on', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    assert.equal(colorEnabled(tty, {}), true);
    assert.equal(colorEnabled(pipe, {}), false);
    assert.equal(colorEnabled(tty, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled(tty, { TERM: 'dumb' }), false);
    assert.equal(colorEnabled(pipe, { FORCE_COLOR: '1' }), true);
    assert.equal(colorEnabled(pipe, { FORCE_COLOR: '0' }), false);
  });

  it('shows on a real terminal unless NO_COLOR is set', { skip: !haveScript && 'no script(1) here' }, () => {
    const args = ['json', 'validate', `${FIXTURES}/invalid.json`];
    assert.match(onTerminal(args), /\x1b\[31merror\x1b\[39m/);
    const plain = onTerminal(args, { NO_COLOR: '1' });
    assert.doesNotMatch(plain, /\x1b\[/);
    assert.match(plain, /invalid\.json:3:14: error: /);
  });
});

describe('progress line', () => {
  const recorder = (isTTY) => {
    const written = [];
    return { isTTY, written, write: (text) => written.push(text) };
  };

  it('stays silent for a moment, then shows files done, total and rate, at most every 100 ms', () => {
    const stream = recorder(true);
    let now = 0;
    const progress = new Progress(stream, 10, { now: () => now });
    now = 300;
    progress.tick();
    assert.deepEqual(stream.written, [], 'nothing during the first moment');
    now = 500;
    progress.tick();
    assert.deepEqual(stream.written, ['\r\x1b[K2/10 files, 4 files/s']);
    now = 550;
    progress.tick();
    assert.equal(stream.written.length, 1, 'no redraw within 100 ms');
    now = 1000;
    progress.tick();
    assert.equal(stream.written.at(-1), '\r\x1b[K4/10 files, 4 files/s');
    progress.clear();
    assert.equal(stream.written.at(-1), '\r\x1b[K');
    progress.clear();
    assert.equal(stream.written.length, 3, 'clearing twice writes once');
  });

  it('never writes to a stream that is not a terminal', () => {
    const stream = recorder(false);
    let now = 0;
    const progress = new Progress(stream, 3, { now: () => now });
    for (now = 0; now < 5000; now += 500) progress.tick();
    progress.clear();
    assert.deepEqual(stream.written, []);
  });
});
