/**
 * The header: which run, what it is doing, how long is left, and the actions that make sense in its state. The
 * buttons are created once and only shown or hidden, so focus and the elements' own state survive live updates.
 */
import type { WebviewToHost } from '../src/protocol/webview.js';
import { el, replaceChildren } from './dom.js';
import type { Actions, HeaderView } from './headerModel.js';

type ActionKind = keyof Actions;

const BUTTONS: readonly { kind: ActionKind; label: string; secondary: boolean }[] = [
  { kind: 'cancel', label: 'Cancel', secondary: true },
  { kind: 'resume', label: 'Resume', secondary: false },
  { kind: 'apply', label: 'Apply adjusted widths', secondary: false },
  { kind: 'openReport', label: 'Open report', secondary: true },
];

export class Header {
  readonly element: HTMLElement;
  private readonly title = el('h1');
  private readonly badge = el('vscode-badge', { attrs: { id: 'run-state' } });
  private readonly runId = el('div', { className: 'run-id' });
  private readonly stats = el('div', { className: 'stats' });
  private readonly message = el('p', { className: 'message', attrs: { role: 'alert' } });
  private readonly buttons = new Map<ActionKind, HTMLElement>();
  private shownRunId: string | undefined;

  constructor(post: (message: WebviewToHost) => void) {
    const bar = el('div', { className: 'actions' });
    for (const { kind, label, secondary } of BUTTONS) {
      const button = el('vscode-button', { text: label, attrs: { id: `action-${kind}`, ...(secondary ? { secondary: '' } : {}) } });
      // The run id is read at click time: the button outlives the run it was first drawn for.
      button.addEventListener('click', () => {
        if (this.shownRunId !== undefined) {
          post({ kind, runId: this.shownRunId });
        }
      });
      this.buttons.set(kind, button);
      bar.append(button);
    }
    this.element = el('header', {}, el('div', { className: 'title-row' }, this.title, this.badge), this.runId, this.stats, bar, this.message);
  }

  update(view: HeaderView | undefined, actions: Actions): void {
    this.shownRunId = view?.runId;
    this.title.textContent = view ? view.modelName : 'No run';
    this.badge.textContent = view ? view.state : '';
    this.badge.hidden = !view;
    this.runId.textContent = view ? view.runId : 'Start a search with “Adjust network” on a model file.';
    replaceChildren(this.stats, ...(view ? statsOf(view) : []));
    this.message.textContent = view?.message ?? '';
    this.message.hidden = !view?.message;
    for (const [kind, button] of this.buttons) {
      button.hidden = !actions[kind];
    }
  }
}

function statsOf(view: HeaderView): HTMLElement[] {
  const items: [string, string | undefined, string?][] = [
    ['phase', view.phase],
    ['', view.iteration],
    ['', view.step],
    ['ETA', view.eta],
    ['', view.imagesPerSecond],
    ['engine', view.engine, view.engineReason],
  ];
  return items
    .filter((item): item is [string, string, string?] => item[1] !== undefined)
    .map(([label, value, title]) => el('span', { className: 'stat', ...(title ? { title } : {}) }, label ? el('span', { className: 'label', text: label }) : null, value));
}
