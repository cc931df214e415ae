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
    assert.notEqual((await get(url, '/%2e%2e/%2e%2e/etc/passwd')).status, 200, 'nothing outside the root is served');
    assert.equal((await get(url, '/no-such-file')).status, 404);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
