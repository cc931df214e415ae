// The base of every lesson module: a custom element rendering into its own shadow root with
// the shared design system, getting the engine from the provider, and announcing what the
// learner did (the architecture flow and coverage listen for 'lrlab-activity').
import { sharedStyles, moduleStyles } from '../ui/styles.js';
import { getEngine } from '../engine/provider.js';
import { h } from '../ui/dom.js';

export class LabModule extends HTMLElement {
  /** Module-specific CSS (a string), adopted after the shared sheet. */
  static css = '';

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const sheets = [sharedStyles()];
    if (this.constructor.css) {
      if (!Object.hasOwn(this.constructor, 'sheet')) this.constructor.sheet = moduleStyles(this.constructor.css);
      sheets.push(this.constructor.sheet);
    }
    this.root.adoptedStyleSheets = sheets;
    this.rendered = false;
  }

  connectedCallback() {
    if (this.rendered) return;
    this.rendered = true;
    this.render();
  }

  /** Builds the module's DOM; subclasses override. */
  render() {}

  /** The engine (main thread). */
  engine() {
    return getEngine();
  }

  /**
   * Tells the page what the learner just did.
   * @param {string} step     a workflow step: start-small, log-sweep, short-windows, compare, pick-largest, schedule, monitor
   * @param {string} [concept] a lesson concept id (coverage)
   */
  activity(step, concept) {
    this.dispatchEvent(new CustomEvent('lrlab-activity', {
      bubbles: true, composed: true, detail: { step, concept, module: this.localName },
    }));
  }

  /** A titled card with an optional lead paragraph. */
  card(title, lead, ...children) {
    return h('section', { class: 'card' }, h('h3', {}, title), lead ? h('p', { class: 'muted' }, lead) : null, ...children);
  }

  /** Shows an error message in `el` (text only). */
  showError(el, message) {
    el.replaceChildren(h('p', { class: 'error', role: 'alert' }, message));
  }
}

/** Defines a custom element once (several bundles on one host page must not clash). */
export function define(name, constructor) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
