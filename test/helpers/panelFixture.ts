/** The recorded run the progress-panel tests replay (written by scripts/make-panel-fixture.cjs). */
import * as fs from 'node:fs';
import { resolve } from 'node:path';
import type { HostToWebview, RunSnapshot } from '../../src/protocol/webview.js';
import { reduce, type PanelState } from '../../webview/state.js';

/** Compiled to out/test/helpers; the fixtures stay in the source tree. */
export const RUN_FIXTURE = resolve(__dirname, '../../../test/fixtures/runs/vgg10-cifar10.messages.json');

/** Every message the host relayed during the run, in order: a starting snapshot, progress, iterations, report, end. */
export function recordedMessages(): HostToWebview[] {
  return JSON.parse(fs.readFileSync(RUN_FIXTURE, 'utf8')) as HostToWebview[];
}

/** The state after replaying `messages` from an empty panel. */
export function replay(messages: readonly HostToWebview[], from: PanelState = {}): PanelState {
  return messages.reduce(reduce, from);
}

/** The finished run as the host would send it when the run is reopened from its folder. */
export function finishedSnapshot(): RunSnapshot {
  const snapshot = replay(recordedMessages()).snapshot;
  if (!snapshot) {
    throw new Error(`${RUN_FIXTURE} does not start with a snapshot`);
  }
  return snapshot;
}
