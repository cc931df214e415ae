// web/tools/serve.mjs (the server of ./build-wasm.sh serve and of the end-to-end tests):
// a malformed address is answered with 400 and the server keeps serving; paths outside the
// root are not served; pages carry the CSP header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve, CONTENT_SECURITY_POLICY } from '../../web/tools/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A raw GET (the path is sent as it is, not re-encoded by a URL parser). */
function get(url, path) {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('malformed percent-encoding gets 400 and the server keeps serving', async () => {
  const { server, url } = await serve({ root, port: 0 });
  try {
    for (const path of ['/%E0%A4%A', '/%', '/%ZZ', '/web/%C0']) {
      assert.equal((await get(url, path)).status, 400, path);
    }
    const page = await get(url, '/index.html');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    // Pages revalidate; scripts and data are never stored in the browser's HTTP cache.
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.equal((await get(url, '/web/page.js')).headers['cache-control'], 'no-store');
    assert.notEqual((await get(url, '/%2e%2e/%2e%2e/etc/passwd')).status, 200, 'nothing outside the root is served');
    assert.equal((await get(url, '/no-such-file')).status, 404);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A GET with an Accept-Encoding header; resolves with the status, headers and body bytes. */
function fetchEncoded(url, path, acceptEncoding) {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('text goes out brotli- or gzip-encoded as Accept-Encoding allows, a fresh precompressed sibling first', async () => {
  const { mkdtempSync, writeFileSync, utimesSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { brotliDecompressSync, gunzipSync, gzipSync } = await import('node:zlib');
  const dir = mkdtempSync(join(tmpdir(), 'lrlab-serve-'));
  const text = 'const x = 1;\n'.repeat(500);
  writeFileSync(join(dir, 'app.js'), text);
  writeFileSync(join(dir, 'tiny.css'), 'p{}');
  const { server, url } = await serve({ root: dir, port: 0 });
  try {
    const br = await fetchEncoded(url, '/app.js', 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(Number(br.headers['content-length']), br.body.length);
    assert.equal(brotliDecompressSync(br.body).toString(), text);
    const gz = await fetchEncoded(url, '/app.js', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), text);
    const plain = await fetchEncoded(url, '/app.js', undefined);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), text);
    assert.equal((await fetchEncoded(url, '/app.js', 'br;q=0, gzip')).headers['content-encoding'], 'gzip');
    assert.equal((await fetchEncoded(url, '/tiny.css', 'br')).headers['content-encoding'], undefined, 'tiny files go as they are');
    // A precompressed sibling is sent while it is not older than the file …
    const sibling = 'const sibling = 2;\n';
    writeFileSync(join(dir, 'app.js.gz'), gzipSync(sibling));
    assert.equal(gunzipSync((await fetchEncoded(url, '/app.js', 'gzip')).body).toString(), sibling);
    // … and ignored once the file changed after it.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'app.js'), later, later);
    assert.equal(gunzipSync((await fetchEncoded(url, '/app.js', 'gzip')).body).toString(), text);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
