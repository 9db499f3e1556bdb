/**
 * A MAC budget as people write it (`0.5`, `20M`, `1.5G`) and as the `targetMacs` setting stores it.
 *
 * The setting is one number: 0 keeps the original budget (the plain method), a value in (0, 1] is a ratio of the
 * original MACs, a value above 1 a MAC count. A ratio keeps a run's settings meaningful for any model file; a count
 * is what a deployment constraint is usually given in. No network costs a single MAC, so the two never collide.
 */

export interface Target {
  readonly kind: 'ratio' | 'macs';
  readonly value: number;
}

const SUFFIX: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

/**
 * A bare number at or above this is a MAC count, below it a ratio: no convolutional network costs under a thousand
 * MACs, and `2` is far more likely to mean 2× than two MACs — which `checkTarget` then refuses as growing the network.
 */
const BARE_COUNT_FROM = 1000;

export class TargetSyntaxError extends Error {}

/**
 * `0.5` or `0.5x` → ratio 0.5; `20000000`, `2e7`, `20M`, `20m`, `1.5G`, `800k` → a MAC count. A bare number below 1000
 * is a ratio (see BARE_COUNT_FROM), so `2` parses as ratio 2 and is refused later with the network's own numbers.
 */
export function parseTarget(text: string): Target {
  const bad = (): never => {
    throw new TargetSyntaxError(`--target-macs takes a ratio in (0, 1] or a MAC count like 20M; got '${text}'`);
  };
  const match = /^\s*((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kmgtx×]?)\s*$/i.exec(text);
  if (!match) {
    return bad();
  }
  const number = Number(match[1]);
  const suffix = match[2]!.toLowerCase();
  if (!Number.isFinite(number) || number <= 0) {
    return bad();
  }
  if (suffix === 'x' || suffix === '×') {
    return { kind: 'ratio', value: number };
  }
  if (suffix !== '') {
    return { kind: 'macs', value: Math.round(number * SUFFIX[suffix]!) };
  }
  if (number < BARE_COUNT_FROM) {
    return { kind: 'ratio', value: number };
  }
  return Number.isInteger(number) ? { kind: 'macs', value: number } : bad();
}

/** The target a `targetMacs` setting holds, or undefined for 0 (the original budget). */
export function targetFromSetting(targetMacs: number): Target | undefined {
  if (targetMacs <= 0) {
    return undefined;
  }
  return targetMacs <= 1 ? { kind: 'ratio', value: targetMacs } : { kind: 'macs', value: targetMacs };
}

/**
 * The `targetMacs` setting for a target. A ratio above 1 has no setting (it would read as a MAC count): the caller
 * must refuse it first, as growing the network.
 */
export function settingFromTarget(target: Target): number {
  if (target.kind === 'ratio' && target.value > 1) {
    throw new RangeError(`a ratio above 1 (${target.value}) cannot be a targetMacs setting`);
  }
  return target.value;
}

/** The target in MACs. */
export function targetMacsOf(target: Target, originalMacs: number): number {
  return target.kind === 'ratio' ? target.value * originalMacs : target.value;
}

/** `0.5`, `0.02`, `0.333`: a ratio for messages, at most three significant digits. */
export function formatRatio(ratio: number): string {
  return String(Number(ratio.toPrecision(3)));
}
