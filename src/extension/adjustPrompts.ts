/**
 * The questions "Adjust network" asks: the dataset when the model file names none (or one that cannot be used),
 * then one pick that shows the run's settings and starts it, where any setting can be changed first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelGraph } from '../model/graph.js';
import type { EngineChoice } from '../protocol/settings.js';
import type { DatasetRef } from '../protocol/types.js';
import { ENGINE_CHOICES, type Config } from './config.js';
import { DATASET_FORMATS, fileDataset, guessDatasetFormat, parseCount, searchDefaults, totalEpochs, type SearchChoices } from './runs/adjustDefaults.js';

export interface AdjustChoices {
  /** Undefined: the model file's own `dataset`. */
  readonly dataset?: DatasetRef;
  readonly search: SearchChoices;
  readonly engine: EngineChoice;
}

const FORMAT_HELP: Readonly<Record<DatasetRef['format'], string>> = {
  idx: 'MNIST / Fashion-MNIST: train-images-idx3-ubyte, t10k-…',
  cifar10: 'CIFAR-10 binary: data_batch_1.bin … test_batch.bin',
  cifar100: 'CIFAR-100 binary: train.bin, test.bin',
  folder: 'train/<class>/*.png|jpg and test/<class>/*.png|jpg',
};

const COUNT_QUESTIONS: Readonly<Record<keyof SearchChoices, { title: string; prompt: string }>> = {
  iterations: { title: 'Iterations', prompt: 'Adjustment iterations: train → measure FUR → update widths → rescale to the original MACs' },
  epochsPerIteration: { title: 'Epochs per iteration', prompt: "Training epochs of each iteration's network" },
  finalEpochs: { title: 'Final epochs', prompt: 'Epochs of the final from-scratch training of the original and of the adjusted network' },
};

type Item = vscode.QuickPickItem & { readonly id: 'start' | 'dataset' | 'engine' | keyof SearchChoices };

/** Asks what the run needs; undefined when the user dismissed a question. */
export async function askAdjustChoices(modelUri: vscode.Uri, graph: ModelGraph, config: Config): Promise<AdjustChoices | undefined> {
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
  let search: SearchChoices = defaults.values;
  const sources: Record<keyof SearchChoices, string> = { ...defaults.sources };
  let engine = config.engine;
  for (;;) {
    const shown = dataset ?? (inFile.kind === 'ok' ? inFile.dataset : undefined);
    const picked = await vscode.window.showQuickPick(items(modelUri, shown, dataset === undefined, search, sources, engine), {
      title: `Adjust ${path.basename(modelUri.fsPath)}`,
      placeHolder: 'Start the search, or pick a setting to change it first',
      ignoreFocusOut: true,
    });
    if (!picked) {
      return undefined;
    }
    if (picked.id === 'start') {
      return { ...(dataset ? { dataset } : {}), search, engine };
    }
    if (picked.id === 'dataset') {
      dataset = (await askDataset(modelUri, 'Choose the dataset folder')) ?? dataset;
    } else if (picked.id === 'engine') {
      engine = (await askEngine(engine)) ?? engine;
    } else {
      const value = await askCount(picked.id, search[picked.id]);
      if (value !== undefined && value !== search[picked.id]) {
        search = { ...search, [picked.id]: value };
        sources[picked.id] = 'chosen here';
      }
    }
  }
}

function items(modelUri: vscode.Uri, dataset: DatasetRef | undefined, fromFile: boolean, search: SearchChoices, sources: Record<keyof SearchChoices, string>, engine: EngineChoice): Item[] {
  const datasetText = dataset ? `${dataset.format} · ${vscode.workspace.asRelativePath(dataset.path)}` : 'none';
  return [
    {
      id: 'start',
      label: '$(play) Start search',
      description: `${search.iterations} × ${search.epochsPerIteration} epochs, then 2 × ${search.finalEpochs} final epochs (${totalEpochs(search)} epochs in all)`,
      detail: `Runs in a separate engine process; results go to .netadjust/runs/ beside ${vscode.workspace.asRelativePath(modelUri)}`,
    },
    { id: 'dataset', label: '$(database) Dataset', description: datasetText, detail: fromFile ? 'from the model file' : 'chosen here' },
    ...(['iterations', 'epochsPerIteration', 'finalEpochs'] as const).map((key): Item => ({ id: key, label: `$(settings) ${COUNT_QUESTIONS[key].title}`, description: String(search[key]), detail: sources[key] === 'chosen here' ? 'chosen here' : `default from the ${sources[key]}` })),
    { id: 'engine', label: '$(server-process) Engine', description: engine },
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
