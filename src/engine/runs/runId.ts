/** Run ids: a sortable UTC timestamp and the model's name, e.g. `20261123-131500-resnet20`. */

/** The id for a run started at `time` (UTC, so ids sort by start time across time-zone and DST changes). */
export function baseRunId(modelName: string, time: Date): string {
  const iso = time.toISOString(); // 2026-11-23T13:15:00.000Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${stamp}-${slug(modelName)}`;
}

/** The n-th candidate id (n ≥ 1 adds `-n`), for two runs of one model started in the same second. */
export function candidateRunId(base: string, n: number): string {
  return n <= 1 ? base : `${base}-${n}`;
}

/** A folder-name-safe, lower-case form of a model name (never empty). */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40)
    .replace(/[-.]+$/g, '');
  return s === '' ? 'model' : s;
}
