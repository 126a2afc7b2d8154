import { describe, expect, it } from '@jest/globals';

import { type BuiltModel, Explorer, type ExplorerView, type RecognitionModel } from '../src/app/explorer';
import type { RecognizerInput } from '../src/model/preprocess';
import type { Recognition } from '../src/model/recognizer';
import type { FirstOrderParams } from '../src/params/first-order';

const SHIPPED: FirstOrderParams[] = [
  { ranges: [1.8, 1.8], ts: [-8, 0] },
  { ranges: [0.1, 0.1], ts: [-8, 0] },
];

/** Builds an input whose first value names it, so fake models can echo it as text. */
function inputNamed(value: number): RecognizerInput {
  return { data: new Float32Array([value]), dims: [1, 3, 48, 1] };
}

function recognition(text: string): Recognition {
  return { text, attention: [], runMs: 1 };
}

/** A fake model that reads "<label>:<input value>" and counts its runs. */
class FakeModel implements RecognitionModel {
  runs = 0;
  released = false;

  constructor(private readonly label: string) {}

  async recognize(input: RecognizerInput): Promise<Recognition> {
    this.runs++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return recognition(`${this.label}:${input.data[0]}`);
  }

  async release(): Promise<void> {
    this.released = true;
  }
}

/** Records every call the explorer makes on its view. */
class RecordingView implements ExplorerView {
  readonly events: string[] = [];

  showBusy(): void {}
  showReady(): void {
    this.events.push('ready');
  }
  showError(error: unknown): void {
    this.events.push(`error ${String(error)}`);
  }
  showSoftmax(result: Recognition): void {
    this.events.push(`softmax ${result.text}`);
  }
  showMultimax(result: Recognition, softmax: Recognition): void {
    this.events.push(`multimax ${result.text} next to ${softmax.text}`);
  }
  showMultimaxOff(softmax: Recognition): void {
    this.events.push(`off ${softmax.text}`);
  }
  showTimings(): void {}
}

function createExplorer() {
  const view = new RecordingView();
  const softmaxModel = new FakeModel('softmax');
  const multimaxModels: FakeModel[] = [];
  const explorer = new Explorer({
    softmaxModel,
    buildMultimaxModel: async (params): Promise<BuiltModel> => {
      const model = new FakeModel(`multimax(ts0=${params[0]?.ts[0]})`);
      multimaxModels.push(model);
      return { model, patchMs: 1, sessionMs: 1 };
    },
    initialParams: SHIPPED,
    view,
  });
  return { explorer, view, softmaxModel, multimaxModels };
}

describe('Explorer', () => {
  it('runs both models on a new input', async () => {
    const { explorer, view, multimaxModels } = createExplorer();
    explorer.setInput(inputNamed(1));
    await explorer.whenIdle();

    expect(view.events).toEqual(['softmax softmax:1', 'multimax multimax(ts0=-8):1 next to softmax:1', 'ready']);
    expect(multimaxModels).toHaveLength(1);
  });

  it('rebuilds only MultiMax when params change', async () => {
    const { explorer, view, softmaxModel, multimaxModels } = createExplorer();
    explorer.setInput(inputNamed(1));
    await explorer.whenIdle();

    explorer.setParams([{ ranges: [1.8, 1.8], ts: [-4, 0] }, SHIPPED[1] as FirstOrderParams]);
    await explorer.whenIdle();

    expect(softmaxModel.runs).toBe(1);
    expect(multimaxModels).toHaveLength(2);
    expect(multimaxModels[0]?.released).toBe(true);
    expect(multimaxModels[1]?.released).toBe(false);
    expect(view.events.at(-2)).toBe('multimax multimax(ts0=-4):1 next to softmax:1');
  });

  it('repeats SoftMax while MultiMax is off', async () => {
    const { explorer, view, multimaxModels } = createExplorer();
    explorer.setMultimaxEnabled(false);
    explorer.setInput(inputNamed(1));
    await explorer.whenIdle();
    explorer.setInput(inputNamed(2));
    await explorer.whenIdle();

    expect(view.events).toEqual(['softmax softmax:1', 'off softmax:1', 'ready', 'softmax softmax:2', 'off softmax:2', 'ready']);
    expect(multimaxModels).toHaveLength(0);
  });

  it('reuses the MultiMax result when switched back on', async () => {
    const { explorer, view, multimaxModels } = createExplorer();
    explorer.setInput(inputNamed(1));
    await explorer.whenIdle();
    explorer.setMultimaxEnabled(false);
    await explorer.whenIdle();
    explorer.setMultimaxEnabled(true);
    await explorer.whenIdle();

    expect(view.events.slice(-4)).toEqual(['off softmax:1', 'ready', 'multimax multimax(ts0=-8):1 next to softmax:1', 'ready']);
    expect(multimaxModels).toHaveLength(1);
    expect(multimaxModels[0]?.runs).toBe(1);
  });

  it('serves only the newest of fast inputs', async () => {
    const { explorer, view, softmaxModel } = createExplorer();
    explorer.setInput(inputNamed(1));
    explorer.setInput(inputNamed(2));
    explorer.setInput(inputNamed(3));
    await explorer.whenIdle();

    // The first run had started before the other inputs came; the next pass skips straight to input 3.
    expect(softmaxModel.runs).toBe(2);
    expect(view.events).toEqual(['softmax softmax:1', 'softmax softmax:3', 'multimax multimax(ts0=-8):3 next to softmax:3', 'ready']);
  });

  it('reports a failed build and recovers', async () => {
    const view = new RecordingView();
    let failNextBuild = true;
    const failing = new Explorer({
      softmaxModel: new FakeModel('softmax'),
      buildMultimaxModel: async () => {
        if (failNextBuild) {
          failNextBuild = false;
          throw new Error('session creation failed');
        }
        return { model: new FakeModel('multimax'), patchMs: 1, sessionMs: 1 };
      },
      initialParams: SHIPPED,
      view,
    });

    failing.setInput(inputNamed(1));
    await failing.whenIdle();
    expect(view.events).toEqual(['softmax softmax:1', 'error Error: session creation failed']);

    failing.setParams(SHIPPED);
    await failing.whenIdle();
    expect(view.events.slice(-2)).toEqual(['multimax multimax:1 next to softmax:1', 'ready']);
  });
});
