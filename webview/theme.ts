/**
 * Chart colours from VS Code's theme variables. Canvas drawing cannot use `var(--…)`, so the values are read with
 * getComputedStyle, and read again whenever VS Code switches theme: it changes the body's class
 * (`vscode-dark`, `vscode-light`, `vscode-high-contrast`) and rewrites the variables in the html element's style.
 */
import type { Palette } from './palette.js';

export type { Palette } from './palette.js';

/** Each colour's variable, and a dark-theme fallback for a page without VS Code's variables (never in VS Code). */
const VARIABLES: Record<Exclude<keyof Palette, 'fontFamily' | 'fontSize'>, [string, string]> = {
  foreground: ['--vscode-charts-foreground', '#cccccc'],
  muted: ['--vscode-descriptionForeground', '#9d9d9d'],
  grid: ['--vscode-charts-lines', 'rgba(204, 204, 204, 0.5)'],
  background: ['--vscode-editor-background', '#1e1e1e'],
  blue: ['--vscode-charts-blue', '#3794ff'],
  orange: ['--vscode-charts-orange', '#d18616'],
  green: ['--vscode-charts-green', '#89d185'],
  red: ['--vscode-charts-red', '#f14c4c'],
  purple: ['--vscode-charts-purple', '#b180d7'],
  yellow: ['--vscode-charts-yellow', '#cca700'],
};

export function readPalette(element: Element = document.body): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const colours = Object.fromEntries(Object.entries(VARIABLES).map(([key, [name, fallback]]) => [key, read(name, fallback)]));
  return {
    ...(colours as Record<keyof typeof VARIABLES, string>),
    fontFamily: read('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(read('--vscode-font-size', '13px')) || 13,
  };
}

/** Calls `onChange` with the new palette after every theme switch; returns the function that stops watching. */
export function watchTheme(onChange: (palette: Palette) => void): () => void {
  let last = JSON.stringify(readPalette());
  const observer = new MutationObserver(() => {
    const palette = readPalette();
    const key = JSON.stringify(palette);
    if (key !== last) {
      last = key;
      onChange(palette);
    }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  return () => observer.disconnect();
}
