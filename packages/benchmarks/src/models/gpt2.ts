// A GPT-2 decoder (transformers' GPT2LMHeadModel, eager GPT2Attention, no past key values) as
// torch.onnx.export writes it at opset 14, with every size a parameter. Differences from a real
// export: Conv1D layers are MatMul + Add instead of Reshape → Gemm → Reshape, and lm_head has its
// own weight instead of sharing wte's.
import { attr, type GraphBuilder, ModelBuilder } from '@multimax/testing';

import type { BuiltModel } from './bert.js';
import { geluTanh, layerNorm, linear, mergeHeads, sizeOf, splitHeads, unsqueeze } from './torch-ops.js';
import { Weights, type WeightStorage } from './weights.js';

export interface Gpt2Shape {
  layers: number;
  hidden: number;
  heads: number;
  vocabSize: number;
  /** n_positions: size of the position table and of the causal `bias` buffer. */
  positions: number;
}

/** torch.finfo(torch.float32).min, GPT-2's mask value. */
const FLOAT32_MIN = -3.4028234663852886e38;

/** GPT-2 small: hidden 768, 12 heads (the vocabulary here is smaller than GPT-2's 50257). */
export function gpt2SmallShape(layers: number, vocabSize = 8192): Gpt2Shape {
  return { layers, hidden: 768, heads: 12, vocabSize, positions: 1024 };
}

/** Builds the decoder; inputs input_ids and attention_mask are int64 [batch, sequence], the output is logits. */
export function buildGpt2(shape: Gpt2Shape, storage: WeightStorage): BuiltModel {
  const model = new ModelBuilder({ graphName: 'main_graph', producerName: 'pytorch', producerVersion: '2.1.0', irVersion: 8, opsets: { '': 14 }, naming: 'scoped' });
  const graph = model.graph;
  const weights = new Weights(graph, storage);

  const inputIds = graph.addInput('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = graph.addInput('attention_mask', 'int64', ['batch_size', 'sequence_length']);

  // (1.0 - attention_mask[:, None, None, :]) * finfo.min
  const maskFloat = graph.op('Cast', [unsqueeze(graph, attentionMask, [1, 2])], { to: attr.int(1) });
  const paddingMask = graph.op('Mul', [graph.op('Sub', [graph.constantFloat32(1), maskFloat]), graph.constantFloat32(FLOAT32_MIN)]);

  const sequenceLength = sizeOf(graph, inputIds, 1);
  const positionIds = unsqueeze(graph, graph.op('Range', [graph.constantInt64(0), sequenceLength, graph.constantInt64(1)]), [0]);
  const tokens = graph.op('Gather', [weights.normal('transformer.wte.weight', [shape.vocabSize, shape.hidden], 1), inputIds]);
  const positions = graph.op('Gather', [weights.normal('transformer.wpe.weight', [shape.positions, shape.hidden], 0.3), positionIds]);
  let hidden = graph.op('Add', [tokens, positions]);

  // causal_mask = bias[:, :, 0:sequence, 0:sequence], the lower triangle of the registered bool buffer.
  const bias = graph.addBoolInitializer('transformer.causal_bias', [1, 1, shape.positions, shape.positions], causalTable(shape.positions));
  const end = unsqueeze(graph, sequenceLength, [0]);
  const causal = graph.op('Slice', [bias, graph.constantInt64([0, 0]), graph.op('Concat', [end, end], { axis: attr.int(0) }), graph.constantInt64([2, 3])]);

  for (let index = 0; index < shape.layers; index++) {
    hidden = graph.inScope('transformer', () => graph.inScope(`h.${index}`, () => gpt2Block(graph, weights, shape, hidden, causal, paddingMask, `transformer.h.${index}`)));
  }

  const normalized = layerNorm(graph, weights, hidden, 'transformer.ln_f', shape.hidden, 1e-5);
  const logits = graph.op('MatMul', [normalized, weights.normal('lm_head.weight', [shape.hidden, shape.vocabSize], 1 / Math.sqrt(shape.hidden))]);
  graph.renameValue(logits, 'logits');
  graph.addOutput('logits', 'float32', ['batch_size', 'sequence_length', shape.vocabSize]);
  return { model, weightBytes: weights.totalBytes, externalBytes: weights.externalBytes };
}

function gpt2Block(graph: GraphBuilder, weights: Weights, shape: Gpt2Shape, hidden: string, causal: string, paddingMask: string, module: string): string {
  const headDim = shape.hidden / shape.heads;

  const attended = graph.inScope('attn', () => {
    const normalized = layerNorm(graph, weights, hidden, `${module}.ln_1`, shape.hidden, 1e-5);
    const query = splitHeads(graph, linear(graph, weights, normalized, `${module}.attn.q`, shape.hidden, shape.hidden, 1.5), shape.heads, headDim);
    const key = splitHeads(graph, linear(graph, weights, normalized, `${module}.attn.k`, shape.hidden, shape.hidden, 1.5), shape.heads, headDim, true);
    const value = splitHeads(graph, linear(graph, weights, normalized, `${module}.attn.v`, shape.hidden, shape.hidden), shape.heads, headDim);

    const scores = graph.op('Div', [graph.op('MatMul', [query, key]), graph.constantFloat32(Math.sqrt(headDim))]);
    const causalScores = graph.op('Where', [causal, scores, graph.constantFloat32(FLOAT32_MIN)]);
    const probabilities = graph.op('Softmax', [graph.op('Add', [causalScores, paddingMask])], { axis: attr.int(-1) });
    const context = mergeHeads(graph, graph.op('MatMul', [probabilities, value]), shape.hidden);
    return graph.op('Add', [linear(graph, weights, context, `${module}.attn.c_proj`, shape.hidden, shape.hidden), hidden]);
  });

  const mlp = graph.inScope('mlp', () => {
    const normalized = layerNorm(graph, weights, attended, `${module}.ln_2`, shape.hidden, 1e-5);
    const expanded = geluTanh(graph, linear(graph, weights, normalized, `${module}.mlp.c_fc`, shape.hidden, 4 * shape.hidden));
    return linear(graph, weights, expanded, `${module}.mlp.c_proj`, 4 * shape.hidden, shape.hidden);
  });
  return graph.op('Add', [attended, mlp]);
}

/** torch.tril(torch.ones(n, n, dtype=torch.bool)), row-major. */
function causalTable(size: number): Uint8Array {
  const table = new Uint8Array(size * size);
  for (let row = 0; row < size; row++) table.fill(1, row * size, row * size + row + 1);
  return table;
}
