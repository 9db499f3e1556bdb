/**
 * A light check of what arrives through `window` message events. The host's messages are trusted types, but
 * anything else on the page can post to the window too, so only known kinds carrying their payload are dispatched.
 * Pure; unit-tested.
 */
import type { HostToWebview } from '../src/protocol/webview.js';

/** Each kind with the field its payload must be an object in (or, for `runEnded`, the run id string). */
const PAYLOAD: Record<HostToWebview['kind'], string> = {
  snapshot: 'snapshot',
  progress: 'event',
  iteration: 'record',
  report: 'report',
  runEnded: 'runId',
};

export function isHostMessage(data: unknown): data is HostToWebview {
  if (typeof data !== 'object' || data === null) {
    return false;
  }
  const kind = (data as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !Object.hasOwn(PAYLOAD, kind)) {
    return false;
  }
  const field = PAYLOAD[kind as HostToWebview['kind']];
  const payload = (data as Record<string, unknown>)[field];
  return kind === 'runEnded' ? typeof payload === 'string' && typeof (data as { state?: unknown }).state === 'string' : typeof payload === 'object' && payload !== null;
}
