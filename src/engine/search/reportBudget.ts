/** The budget part of `report.md`: what the run shrank to, the uniform start, and how close every iteration stayed. */
import { formatCompact } from '../../model/table.js';
import type { IterationRecord, RunManifest, RunReport } from '../../protocol/types.js';
import { ROUNDING_DIVISOR } from '../budget/scale.js';
import { formatRatio } from '../budget/target.js';

export interface BudgetReportInput {
  readonly manifest: RunManifest;
  readonly iterations: readonly IterationRecord[];
  readonly report: RunReport;
}

/** `+0.42 %`: how far MACs are from the budget. */
export function versusBudget(macs: number, budgetMacs: number): string {
  const off = (macs / budgetMacs - 1) * 100;
  return `${off >= 0 ? '+' : '−'}${Math.abs(off).toFixed(2)} %`;
}

/** Empty without a budget. */
export function budgetSection({ manifest, iterations, report }: BudgetReportInput): string[] {
  const budget = manifest.budget;
  if (!budget) {
    return [];
  }
  const target = budget.targetMacs;
  const setting = manifest.settings.targetMacs;
  // Under budget latency the target is in latency; `targetMacs` records the uniform start's MACs.
  const latency = manifest.settings.budget === 'latency';
  const tolerance = (manifest.settings.macsTolerance * 100).toFixed(1);
  const ladder = `the first of ${ROUNDING_DIVISOR}, 4, 2, 1 to land within ±${tolerance} % of the target, else the closest`;
  const unit = budget.divisor > 1 ? `multiples of ${budget.divisor}` : 'whole channels';
  const rounding = budget.divisor === ROUNDING_DIVISOR ? `multiples of ${ROUNDING_DIVISOR}` : `${unit} (${ladder})`;
  const worst = iterations.reduce<IterationRecord | undefined>((w, r) => (!w || Math.abs(r.nextMacs - target) > Math.abs(w.nextMacs - target) ? r : w), undefined);
  return [
    '## Budget',
    '',
    latency
      ? `Target: ${setting}× the original network's predicted latency (setting \`targetMacs\` = ${setting} under budget \`latency\`; see the Latency section).`
      : `Target: ${formatCompact(target)} MACs, ${formatRatio(target / manifest.originalMacs)}× the original ${formatCompact(manifest.originalMacs)} (setting \`targetMacs\` = ${setting}).`,
    '',
    `Uniform scaling first (the EfficientNet/MobileNet width multiplier): every searchable width × ${budget.multiplier.toFixed(4)}, rounded to ${rounding}, gives ${formatCompact(budget.startMacs)} MACs${latency ? '' : ` (${versusBudget(budget.startMacs, target)} vs the target)`} and ${formatCompact(budget.startParams)} parameters. That network is the search's start, the reference widths of its adjusting-rate step (as in the method's "searched 0.8×"), and the baseline trained in the final phase.`,
    '',
    latency
      ? `Every iteration was rescaled to the latency budget (tolerance ±${tolerance} %; see the Latency section). The adjusted network costs ${formatCompact(report.adjusted.macs)} MACs (${versusBudget(report.adjusted.macs, target)} vs the uniform start).`
      : worst
      ? `Every iteration was rescaled to the budget (tolerance ±${tolerance} %); the farthest was iteration ${worst.iteration} at ${versusBudget(worst.nextMacs, target)}. The adjusted network costs ${formatCompact(report.adjusted.macs)} MACs (${versusBudget(report.adjusted.macs, target)}).`
      : `No search iterations ran; the adjusted network costs ${formatCompact(report.adjusted.macs)} MACs (${versusBudget(report.adjusted.macs, target)}).`,
    '',
  ];
}
