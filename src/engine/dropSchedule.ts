/**
 * Training-time channel dropout, as the method trains every network: layer i of L (depth order) at epoch e of E
 * drops channels at rate `r · (e / E) · ((i + 1) / L)`, ramping with training progress and with depth.
 */
export function trainingDropRates(rate: number, epoch: number, epochs: number, layers: readonly string[]): Record<string, number> {
  const progress = epochs > 0 ? epoch / epochs : 0;
  return Object.fromEntries(layers.map((name, i) => [name, rate * progress * ((i + 1) / layers.length)]));
}
