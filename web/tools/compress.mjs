// Compressed text for the served site: brotli and gzip of every compressible file.
//
// dist/ ships each compressible file with precompressed siblings (page.js.br, page.js.gz),
// written by the build (bundle.mjs calls precompressTree); serve.mjs sends a sibling when the
// request's Accept-Encoding allows it and the sibling is not older than the file, and
// otherwise compresses on the fly (once per file version, kept in memory).
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** File types worth compressing (text, and the WASM module, which gzips to 40 %). */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.cjs', '.css', '.json', '.webmanifest', '.wasm', '.svg', '.csv', '.md', '.txt']);
/** Smaller files are sent as they are (the headers would eat the gain). */
export const MIN_COMPRESS_BYTES = 1024;

/** Brotli at its best quality (build time) or a fast one (serving on the fly). */
export function brotli(bytes, { fast = false } = {}) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: fast ? 5 : constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

export function gzip(bytes, { fast = false } = {}) {
  return gzipSync(bytes, { level: fast ? 6 : 9 });
}

/** The encoding to send for an Accept-Encoding header: 'br', 'gzip' or null. */
export function pickEncoding(acceptEncoding) {
  const accepted = new Map();
  for (const part of String(acceptEncoding || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/** Writes FILE.br and FILE.gz beside every compressible file under `dir` (recursively). */
export function precompressTree(dir) {
  let files = 0, raw = 0, br = 0;
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) { walk(path); continue; }
      if (!COMPRESSIBLE.has(extname(entry.name))) continue;
      const bytes = readFileSync(path);
      if (bytes.length < MIN_COMPRESS_BYTES) continue;
      const b = brotli(bytes);
      writeFileSync(`${path}.br`, b);
      writeFileSync(`${path}.gz`, gzip(bytes));
      files += 1; raw += bytes.length; br += b.length;
    }
  };
  walk(dir);
  return { files, raw, br };
}

/** True when `sibling` exists and is not older than `file` (a stale sibling is ignored). */
export function freshSibling(file, sibling, fileStats = statSync(file)) {
  try {
    const s = statSync(sibling);
    return s.isFile() && s.mtimeMs >= fileStats.mtimeMs ? s : null;
  } catch {
    return null;
  }
}
