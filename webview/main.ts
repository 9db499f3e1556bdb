/**
 * Entry of the progress panel (bundled into dist/webview.js). Draws the saved state at once, so a panel that was
 * hidden or reloaded shows its charts before the host answers, then asks the host for the current snapshot and
 * applies every message it relays from the engine.
 */
// The components the panel uses, bundled into dist/webview.js: nothing is loaded from outside the extension.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { HostToWebview } from '../src/protocol/webview.js';
import { connectToHost } from './api.js';
import { Panel } from './panel.js';
import { persistedState, reduce, restoreState, type PanelState } from './state.js';
import type { PanelHook } from './hookTypes.js';
import { testHook } from './testHook.js';
import { readPalette, watchTheme } from './theme.js';

declare global {
  interface Window {
    /** Read by Lit when it must fall back to <style> elements (no constructable stylesheets): the CSP nonce. */
    litNonce?: string;
    __netadjustPanel?: PanelHook;
  }
}

// Captured while the script runs: `document.currentScript` is null afterwards.
window.litNonce = document.currentScript?.nonce || undefined;

function start(): void {
  const host = connectToHost();
  const root = document.getElementById('root') ?? document.body;
  const panel = new Panel(root, readPalette(), host.post);
  let state: PanelState = restoreState(host.getState());
  panel.render(state);
  host.onMessage((message) => {
    const next = reduce(state, message);
    if (shouldPersist(message, state, next)) {
      host.setState(persistedState(next));
    }
    state = next;
    panel.render(state);
  });
  watchTheme((palette) => panel.retheme(palette));
  window.__netadjustPanel = testHook(panel, () => state);
  host.post({ kind: 'ready' });
}

/** Whether to save the state after `message`, and the side effects a message has besides redrawing. */
function shouldPersist(message: HostToWebview, before: PanelState, after: PanelState): boolean {
  switch (message.kind) {
    case 'snapshot':
      if (before.snapshot?.manifest.runId !== message.snapshot.manifest.runId) {
        window.scrollTo(0, 0);
      }
      return true;
    case 'progress':
      // Arrives every few batches: only an epoch end changes the snapshot, so setState stays off the hot path.
      return after.snapshot !== before.snapshot;
    case 'iteration':
    case 'report':
    case 'runEnded':
      // Unchanged when the message is about another run than the shown one.
      return after.snapshot !== before.snapshot;
    default:
      return unreachable(message);
  }
}

function unreachable(message: never): never {
  throw new Error(`unknown message kind: ${(message as { kind?: unknown }).kind}`);
}

start();
