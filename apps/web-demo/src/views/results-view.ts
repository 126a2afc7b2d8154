// The page's implementation of ExplorerView: status line, timings, stats table and the two sides.
import type { ExplorerView, Timings } from '../app/explorer';
import type { Recognition } from '../model/recognizer';
import type { AttentionLayer } from '../model/variants';
import { type FirstOrderParams, toPaperNotation } from '../params/first-order';
import { formatArray, formatDuration, formatNumber } from '../render/format';
import { AttentionSide } from './attention-side';
import { StatsTable } from './stats-table';

export interface ResultsElements {
  status: HTMLElement;
  timings: HTMLElement;
  statsBody: HTMLTableSectionElement;
  softmaxSide: HTMLElement;
  multimaxSide: HTMLElement;
}

/** Page states, in the body's data-state attribute: CSS and tests read it. */
export type PageState = 'loading' | 'busy' | 'ready' | 'error';

export function setPageState(state: PageState): void {
  document.body.dataset.state = state;
}

export class ResultsView implements ExplorerView {
  private readonly softmaxSide: AttentionSide;
  private readonly multimaxSide: AttentionSide;
  private readonly statsTable: StatsTable;

  constructor(
    private readonly elements: ResultsElements,
    private readonly layers: readonly AttentionLayer[],
  ) {
    this.softmaxSide = new AttentionSide(elements.softmaxSide, 'softmax', 'SoftMax (original model)', layers);
    this.multimaxSide = new AttentionSide(elements.multimaxSide, 'multimax', 'MultiMax', layers);
    this.statsTable = new StatsTable(elements.statsBody, layers);
  }

  showBusy(message: string): void {
    setPageState('busy');
    this.elements.status.textContent = message;
  }

  showReady(message: string): void {
    setPageState('ready');
    this.elements.status.textContent = message;
  }

  showError(error: unknown): void {
    setPageState('error');
    this.elements.status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
    console.error(error);
  }

  showSoftmax(recognition: Recognition): void {
    this.softmaxSide.show(recognition, 'SoftMax (original model)', 'Attention probabilities as published.');
    this.statsTable.show('softmax', recognition, this.layers);
  }

  showMultimax(recognition: Recognition, softmax: Recognition, params: readonly FirstOrderParams[]): void {
    const comparison = recognition.text === softmax.text ? 'Same text as SoftMax.' : 'The text differs from SoftMax.';
    const paramsText = params.map((layerParams, layer) => `layer ${layer}: ${describeParams(layerParams)}`).join('; ');
    this.multimaxSide.show(recognition, 'MultiMax', `${comparison} Params: ${paramsText}.`);
    this.statsTable.show('multimax', recognition, this.layers);
  }

  showMultimaxOff(softmax: Recognition): void {
    this.multimaxSide.show(softmax, 'MultiMax off (original model)', 'MultiMax is switched off, so this side repeats the SoftMax model.');
    this.statsTable.show('multimax', softmax, this.layers);
  }

  showTimings(timings: Timings): void {
    const parts: string[] = [];
    if (timings.softmaxRunMs !== undefined) parts.push(`SoftMax run ${formatDuration(timings.softmaxRunMs)}`);
    if (timings.multimaxRunMs !== undefined) parts.push(`MultiMax run ${formatDuration(timings.multimaxRunMs)}`);
    if (timings.multimaxPatchMs !== undefined) parts.push(`MultiMax patch ${formatDuration(timings.multimaxPatchMs)}`);
    if (timings.multimaxSessionMs !== undefined) parts.push(`MultiMax session ${formatDuration(timings.multimaxSessionMs)}`);
    this.elements.timings.textContent = parts.length === 0 ? '—' : `${parts.join(', ')} (latest of each).`;
  }

  /** Redraws the head maps of both sides for another head (from 0). */
  setHead(head: number): void {
    this.softmaxSide.setHead(head);
    this.multimaxSide.setHead(head);
  }
}

function describeParams(params: FirstOrderParams): string {
  const paper = toPaperNotation(params);
  return `ranges ${formatArray(params.ranges)}, ts ${formatArray(params.ts)} (tb ${formatNumber(paper.tb)}, b ${formatNumber(paper.b)}, td ${formatNumber(paper.td)}, d ${formatNumber(paper.d)})`;
}
