// Page benchmarks in headless Chromium (SPEC §4): navigation → first chart, control input →
// chart painted for the default sweep (median of 50), and the page's total weight gzipped.
// Writes its figures into BENCHMARKS.md between its own markers. Never asserts.
//
//   node tests/bench/page.mjs       (./build-wasm.sh bench runs it after building)
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { launch, serveRoot, repoRoot } from '../e2e/browser.mjs';
import { DRAGS, MOVES, openPage, dragSlider } from './drag.mjs';
import { writeReport } from './report.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const browser = await launch();
const site = await serveRoot();

// Navigation → first chart: from navigationStart to the first chart drawn with its data (the
// theory's first loss-curve shape, on the first screen). The labs further down compute when
// the reader approaches them; `sweepOnApproach` times that for the sweep lab.
const firstChart = [];
for (let i = 0; i < 7; ++i) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(site.url);
  firstChart.push(await page.evaluate(() => new Promise((resolve) => {
    const done = () => {
      const [mark] = performance.getEntriesByName('lrlab:first-chart');
      if (mark) resolve(mark.startTime); else setTimeout(done, 5);
    };
    done();
  })));
  await page.close();
}

// Input → chart painted: change the sweep's window by one step, wait for the redraw and the
// next frame (the paint), 50 times.
const page = await browser.context.newPage();
await page.setViewportSize({ width: 1280, height: 800 });
await page.goto(site.url);
await page.waitForFunction(() => performance.getEntriesByName('lrlab:first-chart').length > 0);
// The sweep lab is defined, computes and draws when it comes within a screen of the viewport.
const sweepOnApproach = await page.evaluate(() => new Promise((resolve) => {
  const t0 = performance.now();
  document.querySelector('#sweep').scrollIntoView();
  const done = () => {
    const [mark] = performance.getEntriesByName('lrlab:sweep-drawn');
    if (mark) resolve(mark.startTime - t0); else setTimeout(done, 5);
  };
  done();
}));
await page.locator('lr-lab-sweep').scrollIntoViewIfNeeded();
const { drawn: inputToDrawn, frame: inputToFrame } = await page.evaluate(async () => {
  const slider = document.querySelector('lr-lab-sweep').shadowRoot.querySelector('input[name=steps]');
  const drawn = [], frame = [];
  const count = () => performance.getEntriesByName('lrlab:sweep-drawn').length;
  for (let i = 0; i < 51; ++i) {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));  // start mid-frame, idle
    const before = count();
    const t0 = performance.now();
    slider.value = String(i % 2 ? 200 : 205);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    while (count() === before) await new Promise((resolve) => setTimeout(resolve, 0));
    const t1 = performance.now();
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const t2 = performance.now();
    if (i > 0) { drawn.push(t1 - t0); frame.push(t2 - t0); }  // the first one warms up
  }
  return { drawn, frame };
});
await page.close();

// Slider drags, main-thread time per input (DevTools protocol tracing): a real pointer drag
// across one slider of each lab that redraws on `input`, one value step per move, each move
// (sent through the DevTools protocol: no harness script runs in the page) followed by a
// pause of three frames. Every top-level task of the renderer's main thread is attributed to
// the `input` event it follows, so an input's figure is all the main-thread work it caused
// (handler, engine call, chart drawing, style, layout, paint) up to the next input. The work
// left for the end of the drag (tables, summaries, secondary charts) is reported apart.
const drags = [];
{
  const dragPage = await openPage(browser, site.url);
  for (const [lab, name] of DRAGS) drags.push(await dragSlider(dragPage, lab, name));
  await dragPage.close();
}
// First visit of the deployable site as served (dist/ through serve.mjs, which sends the
// precompressed brotli siblings): the bytes each file of the page takes on the wire.
const transferred = [];
{
  const distSite = await serveRoot(join(repoRoot, 'dist'));
  const visit = await browser.context.newPage();
  await visit.setViewportSize({ width: 1280, height: 800 });
  const finished = [];
  visit.on('requestfinished', (request) => finished.push(request));
  await visit.goto(distSite.url);
  await visit.waitForFunction(() => performance.getEntriesByName('lrlab:first-chart').length > 0);
  await visit.waitForTimeout(2000);
  for (const request of finished) {
    const response = await request.response();
    const sizes = await request.sizes();
    transferred.push({
      url: new URL(request.url()).pathname,
      encoding: response?.headers()['content-encoding'] || 'none',
      bytes: sizes.responseBodySize,
    });
  }
  await visit.close();
  await distSite.close();
}
await browser.close();
await site.close();

// Page weight: every file the first visit of dist/ requested (above), each once, gzip -9 and
// brotli; the chunks of the page's later modules (web/page-elements.js) are not among them
// unless their section was within reach of the first screen.
const distRoot = join(repoRoot, 'dist');
const distFile = (url) => join(distRoot, url === '/' ? 'index.html' : decodeURIComponent(url.slice(1)));
const measure = (path) => {
  const bytes = readFileSync(path);
  return {
    raw: bytes.length,
    gz: gzipSync(bytes, { level: 9 }).length,
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const firstVisit = [...new Set(transferred.map((t) => t.url))];
const weights = firstVisit.map((url) => ({ f: url === '/' ? 'index.html' : url.slice(1), ...measure(distFile(url)) }));
const later = readdirSync(join(distRoot, 'web/bundle')).filter((f) => f.startsWith('chunk-') && f.endsWith('.js') && !firstVisit.includes(`/web/bundle/${f}`))
  .map((f) => measure(join(distRoot, 'web/bundle', f)));
const laterGz = later.reduce((a, w) => a + w.gz, 0);
const workerGz = measure(join(distRoot, 'web/bundle/worker.js')).gz;
const total = weights.reduce((a, w) => a + w.gz, 0);
const totalBr = weights.reduce((a, w) => a + w.br, 0);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const verdict = (ok) => (ok ? '(met)' : '(not met)');
const lines = [
  '### Lesson page in headless Chromium (Debian Chromium 156, loopback)',
  '',
  '| what | median | SPEC §4 budget |',
  '|---|---|---|',
  `| navigation → first chart (the first screen's, drawn with its data), 7 loads | ${median(firstChart).toFixed(0)} ms | ≤ 1000 ms ${verdict(median(firstChart) <= 1000)} |`,
  `| sweep lab scrolled to → defined, computed and drawn (its code fetched, the engine warm) | ${sweepOnApproach.toFixed(0)} ms | (within a screen's scroll) |`,
  `| control input → sweep run and loss chart drawn (a scripted \`input\` event, no gesture: the α chart follows in the same task, the table and text in the next), default sweep, 50 inputs | ${median(inputToDrawn).toFixed(1)} ms (p90 ${p90(inputToDrawn).toFixed(1)} ms) | ≤ 16 ms ${verdict(median(inputToDrawn) <= 16)} |`,
  `| control input → next frame (the drawn charts on screen) | ${median(inputToFrame).toFixed(1)} ms | (one frame later) |`,
  `| whole page gzipped (first visit: every file it requested, each once) | ${kb(total)} (brotli ${kb(totalBr)}) | ≤ 300 KB ${verdict(total <= 300 * 1024)} |`,
  '',
  `Slider drags (a real pointer drag, ${MOVES} value steps sent as DevTools-protocol mouse events, a 50 ms pause after each): main-thread time per \`input\` event, from DevTools-protocol tracing (every top-level main-thread task until the next input); thread time (CPU) beside it. Budget: median ≤ 16 ms, p90 ≤ 20 ms, no task over 50 ms.`,
  '',
  '| lab · slider | inputs | median | p90 | thread time: median, p90 | longest task | once after the drag |',
  '|---|---|---|---|---|---|---|',
  ...drags.map((d) => (d.missing || !d.inputs
    ? `| ${d.lab} · ${d.name} | ${d.missing ? 'slider not found' : 'no input events traced'} | | | | | |`
    : `| ${d.lab} · ${d.name} | ${d.inputs} | ${d.median.toFixed(1)} ms ${verdict(d.median <= 16)} | ${d.p90.toFixed(1)} ms ${verdict(d.p90 <= 20)} | ${d.cpuMedian.toFixed(1)}, ${d.cpuP90.toFixed(1)} ms | ${d.longest.toFixed(1)} ms ${verdict(d.longest <= 50)} | ${d.after.toFixed(1)} ms |`)),
  '',
  'Chromium runs headless with --disable-gpu: canvases are rasterised in software, so chart',
  'drawing is slower than in a desktop or tablet browser with GPU canvas.',
  '',
  'The files of the first visit of `dist/` (1280×800, no scrolling), each once:',
  '',
  '| file | raw | gzip -9 | brotli 11 |',
  '|---|---|---|---|',
  ...weights.map((w) => `| ${w.f} | ${kb(w.raw)} | ${kb(w.gz)} | ${kb(w.br)} |`),
  `| **total** | ${kb(weights.reduce((a, w) => a + w.raw, 0))} | **${kb(total)}** | ${kb(totalBr)} |`,
  `| (${later.length} chunks of the modules further down, loaded as their section nears the viewport) | | ${kb(laterGz)} | |`,
  `| (web/bundle/worker.js, loaded only for heavy runs) | | ${kb(workerGz)} | |`,
  '',
  (() => {
    const unique = new Map();
    for (const t of transferred) unique.set(t.url, t);
    const sum = [...unique.values()].reduce((a, t) => a + t.bytes, 0);
    return `First visit of \`dist/\` served by \`web/tools/serve.mjs\` (Accept-Encoding from Chromium; precompressed siblings): **${kb(sum)}** on the wire for the page's own requests, each file once ${verdict(sum <= 300 * 1024)} (the service worker's precache fetches come on top, after the page is up).`;
  })(),
  '',
  '| file | encoding | bytes on the wire |',
  '|---|---|---|',
  ...[...new Map(transferred.map((t) => [t.url, t])).values()].map((t) => `| ${t.url} | ${t.encoding} | ${kb(t.bytes)} |`),
];
writeReport('tests/bench/page.mjs', lines.join('\n'));
