/**
 * Code the browser tests run inside the page. Kept as source strings: the Node-side tsconfig has no DOM types, and
 * Playwright sends a function's source text to the page anyway.
 */
import type { WebviewState } from '../../src/protocol/webview.js';
import type { Theme } from './themes.js';

/**
 * Runs before any page script (Playwright init scripts are not subject to the page's CSP): a stand-in for VS Code's
 * `acquireVsCodeApi` that records posted messages and holds the state (starting from `saved`, as VS Code restores it
 * after a reload), a recorder of CSP violations, and the theme.
 */
export function hostStub(saved: WebviewState | undefined, theme: Theme): string {
  return `(() => {
  let state = ${JSON.stringify(saved ?? null)} ?? undefined;
  let acquired = false;
  const host = { posted: [], violations: [], setStateCalls: 0, state: () => state };
  window.__host = host;
  document.addEventListener('securitypolicyviolation', (e) => {
    host.violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, at: e.sourceFile + ':' + e.lineNumber });
  });
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      // VS Code clones what is posted and saved; a JSON round trip fails the same way on what cannot be cloned.
      postMessage: (m) => { host.posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => state,
      setState: (s) => { host.setStateCalls++; state = JSON.parse(JSON.stringify(s)); return s; },
    });
  };
  (${applyTheme.toString()})(${JSON.stringify(theme)});
})();`;
}

/**
 * Sets the theme variables on the html element and the theme class on the body, as VS Code does. An init script
 * runs before the parser has created either element, so each is set as soon as it exists.
 */
function applyTheme(theme: Theme): void {
  // Typed loosely: this body runs in the page, where these globals exist (the Node-side tsconfig has no DOM).
  const page = globalThis as unknown as PageGlobals;
  const doc = page.document;
  const apply = (): boolean => {
    const html = doc.documentElement;
    if (html) {
      for (const [name, value] of Object.entries(theme.variables)) {
        html.style.setProperty(name, value);
      }
    }
    if (doc.body) {
      doc.body.className = theme.bodyClass;
    }
    return html !== null && doc.body !== null;
  };
  if (!apply()) {
    const observer = new page.MutationObserver(() => {
      if (apply()) {
        observer.disconnect();
      }
    });
    observer.observe(doc, { childList: true, subtree: true });
  }
}

interface PageGlobals {
  document: {
    documentElement: { style: { setProperty(name: string, value: string): void } } | null;
    body: { className: string } | null;
  };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
}

export function switchTheme(theme: Theme): string {
  return `(${applyTheme.toString()})(${JSON.stringify(theme)})`;
}

/**
 * Posts `messages` to the window as the host's relay would, and resolves once all have been handled: window
 * messages are delivered in order, so a trailing marker arrives after the panel has processed every one before it.
 */
export function postAll(messages: readonly unknown[]): string {
  return `new Promise((resolve) => {
  const marker = 'flush-' + Math.random();
  const done = (e) => { if (e.data === marker) { window.removeEventListener('message', done); resolve(); } };
  window.addEventListener('message', done);
  for (const m of ${JSON.stringify(messages)}) window.postMessage(m, '*');
  window.postMessage(marker, '*');
})`;
}

export interface CanvasInfo {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Distinct colours among sampled pixels: 1 means blank. */
  readonly colours: number;
  readonly dataUrl: string;
}

/** Every visible chart canvas: size, how many colours it holds, and its exact pixels (as a PNG data URL). */
export const CANVASES = `[...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null).map((c) => {
  const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
  return { id: c.id, width: c.width, height: c.height, colours: seen.size, dataUrl: c.toDataURL() };
})`;

/** How many pixels of canvas `id` are within `tolerance` of the opaque colour `hex` (a drawn series or bar). */
export function pixelsOf(id: string, hex: string, tolerance = 24): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `(() => {
  const c = document.getElementById(${JSON.stringify(id)});
  const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - ${r}) <= ${tolerance} && Math.abs(data[i + 1] - ${g}) <= ${tolerance} && Math.abs(data[i + 2] - ${b}) <= ${tolerance}) n++;
  }
  return n;
})()`;
}

/** A rectangle of a canvas, in its pixels: left, top, width, height. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How many pixels of `region` of canvas `id` are within `tolerance` of the opaque colour `hex`. */
export function pixelsIn(id: string, hex: string, region: Region, tolerance = 24): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const x = Math.round(region.x);
  const y = Math.round(region.y);
  return `(() => {
  const c = document.getElementById(${JSON.stringify(id)});
  const { data } = c.getContext('2d').getImageData(${x}, ${y}, ${Math.max(1, Math.round(region.width))}, ${Math.max(1, Math.round(region.height))});
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - ${r}) <= ${tolerance} && Math.abs(data[i + 1] - ${g}) <= ${tolerance} && Math.abs(data[i + 2] - ${b}) <= ${tolerance}) n++;
  }
  return n;
})()`;
}

/** The text of every cell of table `selector`, row by row. */
/** Whether the element is shown (present and laid out). */
export function visible(selector: string): string {
  return `(() => { const e = document.querySelector(${JSON.stringify(selector)}); return !!e && e.offsetParent !== null; })()`;
}

export function tableText(selector: string): string {
  return `[...document.querySelectorAll(${JSON.stringify(selector + ' tr')})].map((tr) => [...tr.children].map((c) => c.textContent.trim()))`;
}
