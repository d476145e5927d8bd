// wasmod in web apps, as users build them: the packed npm tarball installed
// into a fresh app folder, built by Vite, webpack, Rollup and esbuild (and
// used without a bundler through an import map; and in Node by import,
// require and TypeScript), each web app served from localhost
// under a strict Content-Security-Policy and no COOP/COEP, and driven in
// headless Chromium. Every app runs app.js: a validation error's position,
// lossless formatting, JavaScript and Python analysis, a pool call stopped by
// its deadline with the next call served; then, with every .wasm corrupted on
// the way, a call that must be refused (E_INTEGRITY). No console error. And a
// page that only formats JSON (json/): no code module's .wasm or JS in its build.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../browser/demo-page.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
// Inside the checkout, so that the bundlers (devDependencies) resolve from the apps.
const WORK = path.join(ROOT, 'build/apps');

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

const EXPECTED = {
  validate: { valid: false, line: 1, column: 10, code: 'unexpected-character' },
  format: '{"n":12345678901234567890}',
  javascript: [['pick', 4]],
  python: [['pick', 3]],
  pool: { timedOut: 'E_TIMEOUT', next: 'ok', engine: 'wasm-simd' },
};

/**
 * Builds an app with a bundler's configuration (in WORK/<bundler>): by default that
 * folder's own app into its dist/; with `app` another folder's `entry`, into `out`
 * there. The plain app is served as it is.
 */
const BUILDERS = {
  async vite(dir, { app = dir, out = 'dist' } = {}) {
    const { build } = await import('vite');
    await build({ root: app, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  },
  async webpack(dir, { app = dir, entry = 'main.js', out = 'dist' } = {}) {
    const { default: webpack } = await import('webpack');
    const { default: config } = await import(pathToFileURL(path.join(dir, 'webpack.config.js')).href);
    const options = { ...config, context: app, entry: `./${entry}`, output: { ...config.output, path: path.join(app, out) } };
    const stats = await new Promise((resolve, reject) => webpack(options, (error, result) => (error ? reject(error) : resolve(result))));
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
    copyFileSync(path.join(HERE, 'page.html'), path.join(app, out, 'index.html'));
  },
  async rollup(dir, { app = dir, out = 'dist' } = {}) {
    const { rollup } = await import('rollup');
    const { default: config } = await import(pathToFileURL(path.join(dir, 'rollup.config.mjs')).href);
    const bundle = await rollup({ ...config, input: path.join(app, 'main.js'), onwarn: () => {} });
    await bundle.write({ ...config.output, dir: path.join(app, out) });
    await bundle.close();
    copyFileSync(path.join(HERE, 'page.html'), path.join(app, out, 'index.html'));
  },
  async esbuild(dir, { app = dir, entry = 'main.js', out = 'dist' } = {}) {
    execFileSync(process.execPath, [path.join(dir, 'build.mjs'), path.join(app, entry), path.join(app, out)], { stdio: 'inherit' });
    copyFileSync(path.join(HERE, 'page.html'), path.join(app, out, 'index.html'));
  },
};

// What only code modules bring into a build: a code module's .wasm (by name), a code
// module's descriptor (its grammar, its files), the languages' table, code.js's messages.
const CODE_FILE = /code-(c|javascript|python|tsx|typescript)\b/;
const CODE_TEXT = /tree-sitter|code-(c|javascript|python|tsx|typescript)-(simd|scalar)|"\.pyi"|say which language/;

/** Every file under `dir`. */
function outputFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** The files of a build that belong to code modules. */
function codeFiles(dir) {
  return outputFiles(dir).filter((file) => CODE_FILE.test(path.basename(file)) || CODE_TEXT.test(readFileSync(file, 'latin1'))).map((file) => path.relative(dir, file));
}

/**
 * A static server for `root` with a CSP (state.csp, changeable); state.wasm
 * says how it sends .wasm files: 'ok', 'tamper' (a byte flipped), or 'html'
 * (a page instead, as a dev server answers for a file it does not have).
 */
function serve(root, csp) {
  const state = { wasm: 'ok', csp };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/favicon.ico') return response.writeHead(204).end(); // the browser asks; no app has one
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return response.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      statSync(file);
    } catch {
      return response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
    const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': state.csp, 'cache-control': 'no-store' };
    if (state.wasm === 'html' && file.endsWith('.wasm')) return response.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end('<!doctype html><title>app</title>');
    if (state.wasm === 'tamper' && file.endsWith('.wasm')) {
      const bytes = readFileSync(file);
      bytes[bytes.length - 3] ^= 0x40;
      return response.writeHead(200, headers).end(bytes);
    }
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, state, url: `http://127.0.0.1:${server.address().port}` })));
}

/** The CSP for a page with an inline import map: the map's own hash, nothing else inline. */
function cspWithImportMap(html) {
  const map = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)[1];
  return CSP.replace("'wasm-unsafe-eval'", `'wasm-unsafe-eval' 'sha256-${createHash('sha256').update(map).digest('base64')}'`);
}

describe('web apps built from the packed package', () => {
  let browser;
  let profile;

  before(async () => {
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    const packs = mkdtempSync(path.join(tmpdir(), 'wasmod-pack-'));
    const tarball = path.join(packs, execFileSync('npm', ['pack', '--silent', '--pack-destination', packs], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1));
    cpSync(HERE, WORK, { recursive: true, filter: (source) => !source.endsWith('.test.js') });
    writeFileSync(path.join(WORK, 'package.json'), `${JSON.stringify({ name: 'wasmod-apps', private: true, type: 'module' })}\n`);
    execFileSync('npm', ['install', '--offline', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', tarball], { cwd: WORK, stdio: 'ignore' });
    rmSync(packs, { recursive: true, force: true });
    profile = mkdtempSync(path.join(tmpdir(), 'wasmod-chromium-'));
    try {
      browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    } catch (error) {
      throw new Error(`cannot start Chromium at ${CHROMIUM} (bash scripts/bootstrap.sh installs it): ${error.message}`);
    }
  });

  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens `url`, waits for the app to finish, returns its results and the console errors. */
  async function visit(url) {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'done' || document.title === 'failed', null, { timeout: 60000 });
      return { results: await page.evaluate(() => globalThis.wasmodResults), errors };
    } finally {
      await page.close();
    }
  }

  for (const app of ['vite', 'webpack', 'rollup', 'esbuild', 'plain']) {
    it(`${app}: runs the modules under a strict CSP, in workers too, and refuses tampered modules`, async () => {
      const dir = path.join(WORK, app);
      await BUILDERS[app]?.(dir);
      const root = app === 'plain' ? WORK : path.join(dir, 'dist');
      if (app !== 'plain') assert.notDeepEqual(codeFiles(root), [], 'the code modules are in the build (and the check below sees them)');
      const page = app === 'plain' ? '/plain/' : '/';
      const csp = app === 'plain' ? cspWithImportMap(readFileSync(path.join(dir, 'index.html'), 'utf8')) : CSP;
      const { server, state, url } = await serve(root, csp);
      try {
        const run = await visit(`${url}${page}`);
        assert.deepEqual(run.results, EXPECTED);
        assert.deepEqual(run.errors, []);
        state.wasm = 'tamper';
        const tampered = await visit(`${url}${page}?tamper`);
        assert.deepEqual(tampered.results, { format: 'E_INTEGRITY' });
      } finally {
        server.close();
      }
    });
  }

  // 'wasmod/json' everywhere; the main entry where the bundler leaves out what a page does not use.
  const JSON_ONLY = [['vite', 'main.js'], ['webpack', 'main.js'], ['rollup', 'main.js'], ['esbuild', 'main.js'], ['webpack', 'main-entry.js'], ['esbuild', 'main-entry.js']];
  for (const [bundler, entry] of JSON_ONLY) {
    it(`${bundler}: a page that only formats JSON, from '${entry === 'main.js' ? 'wasmod/json' : 'wasmod'}', ships no code module`, async (t) => {
      const app = path.join(WORK, 'json');
      const out = `dist-${bundler}-${path.basename(entry, '.js')}`;
      await BUILDERS[bundler](path.join(WORK, bundler), { app, entry, out });
      const root = path.join(app, out);
      assert.deepEqual(codeFiles(root), []);
      const files = outputFiles(root);
      assert.equal(files.filter((file) => file.endsWith('.wasm')).length, 3, "the json module's two variants, and its SIMD one metered");
      const bytes = (list) => list.reduce((n, file) => n + statSync(file).size, 0);
      t.diagnostic(`${files.length} files, ${(bytes(files) / 1024).toFixed(1)} KiB (JS ${(bytes(files.filter((file) => file.endsWith('.js'))) / 1024).toFixed(1)} KiB)`);
      const { server, url } = await serve(root, CSP);
      try {
        const run = await visit(`${url}/`);
        assert.deepEqual(run.results, { validate: EXPECTED.validate, format: EXPECTED.format });
        assert.deepEqual(run.errors, []);
      } finally {
        server.close();
      }
    });
  }

  it('node: the installed package by import and by require, and its types under moduleResolution bundler and node16', () => {
    const dir = path.join(WORK, 'node');
    const expected = { format: '[12345678901234567890]', complexity: 2, pooled: ['ok', 'wasm-simd'], families: ['formatJson', 'analyzeCode'] };
    for (const program of ['esm.mjs', 'cjs.cjs']) assert.deepEqual(JSON.parse(execFileSync(process.execPath, [path.join(dir, program)], { cwd: dir, encoding: 'utf8' })), expected, program);
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    for (const config of ['tsconfig.bundler.json', 'tsconfig.node16.json']) execFileSync(process.execPath, [tsc, '-p', path.join(dir, config)], { cwd: dir, stdio: 'inherit' });
  });

  it('plain: analysing 1 MB of JavaScript from the main-thread API makes no task over 50 ms there', async () => {
    const { server, url } = await serve(WORK, cspWithImportMap(readFileSync(path.join(WORK, 'plain/index.html'), 'utf8')));
    try {
      const { results, errors } = await visit(`${url}/plain/?longtasks`);
      assert.deepEqual(results, { bytes: 1009600, functions: 1600, longTasks: [] });
      assert.deepEqual(errors, []);
    } finally {
      server.close();
    }
  });

  it('plain: a CSP without wasm-unsafe-eval, or a page for a .wasm, is said plainly; json falls back to JavaScript', async () => {
    const html = readFileSync(path.join(WORK, 'plain/index.html'), 'utf8');
    const { server, state, url } = await serve(WORK, cspWithImportMap(html).replace(" 'wasm-unsafe-eval'", ''));
    try {
      const csp = (await visit(`${url}/plain/?failures`)).results;
      assert.deepEqual(csp.json, { engine: 'js' });
      assert.equal(csp['code-javascript'].code, 'E_MODULE_NOT_FOUND');
      assert.match(csp['code-javascript'].message, /Content-Security-Policy forbids compiling WebAssembly; add 'wasm-unsafe-eval' to its script-src/);
      state.csp = cspWithImportMap(html);
      state.wasm = 'html';
      const page = (await visit(`${url}/plain/?failures`)).results;
      assert.deepEqual(page.json, { engine: 'js' });
      assert.equal(page['code-javascript'].code, 'E_BAD_MODULE');
      assert.match(page['code-javascript'].message, /got text\/html from \S+code-javascript-simd\.metered\.wasm, not a module file/);
    } finally {
      server.close();
    }
  });
});
