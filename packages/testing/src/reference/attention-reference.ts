import { roundToFloat16 } from '../builder/fp16.js';
import type { AttentionSite } from '../fixture.js';
import { broadcastTo } from './broadcast.js';
import type { Float64Tensor } from './run.js';
import { logSoftmax64, softmax64 } from './softmax.js';
import type { SoftmaxNodeInfo } from './softmax-node.js';

/** Value names an attention site's reference needs besides the softmax output: scores and mask inputs. */
export function attentionSiteValueNames(site: AttentionSite): string[] {
  const names = [site.scores];
  const mask = site.mask;
  if (mask === undefined) return names;
  if (mask.kind === 'additive') names.push(mask.value);
  if (mask.kind === 'where') names.push(mask.condition);
  if (mask.kind === 'where+additive') names.push(mask.condition, mask.additive);
  return names;
}

function requireValue(values: ReadonlyMap<string, Float64Tensor>, name: string): Float64Tensor {
  const value = values.get(name);
  if (value === undefined) throw new Error(`Missing value "${name}"; run the model with attentionSiteValueNames(site) as extra outputs.`);
  return value;
}

/**
 * Precision of the mask Add:
 * - 'float32' rounds each sum to float32. This matches onnxruntime-node 1.30 on CPU for float32 and
 *   float16 scores alike: in the fp16-cast fixture its Softmax received sums that are not float16
 *   values, even with graph optimizations disabled, so the float16 rounding the graph states is skipped.
 * - 'scores' rounds to the scores' element type, as the ONNX graph states it.
 */
export type SumRounding = 'float32' | 'scores';

function roundingFor(type: string, sumRounding: SumRounding): (value: number) => number {
  if (sumRounding === 'scores' && type === 'float16') return roundToFloat16;
  if (type === 'float16' || type === 'float32') return Math.fround;
  return (value) => value;
}

/**
 * Applies a site's mask to its scores in float64 and rounds each Add to the `sumRounding` precision,
 * so that finfo.min + finfo.min overflows to -Infinity as it does in float32.
 */
export function maskedScores64(site: AttentionSite, values: ReadonlyMap<string, Float64Tensor>, sumRounding: SumRounding = 'float32'): Float64Tensor {
  const scores = requireValue(values, site.scores);
  const round = roundingFor(scores.type, sumRounding);
  const roundFill = scores.type === 'float16' ? roundToFloat16 : roundingFor(scores.type, sumRounding);
  const mask = site.mask;
  if (mask === undefined) return scores;

  const data = new Float64Array(scores.data);
  if (mask.kind === 'where' || mask.kind === 'where+additive') {
    const condition = requireValue(values, mask.condition);
    const keep = broadcastTo(condition.data, condition.dims, scores.dims);
    // The fill is a constant of the scores' type in the graph.
    const fill = roundFill(mask.fill);
    for (let i = 0; i < data.length; i++) {
      const conditionTrue = (keep[i] ?? 0) !== 0;
      if (conditionTrue !== mask.keepWhen) data[i] = fill;
    }
  }

  let additiveName: string | undefined;
  if (mask.kind === 'additive') additiveName = mask.value;
  if (mask.kind === 'where+additive') additiveName = mask.additive;
  if (additiveName !== undefined) {
    const additive = requireValue(values, additiveName);
    const broadcast = broadcastTo(additive.data, additive.dims, scores.dims);
    for (let i = 0; i < data.length; i++) data[i] = round((data[i] ?? 0) + (broadcast[i] ?? 0));
  }
  return { type: scores.type, dims: scores.dims, data };
}

/**
 * Recomputes an attention site's output in float64: the masked scores, then Softmax or LogSoftmax
 * with the node's axis semantics. The result has the scores' shape; the node's output may be a
 * reshaped view of it (e.g. Whisper's [batch·heads, query, key]) with the same element order.
 */
export function attentionReference(
  site: AttentionSite,
  node: SoftmaxNodeInfo,
  values: ReadonlyMap<string, Float64Tensor>,
  sumRounding: SumRounding = 'float32',
): Float64Tensor {
  const masked = maskedScores64(site, values, sumRounding);
  const normalize = node.opType === 'LogSoftmax' ? logSoftmax64 : softmax64;
  // NOTE: the axis is applied to the scores' rank. Where the node's input is a reshaped view of the
  // scores, this matches the node only for a last-axis softmax, which is the case in every fixture.
  const axis = site.axis < 0 ? site.axis + masked.dims.length : site.axis;
  return { type: 'float64', dims: masked.dims, data: normalize(masked.data, masked.dims, axis, node.coercesTo2d) };
}
