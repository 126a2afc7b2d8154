// A fieldset of four sliders for first-order MultiMax params, with text readouts in both notations.
import { type FirstOrderParams, toPaperNotation } from '../params/first-order';
import { formatNumber } from '../render/format';
import { createElement } from './dom';

/** Bounds and step of one slider. */
export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

export interface ParamsSlidersOptions {
  /** Prefix of the element ids, unique on the page. */
  idPrefix: string;
  legend: string;
  initial: FirstOrderParams;
  ranges: SliderRange;
  ts0: SliderRange;
  ts1: SliderRange;
  /** Called on every slider movement with the new params. */
  onInput: (params: FirstOrderParams) => void;
}

type ParamField = 'ranges0' | 'ts0' | 'ranges1' | 'ts1';

const FIELD_LABELS: Record<ParamField, string> = {
  ranges0: 'ranges[0] (paper tb): lower threshold',
  ts0: 'ts[0] (paper b = 1 − ts[0]): slope change below ranges[0]',
  ranges1: 'ranges[1] (paper td): upper threshold',
  ts1: 'ts[1] (paper d = 1 + ts[1]): slope change above ranges[1]',
};

export class ParamsSliders {
  readonly element: HTMLFieldSetElement;
  private readonly inputs: Record<ParamField, HTMLInputElement>;
  private readonly readouts: Record<ParamField, HTMLOutputElement>;
  private readonly paperReadout: HTMLParagraphElement;

  constructor(private readonly options: ParamsSlidersOptions) {
    this.element = createElement('fieldset', { class: 'params-sliders' });
    this.element.append(createElement('legend', {}, options.legend));

    const bounds: Record<ParamField, SliderRange> = { ranges0: options.ranges, ts0: options.ts0, ranges1: options.ranges, ts1: options.ts1 };
    const inputs: Partial<Record<ParamField, HTMLInputElement>> = {};
    const readouts: Partial<Record<ParamField, HTMLOutputElement>> = {};
    for (const field of ['ranges0', 'ts0', 'ranges1', 'ts1'] as const) {
      const id = `${options.idPrefix}-${field}`;
      const range = bounds[field];
      const row = createElement('div', { class: 'slider-row' });
      const input = createElement('input', { type: 'range', id, min: String(range.min), max: String(range.max), step: String(range.step) });
      const readout = createElement('output', { for: id, id: `${id}-value` });
      row.append(createElement('label', { for: id }, FIELD_LABELS[field]), input, readout);
      this.element.append(row);

      input.addEventListener('input', () => {
        this.showReadouts();
        this.options.onInput(this.value);
      });
      inputs[field] = input;
      readouts[field] = readout;
    }
    this.inputs = inputs as Record<ParamField, HTMLInputElement>;
    this.readouts = readouts as Record<ParamField, HTMLOutputElement>;

    this.paperReadout = createElement('p', { class: 'paper-notation', id: `${options.idPrefix}-paper`, 'aria-live': 'polite' });
    this.element.append(this.paperReadout);
    this.value = options.initial;
  }

  /** The params the sliders show now. */
  get value(): FirstOrderParams {
    return {
      ranges: [Number(this.inputs.ranges0.value), Number(this.inputs.ranges1.value)],
      ts: [Number(this.inputs.ts0.value), Number(this.inputs.ts1.value)],
    };
  }

  /** Moves the sliders to `params`, clamped to their bounds, without calling onInput. */
  set value(params: FirstOrderParams) {
    this.inputs.ranges0.value = String(params.ranges[0]);
    this.inputs.ranges1.value = String(params.ranges[1]);
    this.inputs.ts0.value = String(params.ts[0]);
    this.inputs.ts1.value = String(params.ts[1]);
    this.showReadouts();
  }

  private showReadouts(): void {
    const params = this.value;
    const paper = toPaperNotation(params);
    const texts: Record<ParamField, string> = {
      ranges0: `${formatNumber(params.ranges[0])} (tb = ${formatNumber(paper.tb)})`,
      ts0: `${formatNumber(params.ts[0])} (b = ${formatNumber(paper.b)})`,
      ranges1: `${formatNumber(params.ranges[1])} (td = ${formatNumber(paper.td)})`,
      ts1: `${formatNumber(params.ts[1])} (d = ${formatNumber(paper.d)})`,
    };

    for (const field of ['ranges0', 'ts0', 'ranges1', 'ts1'] as const) {
      this.readouts[field].value = texts[field];
      this.inputs[field].setAttribute('aria-valuetext', texts[field]);
    }
    this.paperReadout.textContent =
      `Paper notation: slope b = ${formatNumber(paper.b)} below tb = ${formatNumber(paper.tb)}, ` +
      `slope d = ${formatNumber(paper.d)} above td = ${formatNumber(paper.td)}.`;
  }
}
