/**
 * The questions "Adjust network" (and, after its own, "Compare methods") asks: the dataset when the model file names
 * none (or one that cannot be used), then one pick that shows the run's settings and starts it, where any setting
 * can be changed first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelAnalysis } from '../model/analyze.js';
import type { EngineChoice } from '../protocol/settings.js';
import type { BaselineMethod, DatasetRef } from '../protocol/types.js';
import { askTarget, type TargetQuestion } from './budgetPrompts.js';
import { ENGINE_CHOICES, type Config } from './config.js';
import { DATASET_FORMATS, fileDataset, guessDatasetFormat, parseCount, searchDefaults, totalEpochs, type ChoiceSource, type SearchChoices } from './runs/adjustDefaults.js';
import { budgetDefaults, describeTarget, finalTrainings, originalMacsOf, type BudgetChoices } from './runs/budgetChoices.js';

export interface AdjustChoices {
  /** Undefined: the model file's own `dataset`. */
  readonly dataset?: DatasetRef;
  readonly search: SearchChoices;
  /** Passed with `search` as settings overrides. */
  readonly budget: BudgetChoices;
  readonly engine: EngineChoice;
}

/** A comparison: its baselines, and the target already asked for (it needs one, so it asks first). */
export interface CompareRequest {
  readonly methods: readonly BaselineMethod[];
  readonly targetMacs: number;
}

const FORMAT_HELP: Readonly<Record<DatasetRef['format'], string>> = {
  idx: 'MNIST / Fashion-MNIST: train-images-idx3-ubyte, t10k-…',
  cifar10: 'CIFAR-10 binary: data_batch_1.bin … test_batch.bin',
  cifar100: 'CIFAR-100 binary: train.bin, test.bin',
  folder: 'train/<class>/*.png|jpg and test/<class>/*.png|jpg',
};

const COUNT_QUESTIONS: Readonly<Record<keyof SearchChoices, { title: string; prompt: string }>> = {
  iterations: { title: 'Iterations', prompt: 'Adjustment iterations: train → measure FUR → update widths → rescale to the budget (the original MACs unless a target is set)' },
  epochsPerIteration: { title: 'Epochs per iteration', prompt: "Training epochs of each iteration's network" },
  finalEpochs: { title: 'Final epochs', prompt: 'Epochs of the final from-scratch training of the original and of the adjusted network' },
};

type Item = vscode.QuickPickItem & { readonly id: 'start' | 'dataset' | 'engine' | 'target' | keyof SearchChoices };

/** What the pick shows besides the counts: the run's budget, and the comparison it belongs to, if any. */
interface PickState {
  readonly search: SearchChoices;
  readonly sources: Record<keyof SearchChoices, string>;
  readonly budget: BudgetChoices;
  readonly targetSource: string;
  readonly engine: EngineChoice;
  readonly compare?: CompareRequest;
}

/** Asks what the run needs; undefined when the user dismissed a question. */
export async function askAdjustChoices(modelUri: vscode.Uri, analysis: ModelAnalysis, config: Config, compare?: CompareRequest): Promise<AdjustChoices | undefined> {
  const graph = analysis.graph;
  const inFile = fileDataset(graph.dataset, modelUri.fsPath);
  let dataset: DatasetRef | undefined;
  if (inFile.kind !== 'ok') {
    const why = inFile.kind === 'missing' ? 'The model file names no dataset' : `The model file's dataset cannot be used: ${inFile.reason}`;
    dataset = await askDataset(modelUri, `${why}. Choose the dataset folder`);
    if (!dataset) {
      return undefined;
    }
  }
  const defaults = searchDefaults(graph.search, config.search);
  const budgets = budgetDefaults(graph.search, config.budget);
  let state: PickState = {
    search: defaults.values,
    sources: { ...defaults.sources },
    budget: compare ? { ...budgets.values, targetMacs: compare.targetMacs } : budgets.values,
    targetSource: compare ? 'chosen here' : sourceText(budgets.sources.targetMacs),
    engine: config.engine,
    ...(compare ? { compare } : {}),
  };
  const target: Omit<TargetQuestion, 'budget'> = { analysis, fileSearch: graph.search, keepOriginal: !compare, title: 'Target MACs' };
  for (;;) {
    const shown = dataset ?? (inFile.kind === 'ok' ? inFile.dataset : undefined);
    const picked = await vscode.window.showQuickPick(items(modelUri, shown, dataset === undefined, state, originalMacsOf(analysis)), {
      title: `${compare ? 'Compare methods on' : 'Adjust'} ${path.basename(modelUri.fsPath)}`,
      placeHolder: `Start the ${compare ? 'comparison' : 'search'}, or pick a setting to change it first`,
      ignoreFocusOut: true,
    });
    if (!picked) {
      return undefined;
    }
    if (picked.id === 'start') {
      return { ...(dataset ? { dataset } : {}), search: state.search, budget: state.budget, engine: state.engine };
    }
    if (picked.id === 'dataset') {
      dataset = (await askDataset(modelUri, 'Choose the dataset folder')) ?? dataset;
    } else if (picked.id === 'engine') {
      state = { ...state, engine: (await askEngine(state.engine)) ?? state.engine };
    } else if (picked.id === 'target') {
      const value = await askTarget({ ...target, budget: state.budget }, state.budget.targetMacs);
      if (value !== undefined && value !== state.budget.targetMacs) {
        state = { ...state, budget: { ...state.budget, targetMacs: value }, targetSource: 'chosen here' };
      }
    } else {
      const key = picked.id;
      const value = await askCount(key, state.search[key]);
      if (value !== undefined && value !== state.search[key]) {
        state = { ...state, search: { ...state.search, [key]: value }, sources: { ...state.sources, [key]: 'chosen here' } };
      }
    }
  }
}

function sourceText(source: ChoiceSource): string {
  return `default from the ${source}`;
}

function items(modelUri: vscode.Uri, dataset: DatasetRef | undefined, fromFile: boolean, state: PickState, originalMacs: number): Item[] {
  const { search, sources, budget, compare } = state;
  const datasetText = dataset ? `${dataset.format} · ${vscode.workspace.asRelativePath(dataset.path)}` : 'none';
  const finals = finalTrainings(budget, compare?.methods);
  return [
    {
      id: 'start',
      label: compare ? '$(play) Start comparison' : '$(play) Start search',
      description: `${search.iterations} × ${search.epochsPerIteration} epochs, then ${finals} × ${search.finalEpochs} final epochs (${totalEpochs(search, finals)} epochs in all)`,
      detail: `Runs in a separate engine process; results go to .netadjust/runs/ beside ${vscode.workspace.asRelativePath(modelUri)}`,
    },
    { id: 'dataset', label: '$(database) Dataset', description: datasetText, detail: fromFile ? 'from the model file' : 'chosen here' },
    ...(['iterations', 'epochsPerIteration', 'finalEpochs'] as const).map((key): Item => ({ id: key, label: `$(settings) ${COUNT_QUESTIONS[key].title}`, description: String(search[key]), detail: sources[key] === 'chosen here' ? 'chosen here' : sourceText(sources[key] as ChoiceSource) })),
    {
      id: 'target',
      label: '$(dashboard) Target MACs',
      description: describeTarget(budget.targetMacs, originalMacs),
      detail: [state.targetSource, budget.budget === 'latency' ? 'the budget counts latency on this engine' : '', budget.distillWeight > 0 ? `the adjusted network is also distilled (weight ${budget.distillWeight})` : '']
        .filter((t) => t !== '')
        .join(' · '),
    },
    { id: 'engine', label: '$(server-process) Engine', description: state.engine },
  ];
}

async function askDataset(modelUri: vscode.Uri, title: string): Promise<DatasetRef | undefined> {
  const folders = await vscode.window.showOpenDialog({
    title,
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(path.dirname(modelUri.fsPath)),
    openLabel: 'Use this dataset folder',
  });
  const folder = folders?.[0];
  if (!folder) {
    return undefined;
  }
  const guess = guessDatasetFormat(readNames(folder.fsPath));
  const order = guess ? [guess, ...DATASET_FORMATS.filter((f) => f !== guess)] : DATASET_FORMATS;
  const picked = await vscode.window.showQuickPick(
    order.map((format) => ({ label: format, description: format === guess ? 'matches the folder' : '', detail: FORMAT_HELP[format], format })),
    { title: `Dataset format of ${path.basename(folder.fsPath)}`, ignoreFocusOut: true },
  );
  return picked ? { format: picked.format, path: folder.fsPath } : undefined;
}

async function askCount(key: keyof SearchChoices, current: number): Promise<number | undefined> {
  const q = COUNT_QUESTIONS[key];
  const text = await vscode.window.showInputBox({
    title: q.title,
    prompt: q.prompt,
    value: String(current),
    ignoreFocusOut: true,
    validateInput: (t) => {
      const parsed = parseCount(t);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  const parsed = text === undefined ? undefined : parseCount(text);
  return parsed?.ok ? parsed.value : undefined;
}

async function askEngine(current: EngineChoice): Promise<EngineChoice | undefined> {
  const help: Record<EngineChoice, string> = {
    auto: 'The fastest engine here: tfjs-node-gpu with a GPU, else PyTorch when a Python with torch is found, else TensorFlow.js',
    tfjs: 'TensorFlow.js, built in; its backend is the netadjust.tfjs.backend setting',
    torch: "PyTorch in a Python worker (netadjust.torch.pythonPath, else the Python extension's environment, else python3)",
  };
  const picked = await vscode.window.showQuickPick(
    ENGINE_CHOICES.map((engine) => ({ label: engine, description: engine === current ? 'current' : '', detail: help[engine], engine })),
    { title: 'Engine' },
  );
  return picked?.engine;
}

function readNames(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}
