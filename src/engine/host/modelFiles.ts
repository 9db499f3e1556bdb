/** Names of the model files a run folder keeps: the model as the run started, and each final network's. */
import path from 'node:path';
import type { FinalNetwork } from '../../protocol/types.js';

/** `original.netadj.yaml` / `adjusted.model.json`: the input's format, recognisable by its suffix. */
export function modelCopyName(which: FinalNetwork, modelFile: string): string {
  const base = path.basename(modelFile);
  const suffix = /\.netadj\.ya?ml$/i.exec(base)?.[0] ?? (/\.ya?ml$/i.test(base) ? '.netadj.yaml' : '.model.json');
  return `${which}${suffix}`;
}
