// `wasmod json format|minify|query|stats` run as a child process: output,
// --check / --list-different exit codes, --write in place (atomic: a kill
// mid-write leaves the original intact), and query/stats results.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, FIXTURES, hasOp, runCli } from './cli-helpers.js';
import { ROOT } from './helpers.js';

const fixture = (name) => `${FIXTURES}/${name}`;
const VALID = readFileSync(path.join(ROOT, fixture('valid.json')), 'utf8');
const PRETTY = '{\n  "name": "wasmod",\n  "list": [\n    1,\n    2.5e3,\n    "x",\n    null\n  ]\n}\n';

describe('wasmod json format and minify', { skip: !hasOp('json', 'format') && 'json format is not in this build' }, () => {
  let dir;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-cli-format-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const place = (name, text) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  it('prints formatted JSON on stdout, numbers as written, ending with a newline', async () => {
    assert.deepEqual(await runCli(['json', 'format', fixture('valid.json')]), { code: 0, stdout: PRETTY, stderr: '' });
    const tab = await runCli(['json', 'format', '--indent', 'tab', '--sort-keys', '-'], { input: VALID });
    assert.equal(tab.stdout, '{\n\t"list": [\n\t\t1,\n\t\t2.5e3,\n\t\t"x",\n\t\tnull\n\t],\n\t"name": "wasmod"\n}\n');
    const ascii = await runCli(['json', 'minify', '--ascii', '--no-final-newline', '-'], { input: '{ "é": [ 12345678901234567890 ] }' });
    assert.equal(ascii.stdout, '{"\\u00e9":[12345678901234567890]}');
  });

  it('minifies', async () => {
    assert.deepEqual(await runCli(['json', 'minify', fixture('valid.json')]), { code: 0, stdout: '{"name":"wasmod","list":[1,2.5e3,"x",null]}\n', stderr: '' });
  });

  it('prints nothing for an invalid file and reports it (exit 1)', async () => {
    const r = await runCli(['json', 'format', fixture('invalid.json')]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /invalid\.json:3:14: error: /);
  });

  it('--check exits 1 and names unformatted files on stderr; 0 when all are formatted', async () => {
    const good = place('check/good.json', PRETTY);
    const bad = place('check/bad.json', VALID);
    const r = await runCli(['json', 'format', '--check', good, bad]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `${bad}: not formatted\n1 of 2 files are not formatted (run wasmod json format --write to fix)\n`);
    assert.deepEqual(await runCli(['json', 'format', '--check', good]), { code: 0, stdout: '', stderr: '' });
    assert.equal((await runCli(['json', 'minify', '--check', good])).code, 1);
  });

  it('--list-different prints the names of unformatted files on stdout (exit 1)', async () => {
    const good = place('list/good.json', PRETTY);
    const bad = place('list/bad.json', VALID);
    assert.deepEqual(await runCli(['json', 'format', '--list-different', good, bad]), { code: 1, stdout: `${bad}\n`, stderr: '' });
    assert.deepEqual(await runCli(['json', 'format', '-l', good]), { code: 0, stdout: '', stderr: '' });
  });

  it('--write rewrites what needs it, keeps the file mode, leaves invalid files alone', async () => {
    const good = place('write/good.json', PRETTY);
    const bad = place('write/bad.json', VALID);
    const broken = place('write/broken.json', '{"a": [1 2]}');
    chmodSync(bad, 0o640);
    const before = statSync(good).mtimeMs;
    const r = await runCli(['json', 'format', '--write', path.join(dir, 'write')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /broken\.json:1:10: error: /);
    assert.equal(readFileSync(bad, 'utf8'), PRETTY);
    assert.equal(statSync(bad).mode & 0o777, 0o640);
    assert.equal(statSync(good).mtimeMs, before, 'a formatted file is not rewritten');
    assert.equal(readFileSync(broken, 'utf8'), '{"a": [1 2]}');
    assert.deepEqual(readdirSync(path.join(dir, 'write')).sort(), ['bad.json', 'broken.json', 'good.json']);
    assert.equal((await runCli(['json', 'format', '--check', good, bad])).code, 0);
  });

  it('--write --list-different names the files it changed (exit 0)', async () => {
    const bad = place('write-list/bad.json', VALID);
    place('write-list/good.json', PRETTY);
    assert.deepEqual(await runCli(['json', 'format', '--write', '-l', path.join(dir, 'write-list')]), { code: 0, stdout: `${bad}\n`, stderr: '' });
  });

  it('--write follows a symbolic link: the target is formatted and the link stays a link', async () => {
    const target = place('link/real.json', VALID);
    const link = path.join(dir, 'link/link.json');
    symlinkSync('real.json', link);
    const r = await runCli(['json', 'format', '--write', link]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), 'real.json');
    assert.equal(readFileSync(target, 'utf8'), PRETTY);
  });

  it('--write keeps hard links: every name sees the formatted text', async () => {
    const first = place('hard/a.json', VALID);
    const second = path.join(dir, 'hard/b.json');
    linkSync(first, second);
    assert.equal((await runCli(['json', 'format', '--write', first])).code, 0);
    assert.equal(statSync(first).nlink, 2);
    assert.equal(statSync(first).ino, statSync(second).ino);
    assert.equal(readFileSync(second, 'utf8'), PRETTY);
    assert.deepEqual(readdirSync(path.join(dir, 'hard')).sort(), ['a.json', 'b.json']);
  });

  it('--write keeps the mode whatever the umask, and the owner', async () => {
    const file = place('owner/a.json', VALID);
    chmodSync(file, 0o666);
    const root = process.getuid?.() === 0;
    if (root) chownSync(file, 65534, 65534);
    // The child inherits this umask; 022 would turn a new file's 0666 into 0644.
    const umask = process.umask(0o022);
    try {
      assert.equal((await runCli(['json', 'format', '--write', file])).code, 0);
    } finally {
      process.umask(umask);
    }
    assert.equal(readFileSync(file, 'utf8'), PRETTY);
    assert.equal(statSync(file).mode & 0o777, 0o666);
    if (root) assert.deepEqual([statSync(file).uid, statSync(file).gid], [65534, 65534]);
  });

  it('--write refuses a read-only file (exit 2) and leaves it as it is', async () => {
    const file = place('readonly/a.json', VALID);
    const other = place('readonly/b.json', VALID);
    chmodSync(file, 0o444);
    const r = await runCli(['json', 'format', '--write', file, other]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /a\.json: error: read-only/);
    assert.equal(readFileSync(file, 'utf8'), VALID);
    assert.equal(statSync(file).mode & 0o777, 0o444);
    assert.equal(readFileSync(other, 'utf8'), PRETTY, 'the other files are still written');
    assert.deepEqual(readdirSync(path.join(dir, 'readonly')).sort(), ['a.json', 'b.json']);
  });

  it('--jsonc never drops comments from a file: --write and --check refuse such files (exit 2), printing warns', async () => {
    const commented = '{\n  // keep me\n  "a": 1, /* and me */\n}\n';
    const file = place('jsonc/settings.jsonc', commented);
    const plain = place('jsonc/plain.jsonc', '{"a": 1,}');
    const write = await runCli(['json', 'format', '--jsonc', '--write', path.join(dir, 'jsonc')]);
    assert.equal(write.code, 2);
    assert.match(write.stderr, /settings\.jsonc: error: has 2 comments, which formatting would drop; left as it is/);
    assert.equal(readFileSync(file, 'utf8'), commented);
    assert.equal(readFileSync(plain, 'utf8'), '{\n  "a": 1\n}\n', 'a file without comments is formatted');
    const check = await runCli(['json', 'format', '--jsonc', '--check', file]);
    assert.equal(check.code, 2);
    assert.doesNotMatch(check.stderr, /--write/);
    const print = await runCli(['json', 'format', '--jsonc', file]);
    assert.equal(print.code, 0);
    assert.equal(print.stdout, '{\n  "a": 1\n}\n');
    assert.match(print.stderr, /warning: 2 comments not in the output/);
    assert.equal((await runCli(['json', 'format', '--jsonc', '--ndjson', '--write', file])).code, 2);
  });

  /** Starts `format --write` on a 37 MB file and sends `signal` once its temporary file exists. */
  async function interruptedWrite(name, signal) {
    const row = JSON.stringify({ id: 123456, name: 'wasmod', tags: ['a', 'b', 'c'], nested: { x: 1.5, y: [true, false, null] } });
    const original = `[${Array.from({ length: 400000 }, () => row).join(',')}]`;
    const file = place(`${name}/big.json`, original);
    const folder = path.dirname(file);
    const child = spawn(process.execPath, [CLI, 'json', 'format', '--write', file], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
    let interrupted = false;
    await new Promise((resolve) => {
      const poll = () => {
        if (child.exitCode !== null) resolve();
        else if (readdirSync(folder).some((f) => f.endsWith('.tmp'))) {
          interrupted = child.kill(signal);
          resolve();
        } else setImmediate(poll);
      };
      poll();
    });
    const exit = await exited;
    assert.ok(interrupted, 'the process finished before it could be interrupted mid-write');
    assert.equal(readFileSync(file, 'utf8'), original, 'the original is intact');
    return { file, folder, exit, left: readdirSync(folder) };
  }

  it('--write is atomic: killed mid-write (SIGKILL), the original is intact and the temporary file is ignored', async () => {
    const { file, folder, exit, left } = await interruptedWrite('kill', 'SIGKILL');
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(left.every((f) => f === 'big.json' || /^\.big\.json\.wasmod-\d+-[0-9a-f]+\.tmp$/.test(f)), left.join(', '));
    // A leftover temporary file is hidden: globs and folders skip it.
    const r = await runCli(['json', 'validate', '--json', folder, `${folder}/*`]);
    assert.deepEqual(JSON.parse(r.stdout).files.map((f) => f.file), [file]);
  });

  it('--write interrupted by SIGTERM removes its temporary file and exits 143', async () => {
    const { exit, left } = await interruptedWrite('term', 'SIGTERM');
    assert.equal(exit.code, 143);
    assert.deepEqual(left, ['big.json']);
  });
});

describe('wasmod json query', { skip: !hasOp('json', 'query') && 'json query is not in this build' }, () => {
  it('prints the sub-document a pointer names, one per line', async () => {
    const r = await runCli(['json', 'query', '--pointer', '/list/1', fixture('valid.json'), '-'], { input: '{"list": [0, {"deep": true}]}' });
    assert.deepEqual(r, { code: 0, stdout: '2.5e3\n{\n  "deep": true\n}\n', stderr: '' });
  });

  it('reports a pointer that names nothing as invalid input (exit 1) and a malformed one as a usage error (exit 2)', async () => {
    const missing = await runCli(['json', 'query', '--pointer', '/nope', fixture('valid.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /valid\.json:1:1: error: .*\[pointer-not-found\]/);
    const malformed = await runCli(['json', 'query', '--pointer', 'nope', fixture('valid.json')]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /option 'pointer' must be empty or start with '\/'/);
  });
});

describe('wasmod json stats', { skip: !hasOp('json', 'stats') && 'json stats is not in this build' }, () => {
  it('prints a table per file, and the numbers in --json', async () => {
    const text = await runCli(['json', 'stats', fixture('valid.json'), fixture('tree/a.json')]);
    assert.equal(text.code, 0);
    const [header, first, second] = text.stdout.trimEnd().split('\n');
    assert.match(header, /^file +depth +objects +arrays +keys +strings +numbers/);
    assert.match(first, /^tests\/fixtures\/cli\/valid\.json +2 +1 +1 +2 +2 +2 /);
    assert.match(second, /^tests\/fixtures\/cli\/tree\/a\.json +1 +1 +0 +1 +1 +0 /);
    const json = JSON.parse((await runCli(['json', 'stats', '--json', fixture('valid.json')])).stdout);
    assert.deepEqual(
      [json.files[0].result.depth, json.files[0].result.objects, json.files[0].result.arrays, json.files[0].result.numbers, json.files[0].result.bytes],
      [2, 1, 1, 2, VALID.length],
    );
  });
});
