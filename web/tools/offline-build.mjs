// The deployable site's offline parts, generated at build time (bundle.mjs calls these; the
// update test calls writeServiceWorker on a changed copy of dist/, as a new deploy would):
//   manifest.webmanifest + icons/ (PNG 192, 512 and a maskable 512, rasterised from
//   web/icon.svg with @resvg/resvg-js: prebuilt binaries delivered as npm packages);
//   sw.js — Workbox's generateSW: a precache of every file the page needs, each with a
//   revision hashed from its contents, old caches and entries removed on activation.
import { generateSW } from 'workbox-build';
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const THEME_COLOR = '#1f4fa8';
export const BACKGROUND_COLOR = '#ffffff';

export const MANIFEST = {
  id: './',
  name: 'LR Lab — Choosing the Learning Rate',
  short_name: 'LR Lab',
  description: 'Run real learning-rate experiments in the browser: sweeps, loss curves, scaling, the LR range test and schedules.',
  start_url: './',
  scope: './',
  display: 'standalone',
  theme_color: THEME_COLOR,
  background_color: BACKGROUND_COLOR,
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

function png(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** Writes manifest.webmanifest and icons/ into `dir` from `iconSvgPath`. */
export function writeManifest(dir, iconSvgPath) {
  const svg = readFileSync(iconSvgPath, 'utf8');
  mkdirSync(join(dir, 'icons'), { recursive: true });
  writeFileSync(join(dir, 'icons/icon-192.png'), png(svg, 192));
  writeFileSync(join(dir, 'icons/icon-512.png'), png(svg, 512));
  // Maskable: the icon inside the central 80 % safe zone, on the theme colour to the edges.
  const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><rect width="80" height="80" fill="${THEME_COLOR}"/><g transform="translate(8 8)">${inner}</g></svg>`;
  writeFileSync(join(dir, 'icons/icon-maskable-512.png'), png(maskable, 512));
  writeFileSync(join(dir, 'manifest.webmanifest'), `${JSON.stringify(MANIFEST, null, 2)}\n`);
}

/** The <head> lines dist/index.html gets (the repo's development page has none). */
export const HEAD_LINKS = [
  '<link rel="manifest" href="manifest.webmanifest">',
  `<meta name="theme-color" content="${THEME_COLOR}">`,
  '<link rel="apple-touch-icon" href="icons/icon-192.png">',
].join('\n  ');

/**
 * Generates `dir`/sw.js: precaches what the site serves (not the file:// single file, nor the
 * embedding demo's host page), navigations fall back to index.html, old caches go.
 * @returns {Promise<{count: number, size: number}>}
 */
export async function writeServiceWorker(dir) {
  const { count, size, warnings } = await generateSW({
    globDirectory: dir,
    globPatterns: ['index.html', 'manifest.webmanifest', 'web/**/*.{js,mjs,wasm,css,svg,json}', 'icons/*.png'],
    swDest: join(dir, 'sw.js'),
    inlineWorkboxRuntime: true,     // one file: no workbox-*.js beside it
    mode: 'production',
    sourcemap: false,
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: false,             // a new version waits until the page asks (the reload banner)
    navigateFallback: 'index.html',
    navigateFallbackAllowlist: [/\/$/, /\/index\.html$/],
    ignoreURLParametersMatching: [/.*/],
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  });
  if (warnings.length) throw new Error(`workbox: ${warnings.join('; ')}`);
  return { count, size };
}
