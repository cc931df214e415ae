// Scaling lab: why feature scaling moves the usable learning rates. Raw, min-max and z-score
// side by side — Hessian eigenvalues, condition number κ, the rate bounds and the sweep's
// usable α window — then the loss contours in (w₁, w₂) with two gradient-descent paths whose
// rates are chosen as fractions of 2/λmax. Every number comes live from the engine.
import { LabModule, define } from './base.js';
import { defineSection, store } from '../state.js';
import { renderControls } from '../ui/controls.js';
import { h, setChildren, formatNumber, formatPercent, labelText, download } from '../ui/dom.js';
import { Chart, createChart, redraw, LABEL_COLORS, SERIES_COLORS, chartPng, logTick } from '../charts/charts.js';
import { CONCEPTS } from './concepts.js';

export const SECTION = 'scaling';

/** The three transforms compared, in display order (name, short label, long label). */
const SCALINGS = [
  ['none', 'Raw', 'raw features (no scaling)'],
  ['min_max', 'Min-max', 'min-max to [0, 1]'],
  ['z_score', 'Z-score', 'z-score (mean 0, sd 1)'],
];
const SCALING_NAME = Object.fromEntries(SCALINGS.map(([key, short]) => [key, short]));

defineSection(SECTION, {
  dataset: { type: 'enum', label: 'Data', default: 'house', choices: [['house', 'House prices'], ['nonlinear', 'Non-linear data']] },
  momentum: { type: 'number', label: 'Momentum β', default: 0.9, min: 0, max: 0.99, step: 0.01, slider: true, help: 'heavy-ball momentum stays stable below (2 + 2β)/λmax' },
  view: { type: 'enum', label: 'Contours of', default: 'none', choices: [['none', 'raw features'], ['min_max', 'min-max'], ['z_score', 'z-score']] },
  ratio_a: { type: 'number', label: 'Path A: α ÷ (2/λmax)', default: 0.45, min: 0.05, max: 1.2, step: 0.05, slider: true, help: '0.5 is 1/λmax (zig-zag starts), 1 is 2/λmax (divergence)' },
  ratio_b: { type: 'number', label: 'Path B: α ÷ (2/λmax)', default: 0.95, min: 0.05, max: 1.2, step: 0.05, slider: true, help: '0.5 is 1/λmax (zig-zag starts), 1 is 2/λmax (divergence)' },
  steps: { type: 'int', label: 'Path steps', default: 40, min: 5, max: 300, step: 5, slider: true },
});

/** The sweep behind each usable window: the lesson's 1-3-10 ladder from 1e-4 to 10. */
const WINDOW_SWEEP = { start: 1e-4, factor: 'x3', count: 11, steps: 200 };

/** Rows of the window chart, top to bottom: raw on top. */
const ROW = { none: 2, min_max: 1, z_score: 0 };

/** Zoom on the paths when the outer ellipse is more than this many times their extent. */
const ZOOM_RATIO = 4;

const PATH_COLORS = { a: SERIES_COLORS[0], b: SERIES_COLORS[1] };
const CONTOUR_COLOR = '#8894ac';
const BOUND_COLOR = '#d12c3d';
const WINDOW_COLOR = 'rgba(29, 138, 69, 0.28)';

class ScalingLab extends LabModule {
  static css = `
    .columns { margin-top: .5rem; }
    .scaling-col { border: 1px solid var(--border); border-radius: var(--radius); padding: .8rem .85rem; background: var(--bg); min-width: 0; }
    .scaling-col.viewing { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
    .col-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem; }
    .col-head h4 { margin: 0; }
    .col-head button { min-height: 44px; padding: 0 .8rem; font-size: .9rem; }
    .col-head button[aria-pressed=true] { background: var(--accent); color: var(--accent-fg); }
    .headline { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .5rem; margin: .6rem 0 .4rem; }
    .headline .stat b { font-size: 1.45rem; overflow-wrap: anywhere; }
    /* Stacked (narrow): headline beside the numbers, to keep the three columns short. */
    @container (max-width: 760px) {
      .scaling-col { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); column-gap: 1rem; align-items: start; }
      .scaling-col > .col-head, .scaling-col > .desc { grid-column: 1 / -1; }
      .scaling-col .headline { grid-template-columns: minmax(0, 1fr); }
    }
    @container (max-width: 480px) {
      .scaling-col { display: block; }
      .scaling-col .headline { grid-template-columns: repeat(2, minmax(0, 1fr)); }
    }
    dl.numbers { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: .15rem .6rem; margin: .4rem 0 0; font-size: .875rem; }
    dl.numbers .wide { grid-column: 1 / -1; text-align: left; }
    dl.numbers dt { color: var(--muted); min-width: 0; }
    dl.numbers dd { margin: 0; text-align: right; font-family: var(--mono); font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
    dl.numbers .rule { grid-column: 1 / -1; border-top: 1px solid var(--border); margin: .3rem 0 .1rem; }
    .why p { margin: .35rem 0; }
    .contour-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
    @container (max-width: 760px) { .contour-layout { grid-template-columns: minmax(0, 1fr); } }
    .side { display: flex; flex-direction: column; gap: .6rem; }
    .side > p { margin: 0; }
    .labels { display: flex; flex-wrap: wrap; gap: .4rem; margin: .2rem 0 .4rem; }
    .path { background: var(--surface); border-radius: 8px; padding: .6rem .8rem; border-left: 5px solid var(--path-color); }
    .path.a { --path-color: ${PATH_COLORS.a}; }
    .path.b { --path-color: ${PATH_COLORS.b}; }
    .path .alpha { font-size: 1.25rem; font-weight: 800; font-variant-numeric: tabular-nums; }
    .path p { margin: .25rem 0 0; }
    .chart.contours { height: 440px; }
    @container (max-width: 760px) { .chart.contours { height: 380px; } }
    figure { margin: 0; }
    /* The shared labels are upper-cased; that would turn α, β, λ into Α, Β, Λ. */
    .field > span { text-transform: none; letter-spacing: 0; font-size: .85rem; }
    figcaption h4 { margin-top: .6rem; }
  `;

  render() {
    /** Cached engine results: sweeps by dataset|scaling, curvature by dataset|scaling|β. */
    this.sweeps = new Map();
    this.curvatures = new Map();

    const compareControls = renderControls(SECTION, ['dataset', 'momentum']);
    const pathControls = renderControls(SECTION, ['view', 'ratio_a', 'ratio_b', 'steps']);

    this.status = h('div', { role: 'status', 'aria-live': 'polite' });
    this.columns = new Map();
    for (const [key, short, long] of SCALINGS) this.columns.set(key, this.buildColumn(key, short, long));
    this.why = h('div', { class: 'callout why', dataset: { testid: 'scaling-why' } });

    this.windowCanvas = h('canvas', { role: 'img', 'aria-label': 'Usable learning-rate window per scaling', dataset: { testid: 'window-chart' } });
    this.windowSummary = h('p', { class: 'sr-only' });
    this.contourCanvas = h('canvas', { role: 'img', 'aria-label': 'Loss contours with gradient-descent paths', dataset: { testid: 'contour-chart' } });
    this.contourSummary = h('p', { class: 'sr-only' });
    this.pathCards = { a: h('div', { class: 'path a', dataset: { testid: 'path-a' } }), b: h('div', { class: 'path b', dataset: { testid: 'path-b' } }) };
    this.contourNote = h('p', { class: 'small muted' });

    this.root.append(
      this.card('Raw vs min-max vs z-score',
        'The same data, the same linear model, three feature transforms. The Hessian H = X̃ᵀX̃/m of the loss sets the rates: above 1/λmax the weights zig-zag, above 2/λmax the loss explodes, and κ = λmax/λmin says how long and thin the valley is.',
        compareControls.element,
        this.status,
        h('div', { class: 'grid-3 columns' }, [...this.columns.values()].map((c) => c.element)),
        this.why,
        h('figure', {},
          h('figcaption', {}, h('h4', {}, 'The usable α window moves'),
            h('p', { class: 'small muted' },
              `Each row is a sweep of full-batch gradient descent, ${formatNumber(WINDOW_SWEEP.start)} to ${formatNumber(WINDOW_SWEEP.start * 10 ** ((WINDOW_SWEEP.count - 1) / 2))} in 1-3-10 steps, ${WINDOW_SWEEP.steps} steps per run. The green bar runs from the smallest good α to the largest stable one; the red tick is 2/λmax.`)),
          h('div', { class: 'labels', 'aria-hidden': 'true' },
            ['too_low', 'good', 'oscillating', 'unstable', 'diverged'].map((label) => h('span', { class: `badge ${label}` }, labelText(label)))),
          h('div', { class: 'chart short' }, this.windowCanvas), this.windowSummary,
          h('div', { class: 'toolbar' },
            h('button', { class: 'secondary', type: 'button', onclick: () => download('scaling-window.png', chartPng(this.windowChart)) }, 'PNG'),
            h('button', { class: 'secondary', type: 'button', onclick: () => this.exportComparison() }, 'CSV')))),
      this.card('Loss contours and the gradient-descent path',
        'Both runs start at w = 0, with b at the mean of the target, and take full-batch gradient-descent steps. Pick the rates as fractions of 2/λmax: below ½ (that is 1/λmax) the path never crosses the valley; between ½ and 1 it zig-zags across it while the loss still falls; above 1 it flies off.',
        pathControls.element,
        h('div', { class: 'contour-layout' },
          h('figure', {},
            h('div', { class: 'chart contours' }, this.contourCanvas), this.contourSummary,
            h('div', { class: 'toolbar' },
              h('button', { class: 'secondary', type: 'button', onclick: () => download(`scaling-contours-${store.get(SECTION).view}.png`, chartPng(this.contourChart)) }, 'PNG'),
              h('button', { class: 'secondary', type: 'button', onclick: () => this.exportPaths() }, 'CSV'))),
          h('div', { class: 'side' }, this.pathCards.a, this.pathCards.b, this.contourNote))));

    this.createCharts();
    this.unsubscribe = store.subscribe(SECTION, () => {
      // The learner changed something: scaling and the stability bound are in play. Once a
      // second is plenty for the listeners (a slider drag changes the store every frame).
      const now = performance.now();
      if (!(now - this.lastActivity < 1000)) {
        this.lastActivity = now;
        this.activity(null, CONCEPTS.featureScaling);
        this.activity(null, CONCEPTS.stabilityBound);
      }
      this.schedule();
    });
    this.schedule();
  }

  /** One comparison column: headline stats, the numbers list and a "show its contours" toggle. */
  buildColumn(key, short, long) {
    const button = h('button', {
      class: 'secondary', type: 'button', 'aria-pressed': 'false',
      onclick: () => store.set(SECTION, { view: key }),
    }, 'Contours');
    const kappa = h('b', { dataset: { testid: `kappa-${key}` } }, '…');
    const largest = h('b', { dataset: { testid: `window-${key}` } }, '…');
    const numbers = h('dl', { class: 'numbers' });
    const element = h('article', { class: 'scaling-col', 'aria-label': long },
      h('div', { class: 'col-head' }, h('h4', {}, short), button),
      h('div', { class: 'desc small muted' }, long),
      h('div', { class: 'headline' },
        h('div', { class: 'stat' }, kappa, h('span', {}, 'κ = λmax/λmin')),
        h('div', { class: 'stat' }, largest, h('span', {}, 'largest stable α'))),
      numbers);
    return { element, button, kappa, largest, numbers };
  }

  createCharts() {
    this.windowChart = createChart(this.windowCanvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        normalized: false,  // rows, not one curve sorted by x
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'learning rate α (log scale)' }, ticks: { callback: logTick } },
          y: {
            type: 'linear', min: -0.6, max: 2.6, reverse: false,
            afterBuildTicks: (axis) => { axis.ticks = [{ value: 0 }, { value: 1 }, { value: 2 }]; },
            ticks: { callback: (value) => ({ 2: 'raw', 1: 'min-max', 0: 'z-score' }[value] ?? '') },
            grid: { display: false },
          },
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: {
              // The window bar is an 18-px line: draw its legend swatch at a normal size.
              generateLabels: (chart) => Chart.defaults.plugins.legend.labels.generateLabels(chart)
                .map((item) => (item.datasetIndex === 0 ? { ...item, lineWidth: 1, pointStyle: 'rectRounded' } : item)),
            },
          },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? SCALING_NAME[items[0].raw.scaling] : ''),
              label: (item) => item.raw.text,
            },
          },
        },
      },
    });
    this.contourChart = createChart(this.contourCanvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        normalized: false,  // ellipses and paths are not sorted by x
        interaction: { mode: 'nearest', intersect: false },
        onResize: () => requestAnimationFrame(() => this.fitContours()),
        scales: {
          x: { type: 'linear', title: { display: true, text: 'w₁' }, afterBuildTicks: niceTicks, ticks: { callback: (v) => formatNumber(v) } },
          y: { type: 'linear', title: { display: true, text: 'w₂' }, afterBuildTicks: niceTicks, ticks: { callback: (v) => formatNumber(v) } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item, data) => !data.datasets[item.datasetIndex].hideInLegend } },
          tooltip: { callbacks: { label: (item) => item.raw.text } },
        },
      },
    });
  }

  /** Coalesces a burst of control changes (a slider drag) into one update per frame. */
  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.run(); });
  }

  async curvatureOf(engine, dataset, scaling, momentum) {
    const key = `${dataset}|${scaling}|${momentum}`;
    if (!this.curvatures.has(key)) {
      const result = await engine.curvature({ data: { dataset, scaling }, momentum, through_w1: 0, through_w2: 0 });
      if (!result.ok) return result;
      if (this.curvatures.size > 90) this.curvatures.clear();  // a momentum drag makes many keys
      this.curvatures.set(key, result);
    }
    return this.curvatures.get(key);
  }

  async sweepOf(engine, dataset, scaling) {
    const key = `${dataset}|${scaling}`;
    if (!this.sweeps.has(key)) {
      const result = await engine.runSweep({ data: { dataset, scaling }, optimizer: { kind: 'gd' }, ...WINDOW_SWEEP });
      if (!result.ok) return result;
      this.sweeps.set(key, result);
    }
    return this.sweeps.get(key);
  }

  async run() {
    const values = store.get(SECTION);
    const token = (this.token = (this.token || 0) + 1);
    const engine = await this.engine();
    const compare = {};
    for (const [scaling] of SCALINGS) {
      const curvature = await this.curvatureOf(engine, values.dataset, scaling, values.momentum);
      if (!curvature.ok) { this.showError(this.status, curvature.error); return; }
      const sweep = await this.sweepOf(engine, values.dataset, scaling);
      if (!sweep.ok) { this.showError(this.status, sweep.error); return; }
      compare[scaling] = { curvature: curvature.value, sweep: sweep.value };
    }
    const viewed = compare[values.view].curvature.report;
    const rates = { a: values.ratio_a * viewed.divergence_rate, b: values.ratio_b * viewed.divergence_rate };
    const paths = {};
    for (const id of ['a', 'b']) {
      const result = await engine.runTraining({
        data: { dataset: values.dataset, scaling: values.view },
        optimizer: { kind: 'gd', learning_rate: rates[id] },
        steps: values.steps,
        record_params: true,
      });
      if (!result.ok) { this.showError(this.status, result.error); return; }
      paths[id] = result.value.run;
    }
    if (token !== this.token) return;  // a newer change superseded this one
    this.status.replaceChildren();
    this.paths = paths;
    // The comparison depends on the data and β only (and the view's highlight): skip it while
    // the learner drags a path slider.
    const compareKey = `${values.dataset}|${values.momentum}|${values.view}`;
    if (compareKey !== this.compareKey) {
      this.compareKey = compareKey;
      this.compare = compare;
      this.showComparison(compare, values);
      this.showWindows(compare);
    }
    this.showPaths(compare[values.view], paths, values);
  }

  // ---------------------------------------------------------------- comparison columns

  showComparison(compare, values) {
    for (const [scaling, , long] of SCALINGS) {
      const column = this.columns.get(scaling);
      const { report } = compare[scaling].curvature;
      const sweep = compare[scaling].sweep;
      const window = goodWindow(sweep);
      const viewing = scaling === values.view;
      column.element.classList.toggle('viewing', viewing);
      column.button.setAttribute('aria-pressed', String(viewing));
      // The visible words start the accessible name; the scaling follows for screen readers.
      column.button.replaceChildren(viewing ? 'Contours shown' : 'Show contours', h('span', { class: 'sr-only' }, ` for ${long}`));
      column.kappa.textContent = formatNumber(report.condition_number);
      column.kappa.dataset.value = String(report.condition_number);
      column.largest.textContent = sweep.recommended === null ? 'none' : formatNumber(sweep.recommended);
      column.largest.dataset.value = String(sweep.recommended);
      const row = (term, value, testid) => [h('dt', {}, term), h('dd', testid ? { dataset: { testid, value: String(value) } } : {}, formatNumber(value))];
      setChildren(column.numbers,
        h('dt', { class: 'wide' }, 'eigenvalues of H'),
        h('dd', { class: 'wide', dataset: { testid: `eigenvalues-${scaling}` } }, Array.from(report.eigenvalues, (v) => formatNumber(v)).join(', ')),
        row('λmin', report.lambda_min),
        row('λmax', report.lambda_max, `lambda-max-${scaling}`),
        h('div', { class: 'rule', 'aria-hidden': 'true' }),
        row('1/λmax (zig-zag)', report.zigzag_rate),
        row('2/λmax (diverges)', report.divergence_rate, `bound-${scaling}`),
        row('2/(λmin+λmax) (fastest)', report.fastest_rate),
        row(`(2+2β)/λmax (momentum)`, report.momentum_divergence_rate, `momentum-bound-${scaling}`),
        h('div', { class: 'rule', 'aria-hidden': 'true' }),
        h('dt', {}, 'good α (sweep)'),
        h('dd', { dataset: { testid: `good-${scaling}` } }, window ? `${formatNumber(window.low)} – ${formatNumber(window.high)}` : 'none'),
        h('dt', {}, 'stable α (sweep)'),
        h('dd', {}, sweep.recommended === null ? 'none' : `${formatNumber(sweep.stable_min)} – ${formatNumber(sweep.stable_max)}`));
      column.element.setAttribute('aria-label', `${long}: κ = ${formatNumber(report.condition_number)}, 2/λmax = ${formatNumber(report.divergence_rate)}, largest stable α ${column.largest.textContent}`);
    }
    this.showWhy(compare);
  }

  /** Two or three sentences, with the live numbers, on why the window moves. */
  showWhy(compare) {
    const raw = compare.none.curvature.report;
    const mm = compare.min_max.curvature.report;
    const z = compare.z_score.curvature.report;
    const rec = (s) => (compare[s].sweep.recommended === null ? 'none' : formatNumber(compare[s].sweep.recommended));
    const shift = raw.lambda_max / z.lambda_max;
    const first = raw.condition_number >= 10
      ? `Raw features give κ = ${formatNumber(raw.condition_number)}: a long, thin valley, ${formatNumber(raw.condition_number)} times more curved across than along. Any α small enough for the steep direction (below 2/λmax = ${formatNumber(raw.divergence_rate)}) removes at most 2/κ = ${formatPercent(2 / raw.condition_number, 1)} of the error along the flat direction per step, so the weights crawl there.`
      : `Raw features already give κ = ${formatNumber(raw.condition_number)}: the valley is nearly round, so there is little for scaling to fix on this data.`;
    const moved = shift >= 1.5
      ? `, so the usable window moves up by λmax raw ÷ λmax z-score = ${formatNumber(shift)}×`
      : shift <= 1 / 1.5
        ? `, so the usable window moves down: λmax raw ÷ λmax z-score = ${formatNumber(shift)}×`
        : `: the window stays about where it was (λmax raw ÷ λmax z-score = ${formatNumber(shift)}×)`;
    const sweepMoved = rec('none') === rec('z_score')
      ? `the sweep's largest stable α stays at ${rec('none')}`
      : `the sweep's largest stable α goes from ${rec('none')} to ${rec('z_score')}`;
    const second = `Z-scoring centres each feature and divides it by its spread: κ = ${formatNumber(z.condition_number)} and 2/λmax = ${formatNumber(z.divergence_rate)}${moved} — ${sweepMoved}.`;
    const versus = mm.condition_number < raw.condition_number
      ? `better than raw but ${mm.condition_number > 2 * z.condition_number ? 'far from' : 'close to'} z-score`
      : 'worse than raw here';
    const third = `Min-max squeezes each feature into [0, 1] without centring it, so the weights stay coupled to the bias: κ = ${formatNumber(mm.condition_number)}, ${versus}.`;
    setChildren(this.why,
      h('p', {}, first),
      h('p', {}, h('span', { dataset: { testid: 'shift-factor', value: String(shift) } }, second)),
      h('p', { class: 'small' }, third));
  }

  // ---------------------------------------------------------------- window chart

  showWindows(compare) {
    const bars = [];
    const points = [];
    const bounds = [];
    let lowest = Infinity;
    let highest = 0;
    for (const [scaling] of SCALINGS) {
      const y = ROW[scaling];
      const sweep = compare[scaling].sweep;
      const report = compare[scaling].curvature.report;
      const window = goodWindow(sweep);
      for (const run of sweep.runs) {
        lowest = Math.min(lowest, run.learning_rate);
        highest = Math.max(highest, run.learning_rate);
        points.push({
          x: run.learning_rate, y, scaling, label: run.diagnosis.label,
          text: `α = ${formatNumber(run.learning_rate)}: ${labelText(run.diagnosis.label)}`,
        });
      }
      if (window) {
        const text = `usable window ${formatNumber(window.low)} – ${formatNumber(window.high)}`;
        bars.push({ x: window.low, y, scaling, text }, { x: window.high, y, scaling, text }, { x: NaN, y: NaN });
      }
      if (Number.isFinite(report.divergence_rate) && report.divergence_rate > 0) {
        highest = Math.max(highest, report.divergence_rate);
        lowest = Math.min(lowest, report.divergence_rate);
        bounds.push({ x: report.divergence_rate, y, scaling, text: `2/λmax = ${formatNumber(report.divergence_rate)}` });
      }
    }
    const chart = this.windowChart;
    const sets = chart.data.datasets;
    sets[0] = Object.assign(sets[0] || {}, {
      label: 'usable window', data: bars, showLine: true, spanGaps: false, borderColor: WINDOW_COLOR,
      backgroundColor: WINDOW_COLOR, borderWidth: 18, borderCapStyle: 'round', pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 10,
    });
    sets[1] = Object.assign(sets[1] || {}, {
      label: 'sweep α (colour = diagnosis)', data: points, showLine: false, pointRadius: 6, pointHoverRadius: 8,
      pointStyle: (ctx) => (ctx.raw?.label === 'diverged' ? 'crossRot' : 'circle'),
      pointBorderWidth: (ctx) => (ctx.raw?.label === 'diverged' ? 2.5 : 1),
      pointBackgroundColor: (ctx) => LABEL_COLORS[ctx.raw?.label] || '#888',
      pointBorderColor: (ctx) => LABEL_COLORS[ctx.raw?.label] || '#888',
      backgroundColor: LABEL_COLORS.good, borderColor: LABEL_COLORS.good,
    });
    sets[2] = Object.assign(sets[2] || {}, {
      label: '2/λmax', data: bounds, showLine: false, pointStyle: 'line', rotation: 90, pointRadius: 16, pointHoverRadius: 18,
      pointBorderWidth: 3, pointHoverBorderWidth: 4, borderColor: BOUND_COLOR, backgroundColor: BOUND_COLOR,
    });
    chart.options.scales.x.min = lowest / 2;
    chart.options.scales.x.max = highest * 2;
    redraw(chart);

    const text = SCALINGS.map(([scaling, short]) => {
      const sweep = compare[scaling].sweep;
      const window = goodWindow(sweep);
      const report = compare[scaling].curvature.report;
      return `${short}: ${window ? `good from ${formatNumber(window.low)} to ${formatNumber(window.high)}` : 'no good α in the grid'}, largest stable ${sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)}, 2/λmax = ${formatNumber(report.divergence_rate)}`;
    }).join('; ');
    const summary = `Usable learning-rate window per scaling. ${text}.`;
    this.windowSummary.textContent = summary;
    this.windowCanvas.setAttribute('aria-label', summary);
  }

  // ---------------------------------------------------------------- contours and paths

  showPaths(viewed, paths, values) {
    const { report, contours, data } = viewed.curvature;
    const names = data.feature_names || ['x₁', 'x₂'];
    const scaled = values.view !== 'none';
    const chart = this.contourChart;
    chart.options.scales.x.title.text = `w₁ · weight of ${scaled ? 'scaled ' : ''}${names[0]}`;
    chart.options.scales.y.title.text = `w₂ · weight of ${scaled ? 'scaled ' : ''}${names[1]}`;

    // The plotting box: the outer ellipse (it passes through the start), the optimum and every
    // path that stayed finite. Diverging paths are clamped to it and marked.
    const box = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    const grow = (x, y) => {
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      box.x0 = Math.min(box.x0, x); box.x1 = Math.max(box.x1, x);
      box.y0 = Math.min(box.y0, y); box.y1 = Math.max(box.y1, y);
    };
    const outer = contours.ellipses[0];
    grow(contours.optimum[0], contours.optimum[1]);
    const rows = {};
    for (const id of ['a', 'b']) {
      rows[id] = pathRows(paths[id]);
      grow(rows[id][0].w1, rows[id][0].w2);
      if (!paths[id].diverged) rows[id].forEach((p) => grow(p.w1, p.w2));
    }
    // The whole outer ellipse when it is of the paths' size; when it dwarfs them (raw data: the
    // valley is far longer than the stretch the paths cover in a short window) zoom on the
    // paths and let the chart clip the ellipses.
    const pathSpan = Math.hypot(box.x1 - box.x0, box.y1 - box.y0);
    const ellipseSpan = outer ? Math.hypot(Math.max(...outer.w1) - Math.min(...outer.w1), Math.max(...outer.w2) - Math.min(...outer.w2)) : 0;
    const zoomed = !(ellipseSpan <= ZOOM_RATIO * pathSpan);
    if (!zoomed) Array.from(outer.w1, (x, i) => grow(x, outer.w2[i]));
    const pad = zoomed ? 0.15 : 0.05;
    const padX = pad * (box.x1 - box.x0 || 1);
    const padY = pad * (box.y1 - box.y0 || 1);
    box.x0 -= padX; box.x1 += padX; box.y0 -= padY; box.y1 += padY;
    this.box = box;
    this.zoomed = zoomed;

    const datasets = [];
    contours.ellipses.forEach((ellipse, k) => {
      const text = `contour J = ${formatNumber(ellipse.level, 4)}`;
      datasets.push({
        label: 'loss contours (b at its best value)', hideInLegend: k > 0,
        data: Array.from(ellipse.w1, (x, i) => ({ x, y: ellipse.w2[i], text })),
        showLine: true, borderColor: withAlpha(CONTOUR_COLOR, 0.45 + 0.5 * (k / Math.max(1, contours.ellipses.length - 1))),
        backgroundColor: CONTOUR_COLOR, borderWidth: 1.25, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0,
      });
    });
    for (const id of ['a', 'b']) {
      const run = paths[id];
      const color = PATH_COLORS[id];
      const points = rows[id].map((p) => {
        const x = clamp(p.w1, box.x0, box.x1);
        const y = clamp(p.w2, box.y0, box.y1);
        const clamped = x !== p.w1 || y !== p.w2;
        const where = clamped ? 'off the plot (diverging)' : `w₁ = ${formatNumber(p.w1)}, w₂ = ${formatNumber(p.w2)}`;
        return { x, y, diverged: clamped, text: `Path ${id.toUpperCase()} · α = ${formatNumber(run.learning_rate)} · step ${p.step}: ${where}, loss ${formatNumber(p.loss, 4)}` };
      });
      datasets.push({
        label: `path ${id.toUpperCase()} · α = ${formatNumber(run.learning_rate)}`,
        data: points, showLine: true, borderColor: color, backgroundColor: color, borderWidth: 2,
        clip: 10,  // let the crosses of points clamped at the edge show in full
        pointRadius: (ctx) => (ctx.raw?.diverged ? 6 : 2.5),
        pointStyle: (ctx) => (ctx.raw?.diverged ? 'crossRot' : 'circle'),
        pointBorderWidth: (ctx) => (ctx.raw?.diverged ? 2.5 : 1),
        pointHoverRadius: 5,
      });
    }
    datasets.push({
      label: 'optimum', data: [{ x: contours.optimum[0], y: contours.optimum[1], text: `optimum: w₁ = ${formatNumber(contours.optimum[0])}, w₂ = ${formatNumber(contours.optimum[1])}, J = ${formatNumber(contours.optimal_loss, 4)}` }],
      pointStyle: 'star', pointRadius: 9, pointHoverRadius: 11, pointBorderWidth: 2, borderColor: SERIES_COLORS[2], backgroundColor: SERIES_COLORS[2],
    });
    chart.data.datasets = datasets;
    this.fitContours();

    // ---- path cards and text ----
    for (const id of ['a', 'b']) {
      const ratio = values[id === 'a' ? 'ratio_a' : 'ratio_b'];
      this.showPathCard(id, ratio, paths[id], report, contours);
    }
    const plane = Math.sqrt(contours.mu_large / contours.mu_small);
    const zoomText = this.zoomed && outer
      ? ` Zoomed on the paths: the outer ellipse, through the start, spans w₁ ${formatNumber(Math.min(...outer.w1))} … ${formatNumber(Math.max(...outer.w1))}.`
      : '';
    // The ellipses are the slice at b = b*. With centred features the start's b (the mean
    // target) is b* and stays there, so the picture is exact; otherwise b is coupled to w.
    const bStar = contours.optimum[contours.optimum.length - 1];
    const steady = ['a', 'b'].find((id) => !paths[id].diverged);
    const bStart = rows.a[0].b;
    const bEnd = steady ? rows[steady][rows[steady].length - 1].b : bStart;
    // How much b matters: with w at w*, J − J* = ½(b − b*)² (the bias column's curvature is 1).
    // Compare that with the start's excess loss J(0, b₀) − J*.
    const startExcess = Math.max(paths.a.initial_loss - contours.optimal_loss, Number.MIN_VALUE);
    const biasWeight = (b) => (0.5 * (b - bStar) ** 2) / startExcess;
    const tiny = 1e-6 * (1 + Math.abs(bStar));
    let biasText;
    if (Math.abs(bStart - bStar) <= tiny && Math.abs(bEnd - bStar) <= tiny) {
      biasText = ` Here b starts at its best value (b* = ${formatNumber(bStar)}) and stays there — centred features decouple it from the weights — so the paths move exactly on this picture.`;
    } else if (biasWeight(bStart) < 0.01 && Math.abs(bEnd - bStart) <= Math.abs(bStart - bStar) + tiny) {
      biasText = ` Here b starts at ${formatNumber(bStart)}, next to its best value b* = ${formatNumber(bStar)} (the features are nearly centred), so the paths move almost exactly on this picture.`;
    } else {
      biasText = ` Here b starts at the mean target, ${formatNumber(bStart)}, far from its best value b* = ${formatNumber(bStar)}, and w and b are coupled: the paths first head for the centre of these ellipses shifted to the start's b, then creep along the valley floor as b moves${steady ? ` (path ${steady.toUpperCase()}'s b ends at ${formatNumber(bEnd)})` : ''}. Centring the features, as z-score does, removes this coupling.`;
    }
    this.contourNote.textContent = `Contours of the loss in (w₁, w₂) with b held at its best value, ${formatNumber(plane)} times longer than wide (√ of the ratio of the curvatures in this plane).${zoomText}${biasText} Crosses mark points clamped at the edge of the plot.`;
    const pathText = ['a', 'b'].map((id) => `path ${id.toUpperCase()}: ${describePath(paths[id], report, contours)}`).join('; ');
    const summary = `Loss contours for ${SCALING_NAME[values.view].toLowerCase()} features, ${contours.ellipses.length} ellipses around the optimum (w₁ = ${formatNumber(contours.optimum[0])}, w₂ = ${formatNumber(contours.optimum[1])}), ${formatNumber(plane)} times longer than wide. ${pathText}.`;
    this.contourSummary.textContent = summary;
    this.contourCanvas.setAttribute('aria-label', summary);
  }

  /**
   * Sets equal units per pixel on both axes, growing the shorter side of the box. Uses the
   * chart area of the last layout (one update); lays out again only if that area changed.
   */
  fitContours() {
    const chart = this.contourChart;
    const box = this.box;
    if (!chart || !box) return;
    for (let pass = 0; pass < 3; ++pass) {
      const area = chart.chartArea;
      const known = area && area.right > area.left && area.bottom > area.top;
      const fitted = known ? equalAspect(box, area.right - area.left, area.bottom - area.top) : box;
      const scales = chart.options.scales;  // rebuilt by every update: read it afresh
      scales.x.min = fitted.x0; scales.x.max = fitted.x1; scales.y.min = fitted.y0; scales.y.max = fitted.y1;
      redraw(chart);
      const after = chart.chartArea;
      if (known && after && Math.abs(after.right - after.left - (area.right - area.left)) < 1 && Math.abs(after.bottom - after.top - (area.bottom - area.top)) < 1) return;
    }
  }

  showPathCard(id, ratio, run, report, contours) {
    const alpha = run.learning_rate;
    const regime = alpha > report.divergence_rate
      ? { badge: 'diverged', text: 'above 2/λmax: explodes' }
      : alpha > report.zigzag_rate
        ? { badge: 'oscillating', text: '1/λmax – 2/λmax: zig-zag' }
        : { badge: 'good', text: 'below 1/λmax: no zig-zag' };
    setChildren(this.pathCards[id],
      h('div', { class: 'row' },
        h('strong', {}, `Path ${id.toUpperCase()}`),
        h('span', { class: 'alpha', dataset: { testid: `alpha-${id}`, value: String(alpha) } }, `α = ${formatNumber(alpha)}`),
        h('span', { class: `badge ${regime.badge}` }, regime.text)),
      h('p', { class: 'small muted' }, `${formatNumber(ratio)} × 2/λmax (${formatNumber(report.divergence_rate)})`),
      h('p', { class: 'small' }, describePath(run, report, contours)));
  }

  // ---------------------------------------------------------------- exports

  exportComparison() {
    if (!this.compare) return;
    const lines = ['scaling,eigenvalues,lambda_min,lambda_max,condition_number,one_over_lambda_max,two_over_lambda_max,fastest_rate,momentum_bound,good_min,good_max,largest_stable'];
    for (const [scaling] of SCALINGS) {
      const { report } = this.compare[scaling].curvature;
      const sweep = this.compare[scaling].sweep;
      const window = goodWindow(sweep);
      lines.push([scaling, `"${Array.from(report.eigenvalues).join(' ')}"`, report.lambda_min, report.lambda_max, report.condition_number,
        report.zigzag_rate, report.divergence_rate, report.fastest_rate, report.momentum_divergence_rate,
        window ? window.low : '', window ? window.high : '', sweep.recommended ?? ''].join(','));
    }
    download('scaling-comparison.csv', lines.join('\n'), 'text/csv');
  }

  exportPaths() {
    if (!this.paths) return;
    const a = pathRows(this.paths.a);
    const b = pathRows(this.paths.b);
    const lines = [`step,w1_alpha_${this.paths.a.learning_rate},w2_alpha_${this.paths.a.learning_rate},loss_alpha_${this.paths.a.learning_rate},w1_alpha_${this.paths.b.learning_rate},w2_alpha_${this.paths.b.learning_rate},loss_alpha_${this.paths.b.learning_rate}`];
    for (let t = 0; t < Math.max(a.length, b.length); ++t) {
      const cells = (p) => (p ? [p.w1, p.w2, p.loss] : ['', '', '']);
      lines.push([t, ...cells(a[t]), ...cells(b[t])].join(','));
    }
    download(`scaling-paths-${store.get(SECTION).view}.csv`, lines.join('\n'), 'text/csv');
  }
}

/** The sweep's usable window: smallest good α up to the largest stable one (null if none). */
function goodWindow(sweep) {
  if (sweep.recommended === null) return null;
  const good = sweep.runs.filter((r) => r.diagnosis.label === 'good').map((r) => r.learning_rate);
  if (!good.length) return null;
  return { low: Math.min(...good), high: Math.max(sweep.recommended, ...good) };
}

/** The recorded (w₁, w₂) of each step with its loss: params is (steps + 1) × num_params, row-major. */
function pathRows(run) {
  const p = run.num_params;
  const count = Math.floor(run.params.length / p);
  const rows = new Array(count);
  for (let t = 0; t < count; ++t) {
    rows[t] = { step: t, w1: run.params[t * p], w2: run.params[t * p + 1], b: run.params[t * p + p - 1], loss: t < run.loss.length ? run.loss[t] : run.final_loss };
  }
  return rows;
}

/** What a path did, in words, from the run itself. */
function describePath(run, report, contours) {
  const rows = pathRows(run);
  if (run.diverged) return `the loss blew up at step ${run.diverged_at}: α = ${formatNumber(run.learning_rate)} is above 2/λmax = ${formatNumber(report.divergence_rate)}`;
  let rises = 0;
  // A rise smaller than rounding near the optimum (1e-12 of the start) is not a rise.
  const noise = 1e-12 * Math.abs(run.initial_loss);
  for (let t = 1; t < run.loss.length; ++t) if (run.loss[t] > run.loss[t - 1] + noise) rises += 1;
  const distance = (r) => Math.hypot(r.w1 - contours.optimum[0], r.w2 - contours.optimum[1]);
  const last = rows[rows.length - 1];
  return `loss ${formatNumber(run.initial_loss, 3)} → ${formatNumber(run.final_loss, 3)} in ${rows.length - 1} steps, ${rises === 0 ? 'falling on every step' : `rising on ${rises} step${rises > 1 ? 's' : ''}`}; distance to the optimum in (w₁, w₂) ${formatNumber(distance(rows[0]))} → ${formatNumber(distance(last))}`;
}

/** The box grown on its short side so that both axes have the same units per pixel. */
function equalAspect(box, width, height) {
  const perX = (box.x1 - box.x0) / width;
  const perY = (box.y1 - box.y0) / height;
  const fitted = { ...box };
  if (perX > perY) {
    const extra = (perX * height - (box.y1 - box.y0)) / 2;
    fitted.y0 -= extra; fitted.y1 += extra;
  } else {
    const extra = (perY * width - (box.x1 - box.x0)) / 2;
    fitted.x0 -= extra; fitted.x1 += extra;
  }
  return fitted;
}

function clamp(value, low, high) {
  if (!Number.isFinite(value)) return value > 0 ? high : low;
  return Math.min(high, Math.max(low, value));
}

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha.toFixed(2)})`;
}

/**
 * Round ticks (1-2-5 steps) inside a fitted axis. Chart.js would label the odd end values and
 * drop round ticks near them; the equal-aspect fit needs ends that are not round.
 */
function niceTicks(axis) {
  const span = axis.max - axis.min;
  if (!(span > 0) || !Number.isFinite(span)) return;
  const pixels = axis.isHorizontal() ? axis.width : axis.height;
  const target = Math.max(2, Math.floor((pixels || 300) / (axis.isHorizontal() ? 90 : 50)));
  const rough = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const norm = rough / magnitude;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  const ticks = [];
  for (let k = Math.ceil(axis.min / step); k * step <= axis.max + 1e-9 * step; ++k) {
    ticks.push({ value: Number((k * step).toPrecision(12)) });
  }
  axis.ticks = ticks;
}


define('lr-lab-scaling', ScalingLab);
