// The attention explorer's controller: keeps the current input and params, runs the SoftMax and the
// MultiMax model on them, and rebuilds only the MultiMax model when the params change.
import type { RecognizerInput } from '../model/preprocess';
import type { Recognition } from '../model/recognizer';
import { type FirstOrderParams, paramsKey } from '../params/first-order';

/** A model that reads one input: Recognizer, or a stand-in in tests. */
export interface RecognitionModel {
  recognize(input: RecognizerInput): Promise<Recognition>;
  release(): Promise<void>;
}

/** A MultiMax model built for some params, with the durations of its two build steps in milliseconds. */
export interface BuiltModel {
  model: RecognitionModel;
  /** Decode, patch, expose and encode. */
  patchMs: number;
  sessionMs: number;
}

/** Durations of the latest steps, in milliseconds; a step that has not run yet is undefined. */
export interface Timings {
  softmaxRunMs: number | undefined;
  multimaxRunMs: number | undefined;
  multimaxPatchMs: number | undefined;
  multimaxSessionMs: number | undefined;
}

/** Display of the explorer's results and progress; ResultsView implements it on the page. */
export interface ExplorerView {
  showBusy(message: string): void;
  showReady(message: string): void;
  showError(error: unknown): void;
  showSoftmax(recognition: Recognition): void;
  /** Shows the MultiMax model's recognition; `softmax` is the SoftMax one of the same input. */
  showMultimax(recognition: Recognition, softmax: Recognition, params: readonly FirstOrderParams[]): void;
  /** Shows that MultiMax is switched off: the right side repeats the SoftMax recognition. */
  showMultimaxOff(softmax: Recognition): void;
  showTimings(timings: Timings): void;
}

export interface ExplorerOptions {
  softmaxModel: RecognitionModel;
  /** Builds the MultiMax model for params per attention layer. */
  buildMultimaxModel: (params: readonly FirstOrderParams[]) => Promise<BuiltModel>;
  initialParams: readonly FirstOrderParams[];
  view: ExplorerView;
}

interface StoredRecognition {
  recognition: Recognition;
  inputVersion: number;
  /** paramsKey of the MultiMax model that produced it; empty for SoftMax. */
  paramsKey: string;
}

export class Explorer {
  private input: RecognizerInput | undefined;
  private inputVersion = 0;
  private layerParams: FirstOrderParams[];
  private multimaxEnabled = true;

  private multimaxModel: { key: string; model: RecognitionModel } | undefined;
  private softmaxResult: StoredRecognition | undefined;
  private multimaxResult: StoredRecognition | undefined;
  /** Key of the recognition on the MultiMax side: "off/<input version>" or "<input version>/<params key>". */
  private multimaxDisplayKey = '';
  private readonly timings: Timings = { softmaxRunMs: undefined, multimaxRunMs: undefined, multimaxPatchMs: undefined, multimaxSessionMs: undefined };

  /** The running update loop; undefined when idle. */
  private running: Promise<void> | undefined;
  private updateRequested = false;

  constructor(private readonly options: ExplorerOptions) {
    this.layerParams = options.initialParams.map(copyLayerParams);
  }

  setInput(input: RecognizerInput): void {
    this.input = input;
    this.inputVersion++;
    this.requestUpdate();
  }

  setParams(layerParams: readonly FirstOrderParams[]): void {
    this.layerParams = layerParams.map(copyLayerParams);
    this.requestUpdate();
  }

  setMultimaxEnabled(enabled: boolean): void {
    this.multimaxEnabled = enabled;
    this.requestUpdate();
  }

  /** Returns a promise that resolves when the running updates, including those requested meanwhile, are done. */
  whenIdle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /**
   * Starts an update, or marks one as due when an update is running. Model runs never overlap,
   * because all sessions share one onnxruntime-web WebAssembly instance and GPU device. A request
   * that comes during a run is served when that run ends, with the newest input and params.
   */
  private requestUpdate(): void {
    this.updateRequested = true;
    if (this.running === undefined) this.running = this.runUpdates();
  }

  private async runUpdates(): Promise<void> {
    try {
      while (this.updateRequested) {
        this.updateRequested = false;
        await this.update();
      }
      this.options.view.showReady(this.input === undefined ? 'Ready. Type a line of text or upload an image.' : 'Ready.');
    } catch (error) {
      this.options.view.showError(error);
    } finally {
      this.running = undefined;
    }
  }

  private async update(): Promise<void> {
    const input = this.input;
    const inputVersion = this.inputVersion;
    if (input === undefined) return;
    const { view } = this.options;

    if (this.softmaxResult?.inputVersion !== inputVersion) {
      view.showBusy('Running the SoftMax model…');
      const recognition = await this.options.softmaxModel.recognize(input);
      this.softmaxResult = { recognition, inputVersion, paramsKey: '' };
      this.timings.softmaxRunMs = recognition.runMs;
      view.showSoftmax(recognition);
      view.showTimings(this.timings);
    }
    // A newer input arrived during the run; the next pass starts over with it.
    if (this.inputVersion !== inputVersion) return;

    const softmax = this.softmaxResult.recognition;
    if (!this.multimaxEnabled) {
      const displayKey = `off/${inputVersion}`;
      if (this.multimaxDisplayKey !== displayKey) view.showMultimaxOff(softmax);
      this.multimaxDisplayKey = displayKey;
      return;
    }

    const params = this.layerParams;
    const key = paramsKey(params);
    if (this.multimaxResult?.inputVersion !== inputVersion || this.multimaxResult.paramsKey !== key) {
      const model = await this.multimaxModelFor(key, params);
      view.showBusy('Running the MultiMax model…');
      const recognition = await model.recognize(input);
      this.multimaxResult = { recognition, inputVersion, paramsKey: key };
      this.timings.multimaxRunMs = recognition.runMs;
      view.showTimings(this.timings);
    }

    const displayKey = `${inputVersion}/${key}`;
    if (this.multimaxDisplayKey !== displayKey) view.showMultimax(this.multimaxResult.recognition, softmax, params);
    this.multimaxDisplayKey = displayKey;
  }

  /** Returns the MultiMax model for `key`, building a new one when the params changed. */
  private async multimaxModelFor(key: string, params: readonly FirstOrderParams[]): Promise<RecognitionModel> {
    if (this.multimaxModel?.key === key) return this.multimaxModel.model;

    this.options.view.showBusy('Patching the model with MultiMax and creating its session…');
    const built = await this.options.buildMultimaxModel(params);
    this.timings.multimaxPatchMs = built.patchMs;
    this.timings.multimaxSessionMs = built.sessionMs;

    // The old session is released only after the new one exists, so a failure leaves a working model.
    const previous = this.multimaxModel;
    this.multimaxModel = { key, model: built.model };
    await previous?.model.release();
    return built.model;
  }
}

function copyLayerParams(params: FirstOrderParams): FirstOrderParams {
  return { ranges: [...params.ranges], ts: [...params.ts] };
}
