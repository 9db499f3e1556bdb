/** Number formats of the panel. Pure; unit-tested. The minus sign is U+2212 so signed columns line up. */

const MINUS = '\u2212';

/** 71666176 → "71.67 M", 1432 → "1.43 k", 42 → "42". */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  for (const [scale, unit] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (abs >= scale) {
      return `${sign(n)}${(abs / scale).toFixed(2)} ${unit}`;
    }
  }
  return `${sign(n)}${Math.round(abs)}`;
}

/** A fraction as a percentage: 0.5747 → "57.47 %". */
export function formatPercent(fraction: number, digits = 2): string {
  return `${sign(fraction)}${(Math.abs(fraction) * 100).toFixed(digits)} %`;
}

/** A change relative to `base`, always signed: "+0.09 %", "−25.13 %"; "±0 %" when nothing changed. */
export function formatRelative(value: number, base: number): string {
  if (value === base) {
    return '±0 %';
  }
  if (base === 0) {
    return '—';
  }
  const rel = (value - base) / Math.abs(base);
  return `${rel > 0 ? '+' : MINUS}${Math.abs(rel * 100).toFixed(2)} %`;
}

/** A signed difference, e.g. of accuracies in percentage points: "+0.49 pp". */
export function formatSigned(delta: number, digits: number, unit = ''): string {
  const text = Math.abs(delta).toFixed(digits);
  const zero = Number(text) === 0;
  const suffix = unit ? ` ${unit}` : '';
  return `${zero ? '±' : delta > 0 ? '+' : MINUS}${text}${suffix}`;
}

/** Seconds for people: "48 s", "4 min 10 s", "2 h 05 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  }
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** FUR values are loss increases, often around 1e-3: three significant digits, exponent form when tiny. */
export function formatFur(value: number): string {
  if (value === 0) {
    return '0';
  }
  const abs = Math.abs(value);
  return abs < 0.01 || abs >= 1e4 ? `${sign(value)}${abs.toExponential(2)}` : `${sign(value)}${Number(abs.toPrecision(3))}`;
}

function sign(n: number): string {
  return n < 0 ? MINUS : '';
}
