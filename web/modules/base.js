// The base of every lesson module: a custom element rendering into its own shadow root with
// the shared design system, getting the engine from the provider, and announcing what the
// learner did (the architecture flow and coverage listen for 'lrlab-activity').
//
// It also owns each lab's lifecycle, so that no lab re-implements it:
//  - runs: requestRun() coalesces a burst of input (a slider drag) into one run() per frame;
//    every run gets a ticket, and isCurrent(ticket) tells a late result of a superseded run
//    (or of a lab torn down meanwhile) to drop itself;
//  - heavy work: runJob() sends an engine call through the provider (page or worker, decided
//    there), with the shared progress bar and Cancel button of progress();
//  - teardown: disconnectedCallback() unsubscribes from the store, removes the listeners and
//    controls it registered, cancels running jobs and destroys the charts; connecting the
//    element again renders it afresh.
import { sharedStyles, moduleStyles } from '../ui/styles.js';
import { getEngine, runJob } from '../engine/provider.js';
import { h } from '../ui/dom.js';
import { renderControls } from '../ui/controls.js';
import { progressBar } from '../ui/progress.js';
import { store } from '../state.js';
import { Chart } from '../charts/charts.js';

export class LabModule extends HTMLElement {
  /** Module-specific CSS (a string), adopted after the shared sheet. */
  static css = '';

  /** Charts alive on the page (every LR Lab element's): a removed lab leaves none behind. */
  static liveCharts() {
    return Object.keys(Chart.instances).length;
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const sheets = [sharedStyles()];
    if (this.constructor.css) {
      if (!Object.hasOwn(this.constructor, 'sheet')) this.constructor.sheet = moduleStyles(this.constructor.css);
      sheets.push(this.constructor.sheet);
    }
    this.root.adoptedStyleSheets = sheets;
    this.rendered = false;
    /** @type {Array<() => void>} what teardown undoes, in registration order */
    this.disposers = [];
    /** @type {Set<import('chart.js').Chart>} */
    this.ownCharts = new Set();
    /** @type {Set<{cancel: () => void}>} */
    this.jobs = new Set();
    this.generation = 0;
    this.frame = 0;
  }

  connectedCallback() {
    if (this.rendered) return;
    this.rendered = true;
    this.root.replaceChildren();
    this.render();
  }

  disconnectedCallback() {
    this.teardown();
  }

  /** Builds the module's DOM; subclasses override. */
  render() {}

  /** One run of the lab for `ticket` (see requestRun); subclasses with live results override. */
  async run(_ticket) {}

  /**
   * Undoes everything the lab registered: later results are dropped, jobs cancelled, charts
   * destroyed, store subscriptions and listeners removed. The next connect renders afresh.
   */
  teardown() {
    this.generation += 1;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.cancelJobs();
    for (const chart of this.ownCharts) chart.destroy();
    this.ownCharts.clear();
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    this.rendered = false;
  }

  // ---------------------------------------------------------------- resources

  /** Registers something to undo at teardown (a function); returns it. */
  own(dispose) {
    this.disposers.push(dispose);
    return dispose;
  }

  /** addEventListener, removed at teardown. */
  listen(target, type, fn, options) {
    target.addEventListener(type, fn, options);
    return this.own(() => target.removeEventListener(type, fn, options));
  }

  /** Calls fn(values, keys) when a settings section changes, until teardown. */
  subscribe(section, fn, target = store) {
    return this.own(target.subscribe(section, fn));
  }

  /** The controls of `keys` of a section (web/ui/controls.js), unbound from the store at teardown. */
  controls(section, keys, options) {
    const controls = renderControls(section, keys, options);
    this.own(controls.dispose);
    return controls;
  }

  /** A chart of this lab (createChart, lossChart …), destroyed at teardown; returns it. */
  ownChart(chart) {
    this.ownCharts.add(chart);
    return chart;
  }

  /** This lab's live charts. */
  get charts() {
    return [...this.ownCharts];
  }

  // ---------------------------------------------------------------- runs

  /** Asks for one run() in the next frame: a burst of calls (a slider drag) makes one run. */
  requestRun() {
    if (this.frame || !this.rendered) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.run(this.nextTicket());
    });
  }

  /** A new ticket: every result of an earlier ticket is stale from now on. */
  nextTicket() {
    this.generation += 1;
    return this.generation;
  }

  /** True while `ticket` is the lab's latest run (and the lab has not been torn down since). */
  isCurrent(ticket) {
    return ticket === this.generation && this.rendered;
  }

  /**
   * Runs an engine call through the provider (the page's engine or the worker: provider.js
   * decides). Cancelled by the lab's Cancel button and by teardown; progress goes to
   * `onProgress` only while `ticket` is current.
   * @param {number} ticket
   * @param {string} method
   * @param {any[]} args
   * @param {{onProgress?: (done: number, total: number) => void, inWorker?: boolean}} [options]
   * @returns {Promise<any>} the engine's result, or {ok: false, cancelled: true, error}
   */
  async runJob(ticket, method, args, { onProgress, inWorker } = {}) {
    const job = runJob(method, args, {
      inWorker,
      onProgress: (done, total) => { if (this.isCurrent(ticket)) onProgress?.(done, total); },
    });
    this.jobs.add(job);
    try {
      return await job.promise;
    } finally {
      this.jobs.delete(job);
    }
  }

  /** Cancels every job of this lab now. */
  cancelJobs() {
    for (const job of this.jobs) job.cancel();
    this.jobs.clear();
  }

  /**
   * The lab's progress bar and Cancel button (one per lab; Cancel cancels its jobs and calls
   * `onCancel`). Place `element` in the lab's DOM.
   * @param {{label: string, status?: HTMLElement, onCancel?: () => void}} options
   */
  progress({ label, status, onCancel }) {
    const bar = progressBar({ label, status, onCancel: () => { this.cancelJobs(); onCancel?.(); } });
    this.own(bar.dispose);
    return bar;
  }

  // ---------------------------------------------------------------- page

  /** The engine (main thread). */
  engine() {
    return getEngine();
  }

  /**
   * Tells the page what the learner just did.
   * @param {string} step     a workflow step: start-small, log-sweep, short-windows, compare, pick-largest, schedule, monitor
   * @param {string} [concept] a lesson concept id (coverage)
   */
  activity(step, concept) {
    this.dispatchEvent(new CustomEvent('lrlab-activity', {
      bubbles: true, composed: true, detail: { step, concept, module: this.localName },
    }));
  }

  /** A titled card with an optional lead paragraph. */
  card(title, lead, ...children) {
    return h('section', { class: 'card' }, h('h3', {}, title), lead ? h('p', { class: 'muted' }, lead) : null, ...children);
  }

  /** Shows an error message in `el` (text only). */
  showError(el, message) {
    el.replaceChildren(h('p', { class: 'error', role: 'alert' }, message));
  }
}

/** Defines a custom element once (several bundles on one host page must not clash). */
export function define(name, constructor) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
