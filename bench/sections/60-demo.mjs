// The web demo in Debian's headless Chromium, as a visitor meets it: page
// weight, navigation to interactive, how long after the load event the json
// module answers, each code module's first use, and twitter.json validated and
// formatted in the page. A first visit starts from an empty cache (a fresh
// browser profile each); the other medians are of reloads in the same browser
// (what a returning visitor sees).
import { openDemo, pageWeight, waitForText } from '../../tests/browser/demo-page.js';
import { median } from '../harness.mjs';

export const title = 'web demo: page weight, time to interactive, module readiness, twitter.json in the page (headless Chromium)';

const RELOADS = Number(process.env.WASMOD_BENCH_RUNS ?? 7);
const FIRST_VISITS = Math.min(RELOADS, 5);
const LANGUAGES = ['javascript', 'typescript', 'python', 'c'];
/** The milliseconds of a status text such as 'validated in 13.4 ms' or '… in 1.2 s'. */
const msIn = (text, pattern) => {
  const [, value, unit] = pattern.exec(text) ?? [];
  if (value === undefined) throw new Error(`no time in ${JSON.stringify(text)}`);
  return Number(value) * (unit === 's' ? 1000 : 1);
};

/** The page's own marks: navigation -> interactive, and the json module's answer after the load event. */
const pageTimings = (page) => page.evaluate(() => {
  const interactive = performance.getEntriesByName('wasmod-interactive')[0].startTime;
  const load = performance.getEntriesByType('navigation')[0].loadEventStart;
  return { interactive, jsonAfterLoad: Math.max(0, interactive - load) };
});

export async function run({ table }) {
  const closers = [];
  // A short window: the code panel starts below the fold, so no code module loads before it is asked for.
  const open = () => openDemo({ after: (fn) => closers.push(fn) }, { viewport: { width: 1280, height: 400 } });
  try {
    const firsts = [];
    for (let i = 1; i < FIRST_VISITS; i++) {
      const visit = await open();
      firsts.push(await pageTimings(visit.page));
      await visit.close();
    }
    const demo = await open();
    const { page } = demo;
    firsts.push(await pageTimings(page));
    const first = { interactive: median(firsts.map((v) => v.interactive)), jsonAfterLoad: median(firsts.map((v) => v.jsonAfterLoad)) };
    const weight = await pageWeight(page);
    const visits = [];
    for (let i = 0; i < RELOADS; i++) {
      await demo.load();
      visits.push(await pageTimings(page));
    }
    // Each language's module on its first use in a fresh page (loading, compiling, the first answer).
    const codeFirst = {};
    for (const language of LANGUAGES) {
      const samples = [];
      for (let i = 0; i < Math.min(RELOADS, 5); i++) {
        await demo.load();
        await page.selectOption('#code-language', language);
        const status = await waitForText(page, '#code-status', /first call: loading included/);
        samples.push(msIn(status, /analysed in ([\d.]+) (ms|s)/));
      }
      codeFirst[language] = median(samples);
    }
    await demo.load();
    await page.selectOption('#json-sample', 'twitter.json');
    await waitForText(page, '#json-status', /^✓ valid JSON · 631/);
    const validate = [];
    const format = [];
    for (let i = 0; i < RELOADS; i++) {
      await page.click('#json-validate');
      validate.push(msIn(await waitForText(page, '#json-status', /^✓ valid JSON · 631/), /validated in ([\d.]+) (ms|s)/));
      await page.click('#json-format');
      format.push(msIn(await waitForText(page, '#json-output-info', /^formatted/), /formatted in ([\d.]+) (ms|s)/));
    }
    if (demo.errors.length) throw new Error(`the page reported errors: ${demo.errors.join('; ')}`);

    const total = Object.values(weight).reduce((sum, w) => ({ raw: sum.raw + w.raw, gzip: sum.gzip + w.gzip }), { raw: 0, gzip: 0 });
    console.log(`Chromium headless on localhost; medians of ${FIRST_VISITS} first visits (a fresh profile, an empty cache, each) and of ${RELOADS} reloads.\n`);
    table(['page weight at interactive', 'files', 'bytes', 'gzip bytes'], [
      ...Object.entries(weight).map(([kind, w]) => [kind, w.files, w.raw, w.gzip]),
      ['all', Object.values(weight).reduce((n, w) => n + w.files, 0), total.raw, total.gzip],
    ]);
    console.log('');
    table(['measure', 'ms', 'target'], [
      ['navigation → interactive, first visit (median)', first.interactive, '≤ 1000'],
      ['navigation → interactive, reload (median)', median(visits.map((v) => v.interactive)), '≤ 1000'],
      ['json module answering after the load event, first visit (median)', first.jsonAfterLoad, '≤ 100'],
      ['json module answering after the load event, reload (median)', median(visits.map((v) => v.jsonAfterLoad)), '≤ 50'],
      ...LANGUAGES.map((l) => [`code-${l}: first use → analysis shown (median)`, codeFirst[l], '≤ 300']),
      ['twitter.json validate in the page (median)', median(validate), ''],
      ['twitter.json format in the page (median)', median(format), ''],
    ]);
  } finally {
    for (const close of closers) await close();
  }
}
