// The hand-written declarations (types/) against the code they describe: every
// error code, runtime option, call option and public export is declared, so
// the two cannot drift apart unnoticed (tsc checks the usage examples; this,
// that nothing is missing from them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as wasmod from 'wasmod';
import { ROOT } from './helpers.js';

const declarations = ['index', 'runtime', 'json', 'code'].map((name) => readFileSync(`${ROOT}/types/${name}.d.ts`, 'utf8')).join('\n');
const block = (name) => new RegExp(`(?:interface|const) ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(declarations)?.[1] ?? '';

describe('types/ against the sources', () => {
  it('declares every export of the package', () => {
    for (const name of Object.keys(wasmod)) assert.match(declarations, new RegExp(`export declare (?:function|class|const) ${name}\\b`), name);
  });

  it('declares every error code', () => {
    for (const [key, code] of Object.entries(wasmod.ErrorCode)) {
      assert.match(block('ErrorCode'), new RegExp(`${key}: '${code}'`), key);
      assert.match(declarations, new RegExp(`'${code}'`), code);
    }
  });

  it('declares every runtime option and call option', async () => {
    const rt = await wasmod.createRuntime();
    for (const option of [...Object.keys(rt.settings), 'preload', 'fetch', 'workerUrl']) assert.match(block('RuntimeOptions'), new RegExp(`\\b${option}\\?:`), option);
    for (const option of ['timeoutMs', 'signal', 'transfer', 'budget', 'keys']) assert.match(block('CallOptions'), new RegExp(`\\b${option}\\?:`), option);
  });
});
