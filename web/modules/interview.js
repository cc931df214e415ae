// Interview prep: the five questions of the lesson, each with its tier, a short answer with
// numbers filled in live from the engine (web/study/facts.js), a "senior angle" revealed on
// demand, and a link that sets up the lab state that shows the answer.
import { LabModule, define } from './base.js';
import { h, setChildren, whenIdle } from '../ui/dom.js';
import { openLab } from '../state.js';
import { lessonFacts, fillFacts } from '../study/facts.js';
import questions from '../content/interview.json';


const TIERS = {
  beginner: { text: 'Beginner', level: 1 },
  intermediate: { text: 'Intermediate', level: 2 },
  expert: { text: 'Expert', level: 3 },
};

class Interview extends LabModule {
  static css = `
    ol.questions { list-style: none; padding: 0; margin: 0; display: grid; gap: .9em; counter-reset: q; }
    ol.questions > li { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1em 1.15em; min-width: 0; }
    .head { display: flex; flex-wrap: wrap; gap: .4em .75em; align-items: center; margin-bottom: .35em; }
    .head .n { font-weight: 700; color: var(--muted); font-variant-numeric: tabular-nums; }
    .tier { display: inline-flex; align-items: center; gap: .4em; padding: .12em .6em; border-radius: 999px; font-size: .8em; font-weight: 700; color: #fff; }
    .tier .pips { display: inline-flex; gap: 2px; }
    .tier .pips i { width: 6px; height: 6px; border-radius: 50%; background: currentColor; opacity: .35; }
    .tier .pips i.on { opacity: 1; }
    .tier.beginner { background: #17713a; }
    .tier.intermediate { background: #a4520a; }
    .tier.expert { background: #763a92; }
    @media (prefers-color-scheme: dark) {
      .tier { color: #0b1020; }
      .tier.beginner { background: var(--good); } .tier.intermediate { background: var(--oscillating); } .tier.expert { background: var(--unstable); }
    }
    h4.question { margin: .2em 0 .5em; font-size: 1.05em; line-height: 1.4; }
    .answer p { margin: .3em 0 .6em; }
    .actions { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center; justify-content: space-between; margin-top: .3em; }
    button.reveal { background: var(--bg); color: var(--accent); display: inline-flex; align-items: center; gap: .45em; }
    button.reveal::before { content: '▸'; display: inline-block; transition: transform .2s; }
    button.reveal[aria-expanded=true]::before { transform: rotate(90deg); }
    .senior { border-left: 4px solid var(--unstable); background: var(--bg); padding: .7em 1em; border-radius: 0 8px 8px 0; margin-top: .6em; }
    .senior b { display: block; font-size: .8em; letter-spacing: .05em; text-transform: uppercase; color: var(--muted); margin-bottom: .2em; }
    .senior p { margin: .25em 0 .5em; }
    a.lab { display: inline-flex; align-items: center; min-height: 44px; font-weight: 600; }
    a.lab::before { content: '→'; margin-right: .4em; }
  `;

  render() {
    this.list = h('ol', { class: 'questions' });
    this.status = h('div', { role: 'status', 'aria-live': 'polite' },
      h('p', { class: 'muted small' }, 'Filling in the live numbers from the engine…'));
    this.root.append(this.card('Interview prep',
      'Five questions you may be asked about learning rates, from beginner to expert. Answer each aloud first, then show the answer and compare; the senior angle is what sets a strong answer apart.',
      this.status, this.list));
    this.whenSeen(() => whenIdle(() => this.prepare()));
  }

  async prepare() {
    let facts = {};
    try {
      facts = (await lessonFacts()) || {};
      this.status.replaceChildren();
    } catch {
      this.showError(this.status, 'The live numbers could not be computed; the answers show without them.');
    }
    this.show(facts);
  }

  show(facts) {
    const fill = (text) => fillFacts(String(text), facts);
    const paragraphs = (text) => fill(text).split(/\n\s*\n/).map((p) => h('p', {}, p.trim()));
    setChildren(this.list, questions.map((q, i) => {
      const tier = TIERS[q.tier] || { text: q.tier, level: 0 };
      const panelId = `senior-${q.id}`;
      const panel = h('div', { class: 'senior', id: panelId, hidden: true, dataset: { testid: 'senior-angle' } },
        h('b', {}, 'Senior angle'), paragraphs(q.senior_angle));
      const button = h('button', {
        type: 'button', class: 'secondary reveal', 'aria-expanded': 'false', 'aria-controls': panelId,
        dataset: { testid: 'senior-toggle' },
        onclick: () => {
          const open = button.getAttribute('aria-expanded') !== 'true';
          button.setAttribute('aria-expanded', String(open));
          panel.hidden = !open;
          button.lastChild.textContent = open ? 'Hide the senior angle' : 'Show the senior angle';
        },
      }, h('span', {}, 'Show the senior angle'));
      // The answer stays hidden until asked: answer aloud first, then compare.
      const answerId = `answer-${q.id}`;
      const answer = h('div', { class: 'answer', id: answerId, hidden: true, dataset: { testid: 'answer' } }, paragraphs(q.answer));
      const actions = h('div', { class: 'actions', hidden: true }, button, this.labLink(q.lab));
      const ask = h('button', {
        type: 'button', class: 'secondary reveal', 'aria-expanded': 'false', 'aria-controls': answerId,
        dataset: { testid: 'answer-toggle' },
        onclick: () => {
          const open = ask.getAttribute('aria-expanded') !== 'true';
          ask.setAttribute('aria-expanded', String(open));
          answer.hidden = !open;
          actions.hidden = !open;
          if (!open) { panel.hidden = true; button.setAttribute('aria-expanded', 'false'); button.lastChild.textContent = 'Show the senior angle'; }
          ask.lastChild.textContent = open ? 'Hide the answer' : 'Show the answer';
        },
      }, h('span', {}, 'Show the answer'));
      return h('li', { dataset: { question: q.id, tier: q.tier } },
        h('div', { class: 'head' },
          h('span', { class: 'n', 'aria-hidden': 'true' }, `Q${i + 1}`),
          h('span', { class: `tier ${q.tier}`, dataset: { testid: 'tier' } },
            h('span', { class: 'pips', 'aria-hidden': 'true' }, [1, 2, 3].map((n) => h('i', { class: n <= tier.level ? 'on' : '' }))),
            h('span', { class: 'sr-only' }, 'Tier: '), tier.text)),
        h('h4', { class: 'question' }, fill(q.question)),
        ask, answer, actions, panel);
    }));
  }

  /** A link that opens the lab in the question's state (state.js's openLab) and scrolls to it. */
  labLink(lab) {
    if (!lab || !lab.hash) return null;
    const hash = String(lab.hash).replace(/^#/, '');
    return h('a', {
      class: 'lab', href: `#${hash}`, dataset: { testid: 'lab-link', section: lab.section },
      onclick: (event) => {
        const target = lab.section ? document.getElementById(lab.section) : null;
        if (!target) return;  // embedded without that lab: the link opens normally
        event.preventDefault();
        openLab(target, `#${hash}`);
      },
    }, lab.label || 'Open the lab');
  }
}

define('lr-lab-interview', Interview);
