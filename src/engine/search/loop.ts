/**
 * The search: T iterations of train → measure FUR → update → rescale, each saved as it completes, then the final
 * from-scratch training of the original and the adjusted network (and, under a MAC budget, of the uniformly scaled
 * one) and the report. Resumable at any point: it continues from the first iteration whose file is missing, and the
 * final phase from the first missing result.
 */
import type { IterationRecord, RunReport, WidthMap } from '../../protocol/types.js';
import { searchStart } from '../budget/plan.js';
import { resumeProblem } from '../runs/manifest.js';
import { runFinal, writeModelFile, type FinalResults } from './final.js';
import { runIteration } from './iteration.js';
import { SearchCancelled, SearchFailed, throwIfCancelled, type SearchOutcome } from './outcome.js';
import { accuracyChartSvg, CHART_FILE } from './reportChart.js';
import { renderReport } from './reportMarkdown.js';
import { latencyField } from './reportLatency.js';
import { Session, type SearchInput } from './session.js';

export type { SearchOutcome } from './outcome.js';
export type { SearchInput, SearchSink } from './session.js';

/**
 * Runs (or resumes) the search recorded in `input.store`. Never rejects: the outcome says whether the run is done
 * (with its report), was cancelled (completed iterations stay on disk), or failed (with a message for people).
 * Every outcome is recorded as the last line of `events.jsonl` and passed to `sink.ended` — except a refused
 * resume, which leaves the run's files untouched.
 */
export async function runSearch(input: SearchInput): Promise<SearchOutcome> {
  const session = new Session(input);
  const refused = resumeProblem(input.store.manifest, input.analysis, input.settings);
  if (refused) {
    const outcome: SearchOutcome = { state: 'failed', message: refused };
    try {
      input.sink?.ended?.(outcome);
    } catch {
      // A listener's bug must not turn the refusal into a rejection.
    }
    return outcome;
  }
  let outcome: SearchOutcome;
  try {
    outcome = { state: 'done', report: await execute(session) };
  } catch (e) {
    outcome = failure(session, e);
  }
  session.ended(outcome);
  return outcome;
}

async function execute(session: Session): Promise<RunReport> {
  const { store, settings } = session;
  store.repairEvents();
  const finished = store.readReport();
  if (finished) {
    session.log('info', `run ${store.runId} is already finished; its report stands`);
    return finished;
  }
  const iterations = store.completedIterations();
  if (iterations.length > 0 || store.readFinal('original')) {
    const at = iterations.length < settings.iterations ? `at iteration ${iterations.length} of ${settings.iterations}` : 'in the final phase';
    session.log('info', `resuming run ${store.runId} ${at}`);
  }
  let widths: WidthMap = iterations.at(-1)?.nextWidths ?? searchStart(store.manifest).widths;
  for (let t = iterations.length; t < settings.iterations; t++) {
    throwIfCancelled(session.signal);
    const record = await runIteration(session, t, widths);
    store.saveIteration(record);
    session.iteration(record);
    iterations.push(record);
    widths = record.nextWidths;
  }
  throwIfCancelled(session.signal);
  const finals = await runFinal(session, widths);
  return finish(session, iterations, finals);
}

/** Writes the adjusted model, `report.md` and `report.json` (the marker of a finished run), and says so. */
async function finish(session: Session, iterations: readonly IterationRecord[], finals: FinalResults): Promise<RunReport> {
  const { store, input } = session;
  session.where = 'writing the report';
  const widths = finals.adjusted.result.widths;
  // Runs whose adjusted result was saved before results named their model file write it now.
  const adjustedModelFile = finals.adjusted.result.modelFile ?? writeModelFile(session, 'adjusted', widths);
  const trained = [finals.original, finals.uniform, finals.adjusted, finals.distilled, ...Object.values(finals.pruned)];
  const seconds = iterations.reduce((acc, r) => acc + r.seconds, 0) + trained.reduce((acc, f) => acc + (f?.seconds ?? 0), 0);
  const pruned = Object.fromEntries(Object.entries(finals.pruned).map(([method, f]) => [method, f.result]));
  const report: RunReport = {
    runId: store.runId,
    original: finals.original.result,
    ...(finals.uniform ? { uniform: finals.uniform.result } : {}),
    adjusted: finals.adjusted.result,
    ...(finals.distilled ? { distilled: finals.distilled.result } : {}),
    ...(Object.keys(pruned).length > 0 ? { pruned } : {}),
    ...latencyField(session, { original: finals.original.result, adjusted: finals.adjusted.result }),
    adjustedModelFile,
    testImages: input.dataset.testImages,
    seconds,
  };
  store.writeFile(CHART_FILE, accuracyChartSvg(report, store.manifest.budget?.targetMacs));
  store.saveReport(report, renderReport({ manifest: store.manifest, analysis: session.analysis, iterations, finals, report, cost: session.cost }));
  session.progress({ phase: 'done', epoch: 0, epochs: 0, batch: 0, batches: 0, loss: finals.adjusted.train.loss, accuracy: finals.adjusted.result.testAccuracy, learningRate: 0, imagesPerSecond: 0, epochEnd: true });
  session.report(report);
  return report;
}

/** Cancellation wins over any error it caused; other errors keep their message and say where they happened. */
function failure(session: Session, e: unknown): SearchOutcome {
  if (e instanceof SearchCancelled || session.signal?.aborted) {
    return { state: 'cancelled', completedIterations: safeCount(session) };
  }
  if (e instanceof SearchFailed) {
    return { state: 'failed', message: e.message };
  }
  const message = e instanceof Error ? e.message : String(e);
  if (OUT_OF_MEMORY.test(message)) {
    return {
      state: 'failed',
      message: `out of memory at ${session.where} (batch size ${session.settings.batchSize}): lower the batch size (--batch-size) or the widths and start a new run; completed iterations stay in the run folder (${message})`,
    };
  }
  return { state: 'failed', message: `${message} (at ${session.where})` };
}

/** How out-of-memory shows up in Node (heap, typed arrays), in WebAssembly, and in TensorFlow's native backends. */
const OUT_OF_MEMORY = /out of memory|allocation failed|Array buffer allocation|Memory\.grow|OOM when allocating|Cannot allocate|ResourceExhausted/i;

function safeCount(session: Session): number {
  try {
    return session.store.completedIterations().length;
  } catch {
    return 0;
  }
}
