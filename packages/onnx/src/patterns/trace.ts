import type { NodeProto } from '../io/proto.js';
import type { Graph } from '../ir/graph.js';

// Ops that carry attention scores from the QKᵀ MatMul to the Softmax without mixing in other data:
// reshapes, casts and scaling by a constant.
/** Shape-only ops: they commute with the elementwise σ. */
export const SHAPE_OPS: ReadonlySet<string> = new Set(['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity', 'Flatten']);
const PASS_THROUGH_OPS = new Set([...SHAPE_OPS, 'Cast']);
const SCALING_OPS = new Set(['Div', 'Mul']);
const MAX_TRACE_STEPS = 12;

/** The path from an attention score product QKᵀ to a traced value. */
export interface ScoresTrace {
  /** The MatMul (or Einsum) of two non-constant inputs that produces the raw scores. */
  product: NodeProto;
  /** Ops between the product and the traced value, nearest the product first. */
  path: NodeProto[];
}

/**
 * Follows `value` upwards through reshapes, casts and constant scaling to a product of two
 * activations (MatMul(Q, Kᵀ) or an Einsum). Returns undefined when another op intervenes, so a mask
 * branch or a projection with constant weights is distinguished from the scores branch.
 */
export function traceScores(graph: Graph, value: string): ScoresTrace | undefined {
  const path: NodeProto[] = [];
  let current = value;

  for (let step = 0; step < MAX_TRACE_STEPS; step++) {
    const node = graph.producer(current);
    if (node === undefined) return undefined;

    if (isActivationProduct(graph, node)) return { product: node, path: path.reverse() };

    if (PASS_THROUGH_OPS.has(node.opType) && node.input[0] !== undefined) {
      path.push(node);
      current = node.input[0];
      continue;
    }

    if (SCALING_OPS.has(node.opType)) {
      const [left, right] = node.input;
      if (left === undefined || right === undefined) return undefined;
      // Div scales only through its divisor; Mul may have the constant on either side.
      const next = graph.isConstant(right) ? left : node.opType === 'Mul' && graph.isConstant(left) ? right : undefined;
      if (next === undefined) return undefined;
      path.push(node);
      current = next;
      continue;
    }

    return undefined;
  }
  return undefined;
}

function isActivationProduct(graph: Graph, node: NodeProto): boolean {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return false;
  if (node.opType === 'MatMul') {
    const [left, right] = node.input;
    return left !== undefined && right !== undefined && !graph.isConstant(left) && !graph.isConstant(right);
  }
  if (node.opType === 'Einsum') {
    return node.input.length === 2 && node.input.every((input) => !graph.isConstant(input));
  }
  return false;
}

/**
 * Follows `value` upwards through bias adds, reshapes and scaling to a projection with constant
 * weights (MatMul, Gemm or Conv), as output-layer logits are produced.
 */
export function traceLogits(graph: Graph, value: string): NodeProto | undefined {
  let current = value;
  for (let step = 0; step < MAX_TRACE_STEPS; step++) {
    const node = graph.producer(current);
    if (node === undefined) return undefined;
    const [left, right] = node.input;

    if ((node.opType === 'MatMul' || node.opType === 'Gemm' || node.opType === 'Conv') && left !== undefined && right !== undefined) {
      return graph.isConstant(right) || graph.isConstant(left) ? node : undefined;
    }
    if ((node.opType === 'Add' || SCALING_OPS.has(node.opType)) && left !== undefined && right !== undefined) {
      if (graph.isConstant(right)) current = left;
      else if (graph.isConstant(left)) current = right;
      else return undefined;
      continue;
    }
    if (PASS_THROUGH_OPS.has(node.opType) && left !== undefined) {
      current = left;
      continue;
    }
    return undefined;
  }
  return undefined;
}

// Ops a model may apply to output probabilities before returning them.
const OUTPUT_TAIL_OPS = new Set(['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity', 'Cast', 'Flatten', 'ArgMax', 'TopK', 'Gather', 'Slice', 'Log']);

/** Returns whether `value` reaches a graph output through shape-only ops (or ArgMax/TopK decoding). */
export function reachesGraphOutput(graph: Graph, value: string, depth = 0): boolean {
  if (graph.isGraphOutput(value)) return true;
  if (depth > 6) return false;
  return graph.consumers(value).some((node) => OUTPUT_TAIL_OPS.has(node.opType) && node.output.some((output) => reachesGraphOutput(graph, output, depth + 1)));
}
