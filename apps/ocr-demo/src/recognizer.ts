// Runs one recognizer model in onnxruntime-node (CPU) and decodes its output into text.
import { InferenceSession, Tensor } from 'onnxruntime-node';

import { decodeGreedy } from '@multimax/ppocr';
import type { RecognizerInput } from './preprocess.js';

/** A float32 tensor read back from the session. */
export interface TensorValue {
  data: Float32Array;
  dims: number[];
}

export interface Recognition {
  text: string;
  /** The model's first output: per-step class probabilities, [1, steps, classes]. */
  probabilities: TensorValue;
  /** Every further output by name, such as exposed attention probabilities and scores. */
  extraOutputs: Map<string, TensorValue>;
}

export class Recognizer {
  private constructor(
    private readonly session: InferenceSession,
    private readonly classes: readonly string[],
  ) {}

  /** Creates a CPU session for the model bytes. `classes` is the list from parseCharacterList. */
  static async create(modelBytes: Uint8Array, classes: readonly string[]): Promise<Recognizer> {
    const session = await InferenceSession.create(modelBytes, { executionProviders: ['cpu'] });
    return new Recognizer(session, classes);
  }

  /** Runs one image and decodes the text greedily. */
  async recognize(input: RecognizerInput): Promise<Recognition> {
    const inputName = this.session.inputNames[0] ?? 'x';
    const outputs = await this.session.run({ [inputName]: new Tensor('float32', input.data, input.dims) });

    const [probabilitiesName, ...extraNames] = this.session.outputNames;
    if (probabilitiesName === undefined) throw new Error('the recognizer model has no outputs');
    const probabilities = readFloatOutput(outputs, probabilitiesName);

    const classCount = probabilities.dims[probabilities.dims.length - 1] ?? 0;
    const text = decodeGreedy(probabilities.data, classCount, this.classes);

    const extraOutputs = new Map<string, TensorValue>();
    for (const name of extraNames) extraOutputs.set(name, readFloatOutput(outputs, name));
    return { text, probabilities, extraOutputs };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function readFloatOutput(outputs: InferenceSession.OnnxValueMapType, name: string): TensorValue {
  const tensor = outputs[name];
  if (tensor === undefined || tensor.type !== 'float32') {
    throw new Error(`output ${JSON.stringify(name)} is missing or not float32 (got ${tensor?.type ?? 'nothing'})`);
  }
  return { data: tensor.data as Float32Array, dims: [...tensor.dims] };
}
