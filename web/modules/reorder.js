// Architecture reorder exercise: the five steps of the sweep workflow, shuffled; the learner
// puts them back in order by dragging (pointer events: mouse, pen and touch alike) or by
// keyboard (focus a step, ArrowUp/ArrowDown move it), then checks with per-step feedback.
import { LabModule, define } from './base.js';
import { h, setChildren } from '../ui/dom.js';
import workflow from '../content/workflow.json';
import { CONCEPTS } from './concepts.js';

/** A small seeded generator (mulberry32), so "Shuffle again" walks a reproducible sequence. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Indices 0..n-1 shuffled with `seed` (Fisher–Yates), never already in order. */
export function seededShuffle(n, seed) {
  for (let attempt = 0; ; ++attempt) {
    const random = seededRandom(seed * 7919 + attempt);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; --i) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    if (n < 2 || order.some((v, i) => v !== i)) return order;
  }
}

const DRAG_THRESHOLD = 5;  // px of movement before a press becomes a drag

class ReorderExercise extends LabModule {
  static css = `
    :host { --ok-text: #146c35; --bad-text: #b3202e; }
    @media (prefers-color-scheme: dark) { :host { --ok-text: var(--good); --bad-text: var(--diverged); } }
    .steps { list-style: none; margin: .5em 0 1em; padding: 0; position: relative; display: grid; gap: .5em; }
    .step {
      display: grid; grid-template-columns: 44px 2em minmax(0, 1fr) auto; align-items: center; gap: .5em;
      min-height: 56px; padding: .4em .75em .4em .3em; border: 1px solid var(--border); border-radius: var(--radius);
      background: var(--bg); user-select: none; -webkit-user-select: none;
    }
    /* Only the handle takes the pointer for dragging: a swipe anywhere else on a step scrolls
       the page (touch-action stays auto there). A mouse may drag the whole step. */
    @media (pointer: fine) { .step { cursor: grab; } }
    .step:focus-visible { outline: none; box-shadow: var(--focus); border-color: var(--accent); }
    .step.dragging { position: absolute; left: 0; right: 0; z-index: 2; cursor: grabbing; box-shadow: 0 8px 24px rgb(0 0 0 / .18); border-color: var(--accent); }
    .placeholder { min-height: 56px; border: 2px dashed var(--accent); border-radius: var(--radius); background: var(--surface); }
    .grip { display: grid; place-items: center; width: 44px; height: 44px; border-radius: var(--control-radius);
      color: var(--muted); font-size: 1.3em; line-height: 1; cursor: grab; touch-action: none; background: var(--surface); }
    .step.dragging .grip { cursor: grabbing; color: var(--accent); }
    .pos { font-weight: 800; font-variant-numeric: tabular-nums; color: var(--muted); text-align: center; }
    .title { font-weight: 650; }
    .detail { display: block; font-size: .88em; color: var(--muted); font-weight: 400; }
    .mark { font-size: .9em; font-weight: 700; text-align: right; }
    .step.right { border-color: var(--good); }
    .step.right .mark { color: var(--ok-text); }
    .step.wrong { border-color: var(--diverged); }
    .step.wrong .mark { color: var(--bad-text); }
    .result { min-height: 1.5em; font-weight: 600; }
    .result.solved { color: var(--ok-text); }
    @container (max-width: 520px) {
      .step { grid-template-columns: 44px 1.6em minmax(0, 1fr); }
      .mark { grid-column: 3; text-align: left; }
    }
  `;

  render() {
    this.steps = workflow;
    this.seed = 1;
    this.solved = false;
    this.items = new Map();  // step id → <li>
    this.list = h('ol', { class: 'steps', role: 'list', 'aria-label': 'Workflow steps, in your order', 'aria-describedby': 'reorder-help' });
    this.live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.result = h('p', { class: 'result', dataset: { testid: 'reorder-result' } });

    for (const step of this.steps) {
      const item = h('li', { class: 'step', role: 'listitem', tabindex: '0', dataset: { id: step.id, testid: `reorder-step-${step.id}` } },
        h('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag to move', dataset: { testid: `reorder-handle-${step.id}` } }, '⠿'),
        h('span', { class: 'pos', 'aria-hidden': 'true' }),
        h('span', { class: 'title' }, step.title, h('span', { class: 'detail' }, step.detail)),
        h('span', { class: 'mark' }));
      item.addEventListener('keydown', (e) => this.onKey(e, item));
      item.addEventListener('pointerdown', (e) => this.onPointerDown(e, item));
      this.items.set(step.id, item);
    }

    this.root.append(this.card('Put the sweep workflow in order',
      ['These are the five steps of choosing a learning rate, shuffled. Drag each by its ⠿ handle into order', h('span', { class: 'kbd-hint' }, ' — or focus a step and use the ↑ and ↓ arrow keys'), ' — then press Check.'],
      h('p', { id: 'reorder-help', class: 'sr-only' }, 'Focus a step and press Arrow Up or Arrow Down to move it. Press Check when done.'),
      this.list,
      h('div', { class: 'row' },
        h('button', { type: 'button', onclick: () => this.check(), dataset: { testid: 'reorder-check' } }, 'Check'),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.shuffle(), dataset: { testid: 'reorder-shuffle' } }, 'Shuffle again'),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.reveal(), dataset: { testid: 'reorder-answer' } }, 'Show answer')),
      this.result, this.live));
    this.setOrder(seededShuffle(this.steps.length, this.seed).map((i) => this.steps[i].id));
  }

  /** The current order, as step ids. */
  order() {
    return [...this.list.children].filter((el) => el.dataset.id).map((el) => el.dataset.id);
  }

  setOrder(ids) {
    setChildren(this.list, ids.map((id) => this.items.get(id)));
    this.clearMarks();
    this.renumber();
  }

  renumber() {
    const ids = this.order();
    ids.forEach((id, i) => {
      const item = this.items.get(id);
      item.querySelector('.pos').textContent = String(i + 1);
      const step = this.steps.find((s) => s.id === id);
      const mark = item.querySelector('.mark').textContent;
      item.setAttribute('aria-label', `Position ${i + 1} of ${ids.length}: ${step.title}. ${step.detail}${mark ? ` ${mark}` : ''}`);
    });
  }

  clearMarks() {
    for (const item of this.items.values()) {
      item.classList.remove('right', 'wrong');
      item.querySelector('.mark').textContent = '';
    }
    this.result.textContent = '';
    this.result.classList.remove('solved');
  }

  /** Moves step `id` to position `to` (0-based) and announces it. */
  move(id, to) {
    const ids = this.order();
    const from = ids.indexOf(id);
    if (from < 0 || to < 0 || to >= ids.length || to === from) return false;
    ids.splice(from, 1);
    ids.splice(to, 0, id);
    this.setOrder(ids);
    const step = this.steps.find((s) => s.id === id);
    this.live.textContent = `Moved '${step.title}' to position ${to + 1} of ${ids.length}`;
    return true;
  }

  onKey(e, item) {
    const ids = this.order();
    const from = ids.indexOf(item.dataset.id);
    let to = null;
    if (e.key === 'ArrowUp') to = from - 1;
    else if (e.key === 'ArrowDown') to = from + 1;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = ids.length - 1;
    if (to === null) return;
    e.preventDefault();
    if (this.move(item.dataset.id, to)) item.focus();  // focus follows the moved step
  }

  // ---- drag and drop with pointer events (mouse, pen and touch) ----

  onPointerDown(e, item) {
    if (e.button !== 0 || this.drag) return;
    // Touch and pen drag by the handle only: elsewhere the swipe belongs to the page's scroll.
    if (e.pointerType !== 'mouse' && !e.target.closest('.grip')) return;
    this.drag = { item, pointerId: e.pointerId, startY: e.clientY, active: false };
    item.setPointerCapture(e.pointerId);
    const move = (ev) => this.onPointerMove(ev);
    const up = (ev) => this.onPointerUp(ev, move, up);
    item.addEventListener('pointermove', move);
    item.addEventListener('pointerup', up);
    item.addEventListener('pointercancel', up);
  }

  startDrag() {
    const { item } = this.drag;
    const listRect = this.list.getBoundingClientRect();
    const rect = item.getBoundingClientRect();
    this.drag.active = true;
    this.drag.offsetTop = rect.top - listRect.top;
    this.placeholder = h('li', { class: 'placeholder', 'aria-hidden': 'true' });
    this.placeholder.style.height = `${rect.height}px`;
    item.before(this.placeholder);
    item.classList.add('dragging');
    item.style.top = `${this.drag.offsetTop}px`;
    this.clearMarks();
  }

  onPointerMove(e) {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    const dy = e.clientY - drag.startY;
    if (!drag.active) {
      if (Math.abs(dy) < DRAG_THRESHOLD) return;
      this.startDrag();
    }
    e.preventDefault();
    drag.item.style.top = `${drag.offsetTop + dy}px`;
    // The placeholder goes before the first other step whose middle is below the pointer.
    const others = [...this.list.children].filter((el) => el !== drag.item && el !== this.placeholder);
    const before = others.find((el) => {
      const r = el.getBoundingClientRect();
      return e.clientY < r.top + r.height / 2;
    });
    if (before) { if (before.previousElementSibling !== this.placeholder) before.before(this.placeholder); }
    else if (this.list.lastElementChild !== this.placeholder) this.list.append(this.placeholder);
  }

  onPointerUp(e, move, up) {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointerId) return;
    const { item } = drag;
    item.removeEventListener('pointermove', move);
    item.removeEventListener('pointerup', up);
    item.removeEventListener('pointercancel', up);
    if (item.hasPointerCapture(e.pointerId)) item.releasePointerCapture(e.pointerId);
    this.drag = null;
    if (!drag.active) { item.focus(); return; }
    item.classList.remove('dragging');
    item.style.top = '';
    const slots = [...this.list.children].filter((el) => el !== item);
    const to = slots.indexOf(this.placeholder);
    this.placeholder.remove();
    this.placeholder = null;
    if (!this.move(item.dataset.id, to)) this.renumber();
    item.focus({ preventScroll: true });
  }

  // ---- buttons ----

  check() {
    const ids = this.order();
    const correct = this.steps.map((s) => s.id);
    let right = 0;
    ids.forEach((id, i) => {
      const item = this.items.get(id);
      const want = correct.indexOf(id);
      const ok = want === i;
      if (ok) ++right;
      item.classList.toggle('right', ok);
      item.classList.toggle('wrong', !ok);
      item.querySelector('.mark').textContent = ok ? '✓ in place' : (want < i ? '✗ belongs earlier' : '✗ belongs later');
    });
    this.renumber();
    const total = ids.length;
    if (right === total) {
      this.result.textContent = this.revealed ? 'Here is the correct order. Press Shuffle again to try it yourself.' : '✓ All five steps in order — this is the sweep workflow.';
      this.result.classList.add('solved');
      if (!this.solved && !this.revealed) {
        this.solved = true;
        this.activity(null, CONCEPTS.sweepWorkflow);
        this.emit('lrlab-exercise-completed', { module: this.localName, exercise: 'sweep-workflow-order', correct: true });
      }
    } else {
      this.result.textContent = `${right} of ${total} in place. The ✗ marks say which way each misplaced step should go.`;
    }
    this.live.textContent = this.result.textContent;
  }

  shuffle() {
    this.seed += 1;
    this.revealed = false;
    this.setOrder(seededShuffle(this.steps.length, this.seed).map((i) => this.steps[i].id));
    this.live.textContent = 'Steps shuffled.';
  }

  reveal() {
    this.revealed = true;
    this.setOrder(this.steps.map((s) => s.id));
    this.check();
  }
}

define('lr-lab-reorder', ReorderExercise);
