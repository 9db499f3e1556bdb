/**
 * What the charts and tables show, derived from a run snapshot alone. Pure (no DOM, no Chart.js) and unit-tested:
 * the drawing code only copies these numbers onto canvases and into tables.
 */
import type { IterationRecord, ProgressEvent, WidthMap } from '../src/protocol/types.js';
import type { RunSnapshot } from '../src/protocol/webview.js';
import { isTrainingEpochEnd } from './state.js';

/** Which training of the run a curve belongs to; the charts colour by it. */
export type TrainingKind = 'iteration' | 'final-original' | 'final-uniform' | 'final-adjusted';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** One training's curve: loss or accuracy at each finished epoch. */
export interface TrainingSeries {
  readonly label: string;
  readonly kind: TrainingKind;
  /** The search iteration (0-based) for `iteration` curves. */
  readonly iteration?: number;
  readonly points: readonly Point[];
}

export interface TrainingCurves {
  readonly loss: readonly TrainingSeries[];
  readonly accuracy: readonly TrainingSeries[];
}

/** Cost of each network: the one trained in every iteration, then the adjusted one when the report is in. */
export interface CostSeries {
  /** The MACs every iteration is rescaled to: the run's target under a budget, else the original network's. */
  readonly budgetMacs: number;
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

/** The label of a training: "iteration 2" (1-based, as in the header), "final original", "final uniform", "final adjusted". */
export function trainingLabel(event: Pick<ProgressEvent, 'phase' | 'iteration'>): string {
  if (event.phase === 'final-original') {
    return 'final original';
  }
  if (event.phase === 'final-uniform') {
    return 'final uniform';
  }
  if (event.phase === 'final-adjusted') {
    return 'final adjusted';
  }
  return `iteration ${(event.iteration ?? 0) + 1}`;
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
      const kind: TrainingKind = first.phase === 'search-train' ? 'iteration' : first.phase === 'final-original' || first.phase === 'final-uniform' ? first.phase : 'final-adjusted';
      const points = events.map((e) => ({ x: e.epoch, y: pick(e) })).sort((a, b) => a.x - b.x);
      return kind === 'iteration' ? { label, kind, iteration: first.iteration ?? 0, points } : { label, kind, points };
    });
  return { loss: series((e) => e.loss), accuracy: series((e) => e.accuracy) };
}

export function costSeries(snapshot: RunSnapshot): CostSeries {
  const labels = snapshot.iterations.map((r) => String(r.iteration + 1));
  const macs = snapshot.iterations.map((r) => r.macs);
  const params = snapshot.iterations.map((r) => r.params);
  if (snapshot.report) {
    labels.push('adjusted');
    macs.push(snapshot.report.adjusted.macs);
    params.push(snapshot.report.adjusted.params);
  }
  return { budgetMacs: snapshot.manifest.budget?.targetMacs ?? snapshot.manifest.originalMacs, labels, macs, params };
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
