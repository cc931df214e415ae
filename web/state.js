// The settings schema and the URL hash: the only place that touches the URL.
//
// The engine describes every setting once (cpp/lrlab/field.hpp): name, type, default, range,
// choices, which optimizer or schedule kinds read it. The build writes that description to
// web/study/settings-schema.generated.json; fromEngine() turns one engine setting into a page
// field, adding only what is the page's: its label, the words for its choices, a narrower
// range for the control, slider or log presentation, and the lab's own default. Each lab
// declares its section once with defineSection(); that one schema drives the lab's controls
// (web/ui/controls.js), the URL hash (here) and the engine call the lab builds from the
// values. A copied URL reproduces the experiment; a URL with junk falls back to defaults and
// says what it ignored.
import engineSchema from './study/settings-schema.generated.json' with { type: 'json' };
import { formatNumber } from './ui/format.js';

export { engineSchema };

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
 * @property {string} [engine]       the engine setting it sets ("sweep.optimizer.momentum")
 * @property {string[]} [usedBy]     the optimizer / schedule / model kinds that read it (engine)
 */

/**
 * The page's words for the engine's choices (the values themselves come from the engine's
 * name tables). Keyed by the setting's name, or for a `kind` by its group.
 */
export const CHOICE_LABELS = {
  dataset: { house: 'House prices', two_class: 'Two classes', nonlinear: 'Non-linear' },
  scaling: { none: 'none (raw units)', min_max: 'min-max', z_score: 'z-score', center: 'centre only', unit_variance: 'divide by spread only' },
  model: { linear: 'linear regression', logistic: 'logistic regression', mlp: 'MLP (1 hidden layer)' },
  optimizer: { gd: 'GD (full batch)', sgd: 'mini-batch SGD', momentum: 'momentum', nesterov: 'Nesterov', rmsprop: 'RMSProp', adam: 'Adam' },
  schedule: {
    constant: 'constant', step: 'step decay', exponential: 'exponential decay', warmup_cosine: 'warm-up + cosine',
    sgdr: 'SGDR (warm restarts)', triangular: 'triangular (cyclical)', one_cycle: 'one-cycle',
  },
  factor: { x3: '×3 (1-3-10)', x10: '×10' },
};

const PAGE_TYPE = { number: 'number', integer: 'int', boolean: 'bool', choice: 'enum', factor: 'enum', dataset: 'enum' };

/**
 * The engine's description of a setting, by path: "sweep.optimizer.momentum", "schedule.gamma".
 * @returns {{setting: any, key: string} | null}  key: the choice-label key (see CHOICE_LABELS)
 */
export function engineSetting(path) {
  const parts = String(path).split('.');
  let node = engineSchema.calls[parts[0]];
  let group = parts[0];
  for (let i = 1; node && i < parts.length; ++i) {
    if (node.type !== 'group') return null;
    if (i < parts.length - 1) group = parts[i];
    node = node.fields[parts[i]];
  }
  if (!node || node.type === 'group' || parts.length < 2) return null;
  const name = parts[parts.length - 1];
  return { setting: node, key: name === 'kind' ? group : name };
}

/**
 * A page field for one engine setting: type, range, choices, help and default from the engine;
 * `page` adds the label and may narrow (never widen) the range, pick a subset of the choices
 * (`only`), word them its own way (`labels`), add page-only choices (`extra`, e.g. a loaded
 * CSV), and set the lab's default.
 * @param {string} path  the engine setting ("sweep.optimizer.kind")
 * @param {Partial<Field> & {only?: string[], extra?: Array<[string, string]>, labels?: Record<string, string>}} page
 * @returns {Field}
 */
export function fromEngine(path, page) {
  const found = engineSetting(path);
  if (!found) throw new Error(`the engine has no setting '${path}'`);
  const { setting, key } = found;
  const { only, extra = [], labels = {}, ...rest } = page;
  const field = { type: PAGE_TYPE[setting.type], help: setting.help, engine: path, ...rest };
  if (setting.used_by) field.usedBy = setting.used_by;
  if (field.type === 'enum') {
    const values = only || setting.choices;
    const unknown = values.filter((v) => !setting.choices.includes(v) && setting.type === 'choice');
    if (unknown.length) throw new Error(`'${path}' has no choice ${unknown.join(', ')}`);
    field.choices = [...values.map((v) => [v, labels[v] ?? CHOICE_LABELS[key]?.[v] ?? v]), ...extra];
  } else if (field.type !== 'bool') {
    if (field.min === undefined) field.min = setting.min;
    if (field.max === undefined) field.max = setting.max;
    const below = setting.min_open ? field.min <= setting.min : field.min < setting.min;
    const above = setting.max_open ? field.max >= setting.max : field.max > setting.max;
    if (!(Number.isFinite(field.min) && Number.isFinite(field.max)) || below || above) {
      throw new Error(`the page range [${field.min}, ${field.max}] of '${path}' is not inside the engine's`);
    }
  }
  if (field.default === undefined) field.default = setting.default;
  return field;
}

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
    /** True while a link (the URL hash) is being applied: the change is not the learner's doing. */
    this.applyingLink = false;
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
      const field = schema && Object.hasOwn(schema, key) ? schema[key] : undefined;  // not Object.prototype's names
      if (!field) { problems.push(`unknown setting ${shorten(`${section}.${key}`)}`); continue; }
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

/** Problems quoted from a link stay short: a 100 KB value gives a line, not 100 KB of notice. */
export const MAX_PROBLEM_LENGTH = 120;

function shorten(text, length = MAX_PROBLEM_LENGTH) {
  const chars = [...String(text)];
  return chars.length > length ? `${chars.slice(0, length - 1).join('')}…` : chars.join('');
}

/**
 * A problem with one setting of a link, in the learner's words: the control's label, what
 * was wrong and what would be right ("Start α: 1e+308 is too large — it goes from 1e-7 to 10").
 */
export function plainProblem(field, raw) {
  const quoted = `“${shorten(raw, 30)}”`;
  if (field.type === 'enum') return `${field.label}: ${quoted} is not one of its choices (${field.choices.map(([, label]) => label).join(', ')})`;
  if (field.type === 'bool') return `${field.label}: ${quoted} is neither on nor off`;
  const value = String(raw).trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) return `${field.label}: ${quoted} is not a number`;
  if (field.type === 'int' && !Number.isInteger(value)) return `${field.label}: ${quoted} is not a whole number`;
  return `${field.label}: ${formatNumber(value)} is too ${value < field.min ? 'small' : 'large'} — it goes from ${formatNumber(field.min)} to ${formatNumber(field.max)}`;
}

/**
 * Parses a URL hash ("#sweep.scaling=z_score&sweep.start=0.001") into section values.
 * Anything unknown or invalid is skipped and described in `problems` (for developers: the
 * setting's name and the check that failed) and in `notes` (the same, in plain words).
 * @returns {{values: Map<string, Record<string, any>>, problems: string[], notes: string[]}}
 */
export function parseHash(hash) {
  const values = new Map();
  const problems = [];
  const notes = [];
  const text = String(hash || '').replace(/^#/, '');
  if (!text) return { values, problems, notes };
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    let name, raw;
    try {
      name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      raw = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch {
      problems.push(`'${part.slice(0, 40)}' is not readable`);
      notes.push('a part of the link was garbled and could not be read');
      continue;
    }
    const dot = name.indexOf('.');
    const section = dot > 0 ? name.slice(0, dot) : '';
    const key = dot > 0 ? name.slice(dot + 1) : name;
    const schema = sections.get(section);
    const field = schema && Object.hasOwn(schema, key) ? schema[key] : undefined;  // '__proto__', 'constructor': not settings
    if (!field) {
      if (!sections.has(section) && /^[a-z-]+$/.test(name) && !raw) continue;  // an in-page anchor (#sweep-lab)
      problems.push(`'${shorten(name, 40)}' is not a setting`);
      notes.push(`“${shorten(name, 40)}” is not a setting of this page`);
      continue;
    }
    const checked = checkValue(field, raw);
    if (checked.error) { problems.push(shorten(`${name}: ${checked.error}`)); notes.push(plainProblem(field, raw)); continue; }
    if (!values.has(section)) values.set(section, {});
    values.get(section)[key] = checked.value;
  }
  return { values, problems, notes };
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

/** The page's store: every lab of the lesson page (index.html) uses it, bound to the URL. */
export const store = new SettingsStore();

/**
 * Whether the labs share the page's store. The lesson page sets `shared` (web/lesson.js,
 * imported before the elements are defined); an embedded lab owns a store of its own unless
 * the host opts in with the attribute `bind-url` (web/modules/base.js).
 */
export const lessonPage = { shared: false };

// A gesture in progress: a pointer pressed or a key held (a slider drag, arrow-key
// auto-repeat). What can wait for its end — the URL hash, a lab's table, summaries and
// secondary charts — waits (afterGesture); the rest of a frame's work runs at once. Writing
// the hash forces a style and layout pass and a favicon re-fetch in Chromium: once per
// drag, not once per input. The listeners are installed on first use (Node never calls it).
const gesture = { pointers: new Set(), keys: new Set(), waiting: new Set(), installed: false };

/** True while a pointer is pressed or a key is held anywhere on the page. */
export function gestureActive() {
  return gesture.pointers.size > 0 || gesture.keys.size > 0;
}

/**
 * Calls fn now when no gesture is in progress, else once the gesture ends. Returns a function
 * that cancels a call still waiting.
 */
export function afterGesture(fn) {
  installGestureListeners();
  if (!gestureActive()) { fn(); return () => {}; }
  let cancelled = false;  // also after the release, until its task runs
  const entry = () => { if (!cancelled) fn(); };
  gesture.waiting.add(entry);
  return () => { cancelled = true; gesture.waiting.delete(entry); };
}

function installGestureListeners() {
  if (gesture.installed || typeof window === 'undefined') return;
  gesture.installed = true;
  // What waited for the gesture's end runs in tasks of its own, in order (the URL write, a
  // lab's details, its activity…): no long task when the finger lifts.
  const release = () => {
    if (gestureActive()) return;
    const waiting = [...gesture.waiting];
    gesture.waiting.clear();
    for (const fn of waiting) setTimeout(fn, 0);
  };
  const opts = { capture: true, passive: true };
  window.addEventListener('pointerdown', (e) => gesture.pointers.add(e.pointerId), opts);
  for (const type of ['pointerup', 'pointercancel']) {
    window.addEventListener(type, (e) => { gesture.pointers.delete(e.pointerId); release(); }, opts);
  }
  window.addEventListener('keydown', (e) => { if (!e.isComposing) gesture.keys.add(e.code || e.key); }, opts);
  window.addEventListener('keyup', (e) => { gesture.keys.delete(e.code || e.key); release(); }, opts);
  const reset = () => { gesture.pointers.clear(); gesture.keys.clear(); release(); };
  window.addEventListener('blur', reset);
  document.addEventListener('visibilitychange', () => { if (document.hidden) reset(); });
}

/**
 * Binds the store to the page URL: applies the hash now (reporting junk through
 * onNotice(problems, notes) and cleaning it out of the address, which then holds what was
 * applied), then keeps the hash in step with every change (history.replaceState: no history spam).
 */
export function bindUrl({ onNotice } = {}) {
  let applying = false;
  const writeHash = () => {
    const hash = formatHash(store);
    const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
  };
  const apply = () => {
    const { values, problems, notes } = parseHash(location.hash);
    applying = true;
    store.applyingLink = true;
    try {
      store.replaceAll(values);
    } finally {
      applying = false;
      store.applyingLink = false;
    }
    if (problems.length) {
      writeHash();  // the junk leaves the address: a copied link holds what was applied
      onNotice?.(problems, notes);
    }
    return problems;
  };
  apply();
  // A link followed inside the page (or a hash typed by hand) loads that experiment.
  window.addEventListener('hashchange', () => {
    const { values } = parseHash(location.hash);
    if (values.size || !location.hash) { apply(); writeHash(); }
  });
  // During a drag the hash is written once, when it ends (afterGesture).
  let writeWaiting = false;
  store.addEventListener('change', () => {
    if (applying || writeWaiting) return;
    writeWaiting = true;
    afterGesture(() => { writeWaiting = false; writeHash(); });
  });
  return { apply };
}

/**
 * Opens a lab in a given state — what a link from one module into another does. Each
 * section named in `settings` takes those values and the defaults for the rest of it (a
 * link describes a whole experiment); other sections keep theirs. The URL follows through
 * bindUrl. Then the lab is scrolled into view and focused (when focusable).
 * @param {Element|string|null} target  the lab, or the id of the page section holding it
 * @param {string|Map<string, Record<string, any>>} settings  a link hash
 *        ('#sweep.scaling=z_score&…') or section → values (as parseHash gives them)
 * @returns {{problems: string[], shown: boolean}}  settings that could not be used; whether a lab was scrolled to
 */
export function openLab(target, settings) {
  const parsed = typeof settings === 'string' ? parseHash(settings) : { values: settings, problems: [] };
  const problems = [...parsed.problems];
  const element = typeof target === 'string' ? document.getElementById(target) : target;
  // An embedded lab's own store when the target is that lab; else the page's (the lesson page,
  // where every lab uses it).
  const into = element?.store instanceof SettingsStore ? element.store : store;
  for (const [section, values] of parsed.values) problems.push(...into.set(section, { ...defaultsOf(section), ...values }));
  if (!element) return { problems, shown: false };
  element.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  if (element.hasAttribute('tabindex')) element.focus({ preventScroll: true });
  return { problems, shown: true };
}
