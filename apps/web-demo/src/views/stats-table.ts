// The table of attention sparsity and entropy per layer, SoftMax next to MultiMax.
import type { Recognition } from '../model/recognizer';
import type { AttentionLayer } from '../model/variants';
import { type AttentionStats, attentionShape, attentionStats } from '../render/attention-map';
import { formatNats, formatPercent } from '../render/format';
import type { SideName } from './attention-side';
import { createElement } from './dom';

export class StatsTable {
  private readonly cells = new Map<string, HTMLTableCellElement>();

  constructor(body: HTMLTableSectionElement, layers: readonly AttentionLayer[]) {
    for (const layer of layers) {
      const row = createElement('tr');
      row.append(createElement('th', { scope: 'row' }, `${layer.layer} (${layer.softmaxNode})`));
      for (const cellId of [`sparsity-softmax-${layer.layer}`, `sparsity-multimax-${layer.layer}`, `entropy-softmax-${layer.layer}`, `entropy-multimax-${layer.layer}`]) {
        const cell = createElement('td', { id: cellId }, '—');
        this.cells.set(cellId, cell);
        row.append(cell);
      }
      body.append(row);
    }
  }

  /** Fills one side's columns with the per-layer means over heads and query positions of `recognition`. */
  show(side: SideName, recognition: Recognition, layers: readonly AttentionLayer[]): void {
    layers.forEach((layer, index) => {
      const probabilities = recognition.attention[index];
      if (probabilities === undefined) return;

      const stats: AttentionStats = attentionStats(probabilities.data, attentionShape(probabilities).keys);
      this.setCell(`sparsity-${side}-${layer.layer}`, formatPercent(stats.sparsity), stats.sparsity);
      this.setCell(`entropy-${side}-${layer.layer}`, formatNats(stats.entropy), stats.entropy);
    });
  }

  private setCell(id: string, text: string, value: number): void {
    const cell = this.cells.get(id);
    if (cell === undefined) return;
    cell.textContent = text;
    // The unrounded value, for scripts that compare runs.
    cell.dataset.value = String(value);
  }
}
