/**
 * Everything a run needs before its first epoch: the model (read and analysed), settings, dataset, trainer and
 * run folder. Every problem here is a PrepareError with a message for people, and no run folder is left behind
 * for a run that could not start.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelAnalysis } from '../../model/analyze.js';
import { formatDiagnostic, hasErrors } from '../../model/diagnostics.js';
import { loadModel } from '../../model/load.js';
import { LineIndex } from '../../model/source.js';
import type { StartParams } from '../../protocol/engine.js';
import type { SearchSettings } from '../../protocol/settings.js';
import type { DatasetRef } from '../../protocol/types.js';
import { VERSION } from '../../version.js';
import { budgetProblem } from '../budget/plan.js';
import { describeRun, resumeProblem } from '../runs/manifest.js';
import { createRun, openRun, RUNS_FOLDER, type RunStore } from '../runs/store.js';
import type { DatasetInfo, Trainer } from '../trainer.js';
import { LatencyTableError } from '../latency/build.js';
import { latencyForNewRun, type NewRunLatency, type RunNote } from '../latency/newRun.js';
import { saveRunTable } from '../latency/runTable.js';
import { capabilityProblem } from '../capabilities.js';
import { compareProblem } from './compare.js';
import { resolveDatasetRef } from './dataset.js';
import type { TrainerFactory } from './engines.js';
import { modelCopyName } from './modelFiles.js';
import { resolveSettings } from './settings.js';

export class PrepareError extends Error {}

export interface PreparedRun {
  readonly modelFile: string;
  /** The model text the run started from (kept in the run folder, so a resume does not depend on later edits). */
  readonly modelText: string;
  readonly analysis: ModelAnalysis;
  readonly settings: SearchSettings;
  readonly trainer: Trainer;
  readonly dataset: DatasetInfo;
  readonly store: RunStore;
  readonly resumed: boolean;
  /** What preparing found worth telling (where the latency table's timings came from, cache warnings). */
  readonly notes: readonly RunNote[];
}

/** `log` hears what preparing has to say while it works (a cold latency table takes a while). */
export async function prepareRun(params: StartParams, createTrainer: TrainerFactory, log?: (note: RunNote) => void): Promise<PreparedRun> {
  const existing = params.resume ? openExisting(params.workspace, params.resume) : undefined;
  const modelFile = existing?.manifest.modelFile ?? path.resolve(params.modelFile);
  const modelText = existing ? readRunModel(existing, modelFile) : readModelText(modelFile);
  const analysis = analyse(modelFile, modelText);
  const settings = resolveSettings([
    existing ? { source: `${existing.dir}/run.json`, values: { ...existing.manifest.settings } } : { source: `${modelFile} (search)`, values: analysis.graph.search },
    { source: 'the requested settings', values: params.settings },
  ]);
  if (existing) {
    const refused = resumeProblem(existing.manifest, analysis, settings);
    if (refused) {
      throw new PrepareError(refused);
    }
  } else {
    // Before the trainer and the dataset: a target the network cannot meet is refused at once, with its numbers.
    const problem = budgetProblem(analysis, settings) ?? compareProblem(params.compare, settings);
    if (problem) {
      throw new PrepareError(problem);
    }
  }
  const datasetRef: DatasetRef = existing?.manifest.dataset ?? resolveDatasetRef(params.dataset, analysis.graph.dataset, modelFile);
  const trainer = await createTrainer(params.engine ?? 'auto', analysis.graph);
  try {
    const unable = capabilityProblem(existing?.manifest.compare ?? params.compare, settings, trainer);
    if (unable) {
      throw new PrepareError(unable);
    }
    const dataset = await trainer.open(datasetRef, settings);
    const latency = !existing && settings.budget === 'latency' ? await newRunLatency(analysis, trainer, settings, params.workspace, log) : undefined;
    const store = existing ?? newRun(params, modelFile, modelText, analysis, datasetRef, settings, trainer, latency);
    return { modelFile, modelText, analysis, settings, trainer, dataset, store, resumed: existing !== undefined, notes: latency?.notes ?? [] };
  } catch (e) {
    await trainer.dispose();
    throw e;
  }
}

function newRun(params: StartParams, modelFile: string, modelText: string, analysis: ModelAnalysis, dataset: DatasetRef, settings: SearchSettings, trainer: Trainer, latency?: NewRunLatency): RunStore {
  const versions = { netadjust: VERSION, node: process.versions.node, [trainer.info.engine]: trainer.info.version };
  const compare = params.compare ? { compare: { methods: [...params.compare.methods] } } : {};
  const store = createRun(params.workspace, describeRun(analysis, { modelFile, dataset, settings, engine: trainer.info, versions, ...compare }, latency?.cost));
  store.writeFile(modelCopyName('original', modelFile), modelText);
  if (latency) {
    saveRunTable(store, latency.build.table);
    latency.notes.forEach(({ level, message }) => store.appendEvent({ event: 'log', level, message }));
  }
  return store;
}

/** Under `budget: latency`: the table (from the cache, timing what is missing), and the target checked on it. */
async function newRunLatency(analysis: ModelAnalysis, trainer: Trainer, settings: SearchSettings, workspace: string, log?: (note: RunNote) => void): Promise<NewRunLatency> {
  let latency: NewRunLatency;
  try {
    latency = await latencyForNewRun(analysis, trainer, settings, workspace, log);
  } catch (e) {
    throw e instanceof LatencyTableError ? new PrepareError(e.message) : e;
  }
  const problem = budgetProblem(analysis, settings, latency.cost);
  if (problem) {
    throw new PrepareError(problem);
  }
  return latency;
}

/** A run to resume: its id (in the workspace's runs folder) or its folder. */
function openExisting(workspace: string, run: string): RunStore {
  const dir = run.includes('/') || run.includes(path.sep) ? path.resolve(run) : path.join(workspace, RUNS_FOLDER, run);
  try {
    return openRun(dir);
  } catch (e) {
    throw new PrepareError(`cannot resume ${run}: ${(e as Error).message}`);
  }
}

function readModelText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PrepareError(`cannot read the model file ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function readRunModel(store: RunStore, modelFile: string): string {
  try {
    return readFileSync(path.join(store.dir, modelCopyName('original', modelFile)), 'utf8');
  } catch {
    // Runs started before the copy was kept resume from the file itself.
    return readModelText(modelFile);
  }
}

function analyse(file: string, text: string): ModelAnalysis {
  const loaded = loadModel(file, text);
  if (!loaded.analysis || hasErrors(loaded.diagnostics)) {
    const lines = new LineIndex(text);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(file, lines, d));
    throw new PrepareError(`the model has errors; fix them first:\n${errors.slice(0, 10).join('\n')}${errors.length > 10 ? `\n… and ${errors.length - 10} more` : ''}`);
  }
  return loaded.analysis;
}
