// Tiny DOM helpers. Text always goes in as text (textContent), never as markup: names from
// a learner's CSV ("<b>x</b>") show literally.

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

/** Replaces an element's children. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A learning rate or loss as a learner reads it: 0.003, 1e-4, 2.41e+6. */
export function formatNumber(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)));
  const [mantissa, exponent] = x.toExponential(Math.max(0, digits - 1)).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return `${trimmed}e${exponent.replace('+', '')}`;
}

/** A fraction as a percentage: 0.982 → "98 %". */
export function formatPercent(x, digits = 0) {
  if (!Number.isFinite(x)) return '—';
  return `${(100 * x).toFixed(digits)} %`;
}

/** The diagnosis label as words. */
export function labelText(label) {
  return { too_low: 'too low', good: 'good', oscillating: 'oscillating', unstable: 'unstable', diverged: 'diverged' }[label] || label;
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

/** Runs fn when the page is idle (work not needed for the first paint), at the latest in 1.5 s. */
export function whenIdle(fn) {
  if (globalThis.requestIdleCallback) requestIdleCallback(fn, { timeout: 1500 });
  else setTimeout(fn, 200);
}
