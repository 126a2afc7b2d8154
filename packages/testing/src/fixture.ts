/** Mask applied to attention scores before the softmax. */
export type AttentionMask =
  /** softmax input = scores + value; `value` broadcasts to the scores' shape. */
  | { kind: 'additive'; value: string }
  /**
   * softmax input = Where(condition, scores, fill) when keepWhen is true, Where(condition, fill, scores)
   * when it is false; `condition` is a bool value that broadcasts to the scores' shape.
   */
  | { kind: 'where'; condition: string; fill: number; keepWhen: boolean }
  /** softmax input = Where(…) as for 'where', then + additive. */
  | { kind: 'where+additive'; condition: string; fill: number; keepWhen: boolean; additive: string };

/** One attention softmax of a fixture and the values it is computed from. */
export interface AttentionSite {
  /** Name of the Softmax or LogSoftmax node. */
  softmax: string;
  /** Value name of the scaled scores QKᵀ/√d, before any mask is applied. */
  scores: string;
  mask?: AttentionMask;
  /** Softmax axis as the node has it (the opset default when the node omits the attribute). */
  axis: number;
}

export type FeedElementType = 'float32' | 'float16' | 'int64' | 'bool';

/** A sample input tensor. float16 data is float16 bits, bool data is one byte per element. */
export interface FeedTensor {
  type: FeedElementType;
  dims: number[];
  data: Float32Array | Uint16Array | BigInt64Array | Uint8Array;
}

export type FeedTensors = Record<string, FeedTensor>;

/** A small ONNX model that reproduces the attention graph of one exporter. */
export interface Fixture {
  name: string;
  /** Exporter, versions and module the graph mimics. */
  mimics: string;
  /** Serialized ModelProto. */
  bytes: Uint8Array;
  /** Data file the model's external initializers point to, to be written next to the model file. */
  externalData?: { fileName: string; bytes: Uint8Array };
  /** Every attention softmax. */
  attention: AttentionSite[];
  /** Output-layer Softmax or LogSoftmax node names (over logits), if any. */
  outputSoftmax?: string[];
  /**
   * Sample feeds. Where the model takes a mask they include masked positions and at least one
   * fully masked row. The same seed always returns the same feeds.
   */
  inputs(seed: number): FeedTensors;
}
