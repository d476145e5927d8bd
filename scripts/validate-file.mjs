#!/usr/bin/env node
// Validates one JSON file through the package's public API and prints what it found.
import { readFile } from 'node:fs/promises';
import { createRuntime } from 'wasmod';

const file = process.argv[2];
if (!file) {
  console.error('usage: validate-file.mjs <file.json>');
  process.exit(2);
}
const bytes = new Uint8Array(await readFile(file));
const rt = await createRuntime();
const r = await rt.call('json', 'validate', bytes);
const verdict = r.status === 'ok' ? 'valid JSON' : 'invalid JSON';
console.log(`${file}: ${verdict} (${bytes.length} bytes, ${r.durationMs.toFixed(2)} ms, ${r.module} ${r.version} on ${r.engine})`);
for (const d of r.diagnostics) console.log(`${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
await rt.close();
process.exitCode = r.status === 'ok' ? 0 : 1;
