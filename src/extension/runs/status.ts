/** The words the status bar and the progress notification use for a running search. */
import { isTrainingPhase, NETWORK_NAMES, phaseLabel } from '../../protocol/phases.js';
import type { EngineInfo, NetworkResult, ProgressEvent, RunReport } from '../../protocol/types.js';

/** `45 s`, `12 min`, `1 h 05 min`, `2 d 3 h`; `–` for an unknown or negative time. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '–';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  const minutes = Math.round(s / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  }
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The parts of a progress line: phase, iteration `i/T` (1-based), epoch or probe pass, ETA. */
export function progressParts(event: ProgressEvent, iterations: number): string[] {
  const parts = [phaseLabel(event.phase)];
  if (event.iteration !== undefined && (event.phase === 'search-train' || event.phase === 'fur')) {
    parts.push(`iteration ${event.iteration + 1}/${iterations}`);
  }
  if (event.epochs > 0 && event.phase !== 'done') {
    parts.push(`${stepName(event)} ${event.epoch}/${event.epochs}`);
  }
  if (event.phase !== 'done') {
    parts.push(`ETA ${formatDuration(event.etaSeconds)}`);
  }
  return parts;
}

/** What one step of the phase is: an epoch of a training, a FUR probe pass, a step of timing or channel scoring. */
function stepName(event: ProgressEvent): string {
  if (event.phase === 'fur') {
    return 'pass';
  }
  return isTrainingPhase(event.phase) ? 'epoch' : 'step';
}

/** Status-bar text, e.g. `$(sync~spin) netadjust: training · iteration 3/10 · epoch 5/20 · ETA 1 h 05 min`. */
export function statusText(event: ProgressEvent | undefined, iterations: number): string {
  if (!event) {
    return '$(sync~spin) netadjust: starting';
  }
  return `$(sync~spin) netadjust: ${progressParts(event, iterations).join(' · ')}`;
}

/** Status-bar tooltip: the run, and the latest training numbers. */
export function statusTooltip(runId: string, event: ProgressEvent | undefined, engine?: EngineInfo): string {
  const lines = [`netadjust run ${runId}`];
  if (engine) {
    lines.push(`engine: ${engine.engine} on ${engine.backend} (${engine.reason})`);
  }
  if (event && event.phase !== 'done') {
    lines.push(`loss ${event.loss.toFixed(4)} · accuracy ${(100 * event.accuracy).toFixed(1)} %`);
    if (event.imagesPerSecond > 0) {
      lines.push(`${Math.round(event.imagesPerSecond)} images/s`);
    }
  }
  lines.push('Click to show the progress panel');
  return lines.join('\n');
}

/**
 * The end-of-run line's numbers: "adjusted 73.40 % vs original 76.80 %", then every other network the run trained
 * ("…, uniformly scaled 72.00 %, L1-norm pruned 76.60 %").
 */
export function accuracySummary(report: RunReport): string {
  const others: [string, NetworkResult | undefined][] = [
    [NETWORK_NAMES.uniform, report.uniform],
    [NETWORK_NAMES['adjusted-distilled'], report.distilled],
    [NETWORK_NAMES.l1, report.pruned?.l1],
    [NETWORK_NAMES.chip, report.pruned?.chip],
    [NETWORK_NAMES.hrel, report.pruned?.hrel],
  ];
  const rest = others.flatMap(([name, result]) => (result ? [`${name} ${percent(result.testAccuracy)}`] : []));
  return [`adjusted ${percent(report.adjusted.testAccuracy)} vs original ${percent(report.original.testAccuracy)}`, ...rest].join(', ');
}

function percent(x: number): string {
  return `${(100 * x).toFixed(2)} %`;
}
