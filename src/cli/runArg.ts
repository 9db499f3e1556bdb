/** Resolving a `--run`/`--resume` argument: a run id in the workspace, a run folder, or `latest`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { latestRun } from '../engine/runs/list.js';
import { openRun, RUNS_FOLDER, type RunStore } from '../engine/runs/store.js';
import { CliError, EXIT_BAD_INPUT } from './errors.js';

export function openRunArg(run: string, workspace: string): RunStore {
  const dir = resolveRunDir(run, workspace);
  try {
    return openRun(dir);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT_BAD_INPUT);
  }
}

export function resolveRunDir(run: string, workspace: string): string {
  if (run === 'latest') {
    const latest = latestRun(workspace);
    if (!latest) {
      throw new CliError(`no runs in ${path.join(workspace, RUNS_FOLDER)}`, EXIT_BAD_INPUT);
    }
    return latest.dir;
  }
  const asPath = path.resolve(run);
  if (existsSync(path.join(asPath, 'run.json'))) {
    return asPath;
  }
  const inWorkspace = path.join(workspace, RUNS_FOLDER, run);
  if (existsSync(inWorkspace)) {
    return inWorkspace;
  }
  throw new CliError(`no run '${run}': neither a run folder nor a run id in ${path.join(workspace, RUNS_FOLDER)}`, EXIT_BAD_INPUT);
}
