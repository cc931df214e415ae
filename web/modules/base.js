// The base of every lesson module: a custom element rendering into its own shadow root with
// the shared design system, getting the engine from the provider, and announcing what the
// learner did (the architecture flow and coverage listen for 'lrlab-activity').
//
// It also owns each lab's lifecycle, so that no lab re-implements it:
//  - runs: requestRun() coalesces a burst of input (a slider drag) into one run() per frame;
//    a lab computes nothing until it first comes near the viewport (whenSeen: a lab far
//    below the fold costs the page's start-up nothing; labs also create their charts in
//    whenSeen, since building a Chart.js chart costs ≈ 10–100 ms); every run gets a
//    ticket, and isCurrent(ticket) tells a late result of a superseded run (or of a lab
//    torn down meanwhile) to drop itself;
//  - heavy work: runJob() sends an engine call through the provider (page or worker, decided
//    there), with the shared progress bar and Cancel button of progress();
//  - teardown: disconnectedCallback() unsubscribes from the store, removes the listeners and
//    controls it registered, cancels running jobs and destroys the charts; connecting the
//    element again renders it afresh.
//
// Settings and embedding: a lab with a settings section (static section) owns a store of
// its own, so two <lr-lab-sweep> on one host page hold different settings; on the lesson page
// (web/lesson.js sets lessonPage.shared) or with the host's opt-in attribute `bind-url`
// every lab uses the page's one store, bound to the URL. Every setting of the section is an
// attribute with the schema's own name (observedAttributes derive from the section) and a
// property of the same name (`settings` reads/writes them all); an invalid attribute value
// shows a named notice in the module and the setting keeps its default.
import { sharedStyles, moduleStyles } from '../ui/styles.js';
import { getEngine, runJob } from '../engine/provider.js';
import { h, disclosure, tidySentence, nextTask, whenNear, CLOSE } from '../ui/dom.js';
import { renderControls } from '../ui/controls.js';
import { progressBar } from '../ui/progress.js';
import { store as pageStore, SettingsStore, schemaOf, checkValue, lessonPage, bindUrl, afterGesture, gestureActive } from '../state.js';
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
    /** @type {Map<string, () => void>} activity announcements waiting for a gesture's end → cancel */
    this.pendingActivity = new Map();
    this.afterInputCancels = new Map();  // afterInput's waiting work, by key
    this.frame = 0;
    /** True once the element came near the viewport (see whenSeen). */
    this.seen = false;
    /** @type {Array<() => void>} work waiting for the lab to come near the viewport */
    this.waitingForView = [];
    /** @type {Map<string, string>} attribute → its problem, shown in the notice */
    this.attributeProblems = new Map();
    this.noticeBox = h('div', { class: 'callout warn attr-notice', role: 'status', hidden: true, dataset: { testid: 'attribute-notice' } });
    // A property set on the element before it was upgraded goes through the setter now.
    const section = this.constructor.section;
    if (section) {
      for (const key of Object.keys(schemaOf(section))) {
        if (Object.hasOwn(this, key)) {
          const value = this[key];
          delete this[key];
          this[key] = value;
        }
      }
    }
  }

  /** The settings section of this lab (sections.js), or null. */
  static section = null;

  /** Attributes: every setting of the section, by the schema's names, plus `bind-url`. */
  static get observedAttributes() {
    return this.section ? [...Object.keys(schemaOf(this.section)), 'bind-url'] : [];
  }

  /**
   * The settings store of this lab: the page's (bound to the URL) on the lesson page or with
   * `bind-url`; otherwise one of its own, created at first use.
   */
  get store() {
    if (!this.ownStore) {
      const shared = lessonPage.shared || this.hasAttribute('bind-url');
      this.ownStore = shared ? pageStore : new SettingsStore();
      if (this.hasAttribute('bind-url') && !lessonPage.shared) bindPageUrl();
    }
    return this.ownStore;
  }

  /** Every setting of the section, as values (a copy); assigning an object sets those settings. */
  get settings() {
    return this.constructor.section ? this.store.get(this.constructor.section) : {};
  }

  set settings(patch) {
    const section = this.constructor.section;
    if (!section) return;
    const problems = this.store.set(section, patch || {});
    if (problems.length) throw new TypeError(`${this.localName}: ${problems.join('; ')}`);
  }

  attributeChangedCallback(name, _old, value) {
    const section = this.constructor.section;
    if (!section || name === 'bind-url') return;
    const field = schemaOf(section)[name];
    if (!field) return;
    const checked = value === null ? { value: field.default } : checkValue(field, value);
    if (checked.error) {
      this.attributeProblems.set(name, `${name}="${value}": ${checked.error}; using the default ${String(field.default)}`);
      this.store.set(section, { [name]: field.default });
    } else {
      this.attributeProblems.delete(name);
      this.store.set(section, { [name]: checked.value });
    }
    this.showAttributeNotice();
  }

  showAttributeNotice() {
    const problems = [...this.attributeProblems.values()];
    this.noticeBox.hidden = problems.length === 0;
    this.noticeBox.textContent = problems.length
      ? `<${this.localName}>: ${problems.length === 1 ? 'an attribute was' : 'some attributes were'} not valid — ${problems.join('; ')}.`
      : '';
  }

  connectedCallback() {
    if (this.rendered) return;
    this.rendered = true;
    this.titled = false;
    this.root.replaceChildren();
    this.render();
    // Everything the module renders sits in one wrapper that sets its own font, size and
    // colours (shared styles, .lrlab): what the host's rules put on the element itself,
    // even with !important, is not inherited past it.
    const wrapper = h('div', { class: 'lrlab' });
    wrapper.append(this.noticeBox, ...this.root.childNodes);
    this.root.append(wrapper);
    this.watchView();
  }

  /**
   * Marks the lab seen when it comes within a screen of the viewport (whenNear; at once where
   * IntersectionObserver is missing) and runs the work that waited for it.
   */
  watchView() {
    if (this.seen) return;
    this.own(whenNear([this], () => this.markSeen()));
  }

  /**
   * Runs the waiting work in order, each piece in a task of its own, after the task that
   * rendered the lab (no long start-up task).
   */
  async markSeen() {
    this.seen = true;
    while (this.waitingForView.length) {
      await nextTask();
      this.waitingForView.shift()?.();  // (empty if the lab was torn down meanwhile)
    }
  }

  /**
   * Runs fn once the lab has come near the viewport (now if it has): the lab's first
   * computation waits for the learner to get there. Dropped at teardown.
   */
  whenSeen(fn) {
    if (this.seen && !this.waitingForView.length) { fn(); return; }
    this.waitingForView.push(fn);
  }

  /**
   * Runs `draw` (creating a chart) when `box` comes within a quarter screen of the viewport,
   * in a task of its own, one per task however many come into view together: a lab's runs
   * start a screen ahead (whenSeen, often off the main thread), its charts — the main
   * thread's larger cost, 10–50 ms each on a laptop — when they are about to be seen.
   * Dropped when a newer run (nextTicket) or the teardown comes first.
   */
  whenClose(box, draw) {
    const generation = this.generation;
    this.own(whenNear([box], () => {
      this.drawing = (this.drawing || Promise.resolve()).then(async () => {
        await nextTask();
        if (this.generation === generation) draw();
      });
    }, CLOSE));
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
    for (const cancel of this.pendingActivity.values()) cancel();
    this.pendingActivity.clear();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const cancel of this.afterInputCancels.values()) cancel();
    this.afterInputCancels.clear();
    this.cancelJobs();
    for (const chart of this.ownCharts) chart.destroy();
    this.ownCharts.clear();
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
    this.waitingForView.length = 0;
    this.runWaiting = false;
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
  subscribe(section, fn, target = this.store) {
    return this.own(target.subscribe(section, fn));
  }

  /** The controls of `keys` of a section (web/ui/controls.js), unbound from the store at teardown. */
  controls(section, keys, options) {
    const controls = renderControls(section, keys, { store: this.store, ...options });
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

  /**
   * Asks for one run() in the next frame: a burst of calls (a slider drag) makes one run.
   * Before the lab was first seen, the run waits for it (one run, however many calls).
   */
  requestRun() {
    if (this.frame || !this.rendered) return;
    if (!this.seen) {
      if (!this.runWaiting) {
        this.runWaiting = true;
        this.whenSeen(() => { this.runWaiting = false; this.requestRun(); });
      }
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.run(this.nextTicket());
    });
  }

  /**
   * Work of a run that can wait for the learner's gesture (a slider drag) to end: tables,
   * text summaries, secondary charts. Runs now when no gesture is in progress; during one,
   * only the latest call of this lab for each `key` runs, once the gesture ends. Dropped at
   * teardown.
   */
  afterInput(fn, key = 'details') {
    this.afterInputCancels.get(key)?.();
    const cancel = afterGesture(() => { this.afterInputCancels.delete(key); fn(); });
    if (gestureActive()) this.afterInputCancels.set(key, cancel);  // else fn has run already
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
   * @param {{label: string, status?: HTMLElement, busy?: HTMLElement, onCancel?: () => void}} options
   *        busy: the results a run replaces, marked old while the bar shows (progress.js)
   */
  progress({ label, status, busy, onCancel }) {
    const bar = progressBar({ label, status, busy, onCancel: () => { this.cancelJobs(); onCancel?.(); } });
    this.own(bar.dispose);
    return bar;
  }

  // ---------------------------------------------------------------- page

  /** The engine (main thread). */
  async engine() {
    const engine = await getEngine();
    // The first answer comes in the task that instantiated the module: the caller's work
    // starts in the next one (two shorter start-up tasks instead of one long one).
    if (!engineSettled) {
      engineSettled = true;
      await nextTask();
    }
    return engine;
  }

  /**
   * Tells the page what the learner just did.
   * @param {string} step     a workflow step: start-small, log-sweep, short-windows, compare, pick-largest, schedule, monitor
   * @param {string} [concept] a lesson concept id (coverage)
   */
  activity(step, concept) {
    const dispatch = () => this.dispatchEvent(new CustomEvent('lrlab-activity', {
      bubbles: true, composed: true, detail: { step, concept, module: this.localName },
    }));
    if (!gestureActive()) { dispatch(); return; }
    // During a drag the learner does one thing, not one per input: each (step, concept) is
    // announced once, when the gesture ends (its listeners re-render lists and save progress).
    const key = `${step}\u0000${concept}`;
    if (this.pendingActivity.has(key)) return;
    this.pendingActivity.set(key, afterGesture(() => { this.pendingActivity.delete(key); dispatch(); }));
  }

  /** Dispatches a documented event of this module (bubbling, composed; README "Embedding"). */
  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
  }

  /**
   * A titled card with an optional lead paragraph. The module's first card title is its
   * name: a host that already shows that name (the lesson page's h2) hides it with
   * --lrlab-module-title: none.
   */
  card(title, lead, ...children) {
    const first = !this.titled;
    this.titled = true;
    return h('section', { class: 'card' }, h('h3', { class: first ? 'module-title' : null }, title), ...leadBlock(lead), ...children);
  }

  /** Shows an error message in `el` (text only). */
  showError(el, message) {
    el.replaceChildren(h('p', { class: 'error', role: 'alert' }, tidySentence(String(message))));
  }
}

/**
 * A card's lead: a string, or {text, more, summary} — the short lead in view and the longer
 * explanation behind a disclosure named `summary` (closed by default), so every lab opens
 * with a short block.
 * @param {string | {text: string, more: string, summary: string} | null} lead
 */
function leadBlock(lead) {
  if (!lead) return [];
  if (typeof lead === 'string' || Array.isArray(lead) || lead instanceof Node) return [h('p', { class: 'muted' }, lead)];
  return [h('p', { class: 'muted lead' }, lead.text), disclosure(lead.summary, h('p', { class: 'muted' }, lead.more))];
}

/** True once a lab has had the engine (see engine()). */
let engineSettled = false;

let urlBound = false;
/** The host opted in (`bind-url`): the page's store follows the URL hash, once per page. */
function bindPageUrl() {
  if (urlBound) return;
  urlBound = true;
  bindUrl();
}

/**
 * Defines a custom element once (several bundles on one host page must not clash). A lab
 * with a settings section gets a property per setting, named as in the schema (a name the
 * element already has — `dataset` — is left to the element; use `settings.dataset`).
 */
export function define(name, constructor) {
  const section = constructor.section;
  if (section && !Object.hasOwn(constructor.prototype, '__settingProps')) {
    Object.defineProperty(constructor.prototype, '__settingProps', { value: true });
    for (const key of Object.keys(schemaOf(section))) {
      if (key in HTMLElement.prototype || key in constructor.prototype) continue;
      Object.defineProperty(constructor.prototype, key, {
        configurable: true,
        get() { return this.store.get(section)[key]; },
        set(value) {
          const problems = this.store.set(section, { [key]: value });
          if (problems.length) throw new TypeError(`${this.localName}.${key}: ${problems.join('; ')}`);
        },
      });
    }
  }
  if (customElements.get(name)) return;
  if (lessonPage.shared) defineSoon(name, constructor);
  else customElements.define(name, constructor);
}

/** @type {Array<[string, CustomElementConstructor]>} */
const definitions = [];
/** True while defineSoon's loop runs (it takes every definition queued meanwhile). */
let defining = false;

/**
 * On the lesson page the modules are defined one per task, in the order the page imports
 * them (the first screen's first): each draws itself in its own short task instead of one
 * long start-up task for all fifteen. A host embedding the modules gets them defined at once.
 */
function defineSoon(name, constructor) {
  definitions.push([name, constructor]);
  if (defining) return;
  defining = true;
  (async () => {
    while (definitions.length) {
      await nextTask();
      const [next, element] = definitions.shift();
      try {
        if (!customElements.get(next)) customElements.define(next, element);
      } catch (error) {  // one element that cannot be defined must not stop the ones after it
        console.error(`LR Lab: could not define <${next}>`, error);
      }
    }
    defining = false;
  })();
}
