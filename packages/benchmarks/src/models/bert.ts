// A BERT encoder (transformers' BertModel, eager attention, legacy −10000 mask) as
// torch.onnx.export writes it at opset 14, with every size a parameter. It has no pooler and no
// classifier head: the output is last_hidden_state.
import { attr, type GraphBuilder, ModelBuilder } from '@multimax/testing';

import { geluErf, layerNorm, linear, mergeHeads, sizeOf, splitHeads, unsqueeze } from './torch-ops.js';
import { Weights, type WeightStorage } from './weights.js';

export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  /** Width of the feed-forward layer; BERT uses 4 × hidden. */
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
}

export interface BuiltModel {
  model: ModelBuilder;
  /** Bytes of all float32 weights. */
  weightBytes: number;
  /** Length of the external data file; 0 unless the weights are external. */
  externalBytes: number;
}

/** BERT-base: hidden 768, 12 heads, feed-forward 3072 (the vocabulary here is smaller than BERT's 30522). */
export function bertBaseShape(layers: number, vocabSize = 8192): BertShape {
  return { layers, hidden: 768, heads: 12, intermediate: 3072, vocabSize, maxPositions: 512 };
}

/** Builds the encoder; inputs input_ids, attention_mask and token_type_ids are int64 [batch, sequence]. */
export function buildBert(shape: BertShape, storage: WeightStorage): BuiltModel {
  const model = new ModelBuilder({ graphName: 'main_graph', producerName: 'pytorch', producerVersion: '1.13.1', irVersion: 8, opsets: { '': 14 }, naming: 'scoped' });
  const graph = model.graph;
  const weights = new Weights(graph, storage);

  const inputIds = graph.addInput('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = graph.addInput('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const tokenTypeIds = graph.addInput('token_type_ids', 'int64', ['batch_size', 'sequence_length']);

  const embeddings = graph.inScope('embeddings', () => bertEmbeddings(graph, weights, shape, inputIds, tokenTypeIds));
  const additiveMask = extendedAttentionMask(graph, attentionMask);

  let hidden = embeddings;
  for (let index = 0; index < shape.layers; index++) {
    hidden = graph.inScope('encoder', () => graph.inScope(`layer.${index}`, () => bertLayer(graph, weights, shape, hidden, additiveMask, `encoder.layer.${index}`)));
  }

  graph.renameValue(hidden, 'last_hidden_state');
  graph.addOutput('last_hidden_state', 'float32', ['batch_size', 'sequence_length', shape.hidden]);
  return { model, weightBytes: weights.totalBytes, externalBytes: weights.externalBytes };
}

function bertEmbeddings(graph: GraphBuilder, weights: Weights, shape: BertShape, inputIds: string, tokenTypeIds: string): string {
  // position_ids = arange(sequence_length)[None, :]
  const positionIds = unsqueeze(graph, graph.op('Range', [graph.constantInt64(0), sizeOf(graph, inputIds, 1), graph.constantInt64(1)]), [0]);

  const words = graph.op('Gather', [weights.normal('embeddings.word_embeddings.weight', [shape.vocabSize, shape.hidden], 1), inputIds]);
  const tokenTypes = graph.op('Gather', [weights.normal('embeddings.token_type_embeddings.weight', [2, shape.hidden], 0.3), tokenTypeIds]);
  const positions = graph.op('Gather', [weights.normal('embeddings.position_embeddings.weight', [shape.maxPositions, shape.hidden], 0.3), positionIds]);
  const summed = graph.op('Add', [graph.op('Add', [words, tokenTypes]), positions]);
  return graph.inScope('LayerNorm', () => layerNorm(graph, weights, summed, 'embeddings.LayerNorm', shape.hidden, 1e-12));
}

/** `(1.0 - mask[:, None, None, :].float()) * -10000.0`, the [batch, 1, 1, sequence] additive mask. */
function extendedAttentionMask(graph: GraphBuilder, attentionMask: string): string {
  const expanded = unsqueeze(graph, attentionMask, [1, 2]);
  const asFloat = graph.op('Cast', [expanded], { to: attr.int(1) });
  return graph.op('Mul', [graph.op('Sub', [graph.constantFloat32(1), asFloat]), graph.constantFloat32(-10000)]);
}

function bertLayer(graph: GraphBuilder, weights: Weights, shape: BertShape, hidden: string, additiveMask: string, module: string): string {
  const headDim = shape.hidden / shape.heads;

  const attended = graph.inScope('attention', () => {
    // A larger gain on Q and K spreads the scores, so the probabilities are far from uniform.
    const query = splitHeads(graph, linear(graph, weights, hidden, `${module}.attention.self.query`, shape.hidden, shape.hidden, 1.5), shape.heads, headDim);
    const key = splitHeads(graph, linear(graph, weights, hidden, `${module}.attention.self.key`, shape.hidden, shape.hidden, 1.5), shape.heads, headDim, true);
    const value = splitHeads(graph, linear(graph, weights, hidden, `${module}.attention.self.value`, shape.hidden, shape.hidden), shape.heads, headDim);

    const scores = graph.op('Div', [graph.op('MatMul', [query, key]), graph.constantFloat32(Math.sqrt(headDim))]);
    const probabilities = graph.op('Softmax', [graph.op('Add', [scores, additiveMask])], { axis: attr.int(-1) });
    const context = mergeHeads(graph, graph.op('MatMul', [probabilities, value]), shape.hidden);

    const projected = linear(graph, weights, context, `${module}.attention.output.dense`, shape.hidden, shape.hidden);
    return layerNorm(graph, weights, graph.op('Add', [projected, hidden]), `${module}.attention.output.LayerNorm`, shape.hidden, 1e-12);
  });

  const intermediate = geluErf(graph, linear(graph, weights, attended, `${module}.intermediate.dense`, shape.hidden, shape.intermediate));
  const output = linear(graph, weights, intermediate, `${module}.output.dense`, shape.intermediate, shape.hidden);
  return layerNorm(graph, weights, graph.op('Add', [output, attended]), `${module}.output.LayerNorm`, shape.hidden, 1e-12);
}
