/** Shades of theme colours for canvas drawing, which cannot use CSS `color-mix`. Pure; unit-tested. */

/**
 * `color` at opacity `alpha`, for shades of one theme colour. Understands the forms themes use (#rgb, #rgba,
 * #rrggbb, #rrggbbaa, rgb(), rgba()); anything else is returned unchanged rather than guessed at.
 */
export function withAlpha(color: string, alpha: number): string {
  const rgb = parseColor(color);
  if (!rgb) {
    return color;
  }
  const a = Math.max(0, Math.min(1, alpha * rgb[3]));
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${Number(a.toFixed(3))})`;
}

/** [r, g, b, a] with a in 0..1, or undefined. */
export function parseColor(color: string): [number, number, number, number] | undefined {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((d) => d + d).join('') : hex;
    const n = (i: number): number => Number.parseInt(full.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), full.length === 8 ? n(6) / 255 : 1];
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i.exec(c);
  if (fn) {
    const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? Number.parseFloat(fn[4]) / 100 : Number(fn[4]);
    return [Number(fn[1]), Number(fn[2]), Number(fn[3]), alpha];
  }
  return undefined;
}
