// Colour arithmetic for charts, DOM-free (tested in Node).

/**
 * '#2456c9' with alpha 0.35 → 'rgba(36, 86, 201, 0.35)' (alpha rounded to 2 decimals).
 * Other colour forms are returned unchanged.
 */
export function withAlpha(color, alpha) {
  const match = /^#([0-9a-f]{6})$/i.exec(String(color).trim());
  if (!match) return color;
  const value = parseInt(match[1], 16);
  return `rgba(${value >> 16}, ${(value >> 8) & 255}, ${value & 255}, ${Number(alpha.toFixed(2))})`;
}
