import { readScalarConstant } from '../ir/constant-value.js';
import type { Graph } from '../ir/graph.js';
import type { MaskOperand, SoftmaxSite } from '../patterns/site.js';

/** float32's lowest finite value; only entries at or below it count as masked (see the core SPEC). */
const FLOAT32_LOWEST = -3.4028234663852886e38;
/** Additive masks scaled by at most this much stay far above float32's lowest value. */
const BOUNDED_SCALE = 1e30;

/**
 * Returns whether the masks of a site can drive a whole row to −∞ or float32's lowest value, so that
 * zeroing fully masked rows after the Softmax is needed. Exporters' legacy masks cannot:
 * (1 − Cast(mask))·−10000 and Where fills of −10000 stay finite and far above that value, so such a
 * row keeps its ordinary Softmax and the zeroing pass is saved.
 */
export function masksCanFullyMask(site: SoftmaxSite): boolean {
  return site.masks.some((mask) => !isBounded(site.graph, mask));
}

function isBounded(graph: Graph, mask: MaskOperand): boolean {
  if (mask.kind === 'where') {
    const fill = readScalarConstant(graph, mask.value);
    return fill !== undefined && fill > FLOAT32_LOWEST && Number.isFinite(fill);
  }
  return isScaledBinaryMask(graph, mask.value);
}

/** Matches `(1 − Cast(mask))·c` (either operand order of the Mul) with a scalar constant |c| ≤ 1e30. */
function isScaledBinaryMask(graph: Graph, value: string): boolean {
  const product = graph.producer(value);
  if (product?.opType !== 'Mul' || product.input.length !== 2) return false;

  const [left = '', right = ''] = product.input;
  const leftScale = readScalarConstant(graph, left);
  const scale = leftScale ?? readScalarConstant(graph, right);
  const inverted = leftScale !== undefined ? right : left;
  if (scale === undefined || !(Math.abs(scale) <= BOUNDED_SCALE)) return false;

  const difference = graph.producer(inverted);
  if (difference?.opType !== 'Sub' || readScalarConstant(graph, difference.input[0] ?? '') !== 1) return false;
  return graph.producer(difference.input[1] ?? '')?.opType === 'Cast';
}
