/** The words the status bar and the progress notification use for a running search. */
import type { EngineInfo, ProgressEvent, RunPhase } from '../../protocol/types.js';

const PHASES: Readonly<Record<RunPhase, string>> = {
  'search-train': 'training',
  fur: 'measuring FUR',
  'final-original': 'final training (original)',
  'final-uniform': 'final training (uniformly scaled)',
  'final-adjusted': 'final training (adjusted)',
  done: 'writing the report',
};

export function phaseLabel(phase: RunPhase): string {
  return PHASES[phase] ?? phase;
}

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
  if (event.phase === 'fur' && event.epochs > 0) {
    parts.push(`pass ${event.epoch}/${event.epochs}`);
  } else if (event.phase !== 'done' && event.epochs > 0) {
    parts.push(`epoch ${event.epoch}/${event.epochs}`);
  }
  if (event.phase !== 'done') {
    parts.push(`ETA ${formatDuration(event.etaSeconds)}`);
  }
  return parts;
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
