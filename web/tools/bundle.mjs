// Builds dist/: the static site (works from any web server) and lr-lab.html, one file with
// the WASM engine and every script inlined, which works opened straight from disk.
//
//   node web/tools/bundle.mjs     (after the WASM build has put web/engine/wasm/)
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const wasmDir = join(root, 'web/engine/wasm');

if (!existsSync(join(wasmDir, 'lrlab.single.js'))) {
  console.error('web/engine/wasm/ is missing: run ./build-wasm.sh build first');
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// 1. The static site: index.html plus the web/ tree (without the build tools).
cpSync(join(root, 'index.html'), join(dist, 'index.html'));
cpSync(join(root, 'web'), join(dist, 'web'), {
  recursive: true,
  filter: (source) => !source.includes(`${join(root, 'web/tools')}`) && !source.endsWith('.cjs'),
});

// 2. The single file: the page's scripts as one classic (IIFE) bundle, after the classic
//    single-file engine build that defines the global createLRLab.
const bundle = await build({
  entryPoints: [join(root, 'web/app.js')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  write: false,
  external: ['node:module'],
  logLevel: 'error',
});
const appScript = bundle.outputFiles[0].text;
const engineScript = readFileSync(join(wasmDir, 'lrlab.single.js'), 'utf8');
const css = readFileSync(join(root, 'web/app.css'), 'utf8');
const inline = (code) => code.replace(/<\/script/gi, '<\\/script');

let html = readFileSync(join(root, 'index.html'), 'utf8');
const icon = readFileSync(join(root, 'web/icon.svg'), 'utf8');
html = html.replace('href="web/icon.svg"', () => `href="data:image/svg+xml,${encodeURIComponent(icon)}"`);
html = html.replace('<link rel="stylesheet" href="web/app.css">', () => `<style>\n${css}</style>`);
html = html.replace('<script type="module" src="web/app.js"></script>',
  () => `<script>${inline(engineScript)}</script>\n  <script>${inline(appScript)}</script>`);
writeFileSync(join(dist, 'lr-lab.html'), html);
console.log(`dist/ written: index.html (site) and lr-lab.html (${(html.length / 1024).toFixed(0)} KB single file)`);
