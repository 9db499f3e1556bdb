/**
 * How each final network is drawn, the same in every chart: a theme colour per network, and a marker and line
 * style per training recipe, so a pruned network fine-tuned from the original never reads as one trained from
 * scratch.
 */
import type { FinalNetwork, NetworkResult } from '../src/protocol/types.js';
import type { Palette } from './palette.js';

export type Recipe = NonNullable<NetworkResult['recipe']>;

const COLOURS: Readonly<Record<FinalNetwork, keyof Palette>> = {
  original: 'orange',
  uniform: 'purple',
  adjusted: 'green',
  'adjusted-distilled': 'yellow',
  l1: 'red',
  chip: 'blue',
  hrel: 'foreground',
};

export function networkColour(palette: Palette, network: FinalNetwork): string {
  return palette[COLOURS[network]] as string;
}

/** The recipe a report implies where a result does not say (reports written before results carried it). */
export function defaultRecipe(network: FinalNetwork): Recipe {
  if (network === 'adjusted-distilled') {
    return 'distilled';
  }
  return network === 'l1' || network === 'chip' || network === 'hrel' ? 'fine-tune' : 'scratch';
}

/** Chart.js point styles: circles for networks trained from scratch, triangles fine-tuned, diamonds distilled. */
export const RECIPE_POINT_STYLE: Readonly<Record<Recipe, 'circle' | 'triangle' | 'rectRot'>> = {
  scratch: 'circle',
  'fine-tune': 'triangle',
  distilled: 'rectRot',
};

/** Words for the report table. */
export const RECIPE_NAMES: Readonly<Record<Recipe, string>> = {
  scratch: 'from scratch',
  'fine-tune': 'fine-tuned from the original',
  distilled: 'distilled from the original',
};

/** Line dashes of a training curve: fine-tuning dashed, everything else solid. */
export function recipeDash(recipe: Recipe): number[] {
  return recipe === 'fine-tune' ? [6, 3] : recipe === 'distilled' ? [2, 2] : [];
}
