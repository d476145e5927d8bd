// The demo page's entry: one runtime for the page, three panels, state
// restored from a shared link or from the last visit.
import { CodePanel } from './code-panel.js';
import { JsonPanel } from './json-panel.js';
import { ModulePanel } from './module-panel.js';
import { loadState, sharedExample } from './persist.js';
import { Session } from './session.js';
import { $, fetchText, formatMs } from './ui.js';

async function main() {
  const pageStatus = $('#page-status');
  // Asked for first: the list of samples arrives while the runtime starts, not after.
  const samples = fetchText('samples/index.json').then(JSON.parse, () => ({ json: [], code: [] }));
  const session = await Session.create();
  performance.mark('wasmod-runtime'); // the runtime has read the module index (see the module panel's timings)
  const modulePanel = new ModulePanel(session);
  const jsonPanel = new JsonPanel(session);
  const codePanel = new CodePanel(session);

  const saved = loadState();
  const shared = sharedExample();

  // The page is usable once the JSON panel has its first answer (the json module is loaded by then) and
  // the code panel holds its input (its module loads when the panel comes into view).
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  await Promise.all([
    jsonPanel.init(shared?.panel === 'json' ? shared : (saved.json ?? {}), samples.then((s) => s.json)),
    codePanel.init(shared?.panel === 'code' ? shared : (saved.code ?? {}), samples.then((s) => s.code)),
  ]);
  const readyAt = performance.mark('wasmod-interactive').startTime;
  modulePanel.timings.interactiveMs = readyAt;
  const json = session.loaded.get('json');
  await loaded;
  if (json) {
    // How long after the load event the json module answered (0 when it was ready first), and its first answer's time.
    const loadAt = performance.getEntriesByType('navigation')[0]?.loadEventStart ?? readyAt;
    modulePanel.timings.jsonReadyMs = Math.max(0, readyAt - loadAt);
    modulePanel.timings.jsonFirstAnswerMs = json.firstAnswerMs;
  }
  document.documentElement.dataset.ready = 'true';
  pageStatus.textContent = `Ready in ${formatMs(modulePanel.timings.interactiveMs)}${json ? ` · json module ${json.version} on ${json.engine}` : ''}.`;

  codePanel.analyzeWhenVisible();
  await modulePanel.init();
  if (shared) document.getElementById(shared.panel)?.scrollIntoView();
}

// A shared link opened in a tab that already shows the page: start again from its example.
addEventListener('hashchange', () => {
  if (sharedExample()) location.reload();
});

main().catch((error) => {
  $('#page-status').textContent = `The runtime could not start: ${error.code ?? 'Error'}: ${error.message}`;
  document.documentElement.dataset.ready = 'failed';
  throw error;
});
