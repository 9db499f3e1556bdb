/**
 * The only way the panel talks to the extension host: typed post, message subscription and saved state. Keeping
 * `acquireVsCodeApi` behind this wrapper means nothing else can post a message that is not a `WebviewToHost`.
 */
import type { HostToWebview, WebviewState, WebviewToHost } from '../src/protocol/webview.js';
import { isHostMessage } from './hostMessages.js';

export interface HostApi {
  post(message: WebviewToHost): void;
  /** Calls `handler` with every well-formed host message; returns the unsubscribe function. */
  onMessage(handler: (message: HostToWebview) => void): () => void;
  /** The state saved before the panel was hidden or reloaded; `unknown` because it may predate this version. */
  getState(): unknown;
  setState(state: WebviewState): void;
}

/** Wraps `acquireVsCodeApi()`, which may be called once per page load. */
export function connectToHost(): HostApi {
  const vscode = acquireVsCodeApi<WebviewState>();
  return {
    post: (message) => vscode.postMessage(message),
    onMessage(handler) {
      const listener = (event: MessageEvent<unknown>): void => {
        if (isHostMessage(event.data)) {
          handler(event.data);
        }
      };
      window.addEventListener('message', listener);
      return () => window.removeEventListener('message', listener);
    },
    getState: () => vscode.getState(),
    setState: (state) => {
      vscode.setState(state);
    },
  };
}
