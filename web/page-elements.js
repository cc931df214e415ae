// The lesson page's custom elements, defined in two waves so that a first visit fetches and
// runs only what its first screen needs (the page's size and start-up budgets, SPEC §4):
//  - at once: the theory module (the first screen's), and the workflow and the coverage list,
//    which must hear every lab's 'lrlab-activity' from the start (a link can jump past them);
//  - the others, the sweep lab included, when their section comes within a screen of the
//    viewport (scrolling, the skip link, a section link, a link into a lab, find-in-page): a
//    dynamic import, which esbuild turns into a chunk of web/bundle/ beside page.js (the
//    service worker precaches them all for offline use). Until then the element is an
//    empty, not-yet-defined tag holding a screen's height (web/page.css); defining it
//    upgrades it in place.
// The single-file lr-lab.html is bundled without code splitting (its build defines
// __LRLAB_SINGLE_FILE__): the code is all there already, so every element is defined at once.
// The embedding script (web/elements.js) defines every element eagerly and is unaffected.
import { whenNear } from './ui/dom.js';
import './modules/theory.js';
import './modules/architecture.js';
import './modules/coverage.js';

/**
 * What to import for each element defined later. The range test's "use in schedules" writes
 * into the schedules lab's store, so the schedules lab comes with it.
 * @type {Record<string, () => Promise<unknown>>}
 */
export const LATER = {
  'lr-lab-sweep': () => import('./modules/sweep-lab.js'),
  'lr-lab-scaling': () => import('./modules/scaling-lab.js'),
  'lr-lab-range-test': () => Promise.all([import('./modules/range-test.js'), import('./modules/schedules.js')]),
  'lr-lab-schedules': () => import('./modules/schedules.js'),
  'lr-lab-optimizers': () => import('./modules/optimizers.js'),
  'lr-lab-tradeoffs': () => import('./modules/tradeoffs.js'),
  'lr-lab-drill': () => import('./modules/practice.js'),
  'lr-lab-failure-lab': () => import('./modules/practice.js'),
  'lr-lab-reorder': () => import('./modules/practice.js'),
  'lr-lab-code': () => import('./modules/practice.js'),
  'lr-lab-interview': () => import('./modules/practice.js'),
  'lr-lab-flashcards': () => import('./modules/practice.js'),
};

/**
 * Defines the later elements of `root` when their section nears the viewport (all at once in
 * the single file, or without IntersectionObserver).
 * @param {ParentNode} [root]
 */
export function defineLater(root = document) {
  /** @type {Map<Element, Set<string>>} observed box → the tags it holds */
  const boxes = new Map();
  for (const tag of Object.keys(LATER)) {
    for (const el of root.querySelectorAll(tag)) {
      // Sections are laid out (content-visibility: auto keeps their reserved size) even while
      // their contents are skipped, so the section is what the observer watches.
      const box = el.closest('section') || el;
      if (!boxes.has(box)) boxes.set(box, new Set());
      boxes.get(box).add(tag);
    }
  }
  if (!boxes.size) return;
  const load = (tags) => {
    for (const tag of tags) loadWithRetry(tag, [...root.querySelectorAll(tag)]);
  };
  // eslint-disable-next-line no-undef
  const singleFile = typeof __LRLAB_SINGLE_FILE__ !== 'undefined' && __LRLAB_SINGLE_FILE__;
  if (singleFile) {
    for (const tags of boxes.values()) load(tags);
    return;
  }
  for (const [box, tags] of boxes) whenNear([box], () => load(tags));
}

/** Waits (ms) before each new try of a module whose code did not arrive; then the reader decides. */
export const RETRY_DELAYS = [1000, 2000, 4000];

/**
 * Imports a later element's code. A fetch that fails (a dropped connection, a server
 * restarting) is tried again after RETRY_DELAYS (at once when the browser comes back
 * online), since the browser fetches a failed module again on the next import. If every try
 * fails, the element's place says so, with a button that tries again: the rest of the page
 * keeps working and nothing the reader did is lost.
 * @param {string} tag @param {Element[]} elements  where a failure is shown
 */
function loadWithRetry(tag, elements) {
  let attempt = 0;
  const tryOnce = () => {
    LATER[tag]().then(() => {
      for (const el of elements) failureBox(el)?.remove();
    }, (error) => {
      console.warn(`LR Lab: could not load <${tag}> (try ${attempt + 1}): ${error?.message || error}`);
      if (attempt < RETRY_DELAYS.length) {
        const delay = RETRY_DELAYS[attempt++];
        const again = () => { clearTimeout(timer); removeEventListener('online', again); tryOnce(); };
        const timer = setTimeout(again, delay);
        addEventListener('online', again);
        return;
      }
      console.error(`LR Lab: could not load <${tag}>`, error);
      for (const el of elements) showLoadFailure(el, () => { attempt = 0; tryOnce(); });
    });
  };
  tryOnce();
}

/** The load-failure message shown before `el`, if any. */
function failureBox(el) {
  const box = el.previousElementSibling;
  return box?.classList.contains('load-failed') ? box : null;
}

/** The message in a module's place when its code could not be fetched, with a retry button. */
function showLoadFailure(el, retry) {
  const shown = failureBox(el);
  if (shown) {  // a retry by the button failed too: the button works again
    const button = shown.querySelector('button');
    button.disabled = false;
    button.textContent = 'Try again';
    return;
  }
  const box = document.createElement('div');
  box.className = 'notice load-failed';
  box.setAttribute('role', 'alert');
  const text = document.createElement('p');
  text.textContent = 'This part of the lesson could not be loaded: the connection to the site failed. The rest of the page works, and your settings are kept.';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Try again';
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Loading…';
    retry();
  });
  box.append(text, button);
  el.before(box);
}

export { whenNear };
