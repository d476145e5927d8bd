#!/usr/bin/env node
// npm run bench [-- SECTION...]: runs every section in bench/sections (or the
// named ones) and prints wasmod's figures beside the anchors', measured in the
// same run. Each section is a module exporting `title` and `run(bench)`.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as bench from './harness.mjs';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sections');
const wanted = process.argv.slice(2);
const files = (await readdir(dir)).filter((f) => f.endsWith('.mjs')).sort();
let ran = 0;
for (const file of files) {
  const name = file.replace(/^\d+-/, '').replace(/\.mjs$/, '');
  if (wanted.length && !wanted.includes(name)) continue;
  const section = await import(pathToFileURL(path.join(dir, file)));
  console.log(`\n## ${section.title}\n`);
  await section.run(bench);
  ran++;
}
if (!ran) console.log(`no bench section matched ${wanted.join(', ')} (sections: ${files.join(', ')})`);
