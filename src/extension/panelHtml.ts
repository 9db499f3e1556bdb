/**
 * The progress panel's HTML and the check of every message the panel posts. No `vscode` import: the panel code
 * passes in what it gets from `webview.cspSource` and `webview.asWebviewUri`, and unit tests call these directly.
 */
import { randomBytes } from 'node:crypto';
import type { WebviewToHost } from '../protocol/webview.js';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  readonly cspSource: string;
  /** A fresh `createNonce()` per HTML document. */
  readonly nonce: string;
  /** `asWebviewUri` of `dist/webview.js` and `media/panel.css`, as strings. */
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** A nonce for one HTML document: 128 random bits, base64 (what CSP's `'nonce-…'` expects). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The panel document. The CSP allows the one bundled script (by nonce), the stylesheet from the extension
 * (`cspSource`), and nothing inline: Chart.js and the @vscode-elements components style through the CSSOM and
 * constructable stylesheets, which `style-src` does not govern, so no 'unsafe-inline' is needed. The style nonce
 * covers Lit's fallback <style> elements on engines without constructable stylesheets (main.ts hands it to Lit).
 */
export function panelHtml(options: PanelHtmlOptions): string {
  const { cspSource, nonce } = options;
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) {
    throw new Error('panelHtml: the nonce must be at least 16 base64 characters');
  }
  // VS Code's real value is e.g. `'self' https://*.vscode-cdn.net`: quoted keywords and several sources are fine; a
  // `;` would start a new directive and a `"` or `<` would leave the attribute.
  if (/[;"<>\r\n]/.test(cspSource)) {
    throw new Error(`panelHtml: unexpected characters in cspSource ${JSON.stringify(cspSource)}`);
  }
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)};">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(options.styleUri)}" nonce="${nonce}">
  <title>netadjust run</title>
</head>
<body>
  <main id="root"></main>
  <script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Run ids are folder names (`20261123-131500-resnet20`): never a path, never `.` or `..`. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Layer (width-variable) names are shown and searched for in the model file; no control characters. */
const LAYER = /^[^\p{Cc}]{1,256}$/u;

const RUN_KINDS = new Set(['cancel', 'resume', 'apply', 'openReport']);

/**
 * True only for exactly a `WebviewToHost` message: a plain object with a known `kind`, every field of the right
 * type and shape, and no other field. The webview is a web page and its messages are input like any other.
 */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isPlainObject(value)) {
    return false;
  }
  const keys = Object.keys(value).sort().join(',');
  const { kind, runId, layer } = value;
  if (kind === 'ready') {
    return keys === 'kind';
  }
  if (typeof kind !== 'string' || typeof runId !== 'string' || !RUN_ID.test(runId)) {
    return false;
  }
  if (RUN_KINDS.has(kind)) {
    return keys === 'kind,runId';
  }
  return kind === 'revealLayer' && keys === 'kind,layer,runId' && typeof layer === 'string' && LAYER.test(layer);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
