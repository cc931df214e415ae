// Coverage: the lesson's concepts as a checklist, each ticked when the learner exercises it
// in a lab. Labs announce what the learner did with 'lrlab-activity' events ({concept});
// the tick (first time, ms) is saved with the flash cards' progress (web/study/storage.js).
import { LabModule, define } from './base.js';
import { h, setChildren } from '../ui/dom.js';
import { load, update, defaultStorage, KEY, emptyProgress } from '../study/storage.js';
import concepts from '../content/concepts.json';

/**
 * What to do to tick each concept, in one line, for the concepts the labs announce today
 * (grep `activity(` in web/modules). A concept may carry its own `how` in concepts.json;
 * otherwise its summary shows.
 */
const HOW = {
  'sweep-workflow': 'Change a setting of the sweep lab so it runs a new sweep, or solve the workflow exercise.',
  'curve-shapes': 'Run a sweep of your own and compare its coloured curves, or label a curve in the drill.',
  'largest-stable': 'Run a sweep that finds a largest stable α, or guess one in the drill.',
  'stability-bound': 'Change a setting in the scaling lab and watch 2/λmax move.',
  'feature-scaling': 'Switch the sweep or the scaling lab to min-max or z-score scaling.',
  'batch-noise': 'Run the sweep with mini-batch SGD, or change the batch size in the optimizers lab.',
  'momentum-adam': 'Run the sweep with momentum, Nesterov or Adam, or compare optimizers side by side.',
  'range-test': 'Change a setting of the LR range test and read where each rule picks.',
  schedules: 'Build a schedule of your own in the schedules lab.',
  warmup: 'Pick warm-up + cosine or one-cycle in the schedules lab.',
  'cosine-and-restarts': 'Pick cosine with warm restarts (SGDR) in the schedules lab.',
  'cyclical-one-cycle': 'Pick the triangular cyclical policy or one-cycle in the schedules lab.',
  'production-habits': 'Trigger a failure in the failure-mode lab and try a remedy.',
  tradeoffs: 'Follow a link from the tradeoffs to the lab that shows it.',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');

/**
 * When a concept was ticked: the time today ("today 14:05"), the date before ("3 Nov"), in
 * the page's English. Written by hand: the first Intl date formatter costs tens of ms.
 */
function when(ms) {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const today = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return today ? `today ${two(date.getHours())}:${two(date.getMinutes())}` : `${date.getDate()} ${MONTHS[date.getMonth()]}`;
}

class Coverage extends LabModule {
  static css = `
    .summary-row { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center; margin: .2em 0 .9em; }
    .summary-row .n { font-size: 1.05em; font-variant-numeric: tabular-nums; }
    .summary-row .n b { font-size: 1.35em; }
    .summary-row progress { flex: 1 1 12em; height: 12px; }
    ul.concepts { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .55em 1em; }
    @container (max-width: 540px) { ul.concepts { grid-template-columns: minmax(0, 1fr); } }
    ul.concepts li { display: grid; grid-template-columns: 1.9em minmax(0, 1fr); gap: .1em .6em; align-items: start; align-content: start; padding: .6em .75em; border: 1px solid var(--border); border-radius: 8px; background: var(--bg); }
    ul.concepts li.done { background: color-mix(in srgb, var(--good) 9%, var(--bg)); border-color: color-mix(in srgb, var(--good) 45%, var(--border)); }
    .mark { grid-row: span 2; width: 1.6em; height: 1.6em; border-radius: 50%; border: 2px solid var(--border); display: grid; place-items: center; font-weight: 800; font-size: .95em; margin-top: .05em; }
    li.done .mark { background: var(--good); border-color: var(--good); color: var(--bg); }
    .title { font-weight: 650; }
    .title .state { font-weight: 500; font-size: .82em; color: var(--muted); margin-left: .35em; }
    .how { font-size: .88em; color: var(--muted); }
    .notice { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center; justify-content: space-between; }
    .notice p { margin: 0; }
    .confirm { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; justify-content: flex-end; }
    .confirm p { margin: 0; }
    button.danger { background: var(--diverged); border-color: var(--diverged); color: #fff; }
    @media (prefers-color-scheme: dark) { button.danger { color: #0b1020; } }
  `;

  render() {
    this.storage = defaultStorage();
    const { progress, notice } = load(this.storage);
    this.coverage = progress.coverage;

    this.notice = h('div', { class: 'callout warn notice', role: 'status', hidden: true });
    if (notice) this.showNotice(notice);
    this.count = h('span', { class: 'n', dataset: { testid: 'coverage-count' } });
    this.bar = h('progress', { max: concepts.length, value: 0, 'aria-label': 'Concepts exercised' });
    this.live = h('p', { class: 'sr-only', 'aria-live': 'polite' });
    this.items = new Map();
    this.list = h('ul', { class: 'concepts' }, concepts.map((c) => {
      const item = h('li', { dataset: { concept: c.id, testid: 'coverage-item' } },
        h('span', { class: 'mark', 'aria-hidden': 'true' }),
        h('span', { class: 'title' }, c.title, h('span', { class: 'state' })),
        h('span', { class: 'how' }, c.how || HOW[c.id] || c.summary));
      this.items.set(c.id, item);
      return item;
    }));
    this.resetArea = h('div', { class: 'toolbar' });

    this.root.append(this.card('Your coverage',
      'Each concept ticks itself when you exercise it in a lab on this page. Your ticks stay in this browser, with your flash-card progress.',
      this.notice,
      h('div', { class: 'summary-row' }, this.count, this.bar),
      this.list, this.live, this.resetArea));
    this.showReset();
    this.refresh();

    this.listen(document, 'lrlab-activity', (event) => this.tick(event.detail && event.detail.concept));
    this.listen(window, 'storage', (event) => {
      if (event.key !== KEY && event.key !== null) return;
      this.coverage = load(this.storage).progress.coverage;
      this.refresh();
    });
  }

  showNotice(text) {
    setChildren(this.notice, h('p', {}, text),
      h('button', { type: 'button', class: 'secondary', onclick: () => { this.notice.hidden = true; } }, 'Dismiss'));
    this.notice.hidden = false;
  }

  tick(concept) {
    if (!concept || !this.items.has(concept) || this.coverage[concept]) return;
    const now = Date.now();
    const saved = update(this.storage, (progress) => { if (!progress.coverage[concept]) progress.coverage[concept] = now; });
    this.coverage = saved.progress.coverage;
    this.coverage[concept] ||= now;
    if (saved.notice) this.showNotice(saved.notice);
    const title = concepts.find((c) => c.id === concept).title;
    this.live.textContent = `Ticked: ${title}. ${this.done()} of ${concepts.length} concepts exercised.`;
    this.refresh();
  }

  done() {
    return concepts.filter((c) => this.coverage[c.id]).length;
  }

  refresh() {
    const done = this.done();
    setChildren(this.count, h('b', {}, String(done)), ` of ${concepts.length} concepts exercised`);
    this.count.dataset.done = String(done);
    this.bar.value = done;
    for (const c of concepts) {
      const item = this.items.get(c.id);
      const ticked = this.coverage[c.id];
      item.classList.toggle('done', Boolean(ticked));
      item.dataset.done = String(Boolean(ticked));
      item.querySelector('.mark').textContent = ticked ? '✓' : '';
      item.querySelector('.state').textContent = ticked ? `· exercised ${when(ticked)}` : '· not yet';
    }
  }

  showReset(focus = false) {
    const button = h('button', { type: 'button', class: 'secondary', dataset: { testid: 'coverage-reset' }, onclick: () => this.askReset() }, 'Reset coverage');
    this.resetArea.replaceChildren(button);
    if (focus) button.focus({ preventScroll: true });
  }

  askReset() {
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => this.showReset(true) }, 'Cancel');
    this.resetArea.replaceChildren(h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm reset' },
      h('p', {}, `Clear ${this.done() === 1 ? 'the 1 tick' : `all ${this.done()} ticks`}? Your flash-card progress stays.`),
      cancel,
      h('button', { type: 'button', class: 'danger', dataset: { testid: 'coverage-reset-confirm' }, onclick: () => this.reset() }, 'Yes, clear ticks')));
    cancel.focus({ preventScroll: true });
  }

  reset() {
    const saved = update(this.storage, (progress) => { progress.coverage = emptyProgress().coverage; });
    this.coverage = {};
    if (saved.notice) this.showNotice(saved.notice);
    this.live.textContent = 'Coverage cleared.';
    this.refresh();
    this.showReset(true);
  }
}

define('lr-lab-coverage', Coverage);
