// A small static file server for the repository (or dist/), bound to 127.0.0.1.
// Sends the Content-Security-Policy the page must satisfy (no unsafe-eval), so every run
// of the page — by hand or in the end-to-end tests — proves it is CSP-clean.
//
//   node web/tools/serve.mjs [--root DIR] [--port N]     (PORT env also works)
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPRESSIBLE, MIN_COMPRESS_BYTES, brotli, freshSibling, gzip, pickEncoding } from './compress.mjs';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/**
 * Starts serving `root` on 127.0.0.1:`port` (0 = any free port). Compressible files go out
 * brotli- or gzip-encoded as the request's Accept-Encoding allows: a precompressed sibling
 * (FILE.br, FILE.gz, as dist/ ships them) when it is fresh, else compressed here once per
 * file version.
 * @returns {Promise<{server: import('node:http').Server, url: string}>}
 */
export function serve({ root, port = 8000 } = {}) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    // Every request is answered here; nothing a client sends may throw out of this handler.
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {  // malformed percent-encoding (GET /%E0%A4%A) or URL: answer, never crash
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad request: the address is not valid');
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    let stats;
    try {
      stats = statSync(file);
      if (stats.isDirectory()) {
        file = join(file, 'index.html');
        stats = statSync(file);
      }
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
      return;
    }
    const headers = {
      'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
      'Content-Length': stats.size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      // Pages revalidate (no-cache keeps the back/forward cache open to them); scripts and
      // data are never stored in the browser's HTTP cache: after a rebuild no stale chunk.
      'Cache-Control': extname(file) === '.html' ? 'no-cache' : 'no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    const compressible = COMPRESSIBLE.has(extname(file)) && stats.size >= MIN_COMPRESS_BYTES;
    const encoding = compressible ? pickEncoding(request.headers['accept-encoding']) : null;
    if (compressible) headers.Vary = 'Accept-Encoding';
    if (encoding) {
      let body;
      try {
        body = encoded(file, stats, encoding);
      } catch {
        response.destroy();
        return;
      }
      headers['Content-Encoding'] = encoding;
      headers['Content-Length'] = body.length;
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    response.writeHead(200, headers);
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).on('error', () => response.destroy()).pipe(response);
  });
  // file → {mtimeMs, size, br?, gzip?}: what was compressed here, per file version.
  const cache = new Map();
  const encoded = (file, stats, encoding) => {
    const sibling = freshSibling(file, `${file}.${encoding === 'br' ? 'br' : 'gz'}`, stats);
    if (sibling) return readFileSync(`${file}.${encoding === 'br' ? 'br' : 'gz'}`);
    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== stats.mtimeMs || entry.size !== stats.size) {
      entry = { mtimeMs: stats.mtimeMs, size: stats.size };
      cache.set(file, entry);
    }
    if (!entry[encoding]) {
      const bytes = readFileSync(file);
      entry[encoding] = encoding === 'br' ? brotli(bytes, { fast: true }) : gzip(bytes, { fast: true });
    }
    return entry[encoding];
  };
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolvePromise({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const root = option('--root', fileURLToPath(new URL('../..', import.meta.url)));
  const port = Number(option('--port', process.env.PORT || 8000));
  serve({ root, port })
    .then(({ server, url }) => {
      console.log(`LR Lab is served at ${url}  (Ctrl-C stops)`);
      const stop = () => { server.close(); server.closeAllConnections(); process.exit(0); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error) => {
      console.error(error.code === 'EADDRINUSE'
        ? `port ${port} is in use; choose another with PORT=8080 ./build-wasm.sh serve`
        : `could not serve: ${error.message}`);
      process.exit(1);
    });
}
