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

/** A fraction as a percentage: 0.982 → "98 %". */
export function formatPercent(x, digits = 0) {
  if (!Number.isFinite(x)) return '—';
  return `${(100 * x).toFixed(digits)} %`;
}

/** The diagnosis label as words. */
export function labelText(label) {
  return { too_low: 'too low', good: 'good', past_peak: 'past the peak', oscillating: 'oscillating', unstable: 'unstable', diverged: 'diverged' }[label] || label;
}
