// Screenshots of the whole page, one viewport at a time, for review (not a test):
//   node tests/e2e/screenshot-walk.mjs OUTDIR [--width W] [--height H] [--dark] [--touch] [--hash H] [--step PX]
// Writes OUTDIR/shot-00.png, shot-01.png … scrolled by --step (default: the viewport height).
import { launch, serveRoot, watchErrors } from './browser.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const dir = args[0];
const width = Number(option('--width', 1280)), height = Number(option('--height', 800));
const browser = await launch();
const site = await serveRoot();
const page = await browser.context.newPage();
await page.setViewportSize({ width, height });
const dark = args.includes('--dark');
if (dark) await page.emulateMedia({ colorScheme: 'dark' });
if (args.includes('--touch')) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });  // (hover: none), (pointer: coarse)
}
const errors = watchErrors(page);
await page.goto(site.url + (option('--hash', '') ? `#${option('--hash', '')}` : ''));
await page.waitForTimeout(4000);
const total = await page.evaluate(() => document.documentElement.scrollHeight);
const step = Number(option('--step', height - 60));
let i = 0;
for (let y = 0; y < total; y += step, ++i) {
  await page.evaluate((top) => scrollTo(0, top), y);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${dir}/shot-${String(i).padStart(2, '0')}.png` });
}
console.log(JSON.stringify({ shots: i, total, errors, scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth) }));
await browser.close();
await site.close();
