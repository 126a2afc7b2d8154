// Node patterns that torch.onnx.export writes at opset 14 for the modules of BERT and GPT-2:
// Linear as MatMul + Add, LayerNorm as its ReduceMean chain, head split and merge with dynamic
// batch and sequence axes. onnxruntime fuses LayerNorm and GELU back when it optimizes the graph.
import { attr, type GraphBuilder } from '@multimax/testing';

import type { Weights } from './weights.js';

/** `x.size(index)`: Shape, then Gather of a scalar index. */
export function sizeOf(graph: GraphBuilder, input: string, index: number): string {
  const shape = graph.op('Shape', [input]);
  return graph.op('Gather', [shape, graph.constantInt64(index)], { axis: attr.int(0) });
}

export function unsqueeze(graph: GraphBuilder, input: string, axes: readonly number[]): string {
  return graph.op('Unsqueeze', [input, graph.constantInt64(axes)]);
}

/** A 1-D int64 shape from int64 scalars (strings) and fixed sizes (numbers), joined by Concat. */
export function shapeOf(graph: GraphBuilder, parts: ReadonlyArray<string | number>): string {
  const pieces = parts.map((part) => (typeof part === 'string' ? unsqueeze(graph, part, [0]) : graph.constantInt64([part])));
  return graph.op('Concat', pieces, { axis: attr.int(0) });
}

export function transpose(graph: GraphBuilder, input: string, perm: readonly number[]): string {
  return graph.op('Transpose', [input], { perm: attr.ints(perm) });
}

/** nn.Linear on a [batch, sequence, features] input: MatMul with the transposed weight, then Add of the bias. */
export function linear(graph: GraphBuilder, weights: Weights, input: string, module: string, inFeatures: number, outFeatures: number, gain = 1): string {
  const weight = weights.normal(`${module}.weight`, [inFeatures, outFeatures], gain / Math.sqrt(inFeatures));
  const bias = weights.normal(`${module}.bias`, [outFeatures], 0.02);
  return graph.op('Add', [bias, graph.op('MatMul', [input, weight])]);
}

/** nn.LayerNorm over the last axis as opset 14 exports it: ReduceMean, Sub, Pow, ReduceMean, Add ε, Sqrt, Div, Mul, Add. */
export function layerNorm(graph: GraphBuilder, weights: Weights, input: string, module: string, size: number, epsilon: number): string {
  const weight = weights.normal(`${module}.weight`, [size], 0.05, 1);
  const bias = weights.normal(`${module}.bias`, [size], 0.05);
  const mean = graph.op('ReduceMean', [input], { axes: attr.ints([-1]), keepdims: attr.int(1) });
  const centered = graph.op('Sub', [input, mean]);
  const variance = graph.op('ReduceMean', [graph.op('Pow', [centered, graph.constantFloat32(2)])], { axes: attr.ints([-1]), keepdims: attr.int(1) });
  const deviation = graph.op('Sqrt', [graph.op('Add', [variance, graph.constantFloat32(epsilon)])]);
  const normalized = graph.op('Div', [centered, deviation]);
  return graph.op('Add', [graph.op('Mul', [normalized, weight]), bias]);
}

/** [batch, sequence, heads·headDim] → [batch, heads, sequence, headDim], or [batch, heads, headDim, sequence] for a transposed key. */
export function splitHeads(graph: GraphBuilder, input: string, heads: number, headDim: number, transposedKey = false): string {
  const batch = sizeOf(graph, input, 0);
  const sequence = sizeOf(graph, input, 1);
  const viewed = graph.op('Reshape', [input, shapeOf(graph, [batch, sequence, heads, headDim])]);
  return transpose(graph, viewed, transposedKey ? [0, 2, 3, 1] : [0, 2, 1, 3]);
}

/** [batch, heads, sequence, headDim] → [batch, sequence, hidden]. */
export function mergeHeads(graph: GraphBuilder, input: string, hidden: number): string {
  const permuted = transpose(graph, input, [0, 2, 1, 3]);
  const batch = sizeOf(graph, permuted, 0);
  const sequence = sizeOf(graph, permuted, 1);
  return graph.op('Reshape', [permuted, shapeOf(graph, [batch, sequence, hidden])]);
}

/** Exact GELU, x·½·(1 + erf(x/√2)), as BERT exports it below opset 20. */
export function geluErf(graph: GraphBuilder, input: string): string {
  const erf = graph.op('Erf', [graph.op('Div', [input, graph.constantFloat32(Math.SQRT2)])]);
  const product = graph.op('Mul', [input, graph.op('Add', [erf, graph.constantFloat32(1)])]);
  return graph.op('Mul', [product, graph.constantFloat32(0.5)]);
}

/** GPT-2's gelu_new, ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function geluTanh(graph: GraphBuilder, input: string): string {
  const cubed = graph.op('Mul', [graph.constantFloat32(0.044715), graph.op('Pow', [input, graph.constantFloat32(3)])]);
  const inner = graph.op('Mul', [graph.constantFloat32(Math.sqrt(2 / Math.PI)), graph.op('Add', [input, cubed])]);
  const shifted = graph.op('Add', [graph.constantFloat32(1), graph.op('Tanh', [inner])]);
  return graph.op('Mul', [graph.op('Mul', [graph.constantFloat32(0.5), input]), shifted]);
}
