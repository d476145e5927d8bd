#!/usr/bin/env node
// npm run test:parity [-- --quick] [--engines a,b,...] [--module json]...
// Exits 1 on any difference between engines, printing each (first differing byte).
import { parseArgs } from 'node:util';
import { DEFAULT_ENGINES, ENGINES } from './engines.mjs';
import { runParity } from './parity.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    engines: { type: 'string', default: DEFAULT_ENGINES.join(',') },
    module: { type: 'string', multiple: true, default: [] },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: node tests/parity/run.mjs [--quick] [--engines ${DEFAULT_ENGINES.join(',')}] [--module NAME]... [--quiet]
engines: ${Object.keys(ENGINES).join(', ')} (the first is the reference)`);
  process.exit(0);
}
const started = performance.now();
const engines = values.engines.split(',');
const result = await runParity({ quick: values.quick, engines, only: values.module, log: values.quiet ? () => {} : (line) => console.log(line) });
for (const line of result.skipped) console.log(`skipped ${line}`);
for (const line of result.differences.slice(0, 50)) console.error(`DIFFERENCE ${line}`);
if (result.differences.length > 50) console.error(`... and ${result.differences.length - 50} more differences`);
const statuses = Object.entries(result.statuses).map(([s, n]) => `${n} ${s}`).join(', ');
console.log(`parity${values.quick ? ' (quick)' : ''}: ${engines.join(' = ')}: ${result.compared} comparisons, ${result.differences.length} differences (reference statuses: ${statuses}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = result.differences.length ? 1 : 0;
