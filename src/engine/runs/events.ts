/**
 * `events.jsonl`: the run's history, one JSON object per line, appended as things happen. A crash can leave a torn
 * last line; readers skip it and the next writer cuts it off before appending.
 */
import * as fs from 'node:fs';
import type { RunEventLine } from '../../protocol/types.js';

/** Distributes `Omit` over the union, so each event kind keeps its own fields. */
export type RunEventBody = RunEventLine extends infer E ? (E extends RunEventLine ? Omit<E, 'time'> : never) : never;

/** Appends one event, stamped with the current time, as one line. */
export function appendEvent(file: string, body: RunEventBody, time: Date = new Date()): void {
  // One write call per line: a crash tears at most this line, which readers tolerate.
  fs.appendFileSync(file, `${JSON.stringify({ ...body, time: time.toISOString() })}\n`);
}

export interface EventLog {
  readonly events: RunEventLine[];
  /** Lines that did not parse (a torn last line after a crash, or damage); they are skipped. */
  readonly skipped: number;
}

/** Every event that parses, in order; a missing file is an empty log. */
export function readEvents(file: string): EventLog {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return { events: [], skipped: 0 };
    }
    throw e;
  }
  const events: RunEventLine[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    const parsed = parseLine(line);
    if (parsed) {
      events.push(parsed);
    } else {
      skipped++;
    }
  }
  return { events, skipped };
}

/**
 * Cuts off a torn last line (anything after the last newline), so that the next append starts a line of its own
 * instead of gluing onto the fragment. Returns whether anything was cut.
 */
export function repairEventLog(file: string): boolean {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return false;
  }
  if (size === 0) {
    return false;
  }
  const text = fs.readFileSync(file);
  const lastNewline = text.lastIndexOf(0x0a);
  if (lastNewline === size - 1) {
    return false;
  }
  fs.truncateSync(file, lastNewline + 1);
  return true;
}

function parseLine(line: string): RunEventLine | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return isEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isEvent(value: unknown): value is RunEventLine {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const event = (value as { event?: unknown }).event;
  return event === 'progress' || event === 'iteration' || event === 'log' || event === 'ended';
}
