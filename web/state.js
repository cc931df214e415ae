// The settings schema and the URL hash: the only place that touches the URL.
//
// Each lab declares its section once — name, type, default, range — with defineSection().
// That one schema drives the lab's controls (web/ui/controls.js), the URL hash (here) and
// the engine call the lab builds from the values. A copied URL reproduces the experiment;
// a URL with junk falls back to defaults and says what it ignored.

/**
 * @typedef {object} Field
 * @property {'enum'|'int'|'number'|'bool'} type
 * @property {string} label          shown beside the control
 * @property {any} default
 * @property {Array<[string, string]>} [choices]  enum: [value, label]
 * @property {number} [min] @property {number} [max]
 * @property {number} [step]
 * @property {boolean} [log]         number: a slider over log10 of the value
 * @property {string} [help]         one line shown as the control's description
 */

/** @type {Map<string, Record<string, Field>>} */
const sections = new Map();

/** Declares a section of the schema (once per lab). Returns the schema. */
export function defineSection(name, fields) {
  if (!sections.has(name)) sections.set(name, fields);
  return sections.get(name);
}

/** The schema of a section. */
export function schemaOf(name) {
  return sections.get(name);
}

/** Default values of a section. */
export function defaultsOf(name) {
  return Object.fromEntries(Object.entries(sections.get(name)).map(([k, f]) => [k, f.default]));
}

/**
 * Checks one value against its field. Returns {value} or {error}. Strings (from the URL)
 * are converted.
 */
export function checkValue(field, input) {
  switch (field.type) {
    case 'enum': {
      const value = String(input);
      const ok = field.choices.some(([v]) => v === value);
      return ok ? { value } : { error: `'${value}' is not one of ${field.choices.map(([v]) => v).join(', ')}` };
    }
    case 'bool': {
      if (input === true || input === 'true' || input === '1') return { value: true };
      if (input === false || input === 'false' || input === '0') return { value: false };
      return { error: `'${input}' is not true or false` };
    }
    case 'int':
    case 'number': {
      const value = typeof input === 'number' ? input : (String(input).trim() === '' ? NaN : Number(input));
      if (!Number.isFinite(value)) return { error: `'${input}' is not a number` };
      if (field.type === 'int' && !Number.isInteger(value)) return { error: `'${input}' is not a whole number` };
      if (value < field.min || value > field.max) return { error: `${value} is outside ${field.min} … ${field.max}` };
      return { value };
    }
    default:
      return { error: 'unknown field type' };
  }
}

/** Holds the current values of every section; emits 'change' with detail {section, keys}. */
export class SettingsStore extends EventTarget {
  constructor() {
    super();
    /** @type {Map<string, Record<string, any>>} */
    this.values = new Map();
  }

  /** The values of a section (defaults for anything unset). */
  get(section) {
    return { ...defaultsOf(section), ...(this.values.get(section) || {}) };
  }

  /**
   * Sets some values of a section. Invalid values are not applied; their messages return.
   * @returns {string[]} problems
   */
  set(section, patch, { silent = false } = {}) {
    const schema = sections.get(section);
    const current = this.values.get(section) || {};
    const problems = [];
    const keys = [];
    for (const [key, input] of Object.entries(patch)) {
      const field = schema?.[key];
      if (!field) { problems.push(`unknown setting ${section}.${key}`); continue; }
      const checked = checkValue(field, input);
      if (checked.error) { problems.push(`${field.label}: ${checked.error}`); continue; }
      if ((key in current ? current[key] : field.default) !== checked.value) keys.push(key);  // unset = default
      current[key] = checked.value;
    }
    this.values.set(section, current);
    if (keys.length && !silent) this.dispatchEvent(new CustomEvent('change', { detail: { section, keys } }));
    return problems;
  }

  /**
   * Replaces every section's values: what `values` gives, defaults for the rest (a link
   * describes a whole experiment). Emits 'change' for each section that changed.
   * @param {Map<string, Record<string, any>>} values
   */
  replaceAll(values) {
    for (const section of sections.keys()) {
      const next = { ...defaultsOf(section), ...(values.get(section) || {}) };
      const current = this.get(section);
      const keys = Object.keys(next).filter((k) => next[k] !== current[k]);
      this.values.set(section, next);
      if (keys.length) this.dispatchEvent(new CustomEvent('change', { detail: { section, keys } }));
    }
  }

  /** Calls fn(values, keys) whenever the section changes; returns an unsubscribe function. */
  subscribe(section, fn) {
    const listener = (event) => { if (event.detail.section === section) fn(this.get(section), event.detail.keys); };
    this.addEventListener('change', listener);
    return () => this.removeEventListener('change', listener);
  }
}

/**
 * Parses a URL hash ("#sweep.scaling=z_score&sweep.start=0.001") into section values.
 * Anything unknown or invalid is skipped and described in `problems`.
 * @returns {{values: Map<string, Record<string, any>>, problems: string[]}}
 */
export function parseHash(hash) {
  const values = new Map();
  const problems = [];
  const text = String(hash || '').replace(/^#/, '');
  if (!text) return { values, problems };
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    let name, raw;
    try {
      name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch {
      problems.push(`'${part.slice(0, 40)}' is not readable`);
      continue;
    }
    const dot = name.indexOf('.');
    const section = dot > 0 ? name.slice(0, dot) : '';
    const key = dot > 0 ? name.slice(dot + 1) : name;
    const field = sections.get(section)?.[key];
    if (!field) {
      if (!sections.has(section) && /^[a-z-]+$/.test(name) && !raw) continue;  // an in-page anchor (#sweep-lab)
      problems.push(`'${name.slice(0, 40)}' is not a setting`);
      continue;
    }
    const checked = checkValue(field, raw);
    if (checked.error) { problems.push(`${name}: ${checked.error}`); continue; }
    if (!values.has(section)) values.set(section, {});
    values.get(section)[key] = checked.value;
  }
  return { values, problems };
}

/** The hash for the store's values: only what differs from the defaults, in schema order. */
export function formatHash(store) {
  const parts = [];
  for (const [section, schema] of sections) {
    const current = store.get(section);
    for (const [key, field] of Object.entries(schema)) {
      const value = current[key];
      if (value === field.default) continue;
      const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
      parts.push(`${section}.${key}=${encodeURIComponent(text)}`);
    }
  }
  return parts.join('&');
}

/** The page's store. Embedded modules share it but never touch the URL unless bound. */
export const store = new SettingsStore();

/**
 * Binds the store to the page URL: applies the hash now (reporting junk through onNotice),
 * then keeps the hash in step with every change (history.replaceState: no history spam).
 */
export function bindUrl({ onNotice } = {}) {
  let applying = false;
  const apply = () => {
    const { values, problems } = parseHash(location.hash);
    applying = true;
    store.replaceAll(values);
    applying = false;
    if (problems.length && onNotice) onNotice(problems);
    return problems;
  };
  apply();
  // A link followed inside the page (or a hash typed by hand) loads that experiment.
  window.addEventListener('hashchange', () => {
    const { values } = parseHash(location.hash);
    if (values.size || !location.hash) { apply(); writeHash(); }
  });
  const writeHash = () => {
    const hash = formatHash(store);
    const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
  };
  store.addEventListener('change', () => { if (!applying) writeHash(); });
  return { apply };
}
