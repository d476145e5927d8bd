// The CLI's findings of a hostile-user probe (../shared/reliability/FINDINGS.md,
// numbered as there), each turned into an assertion: limits that hold for one
// file too, inputs that are not regular files, output that cannot be written,
// and patterns and arguments that make no sense.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, FIXTURES, runCli } from './cli-helpers.js';
import { ROOT } from './helpers.js';

const fixture = (name) => `${FIXTURES}/${name}`;

describe('wasmod CLI under hostile input', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-cli-reliability-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('5: --timeout holds for a single file and for --ndjson', async () => {
    const big = path.join(dir, 'big.js');
    writeFileSync(big, 'function f(a) { if (a) { return g(a); } return 0; }\n'.repeat(50000));
    const code = await runCli(['code', 'analyze', '--timeout', '1', big]);
    assert.equal(code.code, 2, code.stderr);
    assert.match(code.stderr, /E_TIMEOUT/);
    const lines = path.join(dir, 'spin.ndjson');
    writeFileSync(lines, `${`{${Array.from({ length: 20000 }, () => '"k":1').join(',')}}\n`.repeat(20)}`);
    const ndjson = await runCli(['json', 'validate', '--ndjson', '--duplicate-keys', 'warn', '--timeout', '1', lines]);
    assert.equal(ndjson.code, 2, ndjson.stderr);
    assert.match(ndjson.stderr, /E_TIMEOUT/);
  });

  it('22: output that cannot be written is exit 2 with one line, no stack', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [CLI, 'json', 'format', fixture('valid.json')], { cwd: ROOT, stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
    } catch (error) {
      status = error.status;
      stderr = error.stderr.toString();
    }
    assert.equal(status, 2);
    assert.equal(stderr, 'wasmod: cannot write output: no space left on device\n');
  });

  it('23: a FIFO found in a folder is skipped and reported; the other files are done', { skip: process.platform === 'win32' }, async () => {
    const folder = path.join(dir, 'fifo');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a.json'), '{"a":1}');
    execFileSync('mkfifo', [path.join(folder, 'b.json')]);
    const r = await runCli(['json', 'validate', '--json', folder]);
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.files.map((f) => [f.file, f.outcome]), [[null, 'error'], [path.join(folder, 'a.json'), 'ok']]);
    assert.match(report.files[0].message, /skipped '.*b\.json': not a regular file/);
  });

  it('23: an endless device named as a file is read up to maxInputBytes, then refused', async () => {
    const r = await runCli(['json', 'validate', '--max-memory', '4', '/dev/zero']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\/dev\/zero: error: more than 4194304 bytes \(maxInputBytes\)/);
  });

  it('33, 34: a malformed or exploding pattern is a usage error without a stack', async () => {
    const backwards = await runCli(['json', 'validate', '[z-a].json']);
    assert.equal(backwards.code, 2);
    assert.match(backwards.stderr, /^wasmod: '\[z-a\]\.json' is not a valid pattern/);
    assert.doesNotMatch(backwards.stderr, /\n\s+at /);
    const braces = await runCli(['json', 'validate', `${'{a,b}'.repeat(20)}.json`]);
    assert.equal(braces.code, 2);
    assert.match(braces.stderr, /expands to more than 10000 patterns/);
  });

  it('36, 37: stdin named twice, or stdin that is a folder, is an error (exit 2)', async () => {
    const twice = await runCli(['json', 'validate', '-', '-'], { input: '[1]' });
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /stdin \(-\) can be read only once/);
    const folder = await new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'json', 'validate', '-'], { cwd: ROOT, stdio: [openSync(dir, 'r'), 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code) => resolve({ code, err }));
    });
    assert.equal(folder.code, 2);
    assert.match(folder.err, /standard input is a folder/);
  });

  it('39: --max-depth 0 means no limit, as in the API', async () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    assert.equal((await runCli(['json', 'validate', '-'], { input: deep })).code, 1);
    assert.equal((await runCli(['json', 'validate', '--max-depth', '0', '-'], { input: deep })).code, 0);
  });
});
