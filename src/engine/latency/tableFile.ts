/**
 * The latency table file: per-layer timings on one engine, backend and machine at one batch size. The same format
 * serves the workspace cache (`.netadjust/latency/<hash>.json`, every layer ever timed there) and a run's copy
 * (`latency-table.json`, the entries that run uses), e.g.
 *
 * ```json
 * {"format": "netadjust-latency-table", "version": 1,
 *  "machine": {"engine": "tfjs", "backend": "tensorflow", "engineVersion": "4.22.0", "platform": "linux-x64",
 *              "cpu": "AMD EPYC 7B13", "cpuCount": 2, "device": "tensorflow", "batchSize": 1},
 *  "timing": {"warmup": 3, "repeats": 10},
 *  "entries": {"conv2d k3x3 s1x1 same d1x1 g1 nobias in32x32x16 out16": 0.412, …}}
 * ```
 *
 * Entries are milliseconds per forward pass of `batchSize` images through the layer alone (its op and bias), the
 * median of `repeats` timed passes.
 */
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import type { EngineInfo } from '../../protocol/types.js';
import { stableStringify } from '../runs/fingerprint.js';

export const TABLE_FORMAT = 'netadjust-latency-table';
export const TABLE_VERSION = 1;

/** What a timing depends on besides the layer itself: a table is only reused where all of it is equal. */
export interface MachineKey {
  readonly engine: string;
  readonly backend: string;
  readonly engineVersion: string;
  /** `process.platform-process.arch`. */
  readonly platform: string;
  /** `os.cpus()[0].model`. */
  readonly cpu: string;
  readonly cpuCount: number;
  /** The device the backend computes on (see `machineKey`). */
  readonly device: string;
  readonly batchSize: number;
}

export interface TimingProtocol {
  readonly warmup: number;
  readonly repeats: number;
}

export interface LatencyTableFile {
  readonly format: typeof TABLE_FORMAT;
  readonly version: typeof TABLE_VERSION;
  readonly machine: MachineKey;
  readonly timing: TimingProtocol;
  /** Layer signature (src/engine/latency/layers.ts) → milliseconds. */
  readonly entries: Readonly<Record<string, number>>;
}

/** Backends that compute on the CPU, which `os.cpus()` identifies; any other backend computes on some accelerator. */
const CPU_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'tensorflow', 'wasm']);

/**
 * The key of an engine on this machine. On a CPU backend the CPU model and count identify the device. An
 * accelerator's model is not part of EngineInfo, so there the host name stands in for it: a workspace shared by
 * machines with the same CPUs but different GPUs (a cluster's home folder) must not share GPU timings.
 */
export function machineKey(info: EngineInfo, batchSize: number, cpus: readonly os.CpuInfo[] = os.cpus(), host: string = os.hostname()): MachineKey {
  return {
    engine: info.engine,
    backend: info.backend,
    engineVersion: info.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    device: CPU_BACKENDS.has(info.backend) ? info.backend : `${info.backend} on ${host}`,
    batchSize,
  };
}

/** The cache file's name for a key: the first 16 hex digits of the SHA-256 of its stable JSON. */
export function keyHash(key: MachineKey): string {
  return createHash('sha256').update(stableStringify(key)).digest('hex').slice(0, 16);
}

export function tableFile(machine: MachineKey, timing: TimingProtocol, entries: Readonly<Record<string, number>>): LatencyTableFile {
  const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { format: TABLE_FORMAT, version: TABLE_VERSION, machine, timing, entries: sorted };
}

/** Checks a parsed table file; throws a message naming `file` and the first problem. */
export function validateTableFile(value: unknown, file: string): LatencyTableFile {
  const bad = (what: string): never => {
    throw new Error(`${file} is not a latency table: ${what}`);
  };
  if (typeof value !== 'object' || value === null) {
    return bad('not a JSON object');
  }
  const t = value as Record<string, unknown>;
  if (t['format'] !== TABLE_FORMAT || t['version'] !== TABLE_VERSION) {
    bad(`'format' must be '${TABLE_FORMAT}' and 'version' ${TABLE_VERSION}`);
  }
  checkMachine(t['machine'], bad);
  const timing = t['timing'] as Record<string, unknown> | null;
  if (typeof timing !== 'object' || timing === null || !isWhole(timing['warmup']) || !isWhole(timing['repeats'])) {
    bad(`'timing' must hold whole numbers 'warmup' and 'repeats'`);
  }
  const entries = t['entries'];
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    return bad(`'entries' must be an object`);
  }
  for (const [signature, ms] of Object.entries(entries)) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      bad(`the entry '${signature}' must be a number of milliseconds ≥ 0, not ${JSON.stringify(ms)}`);
    }
  }
  return value as LatencyTableFile;
}

function checkMachine(value: unknown, bad: (what: string) => never): void {
  if (typeof value !== 'object' || value === null) {
    bad(`'machine' must be an object`);
  }
  const m = value as Record<string, unknown>;
  for (const key of ['engine', 'backend', 'engineVersion', 'platform', 'cpu', 'device'] as const) {
    if (typeof m[key] !== 'string') {
      bad(`'machine.${key}' must be a string`);
    }
  }
  if (!isWhole(m['cpuCount']) || !isWhole(m['batchSize'])) {
    bad(`'machine.cpuCount' and 'machine.batchSize' must be whole numbers`);
  }
}

function isWhole(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
