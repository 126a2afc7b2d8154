// The params section: sliders per attention layer, reset to the shipped params, and download.
import { serializeParamsFile } from '@multimax/core';

import type { AttentionLayer } from '../model/variants';
import { type FirstOrderParams, toParamsFile } from '../params/first-order';
import { SHIPPED_PARAMS_NAME } from '../params/shipped';
import { debounce } from './dom';
import { ParamsSliders } from './params-sliders';

export interface ParamsPanelElements {
  container: HTMLElement;
  resetButton: HTMLButtonElement;
  downloadButton: HTMLButtonElement;
}

/**
 * Milliseconds after the last slider movement before the MultiMax model is rebuilt. Each rebuild
 * patches the model and creates a session, so a moving slider must not start one per step.
 */
const REBUILD_DELAY_MS = 400;


export class ParamsPanel {
  private readonly sliders: ParamsSliders[];

  constructor(
    elements: ParamsPanelElements,
    layers: readonly AttentionLayer[],
    private readonly shippedParams: readonly FirstOrderParams[],
    onChange: (params: FirstOrderParams[]) => void,
  ) {
    const commit = debounce(() => onChange(this.value), REBUILD_DELAY_MS);
    this.sliders = layers.map(
      (layer, index) =>
        new ParamsSliders({
          idPrefix: `layer${layer.layer}`,
          legend: `Attention layer ${layer.layer} (${layer.softmaxNode})`,
          initial: shippedParams[index] ?? { ranges: [0, 0], ts: [0, 0] },
          ranges: { min: -5, max: 5, step: 0.1 },
          ts0: { min: -12, max: 1, step: 0.5 },
          ts1: { min: -1, max: 1, step: 0.05 },
          onInput: commit,
        }),
    );
    elements.container.append(...this.sliders.map((sliders) => sliders.element));

    elements.resetButton.addEventListener('click', () => {
      this.sliders.forEach((sliders, index) => {
        const params = this.shippedParams[index];
        if (params !== undefined) sliders.value = params;
      });
      onChange(this.value);
    });
    elements.downloadButton.addEventListener('click', () => this.download());
  }

  /** The params of every layer as the sliders show them. */
  get value(): FirstOrderParams[] {
    return this.sliders.map((sliders) => sliders.value);
  }

  private download(): void {
    const file = toParamsFile(this.value, 'PP-OCRv4 recognizer attention params, set in the MultiMax web demo.');
    const url = URL.createObjectURL(new Blob([serializeParamsFile(file)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = SHIPPED_PARAMS_NAME;
    link.click();
    // Some browsers read the blob after click() returns, so the URL is released a minute later.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
