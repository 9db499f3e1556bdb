/**
 * Loads the real panel in headless Chromium: the built dist/webview.js and media/panel.css, served from a local
 * origin inside the exact document `panelHtml` writes (so its CSP is the one enforced), with a stand-in host.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createNonce, panelHtml } from '../../src/extension/panelHtml.js';
import type { WebviewState, WebviewToHost } from '../../src/protocol/webview.js';
import { hostStub, postAll } from './browserScripts.js';
import { DARK, type Theme } from './themes.js';

/** Compiled to out/test/webview; the repository root is three levels up. */
export const ROOT = path.resolve(__dirname, '../../..');
export const ARTIFACTS = path.join(ROOT, 'out/test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const BUNDLE = path.join(ROOT, 'dist/webview.js');

/** The launch flags for Debian's Chromium in a container: no sandbox, no GPU, no background traffic. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Builds dist/webview.js when it is missing or older than a webview source, so the test never checks a stale bundle. */
export function ensureBundle(): void {
  const built = fs.existsSync(BUNDLE) ? fs.statSync(BUNDLE).mtimeMs : 0;
  const sources = fs.readdirSync(path.join(ROOT, 'webview'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const newest = Math.max(...sources.map((f) => fs.statSync(path.join(ROOT, 'webview', f)).mtimeMs));
  if (built < newest) {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the panel tests need Debian's Chromium. Run \`apt-get install -y chromium\` (scripts/setup.sh does it when run as root).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** The stand-in for VS Code's webview resource server: the panel document and the two files it loads. */
export async function servePanel(): Promise<{ origin: string; close(): Promise<void> }> {
  const files: Record<string, [string, string]> = {
    '/dist/webview.js': [BUNDLE, 'text/javascript'],
    '/media/panel.css': [path.join(ROOT, 'media/panel.css'), 'text/css'],
  };
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? '/', origin).pathname;
    if (url === '/panel.html') {
      // A fresh nonce per document, as the extension does; the source in the shape VS Code passes (a keyword and an origin).
      const html = panelHtml({ cspSource: `'self' ${origin}`, nonce: createNonce(), scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/panel.css` });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const file = files[url];
    if (url === '/favicon.ico') {
      // Chromium asks for one on its own for a top-level page; a webview is an iframe and never does.
      res.writeHead(204).end();
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[1] }).end(fs.readFileSync(file[0]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface CspViolation {
  readonly directive: string;
  readonly blocked: string;
  readonly sample: string;
  readonly at: string;
}

/** One panel document: a webview as VS Code would create it, optionally restored from saved state. */
export class PanelPage {
  readonly errors: string[] = [];
  readonly page: Page;

  private constructor(page: Page) {
    this.page = page;
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => this.errors.push(`request failed: ${r.url()}`));
    page.on('response', (r) => {
      if (r.status() >= 400) {
        this.errors.push(`HTTP ${r.status()}: ${r.url()}`);
      }
    });
    page.on('console', (m) => {
      // The tests' own pixel reads (getImageData on the chart canvases) make Chromium suggest willReadFrequently.
      const ownReadback = m.text().startsWith('Canvas2D: Multiple readback operations');
      if ((m.type() === 'error' || m.type() === 'warning') && !ownReadback) {
        this.errors.push(`console.${m.type()}: ${m.text()}`);
      }
    });
  }

  static async open(browser: Browser, origin: string, options: { saved?: WebviewState; theme?: Theme } = {}): Promise<PanelPage> {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 }, deviceScaleFactor: 1 });
    const panel = new PanelPage(page);
    await page.addInitScript({ content: hostStub(options.saved, options.theme ?? DARK) });
    await page.goto(`${origin}/panel.html`);
    await panel.until('window.__netadjustPanel !== undefined');
    await panel.settled();
    return panel;
  }

  /**
   * Waits until the panel has drawn what it was given: Chart.js sizes a canvas that has just been shown (the report's
   * charts appear with the report) from a resize observer, a frame or two later, so reading pixels at once races it.
   */
  async settled(): Promise<void> {
    await this.until(`[...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null).every((c) => c.width > 0 && c.height > 0)`);
    await this.page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  }

  /**
   * Waits until `condition` (an expression) holds in the page. Polled from here: Playwright's own
   * waitForFunction polls with eval inside the page, which the panel's CSP rightly refuses.
   */
  async until(condition: string, timeoutMs = 5000): Promise<void> {
    for (const start = Date.now(); !(await this.page.evaluate(condition)); ) {
      if (Date.now() - start > timeoutMs) {
        throw new Error(`timed out waiting for ${condition}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async post(messages: readonly unknown[]): Promise<void> {
    await this.page.evaluate(postAll(messages));
    await this.settled();
  }

  /** What the panel posted to the host, in order. */
  posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate('window.__host.posted') as Promise<WebviewToHost[]>;
  }

  savedState(): Promise<WebviewState | undefined> {
    return this.page.evaluate('window.__host.state()') as Promise<WebviewState | undefined>;
  }

  violations(): Promise<CspViolation[]> {
    return this.page.evaluate('window.__host.violations') as Promise<CspViolation[]>;
  }

  eval<T>(script: string): Promise<T> {
    return this.page.evaluate(script) as Promise<T>;
  }

  async screenshot(name: string): Promise<void> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

/** A suite's Chromium and panel server, and the pages it opened (each checked for CSP violations at its end). */
export interface PanelSuite {
  /** Opens a page and remembers it in `pages`. */
  open(options?: Parameters<typeof PanelPage.open>[2]): Promise<PanelPage>;
  /** Opens a page that is NOT remembered (one that breaks the policy on purpose). */
  openApart(): Promise<PanelPage>;
  readonly pages: PanelPage[];
}

/** Registers, in the calling `describe`, the before/after hooks that start and stop Chromium and the panel server. */
export function panelSuite(): PanelSuite {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof servePanel>> | undefined;
  const pages: PanelPage[] = [];
  before(async () => {
    ensureBundle();
    server = await servePanel();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const openApart = (options: Parameters<typeof PanelPage.open>[2] = {}) => PanelPage.open(browser!, server!.origin, options);
  return {
    pages,
    openApart: () => openApart(),
    open: async (options = {}) => {
      const page = await openApart(options);
      pages.push(page);
      return page;
    },
  };
}
