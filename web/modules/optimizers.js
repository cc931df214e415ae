// Optimizers & noise: the same log sweep under GD, mini-batch SGD, momentum, Nesterov,
// RMSProp and Adam; how the batch size moves the largest stable α; and how much one run
// differs from the next when only the seed (batch order) changes. All computed live.
import { LabModule, define } from './base.js';
import { CONCEPTS } from './concepts.js';
import { schemaOf, gestureActive } from '../state.js';
import { OPTIMIZERS_SECTION } from '../sections.js';
import { h, setChildren, disclosure, formatNumber, formatPercent, labelText, download, nextTask } from '../ui/dom.js';
import { finiteMax } from '../charts/charts.js';
import { LABELS } from '../charts/theme.js';
import { figure } from '../charts/figure.js';
import { runsInWorker } from '../engine/provider.js';
import { batchSizesFor, planPart, countLabels, seedBand, finalSpread, batchSummary, rulesSummary, RULE_SEEDS, RULE_MAX_STEPS } from '../labs/optimizers.js';
import { csvQuote } from '../labs/sweep.js';
import { compareChart, drawCompare, batchChart, drawBatches, bandChart, drawBand, rulesChart, drawRules } from './optimizers-charts.js';

export const SECTION = OPTIMIZERS_SECTION;

/** The engine's optimizers, in the order of its name table (the order the lesson introduces them). */
const OPTIMIZERS = schemaOf(SECTION).band_optimizer.choices;
const OPTIMIZER_NAMES = Object.fromEntries(OPTIMIZERS);

/** Batch sizes of the batch-noise sweep; 0 stands for "all rows". */
const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 0];

/** Which settings each part depends on (a change re-runs only the parts that use it). */
const PART_KEYS = {
  compare: ['dataset', 'scaling', 'model', 'steps', 'start', 'count', 'batch', 'seed'],
  batches: ['dataset', 'scaling', 'model', 'steps', 'start', 'count', 'seed'],
  bands: ['dataset', 'scaling', 'model', 'steps', 'batch', 'band_optimizer', 'band_rate', 'seeds'],
  rules: ['dataset', 'scaling', 'model', 'rule_optimizer', 'rule_rate', 'rule_epochs'],
};

class Optimizers extends LabModule {
  static section = SECTION;
  static css = `
    figure { margin: 0; min-width: 0; }
    .part-title { display: flex; flex-wrap: wrap; gap: .2em .8em; align-items: baseline; justify-content: space-between; }
    .part-title h3 { margin: 0; }
    .chips { display: flex; flex-wrap: wrap; gap: .25em; }
    .chips .badge { font-size: .74em; }
    td.best { font-weight: 700; font-size: 1.05em; }
    td.best .top { font-weight: 500; font-size: .8em; color: var(--muted); display: block; }
    .swatch { display: inline-block; width: .8em; height: .8em; border-radius: 3px; margin-right: .45em; vertical-align: -.05em; }
    .swatch.c0 { background: var(--series-0); } .swatch.c1 { background: var(--series-1); } .swatch.c2 { background: var(--series-2); }
    .swatch.c3 { background: var(--series-3); } .swatch.c4 { background: var(--series-4); } .swatch.c5 { background: var(--series-5); }
    .stats.batches { grid-template-columns: repeat(auto-fill, minmax(6.2em, 1fr)); }
    .stat.none b { color: var(--diverged); }
    .spread b { font-variant-numeric: tabular-nums; }
    .run-state { min-height: 1.5em; }
    /* Uppercase would turn α into Α (a capital alpha that reads as "A"). */
    .field > span, th { text-transform: none; letter-spacing: 0; }
    tbody th { font-size: .92em; color: var(--fg); font-weight: 600; }
  `;

  render() {
    this.rows = null;  // rows of the current dataset (for "all" and batch limits)
    const sweepControls = this.controls(SECTION, ['dataset', 'scaling', 'model', 'steps', 'start', 'count', 'batch', 'seed']);
    const bandControls = this.controls(SECTION, ['band_optimizer', 'band_rate', 'seeds']);
    const ruleControls = this.controls(SECTION, ['rule_optimizer', 'rule_rate', 'rule_epochs']);
    this.rulesFigure = figure({
      label: 'Final loss against batch size under three rules for α', chartClass: 'short', canvasAttrs: { dataset: { testid: 'rules-chart' } },
      exports: [{ png: 'batch-size-rules.png', chart: () => this.rulesChart, label: 'Download batch-size-rules as PNG' }],
    });
    this.rulesNote = h('p', { class: 'small', dataset: { testid: 'rules-note' } });

    this.status = h('div', { class: 'run-state', role: 'status', 'aria-live': 'polite' });
    this.progressBar = this.progress({
      label: 'Progress of the optimizer sweeps', status: this.status,
      onCancel: () => this.status.replaceChildren(h('p', { class: 'muted' }, 'Cancelled. Change a setting to run again.')),
    });

    // (a) the same sweep under six optimizers
    this.compareFigure = figure({
      title: 'Final loss against α, one line per optimizer', label: 'Final loss against α for six optimizers',
      canvasAttrs: { dataset: { testid: 'optimizer-chart' } },
      exports: [{ png: 'optimizers-final-loss.png', chart: () => this.compareChart, label: 'Download optimizers-final-loss as PNG' }, { csv: () => this.exportCsv() }],
    });
    this.compareNote = h('p', { class: 'small muted' });
    this.compareTable = h('tbody');
    // (b) batch size against the largest stable α
    this.batchFigure = figure({
      label: 'Pick and edge against batch size', chartClass: 'short', canvasAttrs: { dataset: { testid: 'batch-chart' } },
      exports: [{ png: 'batch-size-vs-stable-alpha.png', chart: () => this.batchChart, label: 'Download batch-size-vs-stable-alpha as PNG' }],
    });
    this.batchStats = h('div', { class: 'stats batches' });
    this.batchNote = h('p', { class: 'small muted' });
    // (c) seed bands
    this.bandFigure = figure({
      label: 'Loss over several seeds: median and range', chartClass: 'short',
      exports: [{ png: 'seed-band.png', chart: () => this.bandChart, label: 'Download seed-band as PNG' }],
    });
    this.bandCaption = h('div', { class: 'callout spread', dataset: { testid: 'band-spread' } });

    this.root.append(
      this.card('One sweep, six optimizers',
        { text: 'Same data, same start, same ×3 ladder of rates: only the update rule changes.', summary: 'Which runs are noisy',
          more: 'Momentum, Nesterov, RMSProp and Adam use every row per step here, so the only noisy one is mini-batch SGD.' },
        sweepControls.element, this.progressBar.element, this.status,
        this.compareFigure.element,
        this.compareNote,
        h('div', { class: 'table-wrap' },
          h('table', { class: 'stack' }, h('caption', { class: 'sr-only' }, 'Largest stable α and diagnosis counts per optimizer'),
            h('thead', {}, h('tr', {}, ['optimizer', 'largest stable α', 'stable range', 'runs by diagnosis'].map((t) => h('th', { scope: 'col' }, t)))),
            this.compareTable))),
      h('div', { class: 'grid-2' },
        h('section', { class: 'card' },
          h('div', { class: 'part-title' }, h('h3', {}, 'Batch size: the pick and the edge')),
          h('p', { class: 'muted' }, 'Mini-batch SGD swept for batches of 1 to all rows. Dots: the pick, the largest α whose noise costs no real loss. Crosses: the edge, where some batch order blew up.'),
          disclosure('How each α is judged', h('p', { class: 'muted' }, 'Each α runs under several batch orders (seeds) and is judged on the full-data loss, not on the noisy mini-batch loss.')),
          this.batchFigure.element,
          this.batchStats, this.batchNote),
        h('section', { class: 'card' },
          h('div', { class: 'part-title' }, h('h3', {}, 'Run-to-run noise over seeds')),
          h('p', { class: 'muted' }, 'One setting, several seeds: each seed deals the mini-batches in a different order. The line is the median loss per step, the band the lowest to the highest.'),
          bandControls.element,
          this.bandFigure.element,
          this.bandCaption),
        h('section', { class: 'card' },
          h('div', { class: 'part-title' }, h('h3', {}, 'Scaling α with the batch size')),
          h('p', { class: 'muted' }, 'A k times larger batch takes k times fewer steps per epoch. Three rules for α: keep it, × k, or × √k.'),
          disclosure('The rules, and how the chart reads', h('p', { class: 'muted' }, `Keep α; multiply it by k (the linear scaling rule of Goyal et al. 2017, used for SGD with a warm-up); multiply it by √k (often used with Adam). Each point is the median full-data loss over ${RULE_SEEDS} batch orders after the same epochs; the dashed line is batch 1’s.`)),
          ruleControls.element,
          this.rulesFigure.element,
          this.rulesNote)));

    this.whenSeen(() => {
      this.compareChart = this.ownChart(compareChart(this.compareFigure.canvas));
      this.batchChart = this.ownChart(batchChart(this.batchFigure.canvas, { sizes: () => this.batchTicks(), rows: () => this.rows }));
      this.bandChart = this.ownChart(bandChart(this.bandFigure.canvas, () => this.bandAlpha));
      this.rulesChart = this.ownChart(rulesChart(this.rulesFigure.canvas, { sizes: () => this.batchTicks(), rows: () => this.rows }));
    });
    this.pendingParts = new Set(Object.keys(PART_KEYS));
    this.unfinished = new Set();
    this.userDriven = false;
    this.subscribe(SECTION, (values, keys) => {
      for (const [part, used] of Object.entries(PART_KEYS)) if (keys.some((k) => used.includes(k))) this.pendingParts.add(part);
      this.userDriven = true;
      this.requestRun();
    });
    this.requestRun();
  }

  /** The x ticks of the batch chart: the batch sizes actually swept. */
  batchTicks() {
    return batchSizesFor(BATCH_SIZES, this.rows || 100);
  }

  async run(ticket) {
    const values = this.store.get(SECTION);
    // Parts a superseded (or failed) run never showed are redone along with the new ones.
    let parts = [...new Set([...this.pendingParts, ...this.unfinished])];
    this.pendingParts.clear();
    if (!parts.length) return;
    const userDriven = this.userDriven;
    this.userDriven = false;
    // During a drag only the six optimizers' chart follows the slider; the batch-noise parts
    // (hundreds of mini-batch runs, in the worker) wait for the gesture's end, instead of
    // starting, being superseded and sending their results back on every step.
    if (gestureActive() && parts.includes('compare') && parts.length > 1) {
      for (const part of parts) if (part !== 'compare') this.pendingParts.add(part);
      parts = ['compare'];
      this.afterInput(() => { if (userDriven) this.userDriven = true; this.requestRun(); }, 'batch parts');
    }
    this.unfinished = new Set(parts);

    const engine = await this.engine();
    const datasets = this.datasets || (this.datasets = await engine.listDatasets());
    const info = datasets.ok ? datasets.value.find((d) => d.name === values.dataset) : null;
    const rows = info ? info.rows : 100;
    if (rows !== this.rows) { this.rows = rows; for (const p of ['batches', 'rules']) if (!parts.includes(p)) parts.push(p); }

    const context = { optimizers: OPTIMIZERS.map(([kind]) => kind), batchSizes: this.batchTicks(), rows };
    const plans = parts.map((part) => ({ part, calls: planPart(part, values, context) }));
    const totalRuns = plans.reduce((n, p) => n + p.calls.reduce((m, c) => m + c.runs, 0), 0);
    // The parts run as one batch: all in the worker or all on the page (provider.js decides).
    // A superseded run is not cancelled (that would restart the worker on every slider
    // step): it stops after its current call and its result is ignored.
    const inWorker = await runsInWorker(plans.flatMap((p) => p.calls));
    if (!this.isCurrent(ticket)) return;
    this.progressBar.start(totalRuns, `Running ${totalRuns} training runs in the background…`);
    let done = 0;
    for (const { part, calls } of plans) {
      const results = [];
      for (const call of calls) {
        // On the page, one call per task: the page answers input between them.
        if (!inWorker && done > 0) {
          await nextTask();
          if (!this.isCurrent(ticket)) return;
        }
        const before = done;
        const result = await this.runJob(ticket, call.method, call.args, { inWorker, onProgress: (d) => this.progressBar.set(before + d) });
        done += call.runs;
        if (!this.isCurrent(ticket)) return;  // a newer run superseded this one
        this.progressBar.set(done);
        if (!result.ok) {
          this.progressBar.finish();
          if (result.cancelled) this.status.replaceChildren(h('p', { class: 'muted' }, 'Cancelled. Change a setting to run again.'));
          else this.showError(this.status, result.error);
          return;
        }
        results.push(result.value);
      }
      if (part === 'compare') this.showCompare(results, values);
      else if (part === 'batches') this.showBatches(results, values);
      else if (part === 'rules') this.showRules(calls, results, values);
      else this.showBands(results, values);
      this.unfinished.delete(part);
      if (userDriven) this.activity(null, part === 'compare' ? CONCEPTS.momentumAdam : CONCEPTS.batchNoise);
    }
    this.progressBar.finish();
    if (this.status.firstChild) this.status.replaceChildren();
  }

  // ---- (a) six optimizers ----
  showCompare(sweeps, values) {
    this.compare = { sweeps, values };
    drawCompare(this.compareChart, sweeps, OPTIMIZERS.map(([kind]) => OPTIMIZER_NAMES[kind] + (kind === 'sgd' ? ` (batch ${Math.min(values.batch, this.rows)})` : '')));
    // The table and the text wait for the end of a drag (only the chart follows the slider).
    this.afterInput(() => this.showCompareText(sweeps), 'compare text');
  }

  /** The six optimizers' table, note and chart summary. */
  showCompareText(sweeps) {

    const top = sweeps[0]?.runs.at(-1)?.learning_rate;
    setChildren(this.compareTable, sweeps.map((sweep, i) => {
      const [kind, name] = OPTIMIZERS[i];
      const counts = countLabels(sweep.runs, LABELS);
      const atTop = sweep.recommended !== null && sweep.recommended === top;
      return h('tr', { dataset: { optimizer: kind } },
        h('th', { scope: 'row' }, h('span', { class: `swatch c${i}`, 'aria-hidden': 'true' }), name),
        h('td', { class: 'best mono', dataset: { label: 'largest stable α' } },
          h('span', { dataset: { testid: `best-${kind}`, value: String(sweep.recommended) } }, sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)),
          atTop ? h('span', { class: 'top' }, 'top of the grid') : null),
        h('td', { class: 'mono small', dataset: { label: 'stable range' } }, sweep.recommended === null ? '—' : `${formatNumber(sweep.stable_min)} – ${formatNumber(sweep.stable_max)}`),
        h('td', { dataset: { label: 'runs by diagnosis' } }, h('span', { class: 'chips' }, Object.entries(counts).map(([label, n]) => h('span', { class: `badge ${label}` }, `${labelText(label)} ×${n}`)))));
    }));

    const best = sweeps.map((s, i) => ({ name: OPTIMIZERS[i][1], alpha: s.recommended }));
    const ranked = best.filter((b) => b.alpha !== null).sort((a, b) => b.alpha - a.alpha);
    const curvature = sweeps[0]?.curvature;
    setChildren(this.compareNote,
      ranked.length
        ? `Widest stable range here: ${ranked[0].name} (up to α = ${formatNumber(ranked[0].alpha)}); narrowest: ${ranked.at(-1).name} (up to ${formatNumber(ranked.at(-1).alpha)}).`
        : 'No optimizer found a stable α on this grid.',
      curvature && curvature.exact
        ? ` Theory for full-batch GD: diverges above 2/λmax = ${formatNumber(curvature.divergence_rate)}; heavy-ball momentum (β = 0.9) above (2+2β)/λmax = ${formatNumber(curvature.momentum_divergence_rate)}. Adam and RMSProp divide each step by a running gradient size, so their α is a step length rather than a multiple of the gradient.`
        : '');
    const text = `Final loss against α for six optimizers. ${best.map((b) => `${b.name}: largest stable α ${b.alpha === null ? 'none' : formatNumber(b.alpha)}`).join('; ')}.`;
    this.compareFigure.describe(text);
  }

  // ---- (b) batch size ----
  showBatches(sweeps, values) {
    const sizes = this.batchTicks();
    const summary = batchSummary(sweeps, sizes);
    drawBatches(this.batchChart, summary, sizes, values.start);
    const name = (x) => (x === this.rows ? `all ${x} rows` : `batch ${x}`);
    setChildren(this.batchStats, summary.points.map((p) => h('div', { class: `stat${p.pick === null ? ' none' : ''}`, dataset: { testid: `batch-best-${p.x === this.rows ? 'all' : p.x}` } },
      h('b', { class: 'mono' }, p.pick === null ? 'none' : formatNumber(p.pick)),
      h('span', {}, `${name(p.x)} · edge ${p.edge === null ? `> ${formatNumber(p.top)}` : formatNumber(p.edge)}`))));
    const edges = summary.points.map((p) => `${name(p.x)}: ${p.edge === null ? `above ${formatNumber(p.top)}` : formatNumber(p.edge)}`).join(', ');
    const floors = summary.floors.map((f) => `${formatNumber(f.loss, 3)} (${name(f.x)})`).join(', ');
    this.batchNote.textContent = `Measured edge, where some of the batch orders blew up — ${edges}. ` +
      (summary.common === null
        ? 'No α of the grid survived every batch size, so there is no common rate to compare noise floors at.'
        : `At α = ${formatNumber(summary.common)}, the largest rate every batch size survived, the full-data loss ends at ${floors}: ` +
          (summary.falling
            ? 'the noise floor falls as the batch grows. With a constant α, each step\'s noise grows with α/B, so small batches pay in loss long before they blow up.'
            : 'on this data the floor does not fall steadily with the batch size; at this window other effects (fewer rows seen per step, slowness) weigh as much as the noise.'));
    const text = `Pick and edge of mini-batch SGD by batch size: ${summary.points.map((p) => `${name(p.x)}: pick ${p.pick === null ? 'none' : formatNumber(p.pick)}, edge ${p.edge === null ? 'above the grid' : formatNumber(p.edge)}`).join('; ')}.`;
    this.batchFigure.describe(text);
  }

  // ---- (d) batch-size rules ----
  showRules(calls, results, values) {
    const sizes = this.batchTicks();
    const summary = rulesSummary(calls, results);
    drawRules(this.rulesChart, summary, sizes);
    const name = (x) => (x === this.rows ? `all ${x} rows` : `batch ${x}`);
    const words = { constant: 'keeping α', linear: 'the linear rule', sqrt: 'the square-root rule' };
    const cell = (size, rule) => summary.rows.find((r) => r.size === size && r.rule === rule);
    const broke = summary.rows.filter((r) => r.rule === 'linear' && r.broken > 0).sort((a, b) => a.size - b.size)[0];
    const largest = sizes.at(-1);
    const parts = [`After ${values.rule_epochs} epochs, batch 1 at α = ${formatNumber(values.rule_rate)} ends at ${formatNumber(summary.reference, 3)}.`];
    const at = (rule) => { const c = cell(largest, rule); return c ? `${words[rule]} (α = ${formatNumber(c.alpha)}) ${c.diverged ? `diverges in ${c.diverged} of ${c.losses.length} orders` : `ends at ${formatNumber(c.median, 3)}${c.broken ? ', above its start' : ''}`}` : ''; };
    parts.push(`With ${name(largest)}, ${at('constant')}, ${at('sqrt')}, ${at('linear')}.`);
    const closest = summary.closest.filter((c, i) => i > 0 && c.rule).map((c) => `${c.size === this.rows ? 'all' : c.size}: ${words[c.rule]}`);
    if (closest.length) parts.push(`Closest to batch 1's loss, by batch size — ${closest.join(', ')}.`);
    parts.push(broke
      ? `The linear rule breaks from ${name(broke.size)}: at α = ${formatNumber(broke.alpha)} the loss ${broke.diverged ? 'diverges' : 'ends above where it started'} — the edge does not grow with the batch, so past it no rule helps; a warm-up only protects the first steps.`
      : 'The linear rule never reached the edge here: raise α at batch 1 to see where it breaks.');
    if (calls.some((c) => c.args[0].steps === RULE_MAX_STEPS)) parts.push(`(Runs are capped at ${RULE_MAX_STEPS} steps, so the smallest batches saw fewer epochs.)`);
    this.rulesNote.textContent = parts.join(' ');
    this.rulesFigure.describe(`Final loss after the same epochs against batch size for three rules. ${this.rulesNote.textContent}`);
  }

  // ---- (c) seed bands ----
  showBands(results, values) {
    const runs = results.map((r) => r.run);
    this.bandAlpha = values.band_rate;
    const start = Math.max(...runs.map((r) => r.initial_loss).filter(Number.isFinite));
    const ceiling = Math.max(finiteMax(...runs.map((r) => r.loss)), start) * 1.5;
    drawBand(this.bandChart, seedBand(runs.map((r) => r.loss)), ceiling, runs.length);

    const { median, lowest, highest, spread, diverged } = finalSpread(runs);
    const finite = Number.isFinite(lowest) ? [lowest, highest] : [];
    const lastLogged = runs.filter((r) => !r.diverged).map((r) => r.loss[r.loss.length - 1]).sort((a, b) => a - b);
    const noisy = runs.some((r) => r.mini_batch);
    const name = OPTIMIZER_NAMES[values.band_optimizer];
    setChildren(this.bandCaption,
      h('p', {},
        `${name}, α = ${formatNumber(values.band_rate)}${noisy ? `, batches of ${Math.min(values.batch, this.rows)}` : ''}, ${runs.length} seeds. Final loss on all rows: median `,
        h('b', { class: 'mono' }, formatNumber(median, 4)),
        finite.length ? ', from ' : '', finite.length ? h('b', { class: 'mono' }, formatNumber(finite[0], 4)) : null,
        finite.length ? ' to ' : '', finite.length ? h('b', { class: 'mono' }, formatNumber(finite.at(-1), 4)) : null,
        finite.length ? ' — a spread of ' : '', finite.length ? h('b', { dataset: { testid: 'band-spread-value', value: String(spread) } }, formatPercent(spread, spread < 0.1 ? 1 : 0)) : null,
        '.', diverged ? ` ${diverged} of ${runs.length} seeds diverged.` : ''),
      h('p', { class: 'small muted' },
        noisy
          ? (lastLogged.length ? `The loss a training log shows on the last step's batch ranges from ${formatNumber(lastLogged[0], 3)} to ${formatNumber(lastLogged.at(-1), 3)}: read a noisy log through a smoothed curve, not step by step.` : '')
          : 'Full-batch GD uses every row at every step: no shuffling, so every seed draws the same curve.'));
    const text = `Loss over ${runs.length} seeds for ${name} at α = ${formatNumber(values.band_rate)}: final loss median ${formatNumber(median, 4)}${finite.length ? `, range ${formatNumber(finite[0], 4)} to ${formatNumber(finite.at(-1), 4)}` : ''}${diverged ? `; ${diverged} diverged` : ''}.`;
    this.bandFigure.describe(text);
  }

  exportCsv() {
    if (!this.compare) return;
    const lines = ['optimizer,alpha,label,final_loss,reason'];
    this.compare.sweeps.forEach((sweep, i) => {
      for (const r of sweep.runs) lines.push([OPTIMIZERS[i][0], r.learning_rate, r.diagnosis.label, r.final_loss, csvQuote(r.diagnosis.reason)].join(','));
    });
    download('optimizers-sweep.csv', lines.join('\n'), 'text/csv');
  }
}

define('lr-lab-optimizers', Optimizers);
