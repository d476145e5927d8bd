// Serves the web demo on localhost with plain node:http: the page itself
// (web-demo/), the package's browser build (dist/browser/), the built
// modules (dist/modules/), the test fixture modules when the wasm builds made
// them (tests/fixtures/, built into build/wasm-*/fixtures/), and read-only samples (the json bench corpus in
// ../shared, the code samples beside this file). Nothing comes from the network.
//
//   node web-demo/serve.mjs            PORT from the environment, else 8431 (0 = any free port)
//   import { startServer } from './serve.mjs'   (the browser tests: port 0)
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** URL prefix -> folder it serves; the first match wins, '/' last. */
export const MOUNTS = [
  ['/dist/browser/', path.join(ROOT, 'dist/browser')],
  ['/dist/modules/', path.join(ROOT, 'dist/modules')],
  ['/fixtures/simd/', path.join(ROOT, 'build/wasm-simd/fixtures')],
  ['/fixtures/scalar/', path.join(ROOT, 'build/wasm-scalar/fixtures')],
  ['/samples/json/', path.resolve(ROOT, '../shared/corpus/json/bench')],
  ['/samples/code/', path.join(ROOT, 'web-demo/samples')],
  ['/', path.join(ROOT, 'web-demo')],
];

const PAGE = path.join(ROOT, 'web-demo/index.html');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.py': 'text/plain; charset=utf-8',
  '.c': 'text/plain; charset=utf-8',
  '.h': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.tsx': 'text/plain; charset=utf-8',
};

/** The file a URL path names, or null when it is outside every mount. */
function resolve(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  for (const [prefix, dir] of MOUNTS) {
    if (!decoded.startsWith(prefix)) continue;
    const file = path.resolve(dir, `.${decoded.slice(prefix.length - 1)}`);
    return file === dir || file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

/** The .wasm or sample files of a mount, sorted, with their sizes. */
async function listMount(prefix, filter) {
  const dir = MOUNTS.find(([p]) => p === prefix)[1];
  const names = await readdir(dir).catch(() => []);
  const files = [];
  for (const name of names.filter(filter).sort()) files.push({ name, url: prefix.slice(1) + name, bytes: (await stat(path.join(dir, name))).size });
  return files;
}

/** Listings the page reads: the samples it offers, and the fixture modules the wasm builds made. */
const LISTINGS = {
  '/samples/index.json': async () => ({
    json: await listMount('/samples/json/', (n) => n.endsWith('.json')),
    code: await listMount('/samples/code/', (n) => !n.startsWith('.')),
  }),
  // The example module only: its sibling that never finishes loading is for the runtime's tests.
  '/fixtures/index.json': async () => ({
    simd: await listMount('/fixtures/simd/', (n) => n === 'example-simd.wasm'),
    scalar: await listMount('/fixtures/scalar/', (n) => n === 'example-scalar.wasm'),
  }),
};

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
  res.end(body);
}

// Static imports ("import ... from './x.js'", "export ... from", "import './x.js'"); dynamic import() is left to run time.
const STATIC_IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;

/**
 * Every module the page's entry imports, directly or not, as URL paths: sent
 * as Link modulepreload headers with the page, so the browser fetches the
 * whole graph at once instead of one level of imports after another.
 */
async function moduleGraph(entry) {
  const seen = new Set([entry]);
  for (const url of seen) {
    const file = resolve(url);
    const text = file ? await readFile(file, 'utf8').catch(() => '') : '';
    for (const match of text.matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) seen.add(new URL(specifier, `http://localhost${url}`).pathname);
    }
  }
  return [...seen];
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'read-only\n');
  const { pathname } = new URL(req.url, 'http://localhost');
  if (LISTINGS[pathname]) return send(res, 200, MIME['.json'], JSON.stringify(await LISTINGS[pathname]()));
  let file = resolve(pathname);
  if (!file) return send(res, 404, 'text/plain', 'not found\n');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(res, 404, 'text/plain', 'not found\n');
  // Revalidated on every use (files change under a running demo), cheaply: 304 when unchanged.
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = { etag, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    return res.end();
  }
  if (file === PAGE) headers.link = (await moduleGraph('/app.js')).map((url) => `<${url}>; rel=modulepreload`).join(', ');
  res.writeHead(200, { ...headers, 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'content-length': info.size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/**
 * Starts the server on 127.0.0.1. Resolves with { server, url } once listening.
 * @param {{ port?: number }} [options] 0 picks a free port
 */
export function startServer({ port = 0 } = {}) {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `${error.message}\n`);
      else res.destroy();
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolvePromise({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 8431 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT must be a port number (0 for any free one), not '${process.env.PORT}'`);
    process.exit(2);
  }
  const { url } = await startServer({ port });
  console.log(`wasmod demo: ${url}  (Ctrl+C to stop)`);
}
