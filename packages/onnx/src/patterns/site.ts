import type { NodeProto } from '../io/proto.js';
import type { Graph } from '../ir/graph.js';
import type { InlineModulator } from './inline-modulator.js';

export type SoftmaxKind = 'attention' | 'output' | 'other';

/** The input slot σ is spliced into: `consumer.input[inputIndex]` currently reads `value`. */
export interface InsertionPoint {
  consumer: NodeProto;
  inputIndex: number;
  value: string;
}

/**
 * Names of the patterns the detector recognizes, so reports explain where σ goes:
 * - `scores`: Softmax reads the scaled scores directly (no mask), e.g. ViT, PP-OCR.
 * - `scores+add-mask`: scores plus an additive mask (BERT's extended mask, −10000 or float32 min).
 * - `scores+where-mask`: masked_fill as Where(condition, scores, fill) (DistilBERT, GPT-2 causal).
 * - `scores+where-mask+add-mask`: both, as GPT-2 combines its causal and padding masks.
 * - `logits`: an output-layer Softmax on a projection with constant weights.
 * - `unrecognized`: a Softmax whose input could not be traced; σ goes on its input, guarded.
 * A `+cast` suffix means the Softmax sits inside Cast(float32) … Cast(back), as fp16 exports do.
 */
export type SitePattern = string;

/** A mask the detector stepped over: the additive mask of an Add, or the fill value of a Where. */
export interface MaskOperand {
  kind: 'add' | 'where';
  value: string;
}

export interface SoftmaxSite {
  graph: Graph;
  node: NodeProto;
  /** Node name, or `<op>@<graph path>#<index>` for unnamed nodes. */
  name: string;
  op: 'Softmax' | 'LogSoftmax';
  /** The axis attribute, or the opset's default (1 before opset 13, −1 from 13). */
  axis: number;
  opset: number;
  kind: SoftmaxKind;
  /** Index among the sites of the same kind, in topological order across the model. */
  layer: number;
  pattern: SitePattern;
  insertion: InsertionPoint;
  /**
   * Whether σ must leave entries at or below −1e4 (and −Infinity) unchanged, because a mask may reach
   * the insertion point through ops the detector did not recognize.
   */
  guarded: boolean;
  /** ONNX element type of the value at the insertion point, if known. */
  elementType: number | undefined;
  feedingOps: string[];
  consumingOps: string[];
  /** The masks between σ and the Softmax, nearest the Softmax first. */
  masks: MaskOperand[];
  /** A σ another tool wrote inline at the insertion point; patching replaces it. */
  inline: InlineModulator | undefined;
}
