// `wasmod json validate|format --ndjson`: line numbers in diagnostics, the
// same answer however the stream is cut into chunks, and bounded memory on a
// file much larger than a chunk.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createRuntime } from 'wasmod';
import { lineSlices, runNdjson } from '../../bindings/js/ndjson.js';
import { CLI, FIXTURES, hasOp, runCli } from './cli-helpers.js';
import { ROOT } from './helpers.js';

const fixture = (name) => `${FIXTURES}/${name}`;

describe('lineSlices', () => {
  it('cuts only after a line end, and knows where each piece starts', async () => {
    const text = 'a\nbb\n\nccc\ndddd';
    const source = Readable.from([Buffer.from('a\nb'), Buffer.from('b\n\ncc'), Buffer.from('c\ndddd')]);
    const pieces = [];
    for await (const c of lineSlices(source, 3)) pieces.push([Buffer.from(c.bytes).toString(), c.line, c.offset]);
    // pieces of at most 3 bytes, except where a line is longer (the buffer grows for 'ccc\n')
    assert.deepEqual(pieces, [['a\n', 1, 0], ['bb\n', 2, 2], ['\n', 3, 5], ['ccc\n', 4, 6], ['dddd', 5, 10]]);
    assert.equal(pieces.map((p) => p[0]).join(''), text);
  });

  it('yields one empty piece for an empty stream', async () => {
    const pieces = [];
    for await (const c of lineSlices(Readable.from([]), 8)) pieces.push(c.bytes.length);
    assert.deepEqual(pieces, [0]);
  });
});

describe('wasmod json --ndjson', { skip: !hasOp('json', 'ndjson-validate') && 'ndjson ops are not in this build' }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmod-cli-ndjson-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each bad line with its line number (exit 1)', async () => {
    const r = await runCli(['json', 'validate', '--ndjson', fixture('bad-lines.ndjson'), fixture('lines.ndjson')]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.trimEnd().split('\n').map((l) => l.split(': error: ')[0]), [`${fixture('bad-lines.ndjson')}:2:10`, `${fixture('bad-lines.ndjson')}:4:4`]);
    assert.equal((await runCli(['json', 'validate', '--ndjson', '-'], { input: '{"a":1}\n[2]\n' })).code, 0);
  });

  it('formats line by line', async () => {
    const r = await runCli(['json', 'format', '--ndjson', '--sort-keys', fixture('lines.ndjson')]);
    assert.deepEqual(r, { code: 0, stdout: '{"id":1,"tags":["a"]}\n{"id":2,"tags":[]}\n{"id":3}\n', stderr: '' });
  });

  it('gives the same diagnostics, chunked or whole', async () => {
    const rt = await createRuntime();
    const bytes = readFileSync(path.join(ROOT, fixture('bad-lines.ndjson')));
    const whole = await rt.call('json', 'ndjson-validate', bytes);
    for (const chunkBytes of [1, 7, 16, 1 << 20]) {
      const chunked = [];
      const valid = await runNdjson(rt, 'ndjson-validate', Readable.from([bytes]), undefined, {}, { onDiagnostics: (d) => chunked.push(...d), sliceBytes: chunkBytes });
      assert.equal(valid, false);
      assert.deepEqual(chunked, whole.diagnostics, `chunks of ${chunkBytes} bytes`);
    }
  });

  it('validates a file far larger than its chunks with bounded memory, line numbers intact', async () => {
    // 160 MB of JSON Lines with one bad line near the end.
    const file = path.join(dir, 'big.ndjson');
    const line = `${JSON.stringify({ id: 1234567, name: 'wasmod', values: [1.5, 2.5, 3.5, 4.5], ok: true, note: 'x'.repeat(40) })}\n`;
    const block = line.repeat(Math.ceil((1 << 20) / line.length));
    const blockLines = block.split('\n').length - 1;
    const fd = openSync(file, 'w');
    for (let i = 0; i < 160; i++) writeSync(fd, block);
    writeSync(fd, '{"bad": [1 2]}\n');
    closeSync(fd);
    const { code, stderr, maxRssKb } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', path.join(ROOT, fixture('report-max-rss.cjs')), CLI, 'json', 'validate', '--ndjson', file], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
      let err = '';
      let rss = '';
      child.stderr.on('data', (d) => (err += d));
      child.stdio[3].on('data', (d) => (rss += d));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, stderr: err, maxRssKb: Number(rss) }));
    });
    assert.equal(code, 1);
    assert.equal(stderr, `${file}:${160 * blockLines + 1}:12: error: expected ',' or ']' after array element, found '2' [unexpected-character]\n`);
    assert.ok(maxRssKb > 0 && maxRssKb < 128 * 1024, `peak memory ${Math.round(maxRssKb / 1024)} MB for a 160 MB file`);
  });
});
