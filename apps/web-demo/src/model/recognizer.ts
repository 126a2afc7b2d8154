// Runs one recognizer variant in an onnxruntime-web session and decodes its output into text.
import * as ort from 'onnxruntime-web/webgpu';

import { decodeGreedy } from '@multimax/ppocr';
import type { RecognizerInput } from './preprocess';
import { type BackendName, createSession } from './runtime';

/** A float32 tensor read back from the session. */
export interface TensorValue {
  data: Float32Array;
  dims: number[];
}

export interface Recognition {
  text: string;
  /** Attention probabilities per layer, each [1, heads, queries, keys], in the order of `attentionOutputs`. */
  attention: TensorValue[];
  /** Wall time of the session run, in milliseconds. */
  runMs: number;
}

export class Recognizer {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly classes: readonly string[],
    private readonly attentionOutputs: readonly string[],
  ) {}

  /** Creates a session for the model bytes. `attentionOutputs` names the exposed attention probabilities. */
  static async create(bytes: Uint8Array, backend: BackendName, classes: readonly string[], attentionOutputs: readonly string[]): Promise<Recognizer> {
    return Recognizer.fromSession(await createSession(bytes, backend), classes, attentionOutputs);
  }

  /** Wraps a session that already exists, such as the one that decided the backend. */
  static fromSession(session: ort.InferenceSession, classes: readonly string[], attentionOutputs: readonly string[]): Recognizer {
    return new Recognizer(session, classes, attentionOutputs);
  }

  /** Runs one image and decodes the text greedily. */
  async recognize(input: RecognizerInput): Promise<Recognition> {
    const inputName = this.session.inputNames[0] ?? 'x';
    const start = performance.now();
    const outputs = await this.session.run({ [inputName]: new ort.Tensor('float32', input.data, input.dims) });
    const runMs = performance.now() - start;

    const probabilitiesName = this.session.outputNames[0];
    if (probabilitiesName === undefined) throw new Error('the recognizer model has no outputs');
    const probabilities = readFloatOutput(outputs, probabilitiesName);
    const classCount = probabilities.dims[probabilities.dims.length - 1] ?? 0;
    const text = decodeGreedy(probabilities.data, classCount, this.classes);

    const attention = this.attentionOutputs.map((name) => readFloatOutput(outputs, name));
    return { text, attention, runMs };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function readFloatOutput(outputs: ort.InferenceSession.OnnxValueMapType, name: string): TensorValue {
  const tensor = outputs[name];
  if (tensor === undefined || tensor.type !== 'float32') {
    throw new Error(`output ${JSON.stringify(name)} is missing or not float32 (got ${tensor?.type ?? 'nothing'})`);
  }
  return { data: tensor.data as Float32Array, dims: [...tensor.dims] };
}
