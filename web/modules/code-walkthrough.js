// Code walkthrough: the engine's real training step, update policies and sweep loop, as
// extracted from cpp/ at build time by web/tools/extract-code.mjs (never pasted here), lightly
// highlighted, each next to the four-step mapping of SPEC §2: input/output contract →
// function per step → one tradeoff → one failure mode.
import { LabModule, define } from './base.js';
import { h, setChildren } from '../ui/dom.js';

/** The four-step mapping per excerpt id (our words; the code itself comes from the build). */
export const NOTES = {
  train: {
    contract: 'In: the objective (loss and gradient on the data), the run settings (optimizer, α or schedule, steps, seed) and the start weights. Out: a RunResult — loss and α per step, final weights, the final loss on all rows, and whether and when the run diverged.',
    steps: 'Each step: α from the schedule → loss and gradient (all rows, or one sampled mini-batch) → record the loss → divergence guard → optional gradient clipping → policy->update(θ, g, α). The update rule itself lives in the policy.',
    tradeoff: 'Mini-batches make a step cheap but noisy: the recorded loss is the batch\'s, so the curve is jagged even at a safe α. The final loss is measured again on all rows, so runs stay comparable.',
    failure: 'A loss that is no longer finite, or beyond a fixed multiple of its start, ends the run and marks it diverged at that step — the curve is not filled with NaN, and the sweep can still compare it.',
  },
  'update-momentum': {
    contract: 'In: the weights θ (updated in place), the gradient g and the step\'s rate α. The policy keeps its own state between steps (the velocity v for momentum). Out: nothing — θ has moved.',
    steps: 'Plain GD/SGD: θ ← θ − αg. Momentum (PyTorch form): v ← βv + g, then θ ← θ − αv.',
    tradeoff: 'Momentum accumulates: with β = 0.9 a steady gradient moves θ by up to 10α per step. It crosses shallow, ill-conditioned valleys much faster than plain GD, but it overshoots and rings before it settles.',
    failure: 'Overshoot: with momentum the loss can rise and fall in waves even with full batches. On a quadratic the run explodes once α exceeds (2 + 2β)/λmax.',
  },
  'update-adaptive': {
    contract: 'Same interface: θ, g and α in, θ updated in place. RMSProp keeps a running mean of g²; Adam keeps running means of g and g² and counts steps for the bias correction.',
    steps: 'RMSProp: s ← ρs + (1−ρ)g², θ ← θ − αg/(√s + ε). Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², bias-correct both, θ ← θ − α·m̂/(√v̂ + ε).',
    tradeoff: 'Dividing by √v̂ evens out the coordinates, so raw feature units hurt far less than with GD. The price: α is now roughly a step length per weight rather than a multiplier of the gradient, so good values differ from GD\'s (1e-3 is a common start).',
    failure: 'Because each step is about α per weight whatever the gradient\'s size, small gradients do not rescue a too-large α: the run bounces around the minimum at that scale instead of settling. Lower α or decay it with a schedule.',
  },
  'run-sweep': {
    contract: 'In: the problem (data and model), the sweep settings (log grid: start, factor, count; the shared run settings) and a progress callback. Out: a SweepResult — every run with its diagnosis, the recommended α with advice, and for linear models the curvature bounds.',
    steps: 'Build the log grid → validate once with its largest α → one shared objective and start point → for each α: train() a short window, report progress (the learner can cancel) → diagnose_sweep labels every run against the best one and picks the largest stable α.',
    tradeoff: 'Every α starts from the same weights and seed, so the curves differ only by α: a fair comparison. But the sweep sees only the window — a rate that looks fine for 200 steps can still drift later, so keep monitoring the real run.',
    failure: 'The pick is only as fine as the grid: with ×3 steps the true limit can be up to 3× above the pick, and if the top of the grid is still stable the limit lies beyond it — extend the grid before trusting the answer.',
  },
};

const STEPS = [['contract', 'Input / output contract'], ['steps', 'Function per step'], ['tradeoff', 'One tradeoff'], ['failure', 'One failure mode']];

const KEYWORDS = new Set(('alignas alignof auto bool break case catch char class const constexpr continue default delete do double else enum explicit '
  + 'extern false float for friend if inline int long mutable namespace new noexcept nullptr operator override private protected public '
  + 'return short signed sizeof static static_cast struct switch template this throw true try typedef typename union unsigned using '
  + 'virtual void volatile while').split(' '));

/**
 * Splits C++ source into [kind, text] tokens: comment, string, number, keyword, type, preproc
 * or plain. Light by design: enough to read, no grammar.
 */
export function tokenize(code) {
  const tokens = [];
  const push = (kind, text) => {
    const last = tokens[tokens.length - 1];
    if (kind === 'plain' && last && last[0] === 'plain') last[1] += text;
    else tokens.push([kind, text]);
  };
  let i = 0;
  while (i < code.length) {
    const rest = code.slice(i);
    let m;
    if (rest.startsWith('//')) {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? code.length : end;
      push('comment', code.slice(i, stop)); i = stop;
    } else if (rest.startsWith('/*')) {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? code.length : end + 2;
      push('comment', code.slice(i, stop)); i = stop;
    } else if ((m = /^"(?:[^"\\\n]|\\.)*"?|^'(?:[^'\\\n]|\\.)*'?/.exec(rest))) {
      push('string', m[0]); i += m[0].length;
    } else if ((m = /^#\s*\w+/.exec(rest)) && (i === 0 || code[i - 1] === '\n')) {
      push('preproc', m[0]); i += m[0].length;
    } else if ((m = /^(?:0x[\da-f]+|\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)[a-z]*/i.exec(rest))) {
      push('number', m[0]); i += m[0].length;
    } else if ((m = /^[A-Za-z_]\w*/.exec(rest))) {
      const word = m[0];
      push(KEYWORDS.has(word) ? 'keyword' : /^[A-Z]/.test(word) || word === 'std' ? 'type' : 'plain', word);
      i += word.length;
    } else {
      push('plain', code[i]); i += 1;
    }
  }
  return tokens;
}

/** Highlighted code as DOM nodes (text only: spans with classes, never markup from the source). */
export function highlight(code) {
  return tokenize(code).map(([kind, text]) => (kind === 'plain' ? document.createTextNode(text) : h('span', { class: `tok-${kind}` }, text)));
}

async function loadExcerpts() {
  // A glob import: the bundler includes the generated file when the build made it; without
  // it the import rejects at run time and the module says so instead of failing the page.
  // The pattern names this one file: a wider one (`${name}.generated.json`) also bundled the
  // settings schema a second time.
  const module = await import(`../study/code-excerpts${''}.generated.json`);
  const data = module.default ?? module;
  if (!Array.isArray(data) || !data.length) throw new Error('no excerpts');
  return data;
}

class CodeWalkthrough extends LabModule {
  static css = `
    .tabs { display: flex; flex-wrap: wrap; gap: .5em; margin: .5em 0 1em; }
    .tabs button[aria-selected=true] { background: var(--accent); color: var(--accent-fg); }
    .layout { display: grid; grid-template-columns: minmax(0, 1.7fr) minmax(0, 1fr); gap: 1em; align-items: start; }
    @container (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
    .where { font-size: .85em; color: var(--muted); margin: 0 0 .4em; }
    pre {
      margin: 0; padding: .8em 1em; background: var(--surface); border: 1px solid var(--border); border-radius: 8px;
      overflow: auto; max-height: 34em; font-size: .8em; line-height: 1.45; tab-size: 2;
    }
    pre:focus-visible { outline: none; box-shadow: var(--focus); }
    code { font-family: var(--mono); font-size: inherit; }
    @container (max-width: 560px) { pre { white-space: pre-wrap; overflow-wrap: anywhere; } }
    .tok-comment { color: #5c7a4a; font-style: italic; }
    .tok-string { color: #a3530b; }
    .tok-number { color: #0f6f8d; }
    .tok-keyword { color: #8a2ca8; font-weight: 600; }
    .tok-type { color: #1f55b8; }
    .tok-preproc { color: #9a5b00; }
    @media (prefers-color-scheme: dark) {
      .tok-comment { color: #93b884; } .tok-string { color: #f0a868; } .tok-number { color: #6fd0e8; }
      .tok-keyword { color: #d39bf0; } .tok-type { color: #8fb2ff; } .tok-preproc { color: #e8b465; }
    }
    ol.mapping { list-style: none; margin: 0; padding: 0; display: grid; gap: .6em; counter-reset: step; grid-template-columns: repeat(auto-fit, minmax(min(100%, 17em), 1fr)); }
    ol.mapping li { background: var(--surface); border-radius: 8px; padding: .6em .8em; counter-increment: step; }
    ol.mapping h4 { margin: 0 0 .2em; font-size: .9em; }
    ol.mapping h4::before { content: counter(step) ". "; color: var(--accent); }
    ol.mapping p { margin: 0; font-size: .9em; }
  `;

  render() {
    this.tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Code excerpts' });
    this.panel = h('div', { role: 'tabpanel' });
    this.status = h('div', { role: 'status' }, h('p', { class: 'muted' }, 'Loading the engine source…'));
    this.root.append(this.card('The engine\'s code',
      'The real C++ that runs in this page, taken from the engine source when the site is built: the training step, the update rules and the sweep loop, each read in four steps.',
      this.status, this.tabs, this.panel));
    loadExcerpts().then((excerpts) => this.show(excerpts), () => {
      this.status.replaceChildren(h('p', { class: 'error', role: 'alert', dataset: { testid: 'code-missing' } },
        'The code excerpts were not generated with this build (run node web/tools/extract-code.mjs before bundling), so the engine source cannot be shown here.'));
    });
  }

  show(excerpts) {
    this.status.replaceChildren();
    this.excerpts = excerpts;
    this.tabButtons = excerpts.map((ex, i) => h('button', {
      type: 'button', role: 'tab', class: 'secondary', id: `tab-${ex.id}`, 'aria-selected': 'false', tabindex: '-1',
      'aria-controls': 'code-panel', dataset: { testid: `code-tab-${ex.id}` },
      onclick: () => this.select(i), onkeydown: (e) => this.onTabKey(e, i),
    }, ex.title || ex.id));
    this.panel.id = 'code-panel';
    setChildren(this.tabs, this.tabButtons);
    this.select(0, false);
  }

  onTabKey(e, i) {
    const n = this.excerpts.length;
    const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.select(to);
  }

  select(index, focus = true) {
    const ex = this.excerpts[index];
    this.tabButtons.forEach((b, i) => {
      b.setAttribute('aria-selected', String(i === index));
      b.tabIndex = i === index ? 0 : -1;
    });
    if (focus) this.tabButtons[index].focus();
    this.panel.setAttribute('aria-labelledby', `tab-${ex.id}`);
    const notes = NOTES[ex.id];
    setChildren(this.panel,
      h('div', { class: 'layout' },
        h('figure', { style: 'margin:0' },
          h('figcaption', { class: 'where mono' }, `${ex.file}, lines ${ex.startLine}–${ex.endLine}`),
          h('pre', { tabindex: '0', 'aria-label': `${ex.title || ex.id}: C++ source, ${ex.file} lines ${ex.startLine} to ${ex.endLine}`, dataset: { testid: 'code-source' } },
            h('code', {}, highlight(ex.code)))),
        notes
          ? h('ol', { class: 'mapping', 'aria-label': 'Read in four steps' },
            STEPS.map(([key, title]) => h('li', {}, h('h4', {}, title), h('p', {}, notes[key]))))
          : h('p', { class: 'muted' }, 'No notes for this excerpt.')));
  }
}

define('lr-lab-code', CodeWalkthrough);
