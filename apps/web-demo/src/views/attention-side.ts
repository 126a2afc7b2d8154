// One side of the comparison: the text a model read and its attention maps per layer, as the head
// average and one selected head.
import type { Recognition } from '../model/recognizer';
import type { AttentionLayer } from '../model/variants';
import { attentionShape, averageHeads, headMap } from '../render/attention-map';
import { createElement } from './dom';
import { MapFigure } from './map-figure';

export type SideName = 'softmax' | 'multimax';

interface LayerFigures {
  average: MapFigure;
  head: MapFigure;
}

export class AttentionSide {
  private readonly textOutput: HTMLOutputElement;
  private readonly note: HTMLParagraphElement;
  private readonly heading: HTMLHeadingElement;
  private readonly figures: LayerFigures[];
  private recognition: Recognition | undefined;
  private title: string;
  private head = 0;
  private resultCount = 0;

  constructor(
    private readonly element: HTMLElement,
    side: SideName,
    title: string,
    private readonly layers: readonly AttentionLayer[],
  ) {
    this.title = title;
    this.heading = createElement('h3', { id: `${side}-heading` }, title);
    this.textOutput = createElement('output', { id: `${side}-text`, class: 'recognized-text' });
    this.note = createElement('p', { id: `${side}-note`, class: 'side-note' });

    const textLine = createElement('p', { class: 'recognized' });
    textLine.append(createElement('span', {}, 'Text read: '), this.textOutput);
    element.setAttribute('aria-labelledby', this.heading.id);
    element.append(this.heading, textLine, this.note);

    this.figures = layers.map((layer) => {
      const average = new MapFigure(`${side}-layer${layer.layer}-average`);
      const head = new MapFigure(`${side}-layer${layer.layer}-head`);
      const group = createElement('section', { class: 'layer-maps' });
      group.append(createElement('h4', {}, `Layer ${layer.layer} (${layer.softmaxNode})`), average.element, head.element);
      element.append(group);
      return { average, head };
    });
  }

  /** Shows a recognition under `title`, with `note` below the text (for example, whether it matches SoftMax). */
  show(recognition: Recognition, title: string, note: string): void {
    this.recognition = recognition;
    this.title = title;
    this.heading.textContent = title;
    this.textOutput.value = recognition.text;
    this.note.textContent = note;

    // Tests and scripts can wait for this count to grow instead of polling pixels.
    this.resultCount++;
    this.element.dataset.resultCount = String(this.resultCount);
    this.drawMaps();
  }

  /** Selects the head shown next to the average (from 0) and redraws without running a model. */
  setHead(head: number): void {
    this.head = head;
    this.drawMaps();
  }

  private drawMaps(): void {
    if (this.recognition === undefined) return;

    this.layers.forEach((layer, index) => {
      const probabilities = this.recognition?.attention[index];
      const figures = this.figures[index];
      if (probabilities === undefined || figures === undefined) return;

      const { heads } = attentionShape(probabilities);
      const head = Math.min(this.head, heads - 1);
      figures.average.show(averageHeads(probabilities), `${this.title}, layer ${layer.layer}, average of ${heads} heads`, 'Rows of the averaged map');
      figures.head.show(headMap(probabilities, head), `${this.title}, layer ${layer.layer}, head ${head + 1}`, `Head ${head + 1}`);
    });
  }
}
