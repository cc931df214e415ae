// Flash cards: the lesson's revision deck with SM-2 spaced repetition (web/study/scheduler.js).
// A card flips on click, tap, Space or Enter; the learner grades it Again / Hard / Good / Easy
// (or presses 1–4) and the scheduler decides when it comes back. Progress is kept offline
// in the browser (web/study/storage.js); corrupt or old progress is reset with a notice.
// Numbers in the cards are filled in live from the engine (web/study/facts.js).
//
//   <lr-lab-flashcards></lr-lab-flashcards>                      the whole deck
//   <lr-lab-flashcards concept="feature-scaling"></lr-lab-flashcards>   one concept's cards
import { LabModule, define } from './base.js';
import { h, setChildren, whenIdle } from '../ui/dom.js';
import { grade, isDue, dueCount, describeDue, GRADES } from '../study/scheduler.js';
import { load, update, defaultStorage } from '../study/storage.js';
import { lessonFacts, fillFacts } from '../study/facts.js';
import cards from '../content/cards.json';
import concepts from '../content/concepts.json';


const GRADE_TEXT = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };
const GRADE_HINT = { again: 'I did not know it', hard: 'I got it, with effort', good: 'I knew it', easy: 'Too easy' };

class Flashcards extends LabModule {
  static css = `
    .top { display: flex; flex-wrap: wrap; gap: .75em 1em; align-items: end; justify-content: space-between; margin: .25em 0 1em; }
    .count { font-size: 1.05em; font-variant-numeric: tabular-nums; }
    .count b { font-size: 1.35em; }
    .modes { display: flex; flex-wrap: wrap; gap: .5em; align-items: end; }
    .modes .field { min-width: 12em; }
    button.toggle[aria-pressed=true] { background: var(--accent); color: var(--accent-fg); }
    .notice { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center; justify-content: space-between; }
    .notice p { margin: 0; }
    .deck { max-width: 46em; margin: 0 auto; }
    .stage { perspective: 1400px; }
    button.flip {
      display: grid; width: 100%; padding: 0; margin: 0; border: 0; background: transparent; color: var(--fg);
      font: inherit; font-weight: 400; text-align: left; cursor: pointer; min-height: 13em;
      transform-style: preserve-3d; transition: transform .45s ease; border-radius: var(--radius);
    }
    button.flip[aria-pressed=true] { transform: rotateY(180deg); }
    .face {
      grid-area: 1 / 1; display: flex; flex-direction: column; gap: .6em; min-width: 0;
      backface-visibility: hidden; -webkit-backface-visibility: hidden;
      border: 1px solid var(--border); border-radius: var(--radius); padding: 1.2em 1.4em 1em;
      background: var(--surface); box-shadow: 0 1px 2px color-mix(in srgb, var(--fg) 10%, transparent);
    }
    .face.back { transform: rotateY(180deg); background: var(--bg); border-color: var(--accent); border-width: 2px; }
    .face .kind { font-size: .78em; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); }
    .face .text { flex: 1; font-size: 1.18em; line-height: 1.45; overflow-wrap: anywhere; }
    .face.back .text { font-size: 1.05em; }
    .face .asked { font-size: .88em; color: var(--muted); padding-bottom: .5em; border-bottom: 1px solid var(--border); }
    .face .hint { font-size: .85em; color: var(--muted); }
    button.flip:focus-visible { box-shadow: none; }
    button.flip:focus-visible .face { box-shadow: var(--focus); }
    .grades { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .5em; margin-top: .9em; }
    .grades button {
      display: flex; flex-direction: column; align-items: center; justify-content: center; gap: .05em; padding: .35em .5em;
      background: var(--bg); color: var(--fg); border: 1px solid var(--border); border-bottom-width: 4px; min-height: 56px;
    }
    .grades button .when { font-size: .78em; font-weight: 500; color: var(--muted); }
    .grades button kbd { font-family: var(--mono); font-size: .72em; font-weight: 600; color: var(--muted); }
    .grades .again { border-bottom-color: var(--diverged); }
    .grades .hard { border-bottom-color: var(--oscillating); }
    .grades .good { border-bottom-color: var(--good); }
    .grades .easy { border-bottom-color: var(--accent); }
    @container (max-width: 480px) { .grades { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    .meta { display: flex; flex-wrap: wrap; gap: .4em 1em; justify-content: space-between; margin-top: .6em; font-size: .85em; color: var(--muted); }
    .done { max-width: 46em; margin: 0 auto; text-align: center; padding: 1.6em 1em; background: var(--surface); border-radius: var(--radius); }
    .done .big { font-size: 1.3em; font-weight: 700; margin: 0 0 .3em; }
    .done .row { justify-content: center; }
  `;

  /** The attribute `concept` (a concept id): only that concept's cards. */
  static get observedAttributes() {
    return ['concept'];
  }

  attributeChangedCallback(name) {
    if (name !== 'concept') return;
    const filter = this.conceptFilter();
    if (this.rendered && filter !== this.filter) {
      this.filter = filter;
      this.filterSelect.value = filter;
      this.index = 0;
      this.next();
    }
  }

  /** The concept of the attribute when some card has it; else '' (all), with a named notice. */
  conceptFilter() {
    const wanted = this.getAttribute('concept');
    const known = !wanted || cards.some((c) => c.concept === wanted);
    if (known) this.attributeProblems.delete('concept');
    else this.attributeProblems.set('concept', `concept="${wanted}": no card has this concept (ids: ${[...new Set(cards.map((c) => c.concept))].join(', ')}); showing all cards`);
    this.showAttributeNotice();
    return known && wanted ? wanted : '';
  }

  render() {
    this.storage = defaultStorage();
    const { progress, notice } = load(this.storage);
    this.states = progress.cards;
    this.studyAll = false;
    this.index = 0;          // position in the deck in "study all" mode
    this.current = null;     // the card on the table
    this.flipped = false;
    this.reviewed = 0;
    this.facts = null;

    this.filter = this.conceptFilter();

    this.notice = h('div', { class: 'callout warn notice', role: 'status', hidden: true });
    if (notice) this.showNotice(notice);

    this.count = h('p', { class: 'count', dataset: { testid: 'due-count' }, 'aria-live': 'polite' });
    this.modeButton = h('button', { type: 'button', class: 'secondary toggle', 'aria-pressed': 'false', dataset: { testid: 'study-all' }, onclick: () => this.setStudyAll(!this.studyAll) }, 'Study all');
    const used = new Set(cards.map((c) => c.concept));
    this.filterSelect = h('select', { name: 'concept', onchange: () => { this.filter = this.filterSelect.value; this.index = 0; this.next(); } },
      h('option', { value: '' }, 'All concepts'),
      concepts.filter((c) => used.has(c.id)).map((c) => h('option', { value: c.id }, c.title)));
    this.filterSelect.value = this.filter;

    this.frontText = h('span', { class: 'text' });
    this.backText = h('span', { class: 'text' });
    this.front = h('span', { class: 'face front' }, h('span', { class: 'kind' }, 'Question'), this.frontText,
      h('span', { class: 'hint' }, 'Tap or click to show the answer', h('span', { class: 'kbd-hint' }, ' (or press Space)')));
    this.backQuestion = h('span', { class: 'asked' });
    this.back = h('span', { class: 'face back', 'aria-hidden': 'true' }, h('span', { class: 'kind' }, 'Answer'), this.backQuestion, this.backText,
      h('span', { class: 'hint' }, 'How well did you know it? Grade below', h('span', { class: 'kbd-hint' }, ', or press 1–4')));
    this.flipButton = h('button', { type: 'button', class: 'flip', 'aria-pressed': 'false', dataset: { testid: 'card' }, onclick: () => this.flip() },
      this.front, this.back);
    this.live = h('p', { class: 'sr-only', 'aria-live': 'polite', dataset: { testid: 'card-back' } });
    this.gradeButtons = new Map(GRADES.map((g, i) => [g, h('button', {
      type: 'button', class: g, dataset: { testid: `grade-${g}`, grade: g }, title: GRADE_HINT[g],
      onclick: () => this.grade(g),
    }, h('span', {}, GRADE_TEXT[g], ' ', h('kbd', { class: 'kbd-hint', 'aria-hidden': 'true' }, String(i + 1))), h('span', { class: 'when' }))]));
    this.grades = h('div', { class: 'grades', role: 'group', 'aria-label': 'Grade your answer: each grade shows when the card comes back', hidden: true }, [...this.gradeButtons.values()]);
    this.meta = h('div', { class: 'meta' });
    this.table = h('div', { class: 'table' }, h('p', { class: 'muted' }, 'Preparing the deck with live numbers from the engine…'));

    this.root.append(this.card('Flash cards',
      'Revise the lesson in spaced repetition: cards you know come back after days, cards you miss come back in minutes.',
      this.notice,
      h('div', { class: 'top' },
        this.count,
        h('div', { class: 'modes' },
          h('label', { class: 'field' }, h('span', {}, 'Concept'), this.filterSelect),
          this.modeButton)),
      this.table, this.live));

    // 1–4 grade the card on the table when its answer shows (focus inside the module).
    this.listen(this, 'keydown', (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.composedPath()[0];
      if (target && /^(SELECT|INPUT|TEXTAREA)$/.test(target.tagName)) return;
      const g = GRADES[Number(event.key) - 1];
      if (g && this.current && this.flipped) { event.preventDefault(); this.grade(g); }
    });

    this.whenSeen(() => whenIdle(() => this.prepare()));
    // Failed cards come back after 10 minutes: keep the due count honest while the page is open.
    const timer = setInterval(() => {
      if (!this.facts) return;
      if (this.current) this.refreshCount();
      else this.next();  // the caught-up view: a failed card may be due again
    }, 30000);
    this.own(() => clearInterval(timer));
  }

  async prepare() {
    try {
      this.facts = await lessonFacts();
    } catch {
      this.facts = {};
    }
    this.facts ||= {};
    this.next();
  }

  fill(text) {
    return fillFacts(String(text), this.facts);
  }

  deck() {
    return this.filter ? cards.filter((c) => c.concept === this.filter) : cards;
  }

  showNotice(text) {
    setChildren(this.notice, h('p', {}, text),
      h('button', { type: 'button', class: 'secondary', onclick: () => { this.notice.hidden = true; } }, 'Dismiss'));
    this.notice.hidden = false;
  }

  setStudyAll(on) {
    this.studyAll = on;
    this.modeButton.setAttribute('aria-pressed', String(on));
    this.index = 0;
    this.next();
  }

  refreshCount() {
    const deck = this.deck();
    const now = Date.now();
    const due = dueCount(deck.map((c) => this.states[c.id]), now);
    setChildren(this.count, h('b', {}, String(due)), ' due · ', String(deck.length), deck.length === 1 ? ' card' : ' cards');
    this.count.dataset.due = String(due);
    return due;
  }

  /** Picks the next card: the most overdue due card, or the next in the deck in "study all". */
  next() {
    const deck = this.deck();
    const now = Date.now();
    this.refreshCount();
    let card = null;
    if (this.studyAll) {
      if (deck.length) card = deck[this.index % deck.length];
    } else {
      const due = deck.filter((c) => isDue(this.states[c.id], now));
      due.sort((a, b) => (this.states[a.id]?.due || 0) - (this.states[b.id]?.due || 0));
      card = due[0] || null;
    }
    this.current = card;
    if (card) this.showCard(card);
    else this.showDone(deck, now);
  }

  showCard(card) {
    const hadFocus = this.root.activeElement && this.root.activeElement !== this.modeButton && this.root.activeElement !== this.filterSelect;
    this.flipped = false;
    this.flipButton.setAttribute('aria-pressed', 'false');
    this.front.removeAttribute('aria-hidden');
    this.back.setAttribute('aria-hidden', 'true');
    this.frontText.textContent = this.fill(card.front);
    this.backText.textContent = this.fill(card.back);
    this.backQuestion.textContent = this.frontText.textContent;
    this.flipButton.dataset.card = card.id;
    this.live.textContent = '';
    this.grades.hidden = true;
    const deck = this.deck();
    const state = this.states[card.id];
    const concept = concepts.find((c) => c.id === card.concept);
    setChildren(this.meta,
      h('span', {}, concept ? concept.title : ''),
      h('span', {}, this.studyAll ? `Card ${(this.index % deck.length) + 1} of ${deck.length}` : (state ? `Seen before · ${state.lapses} ${state.lapses === 1 ? 'lapse' : 'lapses'}` : 'New card'),
        this.reviewed ? ` · ${this.reviewed} reviewed this session` : ''));
    if (this.table.firstChild !== this.stageEl) {
      this.stageEl ||= h('div', { class: 'deck' }, h('div', { class: 'stage' }, this.flipButton), this.grades, this.meta);
      this.table.replaceChildren(this.stageEl);
    }
    if (hadFocus) this.flipButton.focus({ preventScroll: true });
  }

  showDone(deck, now) {
    const upcoming = deck.map((c) => this.states[c.id]).filter(Boolean).sort((a, b) => a.due - b.due)[0];
    const active = this.root.activeElement;
    const hadFocus = active && (active === this.flipButton || this.grades.contains(active) || this.table.contains(active));
    const studyAll = h('button', { type: 'button', class: 'secondary', onclick: () => this.setStudyAll(true) }, 'Study all anyway');
    this.table.replaceChildren(h('div', { class: 'done', dataset: { testid: 'cards-done' } },
      h('p', { class: 'big' }, deck.length ? 'All caught up' : 'No cards here'),
      h('p', { class: 'muted' }, !deck.length ? 'Pick another concept.'
        : upcoming ? `No card is due now. The next one comes back ${describeDue(upcoming, now)}.` : 'No card is due now.'),
      deck.length ? h('div', { class: 'row' }, studyAll) : null));
    if (hadFocus) studyAll.focus({ preventScroll: true });
  }

  flip() {
    if (!this.current) return;
    this.flipped = !this.flipped;
    this.flipButton.setAttribute('aria-pressed', String(this.flipped));
    const [shown, hidden] = this.flipped ? [this.back, this.front] : [this.front, this.back];
    shown.removeAttribute('aria-hidden');
    hidden.setAttribute('aria-hidden', 'true');
    this.grades.hidden = !this.flipped;
    this.live.textContent = this.flipped ? `Answer: ${this.backText.textContent}` : '';
    if (this.flipped) {
      const now = Date.now();
      const state = this.states[this.current.id];
      for (const [g, button] of this.gradeButtons) {
        const when = describeDue(grade(state, g, now), now);
        button.querySelector('.when').textContent = when;
      }
    }
  }

  grade(g) {
    const card = this.current;
    if (!card || !this.flipped) return;
    const now = Date.now();
    const next = grade(this.states[card.id], g, now);
    const saved = update(this.storage, (progress) => { progress.cards[card.id] = next; });
    this.states = saved.progress.cards;
    this.states[card.id] = next;
    if (saved.notice) this.showNotice(saved.notice);
    this.reviewed += 1;
    if (this.studyAll) this.index += 1;
    this.emit('lrlab-card-graded', { card: card.id, concept: card.concept, grade: g, due: next.due });
    this.next();
  }
}

define('lr-lab-flashcards', Flashcards);
