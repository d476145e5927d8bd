// `wasmod code …` run as a child process: the analysis table, the
// --max-complexity gate, validate / outline / query, languages from
// extensions, stdin, --json. A language this build lacks must say so clearly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRuntime } from 'wasmod';
import { FIXTURES, hasOp, runCli } from './cli-helpers.js';
import { ROOT } from './helpers.js';

const code = (name) => `${FIXTURES}/code/${name}`;
const haveJs = hasOp('code-javascript', 'analyze');

describe('wasmod code: usage', () => {
  it('exits 2 for usage errors', async () => {
    const cases = [
      [['code', 'analyze', '--language', 'cobol', code('sample.js')], /--language must be one of c, javascript, python, tsx, typescript \(or js, ts, py\), not 'cobol'/],
      [['code', 'analyze', '-'], /reading stdin \(-\) needs --language/],
      [['code', 'query', code('sample.js')], /--query is required/],
      [['code', 'analyze', '--max-complexity', 'high', code('sample.js')], /--max-complexity must be a whole number/],
      [['code', 'lint', code('sample.js')], /unknown command 'lint'/],
      [['code', 'analyze'], /no files given/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  it('documents each command and the exit codes in --help', async () => {
    for (const sub of ['analyze', 'validate', 'outline', 'query']) {
      const r = await runCli(['code', sub, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: wasmod code ${sub} `));
      assert.match(r.stdout, /--language LANGUAGE/);
      assert.match(r.stdout, /Exit codes:/);
    }
    assert.match((await runCli(['code', 'analyze', '--help'])).stdout, /--max-complexity N +exit 1 when a function is more complex than N/);
  });

  it('reports a file of unknown language and keeps going (exit 2)', async () => {
    const r = await runCli(['code', 'validate', code('notes.txt'), ...(haveJs ? [code('sample.js')] : [])]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `${code('notes.txt')}: error: unknown language for '.txt' (use --language) [unknown-language]\n`);
  });

  it('says clearly when a language module is not in this build', { skip: haveJs && 'code-javascript is in this build' }, async () => {
    const r = await runCli(['code', 'analyze', code('sample.js')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^wasmod code analyze: not available in this build \(no module 'code-javascript' is installed; installed: /);
  });
});

describe('wasmod code analyze', { skip: !haveJs && 'code-javascript is not in this build' }, () => {
  it('prints a table per file: functions, lines, complexity', async () => {
    const r = await runCli(['code', 'analyze', code('sample.js')]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `${code('sample.js')}  21 lines, 4 functions, max complexity 6`);
    assert.match(lines[1], /^ {2}function +kind +line +lines +params +nesting +complexity$/);
    assert.match(lines[2], /^ {2}add +function +2 +3 +2 +0 +1$/);
    assert.match(lines[3], /^ {2}classify +function +6 +8 +1 +2 +6$/);
    assert.match(r.stdout, /\n {2}Counter\.increment +method +17 +4 +1 +0 +3\n/);
  });

  it('gives the numbers of the API in --json', async () => {
    const bytes = readFileSync(path.join(ROOT, code('sample.js')));
    const rt = await createRuntime();
    const api = JSON.parse(new TextDecoder().decode((await rt.call('code-javascript', 'analyze', bytes)).output));
    await rt.close();
    const r = await runCli(['code', 'analyze', '--json', code('sample.js')]);
    const report = JSON.parse(r.stdout);
    assert.equal(report.files[0].language, 'javascript');
    assert.deepEqual(report.files[0].result, api);
  });

  it('--max-complexity N exits 1 and names each function over N at its position', async () => {
    const r = await runCli(['code', 'analyze', '--max-complexity', '5', code('sample.js'), code('sample.py')]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `${code('sample.js')}:6:8: error: function 'classify' has a complexity of 6 (maximum allowed is 5) [max-complexity]\n1 file over --max-complexity 5\n`,
    );
    assert.equal((await runCli(['code', 'analyze', '--max-complexity', '6', code('sample.js')])).code, 0);
  });

  it('takes folders and globs, the language from each extension', async () => {
    const r = await runCli(['code', 'analyze', '--json', `${FIXTURES}/code`]);
    const files = JSON.parse(r.stdout).files.map((f) => [path.basename(f.file), f.language]);
    const expected = [['broken.js', 'javascript'], ['sample.js', 'javascript']];
    if (hasOp('code-python', 'analyze')) expected.push(['sample.py', 'python']);
    assert.deepEqual(files, expected);
    const globbed = await runCli(['code', 'analyze', '--json', `${FIXTURES}/code/*.{js,txt}`]);
    assert.deepEqual(JSON.parse(globbed.stdout).files.map((f) => [path.basename(f.file), f.outcome]), [['broken.js', 'ok'], ['notes.txt', 'error'], ['sample.js', 'ok']]);
  });

  it('reads stdin with --language', async () => {
    const r = await runCli(['code', 'analyze', '--language', 'javascript', '-'], { input: 'function f(a) { return a ? 1 : 2; }\n' });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^<stdin> {2}1 line, 1 function, max complexity 2\n/);
  });
});

describe('wasmod code validate, outline, query', { skip: !haveJs && 'code-javascript is not in this build' }, () => {
  it('validate reports syntax errors as file:line:col and exits 1', async () => {
    const r = await runCli(['code', 'validate', code('sample.js'), code('broken.js')]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `${code('broken.js')}:5:1: error: unexpected 'function' [syntax-error]\n`);
  });

  it('outline prints the symbol tree', async () => {
    const r = await runCli(['code', 'outline', code('sample.js')]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${code('sample.js')}\n  function add  2:8\n  function classify  6:8\n  class Counter  15:8\n    method increment  17:3\n`);
  });

  it('query prints each capture at its position', async () => {
    const r = await runCli(['code', 'query', '--query', '(function_declaration name: (identifier) @name)', code('sample.js')]);
    assert.deepEqual(r, { code: 0, stdout: `${code('sample.js')}:2:17: @name "add"\n${code('sample.js')}:6:17: @name "classify"\n`, stderr: '' });
    const bad = await runCli(['code', 'query', '--query', '(no_such_node) @x', code('sample.js')]);
    assert.equal(bad.code, 2);
  });
});
