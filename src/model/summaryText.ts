/** The analysis as a text table, for the CLI and the editor's output channel. */
import type { ModelSummary } from './summary.js';
import { formatCompact, formatCount, renderTable } from './table.js';

export function renderSummary(s: ModelSummary): string {
  const share = (macs: number) => (s.totalMacs > 0 ? `${((100 * macs) / s.totalMacs).toFixed(1)}%` : '');
  const table = renderTable(s.layers, [
    { title: 'layer', value: (l) => l.name },
    { title: 'type', value: (l) => l.type },
    { title: 'output', value: (l) => (l.outputShape ? l.outputShape.join('×') : '?') },
    { title: 'MACs', value: (l) => (l.macs ? formatCount(l.macs) : ''), align: 'right' },
    { title: 'share', value: (l) => (l.macs ? share(l.macs) : ''), align: 'right' },
    { title: 'params', value: (l) => (l.params ? formatCount(l.params) : ''), align: 'right' },
    { title: 'search', value: (l) => (l.group === null ? '' : l.searchable ? 'yes' : 'fixed') },
    { title: 'group', value: (l) => (l.group !== null && l.group !== l.name ? l.group : '') },
  ]);
  const searchable = s.layers.filter((l) => l.searchable).length;
  return [
    `${s.model}  input ${s.input.join('×')}`,
    '',
    table,
    '',
    `total  ${formatCount(s.totalMacs)} MACs (${formatCompact(s.totalMacs)})  ·  ${formatCount(s.totalParams)} trainable params (${formatCompact(s.totalParams)})  ·  ${formatCount(s.nonTrainableParams)} non-trainable  ·  ${searchable} searchable layers`,
  ].join('\n');
}
