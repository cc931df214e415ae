// The progress bar + Cancel button every heavy run shows (sweep lab, optimizers). It stays
// hidden for work that ends within PROGRESS_DELAY_MS, so quick runs never flash it.
import { h, setProp, setClass, setAttr } from './dom.js';

/** Work shorter than this never shows the bar. */
export const PROGRESS_DELAY_MS = 250;

/**
 * @param {{label: string, onCancel: () => void, status?: HTMLElement, busy?: HTMLElement}} options
 *        label: the bar's accessible name; status: where "Running … in the background" goes;
 *        busy: the results the run will replace, marked old (class `stale`, aria-busy) while the bar shows
 * @returns {{element: HTMLElement, start: (total: number, text?: string) => void,
 *            set: (done: number, total?: number) => void, finish: () => void, dispose: () => void}}
 */
export function progressBar({ label, onCancel, status, busy }) {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': label });
  const element = h('div', { class: 'progress', hidden: true }, bar,
    h('button', { class: 'secondary', type: 'button', onclick: () => onCancel() }, 'Cancel'));
  let timer = 0;
  let shownText = null;
  // The bar's figures are written to it only while it shows: a quick run (a slider drag on
  // the page's engine) starts, counts and finishes without touching the DOM.
  let max = 1;
  let value = 0;
  const paint = () => { setProp(bar, 'max', max); setProp(bar, 'value', value); };
  const stop = () => { clearTimeout(timer); timer = 0; };
  return {
    element,
    /** A heavy run of `total` steps begins; the bar shows if it is still running after the delay. */
    start(total, text) {
      stop();
      max = Math.max(1, total);
      value = 0;
      if (!element.hidden) paint();
      timer = setTimeout(() => {
        timer = 0;
        paint();
        element.hidden = false;
        if (busy) { busy.classList.add('stale'); busy.setAttribute('aria-busy', 'true'); }
        if (status && text) { shownText = h('p', { class: 'muted' }, text); status.replaceChildren(shownText); }
      }, PROGRESS_DELAY_MS);
    },
    set(done, total) {
      if (total !== undefined) max = Math.max(1, total);
      value = done;
      if (!element.hidden) paint();
    },
    /** The run ended (or was dropped): hides the bar and the "running" text it put up. */
    finish() {
      stop();
      setProp(element, 'hidden', true);
      if (busy) { setClass(busy, 'stale', false); setAttr(busy, 'aria-busy', null); }
      if (shownText && shownText.parentNode === status) shownText.remove();
      shownText = null;
    },
    dispose: stop,
  };
}
