// The design system shared by every module: one constructable stylesheet adopted by each
// shadow root (CSP-clean: no inline <style> needed). Hosts theme it with CSS custom
// properties (--lrlab-accent, --lrlab-bg, --lrlab-fg, --lrlab-font, …) set on the element.

const CSS = `
:host {
  --accent: var(--lrlab-accent, #2456c9);
  --accent-fg: var(--lrlab-accent-fg, #ffffff);
  --bg: var(--lrlab-bg, #ffffff);
  --surface: var(--lrlab-surface, #f5f7fb);
  --fg: var(--lrlab-fg, #172033);
  --muted: var(--lrlab-muted, #5a6478);
  --border: var(--lrlab-border, #d5dbe7);
  --radius: var(--lrlab-radius, 10px);
  --control-radius: calc(var(--radius) * .8);
  --font: var(--lrlab-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  --mono: var(--lrlab-mono, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace);
  /* Chart colours (web/charts/theme.js reads them from the canvas): the diagnosis labels, the
     series of unlabelled curves, and a neutral for contours, cursors and reference lines. Each
     keeps at least 3:1 against its scheme's background (WCAG non-text contrast). */
  --good: var(--lrlab-good, #1d8a45); --too_low: var(--lrlab-too_low, #6b7a99); --past_peak: var(--lrlab-past_peak, #a67c00);
  --oscillating: var(--lrlab-oscillating, #d9730d); --unstable: var(--lrlab-unstable, #8e44ad); --diverged: var(--lrlab-diverged, #d12c3d);
  --series-0: var(--lrlab-series-0, #3f6fe0); --series-1: var(--oscillating); --series-2: var(--good); --series-3: var(--unstable);
  --series-4: var(--diverged); --series-5: var(--lrlab-series-5, #0f8b8d); --series-6: var(--lrlab-series-6, #b8860b);
  --series-7: var(--lrlab-series-7, #c2185b); --series-8: var(--lrlab-series-8, #5d4037);
  --chart-neutral: var(--lrlab-chart-neutral, #8894ac);
  /* WCAG 2.2 focus appearance: a solid 3px ring in the accent, offset from the control by a
     2px ring of the background, so it reads on any fill. */
  --focus: 0 0 0 2px var(--bg), 0 0 0 5px var(--accent);
  display: block;
  min-width: 0;
}
/* Everything a module shows sits in this wrapper, which sets font, size and colours itself
   (all: initial stops inheritance from the host — even an !important font-family on the
   element — while the --lrlab-* custom properties still come through). Sizes are em of this
   wrapper's 16px, never rem (the host's root size). Layout follows the wrapper's own width. */
.lrlab {
  all: initial;
  display: block;
  color: var(--fg);
  font-family: var(--font);
  font-size: var(--lrlab-font-size, 16px);
  line-height: 1.5;
  text-align: start;
  container-type: inline-size;
  container-name: lrlab;
}
@media (prefers-color-scheme: dark) {
  :host {
    --accent: var(--lrlab-accent, #7aa2ff);
    --accent-fg: var(--lrlab-accent-fg, #0b1020);
    --bg: var(--lrlab-bg, #121826);
    --surface: var(--lrlab-surface, #1a2233);
    --fg: var(--lrlab-fg, #e6eaf2);
    --muted: var(--lrlab-muted, #a3adc2);
    --border: var(--lrlab-border, #2e3a52);
    --good: var(--lrlab-good, #4cc77a); --too_low: var(--lrlab-too_low, #9aa7c2); --past_peak: var(--lrlab-past_peak, #e3c04f);
    --oscillating: var(--lrlab-oscillating, #f59e42); --unstable: var(--lrlab-unstable, #c084fc); --diverged: var(--lrlab-diverged, #ff6b7a);
    --series-0: var(--lrlab-series-0, #6f97ff); --series-5: var(--lrlab-series-5, #3cc6c8); --series-6: var(--lrlab-series-6, #d4a72c);
    --series-7: var(--lrlab-series-7, #f06292); --series-8: var(--lrlab-series-8, #c8a99c);
    --chart-neutral: var(--lrlab-chart-neutral, #97a3bb);
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.card { background: var(--bg); border: 1px solid var(--border); border-radius: var(--radius); padding: 1.25em; }
.card + .card { margin-top: 1em; }
h3 { font-size: 1.15em; margin: 0 0 .5em; }
/* The module's name. A host whose own heading already shows it (the lesson page's h2) hides it
   from sight with --lrlab-module-title-position: absolute and --lrlab-module-title-clip:
   inset(50%), keeping it in the heading outline (h2 → h3 → h4, no level skipped);
   --lrlab-module-title: none removes it altogether. */
h3.module-title { display: var(--lrlab-module-title, block); position: var(--lrlab-module-title-position, static);
  clip-path: var(--lrlab-module-title-clip, none); }
h4 { font-size: 1em; margin: 1em 0 .4em; }
p { margin: .4em 0 .8em; }
.muted { color: var(--muted); }
.small { font-size: .875em; }
.controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(11em, 1fr)); gap: .75em 1em; align-items: end; margin: .5em 0 1em; }
.field { display: flex; flex-direction: column; gap: .25em; min-width: 0; }
.field > span { font-size: .85em; font-weight: 600; color: var(--muted); }
.field output, output.value { font: 700 1.1em var(--font); color: var(--fg); font-variant-numeric: tabular-nums; margin-left: .2em; }
.field.check { flex-direction: row; align-items: center; gap: .5em; min-height: 44px; }
.field.check > span { text-transform: none; letter-spacing: 0; font-size: .95em; color: var(--fg); font-weight: 500; }
select, input[type=number], input[type=text] {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border);
  border-radius: var(--control-radius); min-height: 44px; padding: 0 .6em; width: 100%;
}
input[type=range] { width: 100%; min-height: 44px; accent-color: var(--accent); }
input[type=checkbox] { width: 22px; height: 22px; accent-color: var(--accent); }
button {
  font: inherit; font-weight: 600; min-height: 44px; min-width: 44px; padding: 0 1em; border-radius: var(--control-radius);
  border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); cursor: pointer;
}
button.secondary { background: transparent; color: var(--accent); }
button:disabled { opacity: .55; cursor: default; }
:is(select, input):disabled { opacity: .5; cursor: not-allowed; background: var(--surface); }
.field:has(:disabled) > span { opacity: .6; }
input[type=file] { font: inherit; color: var(--muted); max-width: 100%; }
input[type=file]::file-selector-button {
  font: inherit; font-weight: 600; min-height: 44px; padding: 0 1em; margin-right: .75em; border-radius: var(--control-radius);
  border: 1px solid var(--accent); background: transparent; color: var(--accent); cursor: pointer;
}
details > summary { cursor: pointer; font-weight: 600; color: var(--accent); min-height: 44px; display: flex; align-items: center; gap: .4em; list-style: none; }
details > summary::-webkit-details-marker { display: none; }
details > summary::before { content: '▸'; display: inline-block; transition: transform .15s; }
details[open] > summary::before { transform: rotate(90deg); }
/* A disclosure (dom.js disclosure()): the short block stays in view, the long explanation
   waits behind a quiet accent row with a hairline above it. */
details.more { margin: .5em 0 .2em; border-top: 1px solid var(--border); }
details.more > summary { font-size: .92em; padding: .1em 0; border-radius: var(--control-radius); }
details.more > summary:hover { text-decoration: underline; text-underline-offset: 3px; }
details.more > .more-body { padding: .1em 0 .5em 1.1em; border-left: 2px solid var(--border); margin-left: .3em; }
details.more > .more-body > :first-child { margin-top: .2em; }
details.more > .more-body > :last-child { margin-bottom: .2em; }
.callout details.more { border-top-color: color-mix(in srgb, var(--border) 70%, transparent); }
/* A figure's export menu: one small button that opens PNG/CSV choices. */
.export { position: relative; display: inline-block; }
.export > summary { min-height: 44px; padding: 0 .7em; border: 1px solid var(--border); border-radius: var(--control-radius); font-size: .85em; color: var(--muted); }
.export > summary::before { content: none; }
.export[open] > summary { color: var(--accent); border-color: var(--accent); }
.export .menu { position: absolute; right: 0; bottom: calc(100% + 4px); z-index: 3; display: grid; gap: .25em; min-width: 10em;
  background: var(--bg); border: 1px solid var(--border); border-radius: var(--control-radius); padding: .35em; box-shadow: 0 6px 20px rgb(0 0 0 / .18); }
.export .menu button { min-height: 44px; font-size: .9em; text-align: left; }
:is(button, select, input, [tabindex], a, summary):focus-visible { outline: none; box-shadow: var(--focus); }
a { color: var(--accent); }
.row { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
.grid-2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1em; }
.grid-3 { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1em; }
@container (max-width: 760px) { .grid-2, .grid-3 { grid-template-columns: minmax(0, 1fr); } }
.chart { position: relative; width: 100%; height: 320px; }
.chart.short { height: 240px; }
.chart canvas { display: block; }
.badge { display: inline-block; padding: .1em .55em; border-radius: 999px; font-size: .8em; font-weight: 700; color: #fff; white-space: nowrap; }
.badge.good { background: #17713a; } .badge.too_low { background: #55627e; } .badge.past_peak { background: #7a5c00; }
.badge.oscillating { background: #a4520a; } .badge.unstable { background: #763a92; }
.badge.diverged { background: #b3202e; }
@media (prefers-color-scheme: dark) {
  .badge { color: #0b1020; }
  .badge.good { background: var(--good); } .badge.too_low { background: var(--too_low); } .badge.past_peak { background: var(--past_peak); }
  .badge.oscillating { background: var(--oscillating); } .badge.unstable { background: var(--unstable); }
  .badge.diverged { background: var(--diverged); }
}
.callout { border-left: 4px solid var(--accent); background: var(--surface); padding: .75em 1em; border-radius: 0 8px 8px 0; margin: .75em 0; }
.callout.warn { border-color: var(--oscillating); }
.stat { background: var(--surface); border-radius: var(--control-radius); padding: .6em .8em; }
.stat b { display: block; font-size: 1.2em; font-variant-numeric: tabular-nums; }
.stat span { font-size: .8em; color: var(--muted); }
.stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(9em, 1fr)); gap: .6em; margin: .6em 0; }
table { border-collapse: collapse; width: 100%; font-size: .92em; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .45em .5em; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: .85em; color: var(--muted); }
.table-wrap { overflow-x: auto; }
/* A narrow container turns a table.stack into stacked rows: one block per row, each cell
   labelled by its column (data-label). */
@container lrlab (max-width: 560px) {
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0,0,0,0); }
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack tbody th { display: block; width: 100%; }
  table.stack tr { border-bottom: 1px solid var(--border); padding: .4em 0; }
  table.stack td { border: 0; padding: .15em .2em; display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: .5em; }
  table.stack td::before { content: attr(data-label); color: var(--muted); font: 600 13px var(--font); }
  table.stack td > * { justify-self: start; }
  .chart { height: 260px; }
}
progress { width: 100%; height: 10px; accent-color: var(--accent); }
.progress { display: flex; gap: .75em; align-items: center; }
.error { color: var(--diverged); font-weight: 600; }
/* Keyboard hints only where a keyboard is likely: not on touch-only devices. */
@media (hover: none) and (pointer: coarse) { .kbd-hint { display: none !important; } }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap; border: 0; }
.summary { font-size: .9em; color: var(--muted); margin-top: .4em; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5em; justify-content: flex-end; margin-top: .35em; }
code, .mono { font-family: var(--mono); font-size: .9em; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

let sheet = null;

/** The shared stylesheet (created once per realm). */
export function sharedStyles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** A stylesheet for one module's own rules. */
export function moduleStyles(css) {
  const own = new CSSStyleSheet();
  own.replaceSync(css);
  return own;
}
