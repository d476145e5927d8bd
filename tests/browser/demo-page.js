// Drives the web demo in Debian's Chromium (headless, fresh profile) against
// web-demo/serve.mjs on a free port. Chromium that cannot start is a failure
// with the reason, never a skipped test.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../web-demo/serve.mjs';
import { MODULE_DIR, ROOT } from '../js/helpers.js';

export const CHROMIUM = process.env.WASMOD_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SCREENSHOTS = path.join(ROOT, 'tests/browser/screenshots');

/** The generated module index the page reads (what this build has). */
export function moduleIndex() {
  return JSON.parse(readFileSync(path.join(MODULE_DIR, 'index.json'), 'utf8'));
}

/** True when this build's `module` offers `op`. */
export function hasOp(module, op) {
  const entry = moduleIndex().modules.find((m) => m.name === module);
  return Boolean(entry?.ops?.some((o) => (o.name ?? o) === op));
}

/**
 * Starts the server and a browser with a fresh profile, opens the page and
 * waits until it says it is ready. Console errors and page errors are
 * collected in `errors`. Call close() when done (t.after does it).
 * @param {import('node:test').TestContext} t
 * @param {{ viewport?: { width: number, height: number }, hash?: string }} [options]
 */
export async function openDemo(t, { viewport = { width: 1280, height: 900 }, hash = '' } = {}) {
  const { server, url } = await startServer({ port: 0 });
  const profile = mkdtempSync(path.join(tmpdir(), 'wasmod-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport });
  } catch (error) {
    server.close();
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`cannot start Chromium at ${CHROMIUM} (install it with bash scripts/bootstrap.sh, Debian package chromium): ${error.message}`);
  }
  const errors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  const demo = {
    page,
    url,
    errors,
    context,
    /** Navigates to the page (again) and waits until it is interactive. */
    async load(fragment = hash) {
      await page.goto('about:blank'); // a new document even when only the hash differs
      await page.goto(url + fragment);
      await page.waitForSelector('html[data-ready]', { timeout: 15000 });
      const state = await page.getAttribute('html', 'data-ready');
      if (state !== 'true') throw new Error(`the page did not start: ${await page.textContent('#page-status')}`);
    },
    /** Saves a full-page screenshot as tests/browser/screenshots/<name>.png. */
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close().catch(() => {});
      await new Promise((resolve) => server.close(resolve));
      rmSync(profile, { recursive: true, force: true });
    },
  };
  t.after(() => demo.close());
  await demo.load();
  return demo;
}

/** The page's totals (<dl> of dt/dd pairs) as an object. */
export async function readTotals(page, selector) {
  return page.$$eval(`${selector} > div`, (items) => Object.fromEntries(items.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
}

/**
 * What the page had loaded when it became interactive (its 'wasmod-interactive'
 * mark), by kind (html, css, js, wasm, json), raw and gzipped (level 9),
 * fetched again from the server the page used.
 */
export async function pageWeight(page) {
  const urls = await page.evaluate(() => {
    const ready = performance.getEntriesByName('wasmod-interactive')[0].startTime;
    return [location.href.split('#')[0], ...performance.getEntriesByType('resource').filter((r) => r.startTime <= ready).map((r) => r.name)];
  });
  const kinds = {};
  for (const url of new Set(urls)) {
    const { pathname } = new URL(url);
    const kind = pathname.endsWith('/') ? 'html' : path.extname(pathname).slice(1);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    kinds[kind] ??= { files: 0, raw: 0, gzip: 0 };
    kinds[kind].files++;
    kinds[kind].raw += bytes.length;
    kinds[kind].gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return kinds;
}

/**
 * Waits until the text of `selector` matches `pattern` and returns it; on
 * timeout, fails with the text it had (what a person would have seen).
 */
export async function waitForText(page, selector, pattern, timeout = 15000) {
  try {
    const handle = await page.waitForFunction(([sel, source, flags]) => {
      const text = document.querySelector(sel)?.textContent ?? '';
      return new RegExp(source, flags).test(text) && text;
    }, [selector, pattern.source, pattern.flags], { timeout });
    return handle.jsonValue();
  } catch (error) {
    const text = await page.textContent(selector).catch(() => null);
    throw new Error(`${selector} never matched ${pattern} in ${timeout} ms; it shows: ${JSON.stringify(text)}`, { cause: error });
  }
}
