/**
 * What the charts and tables show, derived from a run snapshot alone. Pure (no DOM, no Chart.js) and unit-tested:
 * the drawing code only copies these numbers onto canvases and into tables.
 */
import { NETWORK_NAMES, phaseNetwork } from '../src/protocol/phases.js';
import type { FinalNetwork, IterationRecord, ProgressEvent, WidthMap } from '../src/protocol/types.js';
import type { RunSnapshot } from '../src/protocol/webview.js';
import { isTrainingEpochEnd } from './state.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** One training's curve: loss or accuracy at each finished epoch. */
export interface TrainingSeries {
  readonly label: string;
  /** A search iteration's training, or one of the final phase's. */
  readonly kind: 'iteration' | 'final';
  /** The search iteration (0-based) for `iteration` curves. */
  readonly iteration?: number;
  /** The network a `final` curve trains; the charts colour by it. */
  readonly network?: FinalNetwork;
  readonly points: readonly Point[];
}

export interface TrainingCurves {
  readonly loss: readonly TrainingSeries[];
  readonly accuracy: readonly TrainingSeries[];
}

/** Cost of each network: the uniformly scaled start (under a budget), every iteration's, then the adjusted one. */
export interface CostSeries {
  /**
   * The MACs every iteration is rescaled to: the run's target under a MAC budget, else the original network's; 0
   * under a latency budget, where MACs are free to move and no MACs line applies.
   */
  readonly budgetMacs: number;
  /** What the line at `budgetMacs` stands for, for its label. */
  readonly budgetLabel: string;
  readonly labels: readonly string[];
  readonly macs: readonly number[];
  readonly params: readonly number[];
}

export type FurAction = 'grow' | 'shrink' | 'keep';

export interface FurBar {
  /** Coupling-group id (the name of its first width variable). */
  readonly group: string;
  readonly fur: number;
  readonly action: FurAction;
  readonly width: number;
  readonly nextWidth: number;
}

/** The latest iteration's FUR per group, most useful first. */
export interface FurView {
  readonly iteration: number;
  readonly bars: readonly FurBar[];
}

export interface WidthRow {
  readonly layer: string;
  readonly original: number;
  /** One width per column; null where the layer has none (it cannot happen for a well-formed run). */
  readonly widths: readonly (number | null)[];
}

/** Every searchable layer's width across the run: the heatmap. */
export interface WidthGrid {
  readonly columns: readonly string[];
  readonly rows: readonly WidthRow[];
}

/** The label of a training: "iteration 2" (1-based, as in the header), "final original", "final uniformly scaled", … */
export function trainingLabel(event: Pick<ProgressEvent, 'phase' | 'iteration'>): string {
  const network = phaseNetwork(event.phase);
  return network !== undefined ? `final ${NETWORK_NAMES[network]}` : `iteration ${(event.iteration ?? 0) + 1}`;
}

/** Loss and accuracy per epoch, one series per training, in the order the trainings ran. */
export function trainingCurves(epochs: readonly ProgressEvent[]): TrainingCurves {
  const groups = new Map<string, ProgressEvent[]>();
  for (const e of epochs) {
    if (isTrainingEpochEnd(e)) {
      const key = trainingLabel(e);
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
  }
  const series = (pick: (e: ProgressEvent) => number): TrainingSeries[] =>
    [...groups].map(([label, events]) => {
      const first = events[0]!;
      const network = phaseNetwork(first.phase);
      const points = events.map((e) => ({ x: e.epoch, y: pick(e) })).sort((a, b) => a.x - b.x);
      return network === undefined ? { label, kind: 'iteration', iteration: first.iteration ?? 0, points } : { label, kind: 'final', network, points };
    });
  return { loss: series((e) => e.loss), accuracy: series((e) => e.accuracy) };
}

export function costSeries(snapshot: RunSnapshot): CostSeries {
  const { manifest, report } = snapshot;
  const labels: string[] = [];
  const macs: number[] = [];
  const params: number[] = [];
  const add = (label: string, network: { readonly macs: number; readonly params: number }): void => {
    labels.push(label);
    macs.push(network.macs);
    params.push(network.params);
  };
  // Where the search started: the baseline at the budget, measured once the report has it.
  const uniform = report?.uniform ?? (manifest.budget ? { macs: manifest.budget.startMacs, params: manifest.budget.startParams } : undefined);
  if (uniform) {
    add('uniform', uniform);
  }
  for (const r of snapshot.iterations) {
    add(String(r.iteration + 1), r);
  }
  if (report) {
    add('adjusted', report.adjusted);
  }
  return { ...costBudget(snapshot), labels, macs, params };
}

function costBudget(snapshot: RunSnapshot): Pick<CostSeries, 'budgetMacs' | 'budgetLabel'> {
  const { manifest } = snapshot;
  if (manifest.settings.budget === 'latency') {
    return { budgetMacs: 0, budgetLabel: '' };
  }
  return manifest.budget ? { budgetMacs: manifest.budget.targetMacs, budgetLabel: 'target' } : { budgetMacs: manifest.originalMacs, budgetLabel: 'original MACs' };
}

/** The FUR bars of the latest iteration, or undefined before the first iteration ends. */
export function furView(iterations: readonly IterationRecord[]): FurView | undefined {
  const last = iterations.at(-1);
  if (!last) {
    return undefined;
  }
  const grown = new Set(last.grown ?? []);
  const shrunk = new Set(last.shrunk ?? []);
  const bars = Object.entries(last.fur)
    .map(([group, fur]): FurBar => ({
      group,
      fur,
      action: grown.has(group) ? 'grow' : shrunk.has(group) ? 'shrink' : 'keep',
      width: last.widths[group] ?? 0,
      nextWidth: last.nextWidths[group] ?? 0,
    }))
    .sort((a, b) => b.fur - a.fur || a.group.localeCompare(b.group));
  return { iteration: last.iteration, bars };
}

/**
 * Columns: the widths each iteration trained at, then where the search ended — the report's adjusted widths, or
 * the widths proposed for the next iteration while the run goes on. Rows: the layers the search can move (those it
 * measured a FUR for or whose width ever changed), in the model's order; fixed layers (a classifier's units) add
 * nothing to the picture.
 */
export function widthGrid(snapshot: RunSnapshot): WidthGrid {
  const { iterations, report } = snapshot;
  const original = snapshot.manifest.originalWidths;
  const maps: WidthMap[] = iterations.map((r) => r.widths);
  const columns = iterations.map((r) => `it ${r.iteration + 1}`);
  const last = iterations.at(-1);
  if (report) {
    maps.push(report.adjusted.widths);
    columns.push('adjusted');
  } else if (last) {
    maps.push(last.nextWidths);
    columns.push('next');
  }
  const measured = new Set(iterations.flatMap((r) => Object.keys(r.fur)));
  const rows = Object.entries(original)
    .map(([layer, width]): WidthRow => ({ layer, original: width, widths: maps.map((m) => m[layer] ?? null) }))
    .filter((row) => measured.has(row.layer) || row.widths.some((w) => w !== null && w !== row.original));
  return { columns, rows };
}
