/**
 * A run folder, `.netadjust/runs/<id>/`: `run.json` (manifest), `iterations/<n>.json`, `events.jsonl`,
 * `final/original.json`, `final/uniform.json` (under a MAC budget) and `final/adjusted.json` (the final trainings, so
 * that phase resumes too), `report.json`, `report.md`. Every JSON file is written atomically; `events.jsonl` is
 * append-only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FinalNetwork, IterationRecord, NetworkResult, RunManifest, RunReport, SplitMetrics } from '../../protocol/types.js';
import { readJsonFile, writeJsonAtomic, writeTextAtomic } from './atomic.js';
import { appendEvent, readEvents, repairEventLog, type EventLog, type RunEventBody } from './events.js';
import { validateManifest } from './manifest.js';
import { baseRunId, candidateRunId } from './runId.js';

/** Where a workspace keeps its runs, relative to the workspace folder. */
export const RUNS_FOLDER = path.join('.netadjust', 'runs');


/** `final/<network>.json`. */
export interface FinalRecord {
  readonly network: FinalNetwork;
  readonly result: NetworkResult;
  readonly train: SplitMetrics & { readonly epochs: number; readonly seconds: number };
  readonly seconds: number;
}

/** Reads and writes one run folder's files; obtained from `createRun` or `openRun`. */
export class RunStore {
  readonly dir: string;
  readonly manifest: RunManifest;

  private constructor(dir: string, manifest: RunManifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  get runId(): string {
    return this.manifest.runId;
  }

  /** Opens an existing folder whose manifest has been validated; see `openRun`. */
  static attach(dir: string, manifest: RunManifest): RunStore {
    return new RunStore(dir, manifest);
  }

  /** The completed iterations, 0.json, 1.json, … up to the first missing file. */
  completedIterations(): IterationRecord[] {
    const out: IterationRecord[] = [];
    for (let n = 0; n < this.manifest.settings.iterations; n++) {
      const value = readJsonFile(this.iterationFile(n));
      if (value === undefined) {
        break;
      }
      out.push(validateIteration(value, n, this.iterationFile(n)));
    }
    return out;
  }

  /** Saves `iterations/<n>.json`; its existence marks iteration n complete. */
  saveIteration(record: IterationRecord): void {
    fs.mkdirSync(path.join(this.dir, 'iterations'), { recursive: true });
    writeJsonAtomic(this.iterationFile(record.iteration), record);
  }

  /** The saved result of a final training, if that training finished. */
  readFinal(network: FinalNetwork): FinalRecord | undefined {
    return readJsonFile(this.finalFile(network)) as FinalRecord | undefined;
  }

  /** Saves `final/<network>.json` as soon as that network is trained and tested. */
  saveFinal(record: FinalRecord): void {
    fs.mkdirSync(path.join(this.dir, 'final'), { recursive: true });
    writeJsonAtomic(this.finalFile(record.network), record);
  }

  /** `report.json`, present only once the run is done. */
  readReport(): RunReport | undefined {
    return readJsonFile(path.join(this.dir, 'report.json')) as RunReport | undefined;
  }

  /** Writes `report.md` first, so that a `report.json` (which marks the run done) always has its Markdown beside it. */
  saveReport(report: RunReport, markdown: string): void {
    writeTextAtomic(path.join(this.dir, 'report.md'), markdown);
    writeJsonAtomic(path.join(this.dir, 'report.json'), report);
  }

  /** Writes a file into the run folder atomically (e.g. the adjusted model file); `name` is relative to the folder. */
  writeFile(name: string, text: string): void {
    writeTextAtomic(path.join(this.dir, name), text);
  }

  /**
   * `weights/<name>.safetensors`: the trained original (teacher and pruning source), the pruned networks before
   * fine-tuning, the feature maps the pruning criteria read. Creates the folder.
   */
  weightsFile(name: string): string {
    fs.mkdirSync(path.join(this.dir, 'weights'), { recursive: true });
    return path.join(this.dir, 'weights', `${name}.safetensors`);
  }

  /** Cuts a torn last line (left by a crash) off `events.jsonl`, so appends start on a line of their own. */
  repairEvents(): boolean {
    return repairEventLog(this.eventsFile);
  }

  /** Appends one line to `events.jsonl`, stamped with the time. */
  appendEvent(body: RunEventBody): void {
    appendEvent(this.eventsFile, body);
  }

  /** Every event of the run that parses (a torn last line is skipped). */
  readEvents(): EventLog {
    return readEvents(this.eventsFile);
  }

  get eventsFile(): string {
    return path.join(this.dir, 'events.jsonl');
  }

  private iterationFile(n: number): string {
    return path.join(this.dir, 'iterations', `${n}.json`);
  }

  private finalFile(network: FinalNetwork): string {
    return path.join(this.dir, 'final', `${network}.json`);
  }
}

/**
 * Creates `<workspace>/.netadjust/runs/<id>/` with its `run.json`. The id is the start time and model name; a
 * second run of the same model in the same second gets `-2`, `-3`, … (claimed with an exclusive mkdir, so two
 * processes cannot take the same one).
 */
export function createRun(workspace: string, manifest: Omit<RunManifest, 'runId' | 'createdAt'>, now: Date = new Date()): RunStore {
  const root = path.join(workspace, RUNS_FOLDER);
  fs.mkdirSync(root, { recursive: true });
  const base = baseRunId(manifest.modelName, now);
  for (let n = 1; ; n++) {
    const runId = candidateRunId(base, n);
    const dir = path.join(root, runId);
    try {
      fs.mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        continue;
      }
      throw e;
    }
    const full: RunManifest = { runId, createdAt: now.toISOString(), ...manifest };
    writeJsonAtomic(path.join(dir, 'run.json'), full);
    return RunStore.attach(dir, full);
  }
}

/**
 * Opens a run folder: reads and validates `run.json` and the completed iteration files. Read-only. Throws a message
 * naming the file when the folder is not a run or a file is damaged.
 */
export function openRun(dir: string): RunStore {
  const file = path.join(dir, 'run.json');
  const value = readJsonFile(file);
  if (value === undefined) {
    throw new Error(`${dir} is not a netadjust run: it has no run.json`);
  }
  const store = RunStore.attach(dir, validateManifest(value, file));
  store.completedIterations();
  return store;
}

function validateIteration(value: unknown, n: number, file: string): IterationRecord {
  const r = value as Partial<IterationRecord> | null;
  const ok =
    typeof r === 'object' && r !== null && r.iteration === n && isObject(r.widths) && isObject(r.nextWidths) && isObject(r.fur) && typeof r.macs === 'number';
  if (!ok) {
    throw new Error(`${file} is not a valid iteration record for iteration ${n}`);
  }
  return r as IterationRecord;
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}
