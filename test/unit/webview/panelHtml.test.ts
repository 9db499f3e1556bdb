/** The panel document's CSP, and the strict check of every message the panel posts (src/extension/panelHtml.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createNonce, isWebviewToHost, panelHtml } from '../../../src/extension/panelHtml.js';
import type { WebviewToHost } from '../../../src/protocol/webview.js';

const OPTIONS = { cspSource: 'https://*.vscode-cdn.net', nonce: 'abcdefghijklmnopqrstuv==', scriptUri: 'https://x.vscode-cdn.net/dist/webview.js', styleUri: 'https://x.vscode-cdn.net/media/panel.css' };

describe('panelHtml', () => {
  const html = panelHtml(OPTIONS);

  it('carries the strict CSP: nonce-only scripts, no inline styles, nothing remote', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(
      csp,
      "default-src 'none'; img-src https://*.vscode-cdn.net data:; style-src https://*.vscode-cdn.net 'nonce-abcdefghijklmnopqrstuv=='; script-src 'nonce-abcdefghijklmnopqrstuv=='; font-src https://*.vscode-cdn.net;",
    );
    assert.doesNotMatch(csp!, /unsafe/);
  });

  it('loads exactly one script, by nonce and URI, and no inline script or style', () => {
    assert.deepEqual([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]), [`<script nonce="${OPTIONS.nonce}" src="${OPTIONS.scriptUri}">`]);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\.vscode-cdn\.net\/media\/panel\.css"/);
    assert.doesNotMatch(html, /<style|style="/);
    assert.match(html, /<main id="root"><\/main>/);
  });

  it('escapes the URIs and refuses a weak nonce or a CSP-breaking source', () => {
    assert.match(panelHtml({ ...OPTIONS, scriptUri: 'a"b<c' }), /src="a&quot;b&lt;c"/);
    assert.throws(() => panelHtml({ ...OPTIONS, nonce: 'short' }), /nonce/);
    assert.throws(() => panelHtml({ ...OPTIONS, nonce: "x'; script-src *; '0123456789" }), /nonce/);
    assert.throws(() => panelHtml({ ...OPTIONS, cspSource: "x; script-src 'unsafe-inline'" }), /cspSource/);
  });

  it("accepts the cspSource VS Code really passes: quoted keywords and several sources", () => {
    const html = panelHtml({ ...OPTIONS, cspSource: "'self' https://*.vscode-cdn.net" });
    assert.match(html, /style-src 'self' https:\/\/\*\.vscode-cdn\.net 'nonce-/);
  });

  it('creates a fresh base64 nonce each time', () => {
    const [a, b] = [createNonce(), createNonce()];
    assert.notEqual(a, b);
    assert.doesNotThrow(() => panelHtml({ ...OPTIONS, nonce: a }));
  });
});

const runId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/);
const validMessage: fc.Arbitrary<WebviewToHost> = fc.oneof(
  fc.constant({ kind: 'ready' as const }),
  fc.record({ kind: fc.constantFrom('cancel' as const, 'resume' as const, 'apply' as const, 'openReport' as const), runId }),
  fc.record({ kind: fc.constant('revealLayer' as const), runId, layer: fc.stringMatching(/^[a-z][a-z0-9_./]{0,30}$/) }),
);

/** Each kind's fields, sorted: an independent statement of the contract in src/protocol/webview.ts. */
const SHAPES: Record<string, string> = {
  ready: 'kind',
  cancel: 'kind,runId',
  resume: 'kind,runId',
  apply: 'kind,runId',
  openReport: 'kind,runId',
  revealLayer: 'kind,layer,runId',
};

describe('isWebviewToHost', () => {
  it('accepts every well-formed message', () => {
    fc.assert(fc.property(validMessage, (m) => isWebviewToHost(m)));
    assert.ok(isWebviewToHost({ kind: 'revealLayer', runId: '20261123-131500-vgg10-cifar10', layer: 'stage1.0.inner' }));
  });

  it('accepts nothing but the exact shape of a message, whatever junk it is given', () => {
    // Junk of every kind, plus near misses: known kinds with fields of any type, present or not.
    const nearMiss = fc.record(
      { kind: fc.constantFrom(...Object.keys(SHAPES), 'other'), runId: fc.oneof(runId, fc.anything()), layer: fc.anything(), extra: fc.anything() },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), nearMiss), (value) => {
        if (!isWebviewToHost(value)) {
          return true;
        }
        const m = value as Record<string, unknown>;
        return SHAPES[m['kind'] as string] === Object.keys(m).sort().join(',') && Object.values(m).every((v) => typeof v === 'string');
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects a valid message with an extra field, a field of the wrong type, or a missing field', () => {
    fc.assert(
      fc.property(validMessage, fc.string({ minLength: 1 }), fc.anything(), (m, key, junk) => {
        const extra = key in m ? true : !isWebviewToHost({ ...m, [key]: junk });
        const wrongType = Object.keys(m).every((k) => typeof junk === 'string' || !isWebviewToHost({ ...m, [k]: junk }));
        const missing = Object.keys(m).every((k) => {
          const copy: Record<string, unknown> = { ...m };
          delete copy[k];
          return !isWebviewToHost(copy);
        });
        return extra && wrongType && missing;
      }),
    );
  });

  it('rejects run ids that are paths, names with control characters, and non-plain objects', () => {
    for (const bad of [
      { kind: 'cancel', runId: '../../etc' },
      { kind: 'cancel', runId: '..' },
      { kind: 'cancel', runId: '' },
      { kind: 'cancel', runId: 'a/b' },
      { kind: 'cancel', runId: 'a\\b' },
      { kind: 'cancel', runId: 'x'.repeat(200) },
      { kind: 'revealLayer', runId: 'r', layer: '' },
      { kind: 'revealLayer', runId: 'r', layer: 'a\nb' },
      { kind: 'revealLayer', runId: 'r', layer: 'x'.repeat(300) },
      { kind: 'ready', runId: 'r' },
      { kind: 'Ready' },
      Object.assign(Object.create({ inherited: 1 }) as object, { kind: 'ready' }),
      Object.assign([], { kind: 'ready' }),
      new Map([['kind', 'ready']]),
    ]) {
      assert.equal(isWebviewToHost(bad), false, JSON.stringify(bad));
    }
  });
});
