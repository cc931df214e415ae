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

/**
 * Replaces colours in a chart's option tree, in place: every string that is a key of `map`
 * (lower-case '#rrggbb'), and every 'rgba(r, g, b, a)' whose colour is one, becomes the
 * mapped colour (with the same alpha). Keys in `skip` (the data) are not walked; functions
 * and other values are left alone.
 * @param {object|any[]} tree
 * @param {Map<string, string>} map  old colour → new colour
 * @param {string[]} [skip]
 */
export function recolor(tree, map, skip = []) {
  const swap = (value) => {
    const key = value.trim().toLowerCase();
    if (map.has(key)) return map.get(key);
    const rgba = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)$/.exec(key);
    if (rgba) {
      const hex = `#${[rgba[1], rgba[2], rgba[3]].map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
      if (map.has(hex)) return withAlpha(map.get(hex), Number(rgba[4]));
    }
    return value;
  };
  const walk = (node, depth) => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      if (skip.includes(key)) continue;
      const value = node[key];
      if (typeof value === 'string') node[key] = swap(value);
      else if (typeof value === 'object') walk(value, depth + 1);
    }
  };
  walk(tree, 0);
  return tree;
}
