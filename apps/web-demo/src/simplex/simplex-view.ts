// The simplex section: score sliders, MultiMax params, the main plot, its table and the grid plots.
import { entropy } from '@multimax/core';

import type { FirstOrderParams } from '../params/first-order';
import { formatNats, formatNumber, formatPercent, formatProbability } from '../render/format';
import { createElement, requireElement } from '../views/dom';
import { ParamsSliders } from '../views/params-sliders';
import { drawGridImages } from './grid-plot';
import { DEFAULT_SCORE_GRID, gridScores, summarizeImages } from './grid';
import { MARKER_NAMES, type SimplexMapping, simplexMappings } from './mappings';
import { renderSimplexPlot } from './simplex-plot';

/** Scores at the start: two high ones and a low one, where sparsity and two modes pull apart. */
const INITIAL_SCORES = [1.2, 1, 0.2];

/** MultiMax params at the start: slope 5 below 0.5 sinks the low score, slope 0.5 above 0.5 evens the high ones. */
const INITIAL_PARAMS: FirstOrderParams = { ranges: [0.5, 0.5], ts: [-4, -0.5] };

const SCORE_RANGE = { min: -3, max: 3, step: 0.1 };

export class SimplexView {
  private readonly scoreInputs: HTMLInputElement[] = [];
  private readonly scoreReadouts: HTMLOutputElement[] = [];
  private readonly paramsSliders: ParamsSliders;
  private readonly gridCanvases = new Map<string, { canvas: HTMLCanvasElement; caption: HTMLElement }>();
  private frameRequested = false;

  constructor() {
    const scoresFieldset = requireElement('simplex-scores', HTMLFieldSetElement);
    INITIAL_SCORES.forEach((score, i) => {
      const id = `simplex-score-${i + 1}`;
      const row = createElement('div', { class: 'slider-row' });
      const input = createElement('input', { type: 'range', id, min: String(SCORE_RANGE.min), max: String(SCORE_RANGE.max), step: String(SCORE_RANGE.step), value: String(score) });
      const readout = createElement('output', { for: id, id: `${id}-value` });
      row.append(createElement('label', { for: id }, `Score x${i + 1}`), input, readout);
      scoresFieldset.append(row);
      input.addEventListener('input', () => this.requestRender());
      this.scoreInputs.push(input);
      this.scoreReadouts.push(readout);
    });

    this.paramsSliders = new ParamsSliders({
      idPrefix: 'simplex-params',
      legend: 'MultiMax params of this view',
      initial: INITIAL_PARAMS,
      ranges: { min: -3, max: 3, step: 0.1 },
      ts0: { min: -8, max: 1, step: 0.1 },
      ts1: { min: -1, max: 1, step: 0.05 },
      onInput: () => this.requestRender(),
    });
    requireElement('simplex-params', HTMLDivElement).append(this.paramsSliders.element);

    this.render();
  }

  /** Renders at the next animation frame, so a fast-moving slider costs one render per frame. */
  private requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
    });
  }

  private render(): void {
    const scores = this.scoreInputs.map((input) => Number(input.value));
    scores.forEach((score, i) => {
      const readout = this.scoreReadouts[i];
      if (readout !== undefined) readout.value = formatNumber(score);
    });

    const mappings = simplexMappings(this.paramsSliders.value);
    const points = mappings.map((mapping) => ({ mapping, probabilities: mapping.apply(scores) }));
    requireElement('simplex-plot', HTMLDivElement).replaceChildren(renderSimplexPlot(points));
    this.renderTable(points);
    this.renderGrid(mappings, scores);
  }

  private renderTable(points: readonly { mapping: SimplexMapping; probabilities: Float64Array }[]): void {
    const rows = points.map(({ mapping, probabilities }) => {
      const row = createElement('tr', { 'data-mapping': mapping.id });
      const nameCell = createElement('th', { scope: 'row' });
      const swatch = createElement('span', { class: 'swatch', style: `color: ${mapping.color}`, 'aria-hidden': 'true' }, markerGlyph(mapping));
      nameCell.append(swatch, ` ${mapping.label} (${MARKER_NAMES[mapping.marker]})`);
      row.append(nameCell);
      for (const probability of probabilities) row.append(createElement('td', {}, formatProbability(probability)));
      const zeros = Array.from(probabilities).filter((probability) => probability < 1e-3).length;
      row.append(createElement('td', {}, String(zeros)), createElement('td', {}, formatNats(entropy(probabilities))));
      return row;
    });
    requireElement('simplex-table-body', HTMLTableSectionElement).replaceChildren(...rows);
  }

  private renderGrid(mappings: readonly SimplexMapping[], scores: readonly number[]): void {
    const grid = DEFAULT_SCORE_GRID;
    const x3 = scores[2] ?? 0;
    const gridPoints = gridScores(grid, x3);
    requireElement('simplex-grid-description', HTMLParagraphElement).textContent =
      `Each small triangle shows where one map sends a ${grid.steps} × ${grid.steps} grid of scores: x1 and x2 from ` +
      `${formatNumber(grid.min)} to ${formatNumber(grid.max)}, x3 = ${formatNumber(x3)} as set above (MultiMax depends on ` +
      'the scores themselves, not only on their differences). The marker is the image of the scores above.';

    const container = requireElement('simplex-grid', HTMLDivElement);
    for (const mapping of mappings) {
      let entry = this.gridCanvases.get(mapping.id);
      if (entry === undefined) {
        const figure = createElement('figure', { class: 'grid-figure' });
        const canvas = createElement('canvas', { id: `simplex-grid-${mapping.id}`, role: 'img' });
        const caption = createElement('figcaption', { id: `simplex-grid-${mapping.id}-caption` });
        figure.append(canvas, caption);
        container.append(figure);
        entry = { canvas, caption };
        this.gridCanvases.set(mapping.id, entry);
      }

      const images = gridPoints.map((point) => mapping.apply(point));
      drawGridImages(entry.canvas, mapping, images, mapping.apply(scores));
      const summary = summarizeImages(images);
      const text =
        `${mapping.label}: ${formatPercent(summary.sparseShare)} of the points have an entry below 0.001, ` +
        `${formatPercent(summary.twoModeShare)} have a second-largest probability of at least half the largest, ` +
        `mean entropy ${formatNats(summary.meanEntropy)}.`;
      entry.caption.textContent = text;
      entry.canvas.setAttribute('aria-label', `Grid images of ${mapping.label}. ${text}`);
    }
  }
}

function markerGlyph(mapping: SimplexMapping): string {
  const glyphs = { circle: '●', square: '■', diamond: '◆', 'triangle-up': '▲', 'triangle-down': '▼', star: '★' } as const;
  return glyphs[mapping.marker];
}
