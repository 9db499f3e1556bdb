/** The per-iteration schedules of the width update: how many layers move, and by how much. */
import type { SearchSettings } from '../../protocol/settings.js';
import { roundHalfEven } from './rounding.js';

/**
 * `k_t = max(round(k₀ − t·k_decay), 0)`: layers grown (and as many shrunk) at iteration `t` (0-based), with
 * Python's ties-to-even rounding as in the reference.
 */
export function updateCount(t: number, settings: Pick<SearchSettings, 'updateCount' | 'updateCountDecay'>): number {
  return Math.max(roundHalfEven(settings.updateCount - t * settings.updateCountDecay), 0);
}

/** Adjusting rates by rank: the r-th most extreme layer of each list moves by `max(η − r·δ, 0)` of its original width. */
export function adjustRates(k: number, settings: Pick<SearchSettings, 'adjustRate' | 'adjustRateDecay'>): number[] {
  return Array.from({ length: Math.max(0, k) }, (_, r) => Math.max(settings.adjustRate - r * settings.adjustRateDecay, 0));
}
