// Slider drags in headless Chromium: main-thread time per `input` event of a real pointer
// drag (DevTools-protocol tracing), used by page.mjs for BENCHMARKS.md and runnable alone to
// compare a change before and after, or to see where a drag's time goes (--profile: the
// functions with the most self time in a CPU profile of the drag; --long: what the drag's
// longest main-thread task was made of).
//
//   node tests/bench/drag.mjs [lab·slider …] [--runs N] [--profile] [--long] [--root DIR …]
//   e.g. node tests/bench/drag.mjs lr-lab-range-test·smoothing --runs 3 --profile
// With several --root (a copy of the site built from another commit, say), the runs alternate
// between them, so a before/after comparison sees the same load.
// Prints its figures; never writes BENCHMARKS.md.
import { fileURLToPath } from 'node:url';
import { launch, serveRoot, scrollToModule } from '../e2e/browser.mjs';

/** The slider of each lab that redraws on `input`, dragged by the page benchmark. */
export const DRAGS = [
  ['lr-lab-sweep', 'start'], ['lr-lab-sweep', 'steps'], ['lr-lab-scaling', 'ratio_a'],
  ['lr-lab-range-test', 'smoothing'], ['lr-lab-schedules', 'peak'], ['lr-lab-optimizers', 'start'],
];
export const MOVES = 40;
/** The pause after each move: three frames at 60 Hz. */
const PAUSE_MS = 50;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Opens the lesson page at `url` in a new 1280×800 page, its first chart drawn. */
export async function openPage(browser, url) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  await scrollToModule(page, 'lr-lab-sweep');  // defined and drawn when approached
  await page.waitForFunction(() => performance.getEntriesByName('lrlab:sweep-drawn').length > 0);
  return page;
}

/**
 * A real pointer drag across one slider of `lab`, one value step per move (or 4 px where a
 * step is narrower), each move followed by a pause of three frames; traced (and profiled with
 * `profile`). The pointer events go in through the DevTools protocol (Input.dispatchMouseEvent,
 * as from a mouse), not page.mouse: with the button held, each page.mouse.move also runs
 * Playwright's drag-and-drop interception (two scripts evaluated in the page, a timer and two
 * protocol round trips per move), main-thread work of the harness that the trace would
 * count against the lab; no script of the harness runs in the page during the drag.
 * @returns {Promise<object>} mainThreadPerInput's figures (+ `profile`: the CPU profile)
 */
export async function dragSlider(page, lab, name, { moves = MOVES, profile = false } = {}) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  // The labs below the sweep are defined as their section nears the viewport.
  if (await page.locator(lab).count()) await scrollToModule(page, lab);
  const slider = page.locator(`${lab} input[type=range][name=${name}]`).first();
  if (!(await slider.count())) return { lab, name, missing: true };
  await slider.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);  // the lab's own first runs settle
  const { min, max, step } = await slider.evaluate((el) => ({ min: Number(el.min), max: Number(el.max), step: Number(el.step) || 1 }));
  const box = await slider.boundingBox();
  const positions = Math.max(2, Math.min(Math.round((max - min) / step), Math.floor(box.width / 4)));
  const dx = box.width / positions;
  const y = box.y + box.height / 2;
  const cdp = await page.context().newCDPSession(page);
  const mouse = (type, x, buttons = 1) => cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons, clickCount: 1 });
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await cdp.send('Tracing.start', { categories: process.env.DRAG_TRACE_CATEGORIES || 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  let k = Math.round(positions / 2);
  let dir = 1;
  await mouse('mouseMoved', box.x + (k + 0.5) * dx, 0);
  await mouse('mousePressed', box.x + (k + 0.5) * dx);
  await pause();
  for (let i = 0; i < moves; ++i) {
    if (k + dir < 0 || k + dir >= positions) dir = -dir;
    k += dir;
    await mouse('mouseMoved', box.x + (k + 0.5) * dx);
    await pause();
  }
  await mouse('mouseReleased', box.x + (k + 0.5) * dx, 0);
  await pause();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await cdp.send('Tracing.end');
  await complete;
  const cpu = profile ? (await cdp.send('Profiler.stop')).profile : null;
  await cdp.detach();
  return { lab, name, ...mainThreadPerInput(events), longestParts: longestTaskParts(events), ...(cpu ? { profile: cpu, breakdown: mainThreadBreakdown(events) } : {}) };
}

/** Main-thread task time per `input` event, and after the drag (trace events, µs → ms). */
export function mainThreadPerInput(events) {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const inputs = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input' && mains.has(`${e.pid}:${e.tid}`));
  if (!inputs.length) return { inputs: 0 };
  const thread = `${inputs[0].pid}:${inputs[0].tid}`;
  const ups = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerup' && `${e.pid}:${e.tid}` === thread);
  const tasks = events.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && `${e.pid}:${e.tid}` === thread)
    .sort((a, b) => a.ts - b.ts);
  const top = [];  // top-level tasks only (a nested RunTask is inside its parent's time)
  for (const t of tasks) if (!top.length || t.ts >= top[top.length - 1].ts + top[top.length - 1].dur) top.push(t);
  const starts = inputs.map((e) => e.ts).sort((a, b) => a - b);
  const upAt = ups.length ? Math.max(...ups.map((e) => e.ts)) : Infinity;
  const perInput = starts.map(() => 0);
  const cpuPerInput = starts.map(() => 0);  // thread time (tdur): the same work, less of the machine's load
  let after = 0, longest = 0;
  for (const t of top) {
    longest = Math.max(longest, t.dur / 1000);
    if (t.ts >= upAt) { after += t.dur / 1000; continue; }
    // the input this task follows (its own handler's task included: it starts just before it)
    let i = starts.findIndex((s) => s > t.ts + t.dur) - 1;
    if (i === -2) i = starts.length - 1;
    if (i >= 0) { perInput[i] += t.dur / 1000; cpuPerInput[i] += (t.tdur ?? t.dur) / 1000; }
  }
  const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
  const measured = perInput.slice(1);  // the first input warms up
  const cpu = cpuPerInput.slice(1);
  return { inputs: measured.length, median: median(measured), p90: p90(measured), after, longest, cpuMedian: median(cpu), cpuP90: p90(cpu) };
}

/**
 * What the longest main-thread task of the drag was made of: self time (ms) per trace event
 * (a script's function named), largest first, and whether it came after the release.
 */
export function longestTaskParts(events, top = 8) {
  const input = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input');
  if (!input) return null;
  const same = (e) => e.pid === input.pid && e.tid === input.tid;
  const tasks = events.filter((e) => same(e) && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'));
  const longest = tasks.reduce((a, b) => (b.dur > (a?.dur ?? 0) ? b : a), null);
  if (!longest) return null;
  const end = longest.ts + longest.dur;
  const inside = events.filter((e) => same(e) && e.ph === 'X' && e.dur !== undefined && e.ts >= longest.ts && e.ts + e.dur <= end && e !== longest)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const name = (e) => (e.name === 'FunctionCall' && e.args?.data?.functionName ? `${e.args.data.functionName}()` : e.name);
  const self = selfTimes(inside, name);
  const ups = events.filter((e) => same(e) && e.name === 'EventDispatch' && e.args?.data?.type === 'pointerup');
  return { ms: longest.dur / 1000, afterRelease: ups.some((u) => u.ts <= longest.ts), parts: [...self].sort((a, b) => b[1] - a[1]).slice(0, top) };
}

/**
 * Self time (ms) per trace event name on the renderer's main thread during the drag: how much
 * went to script, style, layout, paint, … (each event's time minus its children's).
 */
export function mainThreadBreakdown(events, top = 14) {
  const input = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input');
  if (!input) return [];
  const xs = events.filter((e) => e.ph === 'X' && e.pid === input.pid && e.tid === input.tid && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  return [...selfTimes(xs, (e) => e.name)].sort((a, b) => b[1] - a[1]).slice(0, top);
}

/**
 * Self time (ms) per `name(event)` of complete trace events sorted by start (each event's
 * duration minus its children's, nesting read from the timestamps).
 * @returns {Map<string, number>}
 */
function selfTimes(sorted, name) {
  const self = new Map();
  const stack = [];
  const close = (until) => {
    while (stack.length && stack.at(-1).end <= until) {
      const done = stack.pop();
      self.set(done.name, (self.get(done.name) || 0) + (done.dur - done.children) / 1000);
    }
  };
  for (const e of sorted) {
    close(e.ts);
    if (stack.length) stack.at(-1).children += e.dur;
    stack.push({ name: name(e), end: e.ts + e.dur, dur: e.dur, children: 0 });
  }
  close(Infinity);
  return self;
}

/** The `top` functions with the most self time in a CPU profile (ms), with their source. */
export function hotFunctions(profile, top = 25, inclusive = false) {
  const time = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const keyOf = (f) => `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const keys = new Set();
    for (let n = id; n !== undefined; n = inclusive ? parent.get(n) : undefined) keys.add(keyOf(byId.get(n).callFrame));
    for (const key of keys) time.set(key, (time.get(key) || 0) + (dt[i] || 0) / 1000);
  });
  return [...time].filter(([key]) => !['(idle)', '(root)', '(program)'].includes(key)).sort((a, b) => b[1] - a[1]).slice(0, top);
}

/** Prints one drag's figures (with `long`, what its longest task ran; and its profile's hot functions). */
function report(d, root, long = false) {
  const figures = d.missing ? 'slider not found'
    : `median ${d.median?.toFixed(1)} ms, p90 ${d.p90?.toFixed(1)} ms, longest task ${d.longest?.toFixed(1)} ms, after ${d.after?.toFixed(1)} ms (${d.inputs} inputs); thread time median ${d.cpuMedian?.toFixed(1)} ms, p90 ${d.cpuP90?.toFixed(1)} ms`;
  console.log(`${root ? `[${root}] ` : ''}${d.lab} · ${d.name}: ${figures}`);
  if (long && d.longestParts) console.log(`  longest task ${d.longestParts.ms.toFixed(1)} ms${d.longestParts.afterRelease ? ' (after the release)' : ''}: ${d.longestParts.parts.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}`);
  if (d.breakdown) console.log(`  main thread, self time: ${d.breakdown.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`);
  if (!d.profile) return;
  console.log('  self time:');
  for (const [fn, ms] of hotFunctions(d.profile)) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
  console.log('  inclusive time:');
  for (const [fn, ms] of hotFunctions(d.profile, 40, true)) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 1);
  const profile = args.includes('--profile');
  const long = args.includes('--long');
  const wanted = args.filter((a, i) => a.startsWith('lr-lab-') && args[i - 1] !== '--runs');
  const roots = args.filter((a, i) => args[i - 1] === '--root');
  const drags = wanted.length ? wanted.map((w) => w.split(/[·:]/)) : DRAGS;
  const browser = await launch();
  const sites = roots.length ? await Promise.all(roots.map((root) => serveRoot(root))) : [await serveRoot()];
  for (let run = 0; run < runs; ++run) {
    for (const [s, site] of sites.entries()) {
      const page = await openPage(browser, site.url);
      for (const [lab, name] of drags) report(await dragSlider(page, lab, name, { profile }), roots[s], long);
      await page.close();
    }
  }
  await browser.close();
  for (const site of sites) await site.close();
}
