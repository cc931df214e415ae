// Architecture flow: the learning-rate selection workflow as a diagram. Each step lights up
// when a lab announces (through a composed 'lrlab-activity' event) that the learner did it.
// Pure DOM and CSS: an ordered list drawn as a left-to-right flow that stacks on narrow
// containers.
import { LabModule, define } from './base.js';
import { h } from '../ui/dom.js';

/**
 * The workflow, in order: the same five steps as the reorder exercise (web/content/workflow.json,
 * matched by `content`), each with its short name for the diagram. `lab` is the id of the page
 * section that shows the step; `also` names a second lab for the step's second half.
 * @type {Array<{id: string, content: string, name: string, line: string, lab: string, labName: string, also?: {lab: string, labName: string}}>}
 */
const STEPS = [
  { id: 'start-small', content: 'start-small', name: 'Start small', line: 'Begin at a rate small enough to be stable, e.g. 1e-4 (÷10 if even that blows up).', lab: 'sweep', labName: 'Sweep lab' },
  { id: 'log-sweep', content: 'log-scale', name: 'Log sweep', line: 'Multiply α by ×3 or ×10 per try: 1e-4, 3e-4, 1e-3, …', lab: 'sweep', labName: 'Sweep lab' },
  { id: 'short-windows', content: 'short-windows', name: 'Short windows', line: 'Train every α for the same few hundred steps.', lab: 'sweep', labName: 'Sweep lab' },
  { id: 'compare', content: 'compare-curves', name: 'Compare', line: 'Overlay the loss curves and read their shapes.', lab: 'sweep', labName: 'Sweep lab' },
  { id: 'pick-largest', content: 'pick-largest', name: 'Pick the largest stable α, then schedule', line: 'Take the biggest rate whose loss still drops smoothly; warm up to it, decay it, keep watching the loss.', lab: 'sweep', labName: 'Sweep lab', also: { lab: 'schedules', labName: 'Schedules' } },
];

/** Which steps an activity lights: a log sweep starts small; a schedule is the last step's second half. */
function stepsFor(detail) {
  const lit = new Set();
  if (!detail) return lit;
  if (STEPS.some((s) => s.id === detail.step)) lit.add(detail.step);
  if (detail.step === 'log-sweep') lit.add('start-small');
  return lit;
}

class Architecture extends LabModule {
  static css = `
    ol.flow { list-style: none; margin: .5em 0 0; padding: 0; display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 1.4em; counter-reset: step; }
    ol.flow > li { position: relative; counter-increment: step; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: .7em .75em .6em; display: flex; flex-direction: column; gap: .3em; min-width: 0; transition: background-color .25s, border-color .25s; }
    ol.flow > li:focus-visible { outline: none; box-shadow: var(--focus); }
    ol.flow > li::before { content: counter(step); display: inline-grid; place-items: center; width: 1.7em; height: 1.7em; border-radius: 50%; font-weight: 700; font-size: .85em; background: var(--bg); border: 2px solid var(--border); color: var(--muted); }
    ol.flow > li:not(:last-child)::after { content: '→'; position: absolute; right: -1.25em; top: 1.1em; width: 1.1em; text-align: center; color: var(--muted); font-weight: 700; }
    ol.flow > li.done { border-color: var(--good); background: color-mix(in srgb, var(--good) 12%, var(--surface)); }
    ol.flow > li.done::before { content: '✓'; background: var(--good); border-color: var(--good); color: var(--bg); }
    ol.flow > li.fresh { animation: glow 1.2s ease-out; }
    @keyframes glow { from { box-shadow: 0 0 0 6px color-mix(in srgb, var(--good) 45%, transparent); } to { box-shadow: 0 0 0 0 transparent; } }
    .name { font-weight: 700; line-height: 1.25; }
    .line { font-size: .85em; color: var(--muted); line-height: 1.35; flex: 1; }
    .state { font-size: .78em; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
    li.done .state { color: var(--good); }
    .see { font-size: .85em; display: inline-flex; flex-wrap: wrap; align-items: center; column-gap: .4em; min-height: 44px; }
    .see a { display: inline-flex; align-items: center; min-height: 44px; }
    .tally { margin: .9em 0 0; }
    @container (max-width: 980px) {
      ol.flow { grid-template-columns: minmax(0, 1fr); gap: 1.1em; }
      ol.flow > li { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; grid-template-areas: "num name state" "num line see"; column-gap: .8em; row-gap: .1em; align-items: center; padding: .6em .9em; }
      ol.flow > li::before { grid-area: num; }
      ol.flow > li:not(:last-child)::after { content: '↓'; right: auto; left: 1.2em; top: auto; bottom: -1.15em; }
      .name { grid-area: name; } .line { grid-area: line; } .state { grid-area: state; justify-self: end; } .see { grid-area: see; justify-self: end; }
    }
    @container (max-width: 520px) {
      ol.flow > li { grid-template-areas: "num name state" "num line line" "num see see"; }
      .see { justify-self: start; }
    }
  `;

  render() {
    this.done = new Set();
    this.items = new Map();
    const list = h('ol', { class: 'flow', 'aria-label': 'Learning-rate selection workflow' });
    for (const step of STEPS) {
      const state = h('span', { class: 'state' }, 'to do');
      const target = document.getElementById(step.lab);
      const also = step.also && document.getElementById(step.also.lab);
      const see = target
        ? h('span', { class: 'see' },
          h('a', { href: `#${step.lab}`, onclick: (event) => this.goTo(event, step.lab) }, `See it: ${step.labName}`),
          also ? [' · ', h('a', { href: `#${step.also.lab}`, onclick: (event) => this.goTo(event, step.also.lab) }, step.also.labName)] : null)
        : null;
      const item = h('li', { tabindex: '0', dataset: { testid: `step-${step.id}`, step: step.id }, 'aria-description': 'not done yet' },
        h('span', { class: 'name' }, step.name),
        h('span', { class: 'line' }, step.line),
        state, see);
      this.items.set(step.id, { item, state });
      list.append(item);
    }
    this.tally = h('p', { class: 'tally small muted' });
    this.live = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    this.root.append(this.card('Five steps from a small α to a watched schedule',
      'The order practitioners follow. A step turns green when you do it in one of the labs below.',
      list, this.tally, this.live));
    this.updateTally();
    this.listen(document, 'lrlab-activity', (event) => this.light(stepsFor(event.detail)));
  }

  /** Marks steps done; announces the newly lit ones once (politely). */
  light(ids) {
    const fresh = STEPS.filter((s) => ids.has(s.id) && !this.done.has(s.id));
    if (!fresh.length) return;
    for (const step of fresh) {
      this.done.add(step.id);
      const { item, state } = this.items.get(step.id);
      item.classList.add('done', 'fresh');
      item.setAttribute('aria-description', 'done');
      state.textContent = 'done';
      setTimeout(() => item.classList.remove('fresh'), 1300);
    }
    this.updateTally();
    this.live.textContent = `Workflow ${fresh.length > 1 ? 'steps' : 'step'} done: ${fresh.map((s) => s.name).join(', ')}. ${this.done.size} of ${STEPS.length} steps done.`;
  }

  updateTally() {
    this.tally.textContent = this.done.size === STEPS.length
      ? `All ${STEPS.length} steps done — that is the whole workflow.`
      : `${this.done.size} of ${STEPS.length} steps done.`;
  }

  /** Scrolls to a lab without replacing the settings in the address. */
  goTo(event, id) {
    const target = document.getElementById(id);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    if (target.hasAttribute('tabindex')) target.focus({ preventScroll: true });
  }
}

define('lr-lab-architecture', Architecture);
