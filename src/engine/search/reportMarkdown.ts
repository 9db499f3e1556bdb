/** `report.md`: the run's result for people — what changed, what it cost, and whether it helped. */
import type { ModelAnalysis } from '../../model/analyze.js';
import { formatCompact, formatCount } from '../../model/table.js';
import type { IterationRecord, RunManifest, RunReport } from '../../protocol/types.js';
import { budgetSection, versusBudget } from './reportBudget.js';
import { latencySection } from './reportLatency.js';
import type { CostModel } from '../cost/costModel.js';
import type { FinalResults } from './final.js';
import { percent, ratio, resultSection, table } from './reportResults.js';

export interface ReportInput {
  readonly manifest: RunManifest;
  readonly analysis: ModelAnalysis;
  readonly iterations: readonly IterationRecord[];
  readonly finals: FinalResults;
  readonly report: RunReport;
  /** The run's cost model: under `budget: latency` the report has a Latency section. */
  readonly cost?: CostModel;
}

/** The whole Markdown report. Only the line starting `Time:` depends on how long things took. */
export function renderReport(input: ReportInput): string {
  const { manifest, report } = input;
  return [
    `# Network Adjustment: ${manifest.modelName}`,
    '',
    `Run \`${manifest.runId}\`, started ${manifest.createdAt}. Model \`${manifest.modelFile}\`; dataset ${manifest.dataset.format} at \`${manifest.dataset.path}\`; engine ${manifest.engine.engine} (${manifest.engine.backend}).`,
    '',
    `Time: ${formatDuration(report.seconds)} of training and measurement.`,
    '',
    ...resultSection(input),
    ...budgetSection(input),
    ...latencySection(input),
    ...iterationSection(input.iterations, manifest),
    ...widthSection(input),
    ...furSection(input.iterations.at(-1), manifest.settings.budget === 'latency'),
    ...settingsSection(manifest),
  ].join('\n');
}

function iterationSection(iterations: readonly IterationRecord[], manifest: RunManifest): string[] {
  // Under a latency budget the rescale holds latency, not MACs: the Latency section has each iteration against it.
  const budget = manifest.settings.budget === 'latency' ? undefined : manifest.budget;
  const rows = iterations.map((r) => [
    String(r.iteration),
    formatCompact(r.macs),
    ratio(r.macs, manifest.originalMacs),
    ...(budget ? [versusBudget(r.nextMacs, budget.targetMacs)] : []),
    formatCompact(r.params),
    r.val.loss.toFixed(4),
    percent(r.val.accuracy),
    (r.grown ?? []).join(', '),
    (r.shrunk ?? []).join(', '),
  ]);
  return [
    '## Search iterations',
    '',
    `Each network trained from scratch on the search split; held-out metrics without channel dropout.${budget ? ' "MACs vs budget": the widths proposed for the next iteration, after the rescale to the budget.' : ''}`,
    '',
    ...table(['iteration', 'MACs', 'vs original', ...(budget ? ['MACs vs budget'] : []), 'params', 'held-out loss', 'held-out accuracy', 'grown', 'shrunk'], rows),
    '',
  ];
}

/** Under a budget the change is counted from the uniformly scaled widths: what the adjustment itself did. */
function widthSection({ manifest, analysis, report }: ReportInput): string[] {
  const start = manifest.budget?.startWidths;
  const rows = analysis.graph.widths.map((w) => {
    const before = manifest.originalWidths[w.name] ?? w.value;
    const uniform = start?.[w.name] ?? before;
    const after = report.adjusted.widths[w.name] ?? before;
    const group = analysis.groupOf[w.name];
    const searchable = analysis.groups.find((g) => g.id === group)?.searchable ?? false;
    const from = start ? uniform : before;
    return [w.name, group !== undefined && group !== w.name ? group : '', searchable ? 'yes' : 'fixed', String(before), ...(start ? [String(uniform)] : []), String(after), signed(after - from)];
  });
  const header = ['layer', 'coupled to', 'search', 'original', ...(start ? ['uniform'] : []), 'adjusted', start ? 'change vs uniform' : 'change'];
  return ['## Widths', '', ...table(header, rows), ''];
}

function furSection(last: IterationRecord | undefined, latency: boolean): string[] {
  if (!last) {
    return [];
  }
  const ids = Object.keys(last.fur).sort((a, b) => last.fur[b]! - last.fur[a]!);
  const rows = ids.map((id, i) => [String(i + 1), id, (last.dropRates[id] ?? 0).toFixed(4), last.fur[id]!.toExponential(3)]);
  return [
    `## FUR of the last iteration (${last.iteration})`,
    '',
    latency
      ? 'Held-out loss increase when a latency-equalised fraction of the group\'s channels is dropped (each probe removes the same predicted milliseconds); higher means more useful per millisecond.'
      : 'Held-out loss increase when a FLOPs-equalised fraction of the group\'s channels is dropped; higher means more useful per MAC.',
    '',
    ...table(['rank', 'group', 'probe drop rate', 'FUR'], rows),
    '',
  ];
}

function settingsSection(manifest: RunManifest): string[] {
  const rows = Object.entries(manifest.settings).map(([k, v]) => [k, String(v)]);
  return ['## Settings', '', ...table(['setting', 'value'], rows), ''];
}

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '0';
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const [h, m] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60)];
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}
