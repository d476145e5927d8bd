// `wasmod json …` run as a child process: files, globs, stdin, diagnostics,
// exit codes, --json reports, colour. Ops this build lacks must say so clearly.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRuntime } from 'wasmod';
import { FIXTURES, hasOp, installed, runCli } from './cli-helpers.js';
import { ROOT } from './helpers.js';

const fixture = (name) => `${FIXTURES}/${name}`;
const INVALID_LINE = `${fixture('invalid.json')}:3:14: error: expected ',' or ']' after array element, found '2' [unexpected-character]`;

describe('wasmod json validate', () => {
  it('prints nothing and exits 0 for valid files', async () => {
    const r = await runCli(['json', 'validate', fixture('valid.json'), fixture('tree/a.json')]);
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
  });

  it('reports file:line:col: severity: message [code] on stderr and exits 1', async () => {
    const r = await runCli(['json', 'validate', fixture('invalid.json')]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `${INVALID_LINE}\n`);
  });

  it('gives the same line, column and offset as the API', async () => {
    const bytes = readFileSync(path.join(ROOT, fixture('invalid.json')));
    const api = await (await createRuntime()).call('json', 'validate', bytes);
    const r = await runCli(['json', 'validate', '--json', fixture('invalid.json')]);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.files[0].diagnostics, api.diagnostics);
    assert.match(r.stderr, /^$/);
  });

  it('reads stdin for -', async () => {
    const r = await runCli(['json', 'validate', '-'], { input: '[1,\n 2,,]' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^<stdin>:2:4: error: /);
    assert.equal((await runCli(['json', 'validate', '-'], { input: '{"ok": true}' })).code, 0);
  });

  it('keeps going past a missing file and a bad file, and exits with the worst code', async () => {
    const r = await runCli(['json', 'validate', fixture('missing.json'), fixture('invalid.json'), fixture('valid.json')]);
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.trimEnd().split('\n'), [`${fixture('missing.json')}: error: no such file [ENOENT]`, INVALID_LINE]);
  });

  it('takes reader options as flags', async () => {
    const jsonc = fixture('tree/sub/c2.jsonc');
    assert.equal((await runCli(['json', 'validate', jsonc])).code, 1);
    assert.equal((await runCli(['json', 'validate', '--jsonc', jsonc])).code, 0);
    const deep = await runCli(['json', 'validate', '--max-depth', '1', '-'], { input: '[[1]]' });
    assert.equal(deep.code, 1);
    assert.match(deep.stderr, /\[depth-limit\]/);
  });

  it('--json prints one parseable report with a summary', async () => {
    const r = await runCli(['json', 'validate', '--reporter', 'json', fixture('valid.json'), fixture('invalid.json'), fixture('missing.json')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout);
    assert.equal(report.command, 'wasmod json validate');
    assert.equal(report.exitCode, 2);
    assert.deepEqual(report.summary, { files: 3, ok: 1, invalid: 1, unformatted: 0, failed: 0, error: 1 });
    assert.deepEqual(report.files.map((f) => [f.file, f.outcome]), [[fixture('valid.json'), 'ok'], [fixture('invalid.json'), 'invalid'], [fixture('missing.json'), 'error']]);
    assert.equal(report.files[2].code, 'ENOENT');
    assert.match(report.files[0].engine, /^wasm-/);
  });
});

describe('wasmod json: files and globs', () => {
  // A JSON file inside a node_modules folder, which globs skip. Made here, not
  // kept in the tree: a node_modules folder in the repo reads as installed output.
  const nodeModules = path.join(ROOT, FIXTURES, 'tree/node_modules');
  before(() => {
    mkdirSync(nodeModules, { recursive: true });
    writeFileSync(path.join(nodeModules, 'm.json'), '{"file": "node_modules"}\n');
  });
  after(() => rmSync(nodeModules, { recursive: true, force: true }));

  const filesOf = async (...patterns) => {
    const r = await runCli(['json', 'validate', '--json', '--jsonc', ...patterns]);
    return JSON.parse(r.stdout).files.map((f) => f.file);
  };

  it('expands quoted globs itself: **, *, ?, braces; skips dot files and node_modules', async () => {
    assert.deepEqual(await filesOf(`${FIXTURES}/tree/**/*.json`), ['a.json', 'b.json', 'sub/c.json', 'sub/deep/d.json'].map((f) => `${FIXTURES}/tree/${f}`));
    assert.deepEqual(await filesOf(`${FIXTURES}/tree/?.json`), [`${FIXTURES}/tree/a.json`, `${FIXTURES}/tree/b.json`]);
    assert.deepEqual(await filesOf(`${FIXTURES}/tree/{a,sub/c}.json`), [`${FIXTURES}/tree/a.json`, `${FIXTURES}/tree/sub/c.json`]);
    assert.deepEqual(await filesOf(`${FIXTURES}/tree/sub/*.{json,jsonc}`), [`${FIXTURES}/tree/sub/c.json`, `${FIXTURES}/tree/sub/c2.jsonc`]);
    assert.deepEqual(await filesOf(`${FIXTURES}/tree/[ab].json`), [`${FIXTURES}/tree/a.json`, `${FIXTURES}/tree/b.json`]);
    assert.deepEqual(await filesOf(`${FIXTURES}/tree/.*.json`), [`${FIXTURES}/tree/.hidden.json`]);
  });

  it('takes a folder as its JSON files, each file once', async () => {
    const files = await filesOf(`${FIXTURES}/tree/sub`, `${FIXTURES}/tree/sub/c.json`);
    assert.deepEqual(files, ['c.json', 'c2.jsonc', 'deep/d.json'].map((f) => `${FIXTURES}/tree/sub/${f}`));
  });

  it('exits 2 when a pattern matches nothing, after doing the rest', async () => {
    const r = await runCli(['json', 'validate', `${FIXTURES}/tree/*.nothing`, fixture('invalid.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error: no files match the pattern 'tests\/fixtures\/cli\/tree\/\*\.nothing'/);
    assert.ok(r.stderr.includes(INVALID_LINE));
  });
});

describe('wasmod json: usage and help', () => {
  it('exits 2 with a message for usage errors', async () => {
    const cases = [
      [['json', 'validate', '--no-such-flag', 'x.json'], /Unknown option '--no-such-flag'.*see wasmod json validate --help/],
      [['json', 'frobnicate', 'x.json'], /unknown command 'frobnicate'/],
      [['json', 'validate'], /no files given/],
      [['json', 'validate', '--max-depth', 'deep', 'x.json'], /--max-depth must be a whole number/],
      [['json', 'validate', '--duplicate-keys', 'maybe', 'x.json'], /--duplicate-keys must be one of allow, warn, error/],
      [['json', 'validate', '--reporter', 'xml', 'x.json'], /--reporter must be one of text, json/],
      [['json', 'query', 'x.json'], /--pointer is required/],
      [['json', 'stats', '--ndjson', 'x.json'], /^wasmod json stats: Unknown option '--ndjson' \(see wasmod json stats --help\)\n$/],
      [['json', 'format', '--write', '-'], /--write needs files/],
      [['nothing'], /unknown command 'nothing'/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });

  it('documents every command, its flags and the exit codes in --help', async () => {
    for (const sub of ['format', 'minify', 'validate', 'query', 'stats']) {
      const r = await runCli(['json', sub, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: wasmod json ${sub} `));
      assert.match(r.stdout, /Exit codes:\n {2}0 {2}success\n {2}1 {2}invalid input/);
    }
    const top = await runCli(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /json .*\n.*code .*\n.*modules /);
    assert.match((await runCli(['json', '--help'])).stdout, /format .*\n.*minify/);
    const bare = await runCli([]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^Usage: wasmod/);
  });

  it('prints the package version for --version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(await runCli(['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('wasmod json: terminal conventions', () => {
  it('colours only when asked: not on a pipe, FORCE_COLOR on, NO_COLOR off', async () => {
    const args = ['json', 'validate', fixture('invalid.json')];
    assert.doesNotMatch((await runCli(args)).stderr, /\x1b\[/);
    assert.match((await runCli(args, { env: { FORCE_COLOR: '1' } })).stderr, /\x1b\[31merror\x1b\[39m/);
    assert.doesNotMatch((await runCli(args, { env: { NO_COLOR: '1' } })).stderr, /\x1b\[/);
  });

  it('writes no progress line when stderr is not a terminal, even on a long run', async () => {
    // 3,000 files of 20 KB: a run long enough that a terminal would see progress
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-cli-progress-'));
    try {
      const text = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ i, s: 'x'.repeat(8) })));
      for (let i = 0; i < 3000; i++) writeFileSync(path.join(dir, `${i}.json`), text);
      const r = await runCli(['json', 'validate', dir]);
      assert.deepEqual([r.code, r.stderr], [0, '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wasmod json: ops missing from this build say so', () => {
  const ops = [
    ['format', 'format', []],
    ['minify', 'format', []],
    ['query', 'query', ['--pointer', '/list']],
    ['stats', 'stats', []],
    ['validate', 'ndjson-validate', ['--ndjson']],
    ['format', 'ndjson-format', ['--ndjson']],
  ];
  for (const [command, op, flags] of ops) {
    it(`json ${command} ${flags.join(' ')}: ${hasOp('json', op) ? 'available' : 'not available'}`, { skip: hasOp('json', op) && 'the op is in this build' }, async () => {
      const r = await runCli(['json', command, ...flags, fixture('valid.json')]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      const json = installed().find((m) => m.name === 'json');
      assert.equal(r.stderr, `wasmod json ${command}: not available in this build (module 'json' ${json.version} has no op '${op}'; it offers ${json.ops.map((o) => o.name).join(', ')})\n`);
    });
  }
});
