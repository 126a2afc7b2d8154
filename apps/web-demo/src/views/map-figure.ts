// One attention heatmap: a canvas, a caption with its statistics, and a collapsible table of every
// probability, so no value is available as colour only.
import { type AttentionMap, attentionStats } from '../render/attention-map';
import { formatNats, formatPercent, formatProbability } from '../render/format';
import { drawHeatmap } from '../render/heatmap';
import { createElement } from './dom';

export class MapFigure {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly valuesContainer: HTMLDivElement;
  private map: AttentionMap | undefined;
  private tableIsCurrent = false;

  constructor(id: string) {
    this.element = createElement('figure', { class: 'map-figure' });
    this.canvas = createElement('canvas', { id, role: 'img', class: 'heatmap', width: '1', height: '1' });
    this.caption = createElement('figcaption', { id: `${id}-caption` });
    this.details = createElement('details');
    this.valuesContainer = createElement('div', { class: 'values-table' });
    this.details.append(createElement('summary', {}, 'Values'), this.valuesContainer);
    this.element.append(this.canvas, this.caption, this.details);

    // The table has one cell per entry, so it is built only when someone opens it.
    this.details.addEventListener('toggle', () => this.updateTable());
  }

  /** Draws `map` and describes it; `title` names it, such as "MultiMax, layer 0, head 3". */
  show(map: AttentionMap, title: string, statsLabel: string): void {
    this.map = map;
    this.tableIsCurrent = false;
    drawHeatmap(this.canvas, map);

    const stats = attentionStats(map.values, map.keys);
    const summary = `${statsLabel}: sparsity ${formatPercent(stats.sparsity)}, entropy ${formatNats(stats.entropy)}`;
    this.caption.textContent = `${title}. ${summary}.`;
    this.canvas.setAttribute(
      'aria-label',
      `${title}: attention of ${map.queries} query positions (rows) over ${map.keys} key positions (columns). ${summary}. The Values table below lists every probability.`,
    );
    this.updateTable();
  }

  private updateTable(): void {
    if (!this.details.open || this.tableIsCurrent || this.map === undefined) return;

    const map = this.map;
    const table = createElement('table');
    table.append(createElement('caption', {}, 'Attention probability per query position (row) and key position (column)'));
    const headerRow = createElement('tr');
    headerRow.append(createElement('th', { scope: 'col' }, 'query \\ key'));
    for (let key = 0; key < map.keys; key++) headerRow.append(createElement('th', { scope: 'col' }, String(key + 1)));
    table.append(createElement('thead'), createElement('tbody'));
    table.tHead?.append(headerRow);

    for (let query = 0; query < map.queries; query++) {
      const row = createElement('tr');
      row.append(createElement('th', { scope: 'row' }, String(query + 1)));
      for (let key = 0; key < map.keys; key++) {
        row.append(createElement('td', {}, formatProbability(map.values[query * map.keys + key] as number)));
      }
      table.tBodies[0]?.append(row);
    }

    this.valuesContainer.replaceChildren(table);
    this.tableIsCurrent = true;
  }
}
