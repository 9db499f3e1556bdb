/** Names of the model files a run folder keeps: the model as the run started, and the adjusted one. */
import path from 'node:path';

/** `original.netadj.yaml` / `adjusted.model.json`: the input's format, recognisable by its suffix. */
export function modelCopyName(which: 'original' | 'adjusted', modelFile: string): string {
  const base = path.basename(modelFile);
  const suffix = /\.netadj\.ya?ml$/i.exec(base)?.[0] ?? (/\.ya?ml$/i.test(base) ? '.netadj.yaml' : '.model.json');
  return `${which}${suffix}`;
}
