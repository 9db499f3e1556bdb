/**
 * The recorded comparison runs the panel tests replay (written by scripts/make-panel-fixture.cjs from real
 * `netadjust compare` runs): one at half the MACs with every baseline, distillation and measured latencies, and one
 * under a latency budget with its latency report.
 */
import * as fs from 'node:fs';
import { resolve } from 'node:path';
import type { HostToWebview, RunSnapshot } from '../../src/protocol/webview.js';
import { replay } from '../helpers/panelFixture.js';

/** Compiled to out/test/webview; the fixtures stay in the source tree. */
const FIXTURES = resolve(__dirname, '../../../test/fixtures/runs');

export type CompareFixture = 'compare' | 'latency';

export function compareMessages(name: CompareFixture): HostToWebview[] {
  return JSON.parse(fs.readFileSync(resolve(FIXTURES, `vgg6-fashion-${name}.messages.json`), 'utf8')) as HostToWebview[];
}

/** The finished run as the host sends it when the run is reopened from its folder. */
export function compareSnapshot(name: CompareFixture): RunSnapshot {
  const snapshot = replay(compareMessages(name)).snapshot;
  if (!snapshot?.report) {
    throw new Error(`the ${name} fixture does not end with a report`);
  }
  return snapshot;
}
