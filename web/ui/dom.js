// Tiny DOM helpers. Text always goes in as text (textContent), never as markup: names from
// a learner's CSV ("<b>x</b>") show literally. Number formatting lives in format.js (DOM-free)
// and is re-exported here for the views.
export { formatNumber, formatPercent, labelText, tidySentence, tidyNumbers } from './format.js';

/**
 * Creates an element: h('button', {class: 'secondary', onclick: fn}, 'Run').
 * Attributes starting with "on" become listeners; `null`/`false` attributes are skipped.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|number|null|undefined|false)} children
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Writes that leave the DOM alone when it already says the same: a slider drag re-applies
 * every control's value and a lab's status on each input, and each write, even of the same
 * value, queues style, layout or accessibility work for the frame.
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets (value: a string) or removes (value: null) an attribute, unless it already is so. */
export function setAttr(el, name, value) {
  if (value === null) { if (el.hasAttribute(name)) el.removeAttribute(name); } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Sets a DOM property (hidden, disabled, value, checked …) unless it already has that value. */
export function setProp(el, name, value) {
  if (el[name] !== value) el[name] = value;
}

/** Adds or removes a class, unless the element already has it so. */
export function setClass(el, name, on) {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

/** Replaces an element's children. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Triggers a download of text or a data URL. */
export function download(name, content, type = 'text/plain') {
  const url = content.startsWith?.('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  if (!content.startsWith?.('data:')) setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Resolves in a later task: work split by `await nextTask()` lets the page answer input and
 * paint between the pieces (no long task), in order.
 * @returns {Promise<void>}
 */
export function nextTask() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}

/** How far ahead of the viewport work waiting for the reader starts: one screen. */
export const AHEAD = '100% 0px 100% 0px';

/** How close to the viewport a chart waits to be drawn: a quarter screen. */
export const CLOSE = '25% 0px 25% 0px';

/**
 * Calls `fn` once, when the first of `boxes` comes within `margin` of the viewport (a screen
 * by default; at once without IntersectionObserver). Returns a function that stops waiting.
 * @param {Element[]} boxes @param {() => void} fn @param {string} [margin]
 * @returns {() => void}
 */
export function whenNear(boxes, fn, margin = AHEAD) {
  if (typeof IntersectionObserver === 'undefined') {
    fn();
    return () => {};
  }
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    fn();
  }, { rootMargin: margin });
  for (const box of boxes) observer.observe(box);
  return () => observer.disconnect();
}

/** Runs fn when the page is idle (work not needed for the first paint), at the latest in 1.5 s. */
export function whenIdle(fn) {
  if (globalThis.requestIdleCallback) requestIdleCallback(fn, { timeout: 1500 });
  else setTimeout(fn, 200);
}

/**
 * A disclosure for the long explanation behind a short block: a native <details> (keyboard:
 * Tab to the summary, Enter or Space toggles; touch: a 44 px row), closed by default, styled
 * by the design system's `details.more`. `body` goes in a wrapper the caller may refill.
 * @param {string|Node|Array<string|Node>} summary  what the reader gets by opening it
 * @param {...(Node|string|null)} body
 * @returns {HTMLDetailsElement & {body: HTMLElement}}
 */
export function disclosure(summary, ...body) {
  const inner = h('div', { class: 'more-body' }, ...body);
  const details = h('details', { class: 'more' }, h('summary', {}, summary), inner);
  details.body = inner;
  return details;
}
