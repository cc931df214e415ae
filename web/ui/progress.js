// The progress bar + Cancel button every heavy run shows (sweep lab, optimizers). It stays
// hidden for work that ends within PROGRESS_DELAY_MS, so quick runs never flash it.
import { h } from './dom.js';

/** Work shorter than this never shows the bar. */
export const PROGRESS_DELAY_MS = 250;

/**
 * @param {{label: string, onCancel: () => void, status?: HTMLElement}} options
 *        label: the bar's accessible name; status: where "Running … in the background" goes
 * @returns {{element: HTMLElement, start: (total: number, text?: string) => void,
 *            set: (done: number, total?: number) => void, finish: () => void, dispose: () => void}}
 */
export function progressBar({ label, onCancel, status }) {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': label });
  const element = h('div', { class: 'progress', hidden: true }, bar,
    h('button', { class: 'secondary', type: 'button', onclick: () => onCancel() }, 'Cancel'));
  let timer = 0;
  let shownText = null;
  const stop = () => { clearTimeout(timer); timer = 0; };
  return {
    element,
    /** A heavy run of `total` steps begins; the bar shows if it is still running after the delay. */
    start(total, text) {
      stop();
      bar.max = Math.max(1, total);
      bar.value = 0;
      timer = setTimeout(() => {
        timer = 0;
        element.hidden = false;
        if (status && text) { shownText = h('p', { class: 'muted' }, text); status.replaceChildren(shownText); }
      }, PROGRESS_DELAY_MS);
    },
    set(done, total) {
      if (total !== undefined) bar.max = Math.max(1, total);
      bar.value = done;
    },
    /** The run ended (or was dropped): hides the bar and the "running" text it put up. */
    finish() {
      stop();
      element.hidden = true;
      if (shownText && shownText.parentNode === status) shownText.remove();
      shownText = null;
    },
    dispose: stop,
  };
}
