// Takes a screenshot of the page for review (not a test):
//   node tests/e2e/screenshot.mjs OUT.png [--root DIR] [--path PAGE] [--width W] [--height H] [--hash H] [--scroll SELECTOR [--settle MS]] [--full]
//     [--dark] (prefers-color-scheme: dark) [--touch] (a touch-only tablet: pointer coarse, no hover)
import { launch, serveRoot, watchErrors, defineAllModules } from './browser.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const out = args[0];
const browser = await launch();
const site = await serveRoot(option('--root', undefined));
const width = Number(option('--width', 1280)), height = Number(option('--height', 800));
const page = await browser.context.newPage();
await page.setViewportSize({ width, height });
if (args.includes('--dark')) await page.emulateMedia({ colorScheme: 'dark' });
if (args.includes('--touch')) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
}
const errors = watchErrors(page);
await page.goto(site.url + option('--path', '') + (option('--hash', '') ? `#${option('--hash', '')}` : ''));
await page.waitForTimeout(Number(option('--wait', 2500)));
const scroll = option('--scroll', null);
// The lesson page defines its lower modules as they near the viewport: define them all first.
if (scroll || args.includes('--full')) await defineAllModules(page);
if (scroll) await page.locator(scroll).first().scrollIntoViewIfNeeded();
if (scroll) await page.waitForTimeout(Number(option('--settle', 1500)));  // a lab near the viewport computes and draws
await page.screenshot({ path: out, fullPage: args.includes('--full') });
const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
console.log(JSON.stringify({ out, errors, scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth), width, pageHeight }));
await browser.close();
await site.close();
