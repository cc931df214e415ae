// Scaling lab: why feature scaling moves the usable learning rates. Raw, min-max and z-score
// side by side — Hessian eigenvalues, condition number κ, the rate bounds and the sweep's
// usable α window — then the loss contours in (w₁, w₂) with two gradient-descent paths whose
// rates are chosen as fractions of 2/λmax. Every number comes live from the engine.
import { LabModule, define } from './base.js';
import { CONCEPTS } from './concepts.js';
import { engineSchema, schemaOf } from '../state.js';
import { SCALING_SECTION } from '../sections.js';
import { h, setChildren, disclosure, formatNumber, labelText, download } from '../ui/dom.js';
import { figure } from '../charts/figure.js';
import { goodWindow, pathRows, contourBox, describePath, rateRegime, whyWindowMoves, biasSentence, featureSentence } from '../labs/scaling.js';
import { themeOf } from '../charts/charts.js';
import { PATH_SERIES, windowChart, drawWindows, contourChart, contourDatasets, fitEqualAspect } from './scaling-charts.js';

export const SECTION = SCALING_SECTION;

/** The page's words for each scaling (short label, long label). */
const SCALING_WORDS = {
  none: ['Raw', 'raw features (no scaling)'],
  min_max: ['Min-max', 'min-max to [0, 1]'],
  z_score: ['Z-score', 'z-score (mean 0, sd 1)'],
  center: ['Centre only', 'subtract each mean, keep the units'],
  unit_variance: ['Spread only', 'divide by each sd, keep the offsets'],
};
/** The engine's scalings, compared side by side in its order: [name, short label, long label]. */
const SCALINGS = schemaOf(SECTION).view.choices.map(([key]) => [key, ...(SCALING_WORDS[key] ?? [key, key])]);
const SCALING_NAME = Object.fromEntries(SCALINGS.map(([key, short]) => [key, short]));

/** The sweep behind each usable window: the lesson's 1-3-10 ladder from 1e-4 to 10. */
const WINDOW_SWEEP = { start: 1e-4, factor: 'x3', count: 11, steps: 200 };

class ScalingLab extends LabModule {
  static section = SECTION;
  static css = `
    .columns { margin-top: .5em; }
    .scaling-col { border: 1px solid var(--border); border-radius: var(--radius); padding: .8em .85em; background: var(--bg); min-width: 0; }
    .scaling-col.viewing { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
    .col-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5em; }
    .col-head h4 { margin: 0; }
    .col-head button { min-height: 44px; padding: 0 .8em; font-size: .9em; }
    .col-head button[aria-pressed=true] { background: var(--accent); color: var(--accent-fg); }
    .headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(6.5em, 1fr)); gap: .5em; margin: .6em 0 .4em; }
    .headline .stat b { font-size: 1.45em; overflow-wrap: anywhere; }
    /* The five transforms side by side as far as the width allows (three a row on a tablet,
       five on a laptop), each a short card: κ and the largest stable α in view, the full
       numbers behind a disclosure. */
    .columns.grid-3 { grid-template-columns: repeat(auto-fit, minmax(min(100%, 10.5em), 1fr)); }
    .scaling-col { display: flex; flex-direction: column; }
    .scaling-col .col-head h4 { font-size: 1.05em; }
    .scaling-col .desc { margin-top: .3em; }
    .scaling-col details.more { margin-top: auto; }
    dl.numbers { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: .15em .6em; margin: .4em 0 0; font-size: .875em; }
    dl.numbers .wide { grid-column: 1 / -1; text-align: left; }
    dl.numbers dt { color: var(--muted); min-width: 0; }
    dl.numbers dd { margin: 0; text-align: right; font-family: var(--mono); font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
    dl.numbers .rule { grid-column: 1 / -1; border-top: 1px solid var(--border); margin: .3em 0 .1em; }
    .why p { margin: .35em 0; }
    .contour-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1em; align-items: start; }
    @container (max-width: 760px) { .contour-layout { grid-template-columns: minmax(0, 1fr); } }
    .side { display: flex; flex-direction: column; gap: .6em; }
    .side > p { margin: 0; }
    .labels { display: flex; flex-wrap: wrap; gap: .4em; margin: .2em 0 .4em; }
    .path { background: var(--surface); border-radius: 8px; padding: .6em .8em; border-left: 5px solid var(--path-color); }
    .path.a { --path-color: var(--series-${PATH_SERIES.a}); }
    .path.b { --path-color: var(--series-${PATH_SERIES.b}); }
    .path .alpha { font-size: 1.25em; font-weight: 800; font-variant-numeric: tabular-nums; }
    .path p { margin: .25em 0 0; }
    .chart.contours { height: 440px; }
    @container (max-width: 760px) { .chart.contours { height: 380px; } }
    figure { margin: 0; }
    /* The shared labels are upper-cased; that would turn α, β, λ into Α, Β, Λ. */
    .field > span { text-transform: none; letter-spacing: 0; font-size: .85em; }
    figcaption h4 { margin-top: .6em; }
  `;

  render() {
    /** Cached engine results: sweeps by dataset|scaling, curvature by dataset|scaling|β. */
    this.sweeps = new Map();
    this.curvatures = new Map();

    const compareControls = this.controls(SECTION, ['dataset', 'product', 'momentum']);
    const pathControls = this.controls(SECTION, ['view', 'ratio_a', 'ratio_b', 'steps']);

    this.status = h('div', { role: 'status', 'aria-live': 'polite' });
    this.columns = new Map();
    for (const [key, short, long] of SCALINGS) this.columns.set(key, this.buildColumn(key, short, long));
    this.why = h('div', { class: 'callout why', dataset: { testid: 'scaling-why' } });
    // Built once and refilled, so a disclosure the reader opened stays open as results change.
    this.whyMore = disclosure('Min-max, and z-scoring’s two halves one at a time');
    this.featureMore = disclosure('Feature engineering: what the product frontage × depth changes');
    this.feature = h('div', { class: 'callout', dataset: { testid: 'scaling-feature' } }, this.featureMore);

    this.windowFigure = figure({
      title: 'The usable α window moves', attrs: { style: null },
      caption: [h('p', { class: 'small muted' },
        `Each row is a sweep of full-batch gradient descent, ${formatNumber(WINDOW_SWEEP.start)} to ${formatNumber(WINDOW_SWEEP.start * 10 ** ((WINDOW_SWEEP.count - 1) / 2))} in 1-3-10 steps, ${WINDOW_SWEEP.steps} steps per run. The green bar runs from the smallest good α to the largest stable one; the red tick is 2/λmax.`),
      h('div', { class: 'labels', 'aria-hidden': 'true' },
        engineSchema.labels.map((label) => h('span', { class: `badge ${label}` }, labelText(label))))],
      label: 'Usable learning-rate window per scaling', chartClass: 'short', canvasAttrs: { dataset: { testid: 'window-chart' } },
      exports: [{ png: 'scaling-window.png', chart: () => this.windowChart }, { csv: () => this.exportComparison() }],
    });
    this.contourFigure = figure({
      label: 'Loss contours with gradient-descent paths', chartClass: 'contours', attrs: { style: null }, canvasAttrs: { dataset: { testid: 'contour-chart' } },
      exports: [{ png: () => `scaling-contours-${this.store.get(SECTION).view}.png`, chart: () => this.contourChart }, { csv: () => this.exportPaths() }],
    });
    this.pathCards = { a: h('div', { class: 'path a', dataset: { testid: 'path-a' } }), b: h('div', { class: 'path b', dataset: { testid: 'path-b' } }) };
    this.contourNote = h('p', { class: 'small muted' });

    this.root.append(
      this.card('Raw vs min-max vs z-score, and z-score in halves',
        { text: 'One data set and linear model under five feature transforms: raw, min-max, z-score, and z-score’s two halves (centring alone, dividing by the spread alone).', summary: 'How the Hessian sets the rates',
          more: 'The Hessian H = X̃ᵀX̃/m of the loss sets the rates: above 1/λmax the weights zig-zag, above 2/λmax the loss explodes, and κ = λmax/λmin says how long and thin the valley is.' },
        compareControls.element,
        this.status,
        h('div', { class: 'grid-3 columns' }, [...this.columns.values()].map((c) => c.element)),
        this.why,
        this.feature,
        this.windowFigure.element),
      this.card('Loss contours and the gradient-descent path',
        { text: 'Pick two rates as fractions of 2/λmax: below ½ the path never crosses the valley, between ½ and 1 it zig-zags, above 1 it flies off.', summary: 'How the runs are set up',
          more: 'Both runs start at w = 0, with b at the mean of the target, and take full-batch gradient-descent steps. ½ of 2/λmax is 1/λmax: between ½ and 1 the path zig-zags across the valley while the loss still falls.' },
        pathControls.element,
        h('div', { class: 'contour-layout' },
          this.contourFigure.element,
          h('div', { class: 'side' }, this.pathCards.a, this.pathCards.b, this.contourNote))));

    this.whenSeen(() => {
      this.windowChart = this.ownChart(windowChart(this.windowFigure.canvas, SCALING_NAME, SCALINGS.map(([key]) => key)));
      this.contourChart = this.ownChart(contourChart(this.contourFigure.canvas, () => { if (this.rendered) this.fitContours(); }));
    });
    this.subscribe(SECTION, () => {
      // The learner changed something: scaling and the stability bound are in play. Once a
      // second is plenty for the listeners (a slider drag changes the store every frame).
      const now = performance.now();
      if (!(now - this.lastActivity < 1000)) {
        this.lastActivity = now;
        this.activity(null, CONCEPTS.featureScaling);
        this.activity(null, CONCEPTS.stabilityBound);
      }
      this.requestRun();
    });
    this.requestRun();
  }

  /** One comparison column: headline stats, the numbers list and a "show its contours" toggle. */
  buildColumn(key, short, long) {
    const button = h('button', {
      class: 'secondary', type: 'button', 'aria-pressed': 'false',
      onclick: () => this.store.set(SECTION, { view: key }),
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
      disclosure('All numbers', numbers));
    return { element, button, kappa, largest, numbers };
  }

  async curvatureOf(engine, dataset, scaling, momentum, product) {
    const key = `${dataset}|${scaling}|${momentum}|${product}`;
    if (!this.curvatures.has(key)) {
      const result = await engine.curvature({ data: { dataset, scaling, product_feature: product }, momentum, through_w1: 0, through_w2: 0 });
      if (!result.ok) return result;
      if (this.curvatures.size > 90) this.curvatures.clear();  // a momentum drag makes many keys
      this.curvatures.set(key, result);
    }
    return this.curvatures.get(key);
  }

  async sweepOf(engine, dataset, scaling, product) {
    const key = `${dataset}|${scaling}|${product}`;
    if (!this.sweeps.has(key)) {
      const result = await engine.runSweep({ data: { dataset, scaling, product_feature: product }, optimizer: { kind: 'gd' }, ...WINDOW_SWEEP });
      if (!result.ok) return result;
      this.sweeps.set(key, result);
    }
    return this.sweeps.get(key);
  }

  async run(ticket) {
    const values = this.store.get(SECTION);
    const engine = await this.engine();
    const compare = {};
    for (const [scaling] of SCALINGS) {
      const curvature = await this.curvatureOf(engine, values.dataset, scaling, values.momentum, values.product);
      if (!curvature.ok) { this.showError(this.status, curvature.error); return; }
      const sweep = await this.sweepOf(engine, values.dataset, scaling, values.product);
      if (!sweep.ok) { this.showError(this.status, sweep.error); return; }
      compare[scaling] = { curvature: curvature.value, sweep: sweep.value };
    }
    // The same data with the product feature toggled: what adding (or dropping) it changes.
    const other = {};
    for (const scaling of ['none', 'z_score']) {
      const curvature = await this.curvatureOf(engine, values.dataset, scaling, values.momentum, !values.product);
      if (!curvature.ok) { this.showError(this.status, curvature.error); return; }
      const sweep = await this.sweepOf(engine, values.dataset, scaling, !values.product);
      if (!sweep.ok) { this.showError(this.status, sweep.error); return; }
      other[scaling] = { curvature: curvature.value, sweep: sweep.value };
    }
    const viewed = compare[values.view].curvature.report;
    const rates = { a: values.ratio_a * viewed.divergence_rate, b: values.ratio_b * viewed.divergence_rate };
    const paths = {};
    for (const id of ['a', 'b']) {
      const result = await engine.runTraining({
        data: { dataset: values.dataset, scaling: values.view, product_feature: values.product },
        optimizer: { kind: 'gd', learning_rate: rates[id] },
        steps: values.steps,
        record_params: true,
      });
      if (!result.ok) { this.showError(this.status, result.error); return; }
      paths[id] = result.value.run;
    }
    if (!this.isCurrent(ticket)) return;  // a newer change superseded this one
    this.status.replaceChildren();
    this.paths = paths;
    // The comparison depends on the data and β only (and the view's highlight): skip it while
    // the learner drags a path slider.
    const compareKey = `${values.dataset}|${values.momentum}|${values.view}|${values.product}`;
    if (compareKey !== this.compareKey) {
      this.compareKey = compareKey;
      this.compare = compare;
      this.showComparison(compare, values);
      this.showFeature(compare, other, values);
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

  /** What the product feature x₁·x₂ does to the fit, the curvature and the pick — live, both ways. */
  showFeature(compare, other, values) {
    const on = values.product ? compare : other;
    const off = values.product ? other : compare;
    setChildren(this.featureMore.body, h('p', {}, featureSentence({ on, off, names: on.none.curvature.data.feature_names })));
  }

  /** Two or three sentences, with the live numbers, on why the window moves. */
  showWhy(compare) {
    const { first, second, third, halves, shift } = whyWindowMoves(compare);
    setChildren(this.why,
      h('p', {}, first),
      h('p', {}, h('span', { dataset: { testid: 'shift-factor', value: String(shift) } }, second)),
      this.whyMore);
    setChildren(this.whyMore.body,
      h('p', { class: 'small' }, third),
      halves ? h('p', { class: 'small', dataset: { testid: 'scaling-halves' } }, halves) : null);
  }

  // ---------------------------------------------------------------- window chart

  showWindows(compare) {
    drawWindows(this.windowChart, compare, SCALINGS.map(([scaling]) => scaling));
    const text = SCALINGS.map(([scaling, short]) => {
      const sweep = compare[scaling].sweep;
      const window = goodWindow(sweep);
      const report = compare[scaling].curvature.report;
      return `${short}: ${window ? `good from ${formatNumber(window.low)} to ${formatNumber(window.high)}` : 'no good α in the grid'}, largest stable ${sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)}, 2/λmax = ${formatNumber(report.divergence_rate)}`;
    }).join('; ');
    this.windowFigure.describe(`Usable learning-rate window per scaling. ${text}.`);
  }

  // ---------------------------------------------------------------- contours and paths

  showPaths(viewed, paths, values) {
    const { report, contours, data } = viewed.curvature;
    const names = data.feature_names || ['x₁', 'x₂'];
    const scaled = values.view !== 'none';
    const chart = this.contourChart;
    chart.options.scales.x.title.text = `w₁ · weight of ${scaled ? 'scaled ' : ''}${names[0]}`;
    chart.options.scales.y.title.text = `w₂ · weight of ${scaled ? 'scaled ' : ''}${names[1]}`;

    const outer = contours.ellipses[0];
    const rows = { a: pathRows(paths.a), b: pathRows(paths.b) };
    // The plotting box (contourBox): diverging paths are clamped to it and marked.
    const { box, zoomed } = contourBox(contours, ['a', 'b'].map((id) => ({ rows: rows[id], diverged: paths[id].diverged })));
    this.box = box;
    this.zoomed = zoomed;
    chart.data.datasets = contourDatasets(contours, paths, rows, box, themeOf(chart));
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
    // The ellipses are the profile over b (the engine's contours): exact for centred
    // features, a lower bound of each step's loss otherwise.
    const bStar = contours.optimum[contours.optimum.length - 1];
    const steady = ['a', 'b'].find((id) => !paths[id].diverged);
    const bStart = rows.a[0].b;
    const bEnd = steady ? rows[steady][rows[steady].length - 1].b : bStart;
    const biasText = biasSentence({ bStart, bEnd, bStar, steady });
    this.contourNote.textContent = `Each contour is the lowest loss at its (w₁, w₂) over every b, ${formatNumber(plane)} times longer than wide (√ of the ratio of the curvatures in this plane).${zoomText}${biasText} Crosses mark points clamped at the edge of the plot.`;
    const pathText = ['a', 'b'].map((id) => `path ${id.toUpperCase()}: ${describePath(paths[id], report, contours)}`).join('; ');
    const summary = `Loss contours for ${SCALING_NAME[values.view].toLowerCase()} features, ${contours.ellipses.length} ellipses around the optimum (w₁ = ${formatNumber(contours.optimum[0])}, w₂ = ${formatNumber(contours.optimum[1])}), ${formatNumber(plane)} times longer than wide. ${pathText}.`;
    this.contourFigure.describe(summary);
  }

  /**
   * Sets equal units per pixel on both axes, growing the shorter side of the box. Uses the
   * chart area of the last layout (one update); lays out again only if that area changed.
   */
  fitContours() {
    if (this.contourChart && this.box) fitEqualAspect(this.contourChart, this.box);
  }

  showPathCard(id, ratio, run, report, contours) {
    const alpha = run.learning_rate;
    const regime = rateRegime(alpha, report);
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
    download(`scaling-paths-${this.store.get(SECTION).view}.csv`, lines.join('\n'), 'text/csv');
  }
}

define('lr-lab-scaling', ScalingLab);
