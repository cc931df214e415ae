// How numbers and labels read on the page, DOM-free (tested in Node).

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

/**
 * A fraction as a percentage: 0.982 → "98 %", 523 → "52,300 %". Never in exponent form and
 * never "-0 %": a value that rounds to zero is "0 %".
 */
export function formatPercent(x, digits = 0) {
  if (!Number.isFinite(x)) return '—';
  const rounded = Number((100 * x).toFixed(digits));
  const value = rounded === 0 ? 0 : rounded;  // -0 → 0
  return `${fixedGrouped(value, digits)} %`;
}

/**
 * `x` with exactly `digits` decimals and its thousands grouped by commas: 52300 → "52,300",
 * -1234.5 with 1 → "-1,234.5". What toLocaleString('en-US', …) gives, without Intl: building
 * an Intl.NumberFormat costs milliseconds (the first one tens), on every call of
 * toLocaleString with options.
 */
export function fixedGrouped(x, digits = 0) {
  const [whole, fraction] = Math.abs(x).toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = x < 0 && /[1-9]/.test(whole + (fraction || '')) ? '-' : '';
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/**
 * An engine sentence as the page shows it: the first letter capitalised only when it is a
 * Latin letter ("α = …" stays "α", never "Α", which reads as a capital A), long decimals
 * shortened to 3 significant digits ("0.316228" → "0.316"), exponent-form percentages
 * written out ("5.23e+04 %" → "52,300 %") and "-0" as "0".
 */
export function tidySentence(text, { capitalise = true } = {}) {
  if (typeof text !== 'string' || !text) return '';
  let out = text.replace(/(-?\d+(?:\.\d+)?e[+-]?\d+)\s?%/g, (_, number) => formatPercent(Number(number) / 100));
  out = out.replace(/(^|[^\w.])(-?\d+\.\d{4,}(?:e[+-]?\d+)?)(?![\w.])/g, (_, lead, number) => lead + formatNumber(Number(number)));
  out = out.replace(/(^|[^\w.])-0(\s?%|(?![\w.]))/g, '$10$2');
  return /^[a-z]/.test(out) && capitalise ? out[0].toUpperCase() + out.slice(1) : out;
}

/** tidySentence without the capital: for an engine phrase inside a sentence of the page. */
export function tidyNumbers(text) {
  return tidySentence(text, { capitalise: false });
}

/** The diagnosis label as words. */
export function labelText(label) {
  return { too_low: 'too low', good: 'good', past_peak: 'past the peak', oscillating: 'oscillating', unstable: 'unstable', diverged: 'diverged' }[label] || label;
}
