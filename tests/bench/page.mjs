// Page benchmarks in headless Chromium (SPEC §4): navigation → first chart, control input →
// chart painted for the default sweep (median of 50), and the page's total weight gzipped.
// Writes its figures into BENCHMARKS.md between its own markers. Never asserts.
//
//   node tests/bench/page.mjs       (./build-wasm.sh bench runs it after building)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launch, serveRoot, repoRoot } from '../e2e/browser.mjs';
import { writeReport } from './report.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const browser = await launch();
const site = await serveRoot();

// Navigation → first chart: from navigationStart to the sweep lab's first drawn charts.
const firstChart = [];
for (let i = 0; i < 7; ++i) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(site.url);
  firstChart.push(await page.evaluate(() => new Promise((resolve) => {
    const done = () => {
      const [mark] = performance.getEntriesByName('lrlab:sweep-drawn');
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
await page.waitForFunction(() => performance.getEntriesByName('lrlab:sweep-drawn').length > 0);
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
await browser.close();
await site.close();

// Page weight: everything the page loads on first visit, gzipped.
const files = ['index.html', 'web/page.css', 'web/icon.svg', 'web/bundle/page.js', 'web/bundle/wasm/lrlab.mjs', 'web/bundle/wasm/lrlab.wasm'];
const weights = files.map((f) => {
  const bytes = readFileSync(join(repoRoot, f));
  return { f, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
});
const workerGz = gzipSync(readFileSync(join(repoRoot, 'web/bundle/worker.js')), { level: 9 }).length;
const total = weights.reduce((a, w) => a + w.gz, 0);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const verdict = (ok) => (ok ? '(met)' : '(not met)');
const lines = [
  '### Lesson page in headless Chromium (Debian Chromium 156, loopback)',
  '',
  '| what | median | SPEC §4 budget |',
  '|---|---|---|',
  `| navigation → first chart (sweep lab drawn), 7 loads | ${median(firstChart).toFixed(0)} ms | ≤ 1000 ms ${verdict(median(firstChart) <= 1000)} |`,
  `| control input → sweep run and both charts drawn, default sweep, 50 inputs | ${median(inputToDrawn).toFixed(1)} ms (p90 ${p90(inputToDrawn).toFixed(1)} ms) | ≤ 16 ms ${verdict(median(inputToDrawn) <= 16)} |`,
  `| control input → next frame (the drawn charts on screen) | ${median(inputToFrame).toFixed(1)} ms | (one frame later) |`,
  `| whole page gzipped (first visit) | ${kb(total)} | ≤ 300 KB ${verdict(total <= 300 * 1024)} |`,
  '',
  'Chromium runs headless with --disable-gpu: canvases are rasterised in software, so chart',
  'drawing is slower than in a desktop or tablet browser with GPU canvas.',
  '',
  '| file | raw | gzip -9 |',
  '|---|---|---|',
  ...weights.map((w) => `| ${w.f} | ${kb(w.raw)} | ${kb(w.gz)} |`),
  `| (web/bundle/worker.js, loaded only for heavy runs) | | ${kb(workerGz)} |`,
];
writeReport('tests/bench/page.mjs', lines.join('\n'));
