// The only importer of the WebAssembly engine. Loads it once and wraps its raw calls into
// a small async API that never throws: every method resolves to
//   { ok: true, value }  or  { ok: false, error }   (error: a message a learner can act on).
// The same module works in the page, in a Web Worker and in Node.
//
// The raw module returns plain JS data only (embind value_objects and Float64Array copies),
// so there are no embind handles to free: nothing returned aliases the WASM heap. Settings go
// in as plain objects; the engine reads and checks them against its own settings schema
// (names, types, whole numbers, ranges, choices) and names the setting at fault.

/**
 * @typedef {{ ok: true, value: any } | { ok: false, error: string, field?: string }} Result
 * `field`, when present, is the path of the one setting to blame ("optimizer.momentum").
 */

/**
 * @typedef {object} DataSpec
 * @property {string} [dataset]       built-in name ("house", "two_class", "nonlinear") or a loadCsv id
 * @property {number} [data_seed]     seed of the built-in data
 * @property {string} [scaling]       "none" | "min_max" | "z_score"
 * @property {string} [model]         "linear" | "logistic" | "mlp"
 * @property {number} [hidden_units]  MLP hidden units
 */

/**
 * @typedef {object} SweepConfig
 * @property {DataSpec} [data]
 * @property {object} [optimizer]   { kind, batch_size, momentum, rho, beta1, beta2, epsilon, clip_norm }
 * @property {object} [schedule]    { kind, gamma, step_size, exp_gamma, warmup_steps, min_lr, … } (engine.schema)
 * @property {number} [steps]       the training window
 * @property {number} [seed]
 * @property {number} [start]       first α of the grid
 * @property {string|number} [factor]  "x3" (1-3-10 ladder), "x10", or a number > 1
 * @property {number} [count]       number of α's (when end is 0)
 * @property {number} [end]         last α (0 = use count)
 */

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

/** Finds the module factory: a classic script's global, the Node build, or the ES module. */
async function defaultFactory() {
  if (typeof globalThis.createLRLab === 'function') return globalThis.createLRLab;
  if (isNode) {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    return require('./wasm/lrlab.node.cjs');
  }
  const module = await import(new URL('./wasm/lrlab.mjs', import.meta.url).href);
  return module.default;
}

/**
 * The engine's settings schema (cpp/lrlab/schema.hpp). The Node build answers schema()
 * itself; the browser builds leave that call out (size: cpp/wasm/node_api.cpp) and read the
 * same schema as the build wrote it from the Node build (web/tools/write-schema.mjs): bundled
 * with the page already (web/state.js reads it too), so importing it here costs nothing.
 * @param {any} raw the embind module
 */
async function schemaOf(raw) {
  if (typeof raw.schema === 'function') return JSON.parse(raw.schema());
  const module = await import('../study/settings-schema.generated.json', { with: { type: 'json' } });
  return module.default;
}

/**
 * The default settings of every call, read off the engine's settings schema:
 * {run, sweep, range_test, curvature, schedule} as plain objects, plus the engine's limits.
 * @param {any} schema the parsed settings schema (see cpp/lrlab/schema.hpp)
 */
export function defaultsFromSchema(schema) {
  const valuesOf = (group) => Object.fromEntries(Object.entries(group.fields).map(
    ([name, field]) => [name, field.type === 'group' ? valuesOf(field) : field.default]));
  const out = Object.fromEntries(Object.entries(schema.calls).map(([call, group]) => [call, valuesOf(group)]));
  out.limits = { ...schema.limits };
  return out;
}

/** A setting the engine cannot take, found while copying the settings (see plain()). */
class SettingsError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** Deepest nesting of settings groups the engine reads (data.problem… is 2). */
const MAX_SETTINGS_DEPTH = 8;

/**
 * Longest text a setting (a name, a dataset id) may be. Text crosses into the WASM heap
 * before the engine can check it, so it is bounded here.
 */
export const MAX_SETTING_TEXT = 1000;

/** A setting's text, refused when longer than MAX_SETTING_TEXT. */
function shortText(value, path) {
  if (value.length <= MAX_SETTING_TEXT) return value;
  const name = path || 'settings';
  throw new SettingsError(path, `${name} is text of ${value.length.toLocaleString('en-US')} characters; `
    + `a setting's text is at most ${MAX_SETTING_TEXT.toLocaleString('en-US')} (a name or an id)`);
}

/**
 * A plain copy of settings for the engine: numbers, text, booleans, null, undefined, lists
 * and objects with null prototypes (so the engine's lookups never reach Object.prototype's
 * `constructor` or `toString`), read once with Object.keys. Getters that throw, Proxies,
 * BigInts, Symbols and functions are refused here, in JS, as a SettingsError naming the
 * setting: nothing the engine reads from JS can throw while C++ frames are on the stack
 * (a JS exception unwinding through them would skip their destructors).
 * @param {any} value
 * @param {string} [path] the setting's path ('' for the whole settings)
 */
function plain(value, path = '', depth = 0) {
  const name = path || 'settings';
  switch (typeof value) {
    case 'undefined': case 'number': case 'boolean': return value;
    case 'string': return shortText(value, path);
    case 'bigint': throw new SettingsError(path, `${name} must be a number, got the BigInt ${String(value).slice(0, 30)}n`);
    case 'symbol': throw new SettingsError(path, `${name} must be a number or text, got a Symbol`);
    case 'function': throw new SettingsError(path, `${name} must be a value, got a function`);
    default: break;
  }
  if (value === null) return null;
  if (depth > MAX_SETTINGS_DEPTH) throw new SettingsError(path, `${name} is nested too deeply`);
  let keys;
  let list;
  try {
    list = Array.isArray(value);
    keys = Object.keys(value);
  } catch (error) {
    throw new SettingsError(path, `${name} could not be read (${describeError(error)})`);
  }
  const out = list ? [] : Object.create(null);
  for (const key of keys) {
    let item;
    try {
      item = value[key];
    } catch (error) {
      const at = path ? `${path}.${key}` : key;
      throw new SettingsError(at, `${at} could not be read (${describeError(error)})`);
    }
    out[key] = plain(item, path ? `${path}.${key}` : key, depth + 1);
  }
  return out;
}

/** An error's message, short, without calling anything that may throw again. */
function describeError(error) {
  try {
    const text = error && typeof error.message === 'string' ? error.message : typeof error;
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return 'an error';
  }
}

/**
 * Calls a raw engine function; any JS-side failure becomes an error result. Every public
 * method runs its whole body in here, so none rejects: a bad argument (null options, a
 * throwing getter, a Proxy, a BigInt) resolves to {ok: false, error, field?}.
 */
function guard(call) {
  try {
    return call();
  } catch (error) {
    if (error instanceof SettingsError) {
      const result = { ok: false, error: error.message };
      if (error.field) result.field = error.field;
      return result;
    }
    return { ok: false, error: `the engine could not run this request: ${describeError(error)}` };
  }
}

/** A short, safe description of a value for a message. */
function describeValue(value) {
  switch (typeof value) {
    case 'number': return String(value);
    case 'string': return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'bigint': return 'a BigInt';
    case 'symbol': return 'a Symbol';
    case 'function': return 'a function';
    case 'undefined': return 'undefined';
    default: return value === null ? 'null' : typeof value === 'boolean' ? String(value) : 'an object';
  }
}

/** The options object of a call, or {} when it is not one (null, a number…). */
function optionsOf(options) {
  return options !== null && typeof options === 'object' ? options : {};
}

/**
 * The engine API. Create it with loadEngine().
 */
export class Engine {
  /** @param {any} raw the embind module @param {any} schema the parsed settings schema (schemaOf) */
  constructor(raw, schema) {
    this.raw = raw;
    /** The engine's settings schema: every setting of every call (cpp/lrlab/schema.hpp). */
    this.schema = schema;
    /** Default settings of every call, as the engine defines them. */
    this.defaults = defaultsFromSchema(this.schema);
  }

  /** @returns {Promise<Result>} the built-in datasets: [{name, description, task, rows, features}] */
  async listDatasets() {
    return guard(() => this.raw.listDatasets());
  }

  /**
   * Parses CSV text into a dataset the other calls can use by its id.
   * @param {string} text  the file's contents
   * @param {{target?: string, name?: string}} [options]  target column (default: last), display name
   * @returns {Promise<Result>} {id, name, description, rows, features, feature_names, target_name, task}
   */
  async loadCsv(text, options = {}) {
    return guard(() => {
      if (typeof text !== 'string') return { ok: false, error: 'the CSV must be text' };
      const { target = '', name = '' } = plain(optionsOf(options));
      if (typeof target !== 'string' || typeof name !== 'string') {
        return { ok: false, error: 'the target column and the name must be text' };
      }
      const tooLarge = this.#textTooLarge(text);
      if (tooLarge) return tooLarge;
      return this.raw.loadCsv(text, target, name);
    });
  }

  /**
   * Loads a dataset another engine instance parsed (its getData answer: X_raw row-major and y
   * as Float64Arrays), checked as a CSV is. The page's engine takes a large CSV this way from
   * the Web Worker that parsed it, without parsing it on the main thread.
   * @param {{X: Float64Array, y: Float64Array, feature_names: string[], target_name: string, name?: string}} data
   * @returns {Promise<Result>} as loadCsv
   */
  async loadArrays(data) {
    return guard(() => {
      const { X, y, feature_names: names, target_name: target = '', name = '' } = optionsOf(data);
      if (!(X instanceof Float64Array) || !(y instanceof Float64Array)) return { ok: false, error: 'X and y must be Float64Arrays' };
      if (!Array.isArray(names) || names.length > this.defaults.limits.max_features) {
        return { ok: false, error: `feature_names must be a list of at most ${this.defaults.limits.max_features} names` };
      }
      const plainNames = names.map((n, i) => (typeof n === 'string' ? shortText(n, `feature_names.${i}`) : n));
      if (typeof target !== 'string' || typeof name !== 'string') {
        return { ok: false, error: 'the target column and the name must be text' };
      }
      return this.raw.loadArrays(X, y, plainNames, shortText(target, 'target_name'), shortText(name, 'name'));
    });
  }

  /**
   * The text crosses into the WASM heap (as UTF-8, up to 3 bytes a character) before the
   * engine reads a byte of it, and embind cannot report a failed allocation there: a text
   * over the engine's byte limit, or larger than the room left below the heap's ceiling, is
   * refused here. Null when it may go in.
   */
  #textTooLarge(text) {
    const limits = this.defaults.limits;
    const megabytes = (bytes) => `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
    if (text.length > limits.max_csv_bytes) {
      return { ok: false, error: `the file is over ${megabytes(text.length)}; the limit is ${megabytes(limits.max_csv_bytes)} — use a sample of the rows` };
    }
    const memory = this.raw.memoryStats();
    const room = memory.ok ? memory.value.heap_max - memory.value.in_use : Infinity;
    if (3 * text.length + 1048576 > room) {
      return { ok: false, error: `a file of ${megabytes(text.length)} needs more memory than LR Lab's engine has left (${megabytes(room)}); forget a loaded dataset or use a sample of the rows` };
    }
    return null;
  }

  /** @param {string} id @returns {Promise<Result>} */
  async forgetDataset(id) {
    return guard(() => {
      if (typeof id !== 'string') return { ok: false, error: 'the dataset id must be text' };
      shortText(id, 'id');
      return this.raw.forgetDataset(id);
    });
  }

  /**
   * One short run per α on a log grid, each diagnosed; the largest stable α recommended.
   * @param {SweepConfig} [config]
   * @param {{onProgress?: (done: number, total: number) => (boolean|void)}} [options]
   *        onProgress may return false to cancel (the runs so far are returned).
   * @returns {Promise<Result>} {data, runs[], recommended, stable_min, stable_max, advice, curvature, cancelled}
   */
  async runSweep(config, options = {}) {
    return guard(() => {
      const onProgress = optionsOf(options).onProgress;
      // The callback runs inside the sweep: whatever it throws ends the sweep as cancelled.
      const progress = typeof onProgress === 'function'
        ? (done, total) => { try { return onProgress(done, total) !== false; } catch { return false; } }
        : undefined;
      return this.raw.runSweep(plain(config), progress);
    });
  }

  /**
   * One training run (optionally with a schedule and the parameter path).
   * @returns {Promise<Result>} {data, run, curvature}
   */
  async runTraining(config) {
    return guard(() => this.raw.runTraining(plain(config)));
  }

  /**
   * The LR range test (fastai defaults) with its three suggestions.
   * @returns {Promise<Result>} {data, learning_rate, loss, smoothed_loss, stopped_early, valley, steepest, minimum_div10, …}
   */
  async rangeTest(config) {
    return guard(() => this.raw.rangeTest(plain(config)));
  }

  /**
   * Hessian eigenvalues and the rate bounds; loss contours in (w₁, w₂) for linear regression.
   * @returns {Promise<Result>} {data, report, contours}
   */
  async curvature(config) {
    return guard(() => this.raw.curvature(plain(config)));
  }

  /**
   * α(t) for every step of a run.
   * @param {object} schedule  { kind, … } (see defaults.schedule)
   * @param {number} peak      the peak learning rate
   * @param {number} steps
   * @returns {Promise<Result>} Float64Array
   */
  async schedulePreview(schedule, peak, steps) {
    return guard(() => {
      if (typeof peak !== 'number') throw new SettingsError('peak', `peak learning rate must be a number, got ${describeValue(peak)}`);
      if (typeof steps !== 'number') throw new SettingsError('steps', `steps must be a whole number, got ${describeValue(steps)}`);
      return this.raw.schedulePreview(plain(schedule, 'schedule'), peak, steps);  // the engine checks the range
    });
  }

  /**
   * The rows of a dataset as the model sees them (scaled) and in raw units, row-major.
   * @param {DataSpec} [data]
   * @returns {Promise<Result>} {summary, X, X_raw, y}
   */
  async getData(data) {
    return guard(() => this.raw.getData(plain(data, 'data')));
  }

  /**
   * Times the sweep kernel inside the module (for benchmarks).
   * @returns {Promise<Result>} {ms_per_sweep, checksum}
   */
  async benchmarkSweep(config, repetitions = 100, useGramPath = true) {
    return guard(() => this.raw.benchmarkSweep(plain(config), Number(repetitions), Boolean(useGramPath)));
  }

  /** The training step against the hand-written reference loop, timed inside the module (benchmarks). */
  async benchmarkKernel(config, repetitions = 100) {
    return guard(() => this.raw.benchmarkKernel(plain(config), Number(repetitions)));
  }

  /**
   * What a call would cost, before running it: the engine's estimate of its floating-point
   * operations, from the same decisions the call makes (Gram path, batch, grid length).
   * @param {'runSweep'|'runTraining'|'rangeTest'|'curvature'} method
   * @returns {Promise<Result>} {work, rows, features}
   */
  async estimateCost(method, config) {
    return guard(() => {
      if (typeof method !== 'string') return { ok: false, error: `method must be text, got ${describeValue(method)}` };
      shortText(method, 'method');
      return this.raw.estimateCost(method, plain(config));
    });
  }

  /** @returns {Promise<Result>} {in_use, heap_size} bytes of the WASM heap */
  async memoryStats() {
    return guard(() => this.raw.memoryStats());
  }
}

let loading = null;

/**
 * Loads the WebAssembly engine once per realm (page, worker, Node process).
 * @param {{factory?: () => Promise<any>}} [options] a module factory to use instead of the default
 * @returns {Promise<Engine>}
 */
export function loadEngine(options = {}) {
  if (options.factory) return options.factory().then(async (raw) => new Engine(raw, await schemaOf(raw)));
  if (!loading) {
    loading = defaultFactory()
      .then((factory) => factory())
      .then(async (raw) => new Engine(raw, await schemaOf(raw)));
    loading.catch(() => { loading = null; });  // a failed load may be retried
  }
  return loading;
}
