// Form controls generated from the settings schema (web/state.js). Each control reads its
// value from the store and writes every input back to it; the lab reacts to the store.
import { h, formatNumber, setText, setAttr, setProp } from './dom.js';
import { schemaOf, store } from '../state.js';

let counter = 0;

/** The rungs of the 1-3-10 ladder between min and max (both kept when they are rungs). */
export function ladderValues(min, max) {
  const out = [];
  for (let decade = Math.floor(Math.log10(min)) - 1; decade <= Math.ceil(Math.log10(max)); ++decade) {
    for (const mantissa of [1, 3]) {
      const value = Number((mantissa * 10 ** decade).toPrecision(6));
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) out.push(value);
    }
  }
  return out;
}

/** The index of the rung nearest `value` on a log scale. */
export function nearestRung(ladder, value) {
  let best = 0;
  for (let i = 1; i < ladder.length; ++i) {
    if (Math.abs(Math.log(ladder[i] / value)) < Math.abs(Math.log(ladder[best] / value))) best = i;
  }
  return best;
}

/**
 * Builds the controls for `keys` of a section.
 * @param {string} section
 * @param {string[]} keys
 * @param {{store?: import('../state.js').SettingsStore}} [options]
 * @returns {{element: HTMLElement, refresh: () => void, controls: Map<string, HTMLElement>, dispose: () => void}}
 *          dispose() stops following the store (a lab calls it when it is torn down)
 */
export function renderControls(section, keys, options = {}) {
  const target = options.store || store;
  const schema = schemaOf(section);
  const controls = new Map();
  const refreshers = [];
  const element = h('div', { class: 'controls' });
  for (const key of keys) {
    const field = schema[key];
    const id = `c${++counter}-${section}-${key}`;
    const values = () => target.get(section);
    let control;
    let field_el;
    if (field.type === 'enum') {
      control = h('select', { id, name: key },
        field.choices.map(([value, label]) => h('option', { value }, label)));
      control.addEventListener('change', () => target.set(section, { [key]: control.value }));
      refreshers.push(() => setProp(control, 'value', String(values()[key])));
      field_el = h('label', { class: 'field', for: id }, h('span', {}, field.label), control);
    } else if (field.type === 'bool') {
      control = h('input', { id, name: key, type: 'checkbox' });
      control.addEventListener('change', () => target.set(section, { [key]: control.checked }));
      refreshers.push(() => setProp(control, 'checked', Boolean(values()[key])));
      field_el = h('label', { class: 'field check', for: id }, control, h('span', {}, field.label));
    } else if (field.log) {
      // A slider over the 1-3-10 ladder the lesson teaches (…, 1e-4, 3e-4, 0.001, 0.003, …):
      // each position is a round rate, as a ×3 sweep takes them; a value from a link that is
      // off the ladder shows as it is, the thumb at the nearest rung.
      const ladder = ladderValues(field.min, field.max);
      const output = h('output', { for: id, class: 'value' });
      control = h('input', {
        id, name: key, type: 'range', min: 0, max: ladder.length - 1, step: 1, 'aria-valuetext': '',
      });
      const show = (v) => { const text = formatNumber(v); setText(output, text); setAttr(control, 'aria-valuetext', text); };
      control.addEventListener('input', () => {
        const value = ladder[Number(control.value)];
        show(value);
        target.set(section, { [key]: value });
      });
      refreshers.push(() => { const v = values()[key]; setProp(control, 'value', String(nearestRung(ladder, v))); show(v); });
      field_el = h('label', { class: 'field', for: id }, h('span', {}, field.label, ' ', output), control);
    } else if (field.slider) {
      const output = h('output', { for: id, class: 'value' });
      control = h('input', { id, name: key, type: 'range', min: field.min, max: field.max, step: field.step || 1 });
      control.addEventListener('input', () => {
        setText(output, control.value);
        target.set(section, { [key]: Number(control.value) });
      });
      refreshers.push(() => { const v = String(values()[key]); setProp(control, 'value', v); setText(output, v); });
      field_el = h('label', { class: 'field', for: id }, h('span', {}, field.label, ' ', output), control);
    } else {
      control = h('input', {
        id, name: key, type: 'number', min: field.min, max: field.max,
        step: field.step || (field.type === 'int' ? 1 : 'any'), inputmode: field.type === 'int' ? 'numeric' : 'decimal',
      });
      const error = h('span', { class: 'error small', role: 'alert' });
      control.addEventListener('change', () => {
        const problems = target.set(section, { [key]: control.value });
        error.textContent = problems.length ? problems[0] : '';
        control.setAttribute('aria-invalid', problems.length ? 'true' : 'false');
      });
      refreshers.push(() => setProp(control, 'value', String(values()[key])));
      field_el = h('label', { class: 'field', for: id }, h('span', {}, field.label), control, error);
    }
    if (field.help) control.setAttribute('title', field.help);
    controls.set(key, control);
    element.append(field_el);
  }
  const refresh = () => refreshers.forEach((r) => r());
  refresh();
  const follow = (event) => { if (event.detail.section === section) refresh(); };
  target.addEventListener('change', follow);
  return { element, refresh, controls, dispose: () => target.removeEventListener('change', follow) };
}
