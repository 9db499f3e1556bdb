/**
 * How `netadjust adjust` shows a run: JSON lines on stdout (`--json`), a progress bar on a terminal, or one plain
 * line per epoch when stderr is not a terminal (CI logs).
 */
import { SingleBar } from 'cli-progress';
import type { IterationParams, LogParams, RunEndParams } from '../protocol/engine.js';
import type { ProgressEvent, RunReport } from '../protocol/types.js';
import { formatCompact } from '../model/table.js';
import { phaseLabel as describePhase, phasePruneMethod } from '../protocol/phases.js';
import { resultRows } from '../engine/search/reportRows.js';

export interface AdjustReporter {
  started(runId: string, runDir: string, engine: string): void;
  progress(e: ProgressEvent): void;
  iteration(p: IterationParams): void;
  report(r: RunReport & { runDir: string }): void;
  log(p: LogParams): void;
  ended(p: RunEndParams, runDir: string): void;
}

export function jsonReporter(out: NodeJS.WritableStream): AdjustReporter {
  const line = (value: object) => out.write(`${JSON.stringify(value)}\n`);
  return {
    started: (runId, runDir, engine) => line({ event: 'started', runId, runDir, engine }),
    progress: (e) => line({ event: 'progress', ...e }),
    iteration: (p) => line({ event: 'iteration', runId: p.runId, ...p.record }),
    report: (r) => line({ event: 'report', ...r }),
    log: (p) => line({ event: 'log', ...p }),
    ended: (p, runDir) => line(p.state === 'done' ? { event: 'done', runId: p.runId, runDir } : { event: p.state, runId: p.runId, runDir, ...(p.message ? { message: p.message } : {}) }),
  };
}

const phaseLabel = (e: ProgressEvent) =>
  e.phase === 'search-train' ? `iteration ${(e.iteration ?? 0) + 1} train` : e.phase === 'fur' ? `iteration ${(e.iteration ?? 0) + 1} FUR` : describePhase(e.phase);

const duration = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

/** Human output on stderr; `interactive` draws a live bar, otherwise one line per finished epoch. */
export function textReporter(err: NodeJS.WritableStream & { isTTY?: boolean }, interactive: boolean): AdjustReporter {
  let bar: SingleBar | undefined;
  let barKey = '';
  const say = (text: string) => {
    bar?.stop();
    bar = undefined;
    barKey = '';
    err.write(`${text}\n`);
  };
  const payload = (e: ProgressEvent) => ({
    phase: phaseLabel(e),
    detail: e.phase === 'fur' ? `pass ${e.epoch}/${e.epochs}` : phasePruneMethod(e.phase) ? `${e.epoch}/${e.epochs} layers scored` : `epoch ${e.epoch}/${e.epochs} · loss ${e.loss.toFixed(3)} · acc ${(100 * e.accuracy).toFixed(1)}%`,
    // Scoring channels runs no images through a network: no throughput to show.
    speed: phasePruneMethod(e.phase) ? '' : ` · ${Math.round(e.imagesPerSecond)} img/s`,
    eta: duration(e.etaSeconds),
  });
  return {
    started: (runId, runDir, engine) => say(`run ${runId} (${engine})\n  folder ${runDir}`),
    progress: (e) => {
      if (e.phase === 'done') {
        return;
      }
      if (!interactive) {
        if (e.epochEnd && e.phase !== 'fur') {
          const p = payload(e);
          err.write(`${p.phase}: ${p.detail}${p.speed} · run ETA ${p.eta}\n`);
        }
        return;
      }
      const key = `${e.phase}/${e.iteration ?? ''}`;
      const total = e.epochs * Math.max(1, e.batches);
      const done = e.phase === 'fur' ? e.epoch * Math.max(1, e.batches) : (e.epoch - 1) * Math.max(1, e.batches) + e.batch;
      if (key !== barKey) {
        bar?.stop();
        bar = new SingleBar({ format: '{phase} [{bar}] {percentage}% · {detail}{speed} · run ETA {eta}', stream: err, hideCursor: true, clearOnComplete: false, barsize: 24 });
        bar.start(total, Math.min(done, total), payload(e));
        barKey = key;
      } else {
        bar?.update(Math.min(done, total), payload(e));
      }
    },
    iteration: ({ record: r }) => {
      const grown = (r.grown ?? []).join(', ') || '—';
      const shrunk = (r.shrunk ?? []).join(', ') || '—';
      say(`iteration ${r.iteration + 1}: val acc ${(100 * r.val.accuracy).toFixed(1)}% · ${formatCompact(r.macs)} MACs → ${formatCompact(r.nextMacs)} · grow ${grown} · shrink ${shrunk}`);
    },
    report: (r) => {
      const row = ([name, n]: [string, RunReport['original']]) => {
        const latency = n.latency ? `  ${n.latency.medianMs.toFixed(2).padStart(8)} ms` : '';
        return `  ${name.padEnd(24)} ${formatCompact(n.macs).padStart(9)} MACs  ${formatCompact(n.params).padStart(9)} params  test acc ${(100 * n.testAccuracy).toFixed(2)}%${latency}`;
      };
      const how = r.pruned ? 'same recipe and seed; pruned networks fine-tuned from the trained original' : 'trained with the same recipe and seed';
      say([`result (${how}):`, ...resultRows(r).map(row), `  report  ${r.runDir}/report.md`].join('\n'));
    },
    log: (p) => {
      if (p.level !== 'info' || !interactive) {
        say(`${p.level === 'info' ? '' : `${p.level}: `}${p.message}`);
      }
    },
    ended: (p, runDir) => {
      bar?.stop();
      bar = undefined;
      if (p.state === 'cancelled') {
        err.write(`cancelled; completed iterations are kept in ${runDir}\n`);
      }
    },
  };
}
