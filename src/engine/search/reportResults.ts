/** The "Result" part of `report.md`: every network the run trained, side by side, and what the adjustment gained. */
import { formatCompact } from '../../model/table.js';
import type { NetworkResult, RunReport } from '../../protocol/types.js';
import type { FinalResults } from './final.js';
import { CHART_FILE } from './reportChart.js';
import { resultRows } from './reportRows.js';

export interface ResultsInput {
  readonly report: RunReport;
  readonly finals: FinalResults;
}

const RECIPES: Readonly<Record<NonNullable<NetworkResult['recipe']>, string>> = {
  scratch: 'from scratch',
  'fine-tune': 'pruned from the trained original, fine-tuned',
  distilled: 'from scratch, distilled from the trained original',
};

export function resultSection({ report, finals }: ResultsInput): string[] {
  const rows = resultRows(report);
  const timed = rows.some(([, r]) => r.latency);
  const pruned = rows.some(([, r]) => r.beforeFineTune);
  const batch = rows.find(([, r]) => r.latency)?.[1].latency?.batchSize;
  const body = rows.map(([name, r]) => [
    name,
    RECIPES[r.recipe ?? 'scratch'],
    formatCompact(r.macs),
    ratio(r.macs, report.original.macs),
    formatCompact(r.params),
    percent(r.testAccuracy),
    ...(pruned ? [r.beforeFineTune ? percent(r.beforeFineTune.testAccuracy) : '–'] : []),
    r.testLoss.toFixed(4),
    ...(timed ? [r.latency ? `${r.latency.medianMs.toFixed(2)} (${r.latency.p25Ms.toFixed(2)}–${r.latency.p75Ms.toFixed(2)})` : '–'] : []),
  ]);
  const header = ['network', 'trained', 'MACs', 'vs original', 'params', 'test accuracy', ...(pruned ? ['before fine-tuning'] : []), 'test loss', ...(timed ? [`latency, ms per batch of ${batch} (quartiles)`] : [])];
  return [
    '## Result',
    '',
    `Every network trained on the whole training set for ${finals.original.train.epochs} epoch${finals.original.train.epochs === 1 ? '' : 's'} with the same recipe and seed, then tested${report.pruned ? '; the pruned ones start from the trained original\'s kept channels and fine-tune for the same epochs at the fine-tuning learning rate' : ''}.`,
    '',
    ...table(header, body),
    '',
    noise(report),
    '',
    `![Test accuracy against MACs of every network](${CHART_FILE})`,
    '',
    `${gains(report)} Adjusted model: \`${report.adjustedModelFile}\`.`,
    '',
  ];
}

function gains(report: RunReport): string {
  const a = report.adjusted;
  const versus = (base: NetworkResult, what: string) => {
    const delta = (a.testAccuracy - base.testAccuracy) * 100;
    return `Test accuracy ${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(2)} points ${what} at ${ratio(a.macs, base.macs)} its MACs and ${ratio(a.params, base.params)} its parameters.`;
  };
  const others = resultRows(report).filter(([, r]) => r !== report.original && r !== report.adjusted && r !== report.uniform);
  const best = others.reduce<[string, NetworkResult] | undefined>((b, r) => (!b || r[1].testAccuracy > b[1].testAccuracy ? r : b), undefined);
  return [
    versus(report.original, 'against the original'),
    ...(report.uniform ? [versus(report.uniform, 'against the uniformly scaled network')] : []),
    ...(best ? [`Best of the rest: ${best[0]}, ${percent(best[1].testAccuracy)} at ${ratio(best[1].macs, report.original.macs)} the original's MACs.`] : []),
  ].join(' ');
}

/**
 * How much of a difference in test accuracy is noise: the binomial standard error √(p(1−p)/n) of the test set at the
 * original's accuracy, so people do not read a 0.3-point gap on 1,000 images as a result.
 */
function noise(report: RunReport): string {
  const n = report.testImages;
  if (!n) {
    return '';
  }
  const p = report.original.testAccuracy;
  const se = Math.sqrt((p * (1 - p)) / n) * 100;
  return `On ${n.toLocaleString('en-US')} test images one standard error of a test accuracy near ${percent(p)} is ±${se.toFixed(2)} points: differences within about twice that are noise of the test set, before any seed-to-seed variation of training.`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

export function ratio(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(3)}×` : '–';
}
