// Lighthouse 12.2.3 (npm, pinned) on the deployable site: dist/ served by web/tools/serve.mjs
// (compressed, with the page's CSP) on a free loopback port, audited with the mobile preset
// (Lighthouse's default: simulated slow 4G and a 4× slower CPU) and the desktop preset, in
// Debian's Chromium (chrome-launcher finds it through CHROME_PATH). The JSON reports go to
// build/lighthouse/ (not in git); the scores, metrics and failing audits go to BENCHMARKS.md.
// Never asserts.
//
//   node tests/bench/lighthouse.mjs [--report-only]   (./build-wasm.sh bench runs it after building dist/)
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '../../web/tools/serve.mjs';
import { writeReport } from './report.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const out = join(root, 'build/lighthouse');
const chrome = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(join(dist, 'index.html'))) {
  console.error('lighthouse.mjs: dist/ is not built; run ./build-wasm.sh build first');
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const version = JSON.parse(readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version;

// Headless, as root, and quiet on a closed network (docs/TOOLCHAIN.md); chrome-launcher adds a
// fresh profile of its own.
const CHROME_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
].join(' ');
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

// --report-only: rewrite the section from the JSON reports of the last run, without auditing.
const reportOnly = process.argv.includes('--report-only');
const { server, url } = reportOnly ? { server: null, url: '' } : await serve({ root: dist, port: 0 });
const reports = {};
try {
  for (const preset of ['mobile', 'desktop']) {
    const path = join(out, `${preset}.report.json`);
    if (reportOnly) {
      reports[preset] = JSON.parse(readFileSync(path, 'utf8'));
      continue;
    }
    const args = [
      join(root, 'node_modules/lighthouse/cli/index.js'), url,
      '--output=json', `--output-path=${path}`, '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      `--chrome-flags=${CHROME_FLAGS}`,
      ...(preset === 'desktop' ? ['--preset=desktop'] : []),
    ];
    console.log(`Lighthouse ${version}, ${preset}: ${url}`);
    await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: chrome }, maxBuffer: 1 << 26, timeout: 300_000,
    });
    reports[preset] = JSON.parse(readFileSync(path, 'utf8'));
  }
  // The load during the audits, for --report-only rewrites.
  if (!reportOnly) writeFileSync(join(out, 'load.json'), JSON.stringify(os.loadavg()));
} finally {
  server?.closeAllConnections();
  server?.close();
}

// ---- report -----------------------------------------------------------------------------------
const score = (r, id) => (r.categories[id].score === null ? 'n/a' : Math.round(r.categories[id].score * 100));
const audit = (r, id) => r.audits[id] || {};
const ms = (r, id) => (Number.isFinite(audit(r, id).numericValue) ? `${Math.round(audit(r, id).numericValue)} ms` : 'n/a');
const s = (r, id) => (Number.isFinite(audit(r, id).numericValue) ? `${(audit(r, id).numericValue / 1000).toFixed(1)} s` : 'n/a');
const cls = (r) => (Number.isFinite(audit(r, 'cumulative-layout-shift').numericValue) ? audit(r, 'cumulative-layout-shift').numericValue.toFixed(3) : 'n/a');
const verdict = (ok) => (ok ? 'met' : 'not met');

/** Where an audit points: the first elements' selectors, or the first files (paths only). */
function where(a) {
  const items = (a.details?.items || []).filter((it) => it.node?.selector || it.url || it.scriptUrl);
  const name = (it) => {
    if (it.node?.selector) {
      // Inside a lab's shadow root: name the lab's element (its tag is in the node's path).
      const host = (it.node.path || '').match(/LR-LAB-[A-Z-]+/g)?.pop()?.toLowerCase();
      return `\`${host ? `${host} » ` : ''}${it.node.selector}\``;
    }
    const url = it.url || it.scriptUrl;
    return /^https?:/.test(url) ? `\`${new URL(url).pathname}\`` : url;
  };
  const names = items.map(name);
  const unique = [...new Set(names)];
  return unique.slice(0, 3).join(', ') + (unique.length > 3 ? ` and ${unique.length - 3} more` : '');
}

/** Audits of the three categories that fail: binary ones below 1, scored ones below 0.9 (Lighthouse's red or orange). */
function failing(r) {
  const rows = [];
  for (const id of CATEGORIES) {
    for (const ref of r.categories[id].auditRefs) {
      const a = r.audits[ref.id];
      if (!a || a.score === null || ['notApplicable', 'informative', 'manual'].includes(a.scoreDisplayMode)) continue;
      if (a.score < (a.scoreDisplayMode === 'binary' ? 1 : 0.9)) {
        rows.push({ category: id, id: ref.id, title: a.title, value: a.displayValue || '', score: a.score, where: where(a) });
      }
    }
  }
  return rows;
}

const m = reports.mobile, d = reports.desktop;
let load = null;
try { load = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')); } catch { /* an older run: no load recorded */ }
const num = (r, id) => audit(r, id).numericValue;
const goals = {
  performance: m.categories.performance.score * 100 >= 90,
  accessibility: m.categories.accessibility.score === 1,
  bestPractices: m.categories['best-practices'].score === 1,
  cls: num(m, 'cumulative-layout-shift') <= 0.1,
  tbt: num(m, 'total-blocking-time') <= 200,
};
const row = (label, f) => `| ${label} | ${f(m)} | ${f(d)} |`;
const lines = [
  `### Lighthouse on the deployable site (\`dist/\`)`,
  '',
  `Measured ${new Date(m.fetchTime).toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length}× ${os.cpus()[0].model.trim()}, ${os.type()} ${os.release()}${load ? ` (load average ${load.map((x) => x.toFixed(1)).join(', ')})` : ''}.`,
  `Lighthouse ${version} (Chromium ${m.environment?.hostUserAgent?.match(/Chrome\/([\d.]+)/)?.[1] || '?'}, headless) on \`dist/\` served by \`web/tools/serve.mjs\` from 127.0.0.1 (brotli, the page's CSP).`,
  'Mobile: Lighthouse\'s default (simulated slow 4G, 4× CPU slowdown, Moto G Power screen); desktop: `--preset=desktop`. JSON reports in `build/lighthouse/`.',
  '',
  '| | mobile | desktop |',
  '|---|---|---|',
  row('Performance (goal ≥ 90 on mobile)', (r) => `**${score(r, 'performance')}**`),
  row('Accessibility (goal 100)', (r) => `**${score(r, 'accessibility')}**`),
  row('Best Practices (goal 100)', (r) => `**${score(r, 'best-practices')}**`),
  row('First Contentful Paint', (r) => s(r, 'first-contentful-paint')),
  row('Largest Contentful Paint', (r) => s(r, 'largest-contentful-paint')),
  row('Total Blocking Time (goal ≤ 200 ms on mobile)', (r) => ms(r, 'total-blocking-time')),
  row('Cumulative Layout Shift (goal ≤ 0.1)', cls),
  row('Speed Index', (r) => s(r, 'speed-index')),
  row('Time to Interactive', (r) => s(r, 'interactive')),
  '',
  `Goals on mobile: Performance ≥ 90 **${verdict(goals.performance)}**, Accessibility 100 **${verdict(goals.accessibility)}**, Best Practices 100 **${verdict(goals.bestPractices)}**, CLS ≤ 0.1 **${verdict(goals.cls)}**, TBT ≤ 200 ms **${verdict(goals.tbt)}**.`,
  '',
  'Failing audits (binary audits that fail; scored audits below 0.9), mobile | desktop:',
  '',
  '| category | audit id | title | mobile | desktop | where (mobile) |',
  '|---|---|---|---|---|---|',
];
const all = new Map();
for (const [preset, r] of [['mobile', m], ['desktop', d]]) {
  for (const f of failing(r)) {
    const key = `${f.category}/${f.id}`;
    if (!all.has(key)) all.set(key, { ...f, mobile: '', desktop: '', where: '' });
    if (!all.get(key).where) all.get(key).where = f.where;
    all.get(key)[preset] = f.value || (f.score === 0 ? 'fail' : `score ${f.score.toFixed(2)}`);
  }
}
for (const f of all.values()) {
  lines.push(`| ${f.category} | \`${f.id}\` | ${f.title.replace(/\|/g, '\\|').replace(/`/g, '')} | ${f.mobile || 'passes'} | ${f.desktop || 'passes'} | ${f.where} |`);
}
if (!all.size) lines.push('| — | — | none | | | |');
const longTasks = (r) => (audit(r, 'long-tasks').details?.items || []).slice(0, 3)
  .map((t) => `${Math.round(t.duration)} ms (${/^https?:/.test(t.url) ? new URL(t.url).pathname : t.url})`).join(', ');
lines.push('', `Longest main-thread tasks (Lighthouse's \`long-tasks\`), mobile: ${longTasks(m) || 'none'}; desktop: ${longTasks(d) || 'none'}.`);
// Audits Lighthouse could not run (e.g. a gatherer that does not understand this Chromium's trace).
const errored = new Map();
for (const r of [m, d]) {
  for (const a of Object.values(r.audits)) {
    if (a.scoreDisplayMode !== 'error') continue;
    const cause = (a.errorMessage || 'unknown error').split(/exception: |error: /).pop();  // the innermost message
    if (!errored.has(cause)) errored.set(cause, new Set());
    errored.get(cause).add(`\`${a.id}\``);
  }
}
for (const [cause, ids] of errored) {
  lines.push('', `Audits Lighthouse could not run (a gatherer failed on this Chromium's trace: "${cause}"): ${[...ids].join(', ')}.`);
}
writeReport('tests/bench/lighthouse.mjs', lines.join('\n'));
