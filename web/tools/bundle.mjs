// Builds the page's assets:
//   web/bundle/   page.js (the lesson page) and its chunk-*.js (code split: the modules
//                 further down the page load when their section nears the viewport),
//                 lr-lab.js (the embedding script: element definitions only, one file),
//                 worker.js (the engine worker), wasm/ (the engine) — what index.html at
//                 the repo root loads
//   dist/         a static site that works from any web server (index.html, web/…) and
//                 offline (sw.js, manifest.webmanifest, icons/: web/tools/offline-build.mjs);
//                 lr-lab.html: one file, WASM and scripts inlined, that works from file://;
//                 lr-lab-embed.js (+ worker.js, wasm/ beside it): the embedding script; and
//                 embed-demo.html: a foreign host page embedding the modules
//
//   node web/tools/bundle.mjs               (after the WASM build has put web/engine/wasm/)
//   node web/tools/bundle.mjs --site DIR    only a static site, into DIR (for side work)
import { build, transform } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from './serve.mjs';
import { writeExcerpts } from './extract-code.mjs';
import { writeSchema } from './write-schema.mjs';
import { writeManifest, writeServiceWorker, HEAD_LINKS } from './offline-build.mjs';
import { precompressTree } from './compress.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const web = join(root, 'web');
const bundleDir = join(web, 'bundle');
const dist = join(root, 'dist');
const wasmDir = join(web, 'engine/wasm');

if (!existsSync(join(wasmDir, 'lrlab.single.js'))) {
  console.error('web/engine/wasm/ is missing: run ./build-wasm.sh build first');
  process.exit(1);
}

// The code walkthrough shows the engine's real source, cut from cpp/ at build time; the
// page's settings come from the engine's own schema, written beside it.
writeExcerpts();
await writeSchema();

const siteArg = process.argv.indexOf('--site');
const siteOnly = siteArg > 0 ? process.argv[siteArg + 1] : null;

/**
 * Chart.js's scales that no chart of ours registers (time, timeseries, radialLinear) stay in
 * a bundle because a static field reads a property of another module's object, which esbuild
 * must assume has side effects. Wrapped in a pure IIFE (same value, evaluated at the same
 * time) they are dropped when unused: ≈ 17 KB raw, 5.6 KB gzipped less on the first visit.
 * A Chart.js release that rewrites those lines only loses the saving (a warning says so).
 */
const CHART_JS_PURE = [
  ['static defaults = TimeScale.defaults;', 'static defaults = /* @__PURE__ */ (() => TimeScale.defaults)();'],
  ['callback: Ticks.formatters.numeric', 'callback: /* @__PURE__ */ (() => Ticks.formatters.numeric)()'],
];
const chartJsTreeShaking = {
  name: 'chart.js-tree-shaking',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]chart\.js[\\/]dist[\\/]chart\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const warnings = [];
      for (const [from, to] of CHART_JS_PURE) {
        if (text.includes(from)) text = text.replaceAll(from, to);
        else warnings.push({ text: `chart.js no longer contains "${from}": its unused scales may stay in the bundle` });
      }
      return { contents: text, loader: 'js', warnings };
    });
  },
};

const common = {
  plugins: [chartJsTreeShaking],
  bundle: true,
  platform: 'browser',
  target: ['es2022', 'chrome110', 'safari16', 'firefox110'],
  minify: !process.env.LRLAB_DEBUG,
  legalComments: 'none',
  external: ['node:module'],
  logLevel: 'warning',
};

/** ES-module bundles (page, embedding script, worker) and the WASM engine into `out`. */
async function bundleModules(out) {
  rmSync(out, { recursive: true, force: true });
  // The page is code-split: page.js and the chunks it imports statically are the first
  // visit; the modules further down the page are chunks it imports when their section nears
  // the viewport (web/page-elements.js). Chunks sit beside page.js, so the URLs the code
  // builds from import.meta.url (worker.js, wasm/) stay right whichever file it lands in.
  await build({
    ...common,
    entryPoints: { page: join(web, 'page.js') },
    outdir: out,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
  });
  await bundleEmbedding(out, 'lr-lab');
}

/**
 * The embedding script (`name`.js, from web/elements.js) and the worker into `dir`, one file
 * each (no chunks), with the WASM engine they load beside them.
 */
async function bundleEmbedding(dir, name) {
  await build({
    ...common,
    entryPoints: { [name]: join(web, 'elements.js'), worker: join(web, 'engine/worker.js') },
    outdir: dir,
    format: 'esm',
  });
  await copyEngine(join(dir, 'wasm'));
}

/**
 * The WASM engine for http(s) into `dir`: lrlab.wasm, and its ES-module glue with the local
 * names minified (Emscripten minifies them only with --closure, which Debian's package lacks:
 * 40 → 21 KB raw, 10.9 → 8.1 KB gzipped). Properties (Module["…"], the embind names) stay.
 */
async function copyEngine(dir) {
  mkdirSync(dir, { recursive: true });
  cpSync(join(wasmDir, 'lrlab.wasm'), join(dir, 'lrlab.wasm'));
  const glue = readFileSync(join(wasmDir, 'lrlab.mjs'), 'utf8');
  const { code } = await transform(glue, { minify: true, format: 'esm', target: common.target, legalComments: 'none' });
  writeFileSync(join(dir, 'lrlab.mjs'), code);
}

/**
 * `html` with the Content-Security-Policy as a <meta http-equiv> right after <meta charset>:
 * dist/ pages carry their policy themselves (file:// and servers that send none).
 */
function withCsp(html, policy) {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  if (!html.includes('<meta charset="utf-8">')) throw new Error('index.html has no <meta charset="utf-8"> to put the CSP after');
  return html.replace('<meta charset="utf-8">', () => `<meta charset="utf-8">\n  ${tag}`);
}

/** The CSP source of an inline script: its SHA-256, so no 'unsafe-inline' is needed. */
const scriptHash = (code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;

/** A static site in `dir`: index.html and the web/ files it loads. */
function writeSite(dir, bundled) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'web'), { recursive: true });
  for (const f of ['page.css', 'icon.svg']) cpSync(join(web, f), join(dir, 'web', f));
  cpSync(bundled, join(dir, 'web/bundle'), { recursive: true });
  // The deployable site is installable: manifest, icons and theme colour (the service worker
  // is generated last, from the final files). Any web server (or none): the policy travels in
  // the page itself, as a meta tag.
  writeManifest(dir, join(web, 'icon.svg'));
  const page = readFileSync(join(root, 'index.html'), 'utf8');
  const installable = page.replace('<link rel="icon"', () => `${HEAD_LINKS}\n  <link rel="icon"`);
  writeFileSync(join(dir, 'index.html'), withCsp(installable, CONTENT_SECURITY_POLICY));
}

/** The embedding script in `dir`: lr-lab-embed.js, with the worker and the WASM it loads beside it. */
async function writeEmbed(dir) {
  await bundleEmbedding(dir, 'lr-lab-embed');
  for (const f of ['embed-demo.html', 'embed-demo.js', 'embed-demo.css']) cpSync(join(web, 'embed-demo', f), join(dir, f));
}

if (siteOnly) {
  const tmp = join(siteOnly, '..', `.bundle-${process.pid}`);
  await bundleModules(tmp);
  writeSite(siteOnly, tmp);
  await writeServiceWorker(siteOnly);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`site written to ${siteOnly}`);
  process.exit(0);
}

// 1. web/bundle/: ES modules for http(s), loaded by index.html at the repo root.
await bundleModules(bundleDir);

// 2. dist/: the static site.
writeSite(dist, bundleDir);

// 3. dist/lr-lab.html: one classic-script file. The engine's single-file build defines the
//    global createLRLab; the page follows as an IIFE bundle (ES modules do not load from file://).
// import.meta is empty in an IIFE: fine, since on file:// the engine comes from the global
// createLRLab and no worker is started (see engine.js and provider.js).
const iife = await build({
  ...common, entryPoints: [join(web, 'page.js')], format: 'iife', write: false,
  // One file: the page's later modules are inlined, so web/page-elements.js defines them at once.
  define: { __LRLAB_SINGLE_FILE__: 'true' },
  logOverride: { 'empty-import-meta': 'silent' },
});
const engineScript = readFileSync(join(wasmDir, 'lrlab.single.js'), 'utf8');
const css = readFileSync(join(web, 'page.css'), 'utf8');
const icon = readFileSync(join(web, 'icon.svg'), 'utf8');
const inline = (code) => code.replace(/<\/script/gi, '<\\/script');
let html = readFileSync(join(root, 'index.html'), 'utf8');
html = html.replace('href="web/icon.svg"', () => `href="data:image/svg+xml,${encodeURIComponent(icon)}"`);
html = html.replace('<link rel="stylesheet" href="web/page.css">', () => `<style>\n${css}</style>`);
const scripts = [inline(engineScript), inline(iife.outputFiles[0].text)];
html = html.replace('<script type="module" src="web/bundle/page.js"></script>',
  () => scripts.map((code) => `<script>${code}</script>`).join('\n  '));
// The served page's policy, with the two inline scripts allowed by their hashes (no
// 'unsafe-inline', no 'unsafe-eval'); the WASM is compiled under 'wasm-unsafe-eval' from the
// data: URL the single-file build fetches it from (connect-src data:).
html = withCsp(html, CONTENT_SECURITY_POLICY
  .replace("script-src 'self'", `script-src 'self' ${scripts.map(scriptHash).join(' ')}`)
  .replace("connect-src 'self'", "connect-src 'self' data:"));
writeFileSync(join(dist, 'lr-lab.html'), html);

// 4. dist/lr-lab-embed.js and the embedding demo; 5. dist/sw.js, precaching the final files.
await writeEmbed(dist);
const precache = await writeServiceWorker(dist);
console.log(`dist/sw.js precaches ${precache.count} files (${(precache.size / 1048576).toFixed(1)} MB)`);
// 6. Precompressed siblings (FILE.br, FILE.gz) for a server that sends them (serve.mjs does).
const packed = precompressTree(dist);
console.log(`dist/: ${packed.files} files precompressed, ${(packed.raw / 1024).toFixed(0)} KB → ${(packed.br / 1024).toFixed(0)} KB brotli`);
console.log(`web/bundle/ and dist/ written; dist/lr-lab.html is ${(html.length / 1024).toFixed(0)} KB`);
