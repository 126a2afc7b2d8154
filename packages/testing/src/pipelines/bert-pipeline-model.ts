// A tiny BERT model folder for transformers.js' text-classification and feature-extraction
// pipelines. The graph follows torch.onnx.export of transformers 4.4x BertModel at opset 14 (eager
// attention, finfo(float32).min mask) with 2 layers of hidden 32 and 2 heads. With
// `attentionModulator`, σ is built into every attention layer on the scaled scores QKᵀ/√d, before
// the mask, which is the graph the MultiMax rewriter should produce.
import type { ModulatorParams } from '@multimax/core';
import { attr } from '../builder/attribute.js';
import type { GraphBuilder } from '../builder/graph-builder.js';
import { ModelBuilder } from '../builder/model-builder.js';
import { SeededRandom } from '../builder/prng.js';
import { geluErf } from '../fixtures/torch/activations.js';
import { extendedAttentionMask } from '../fixtures/torch/extended-mask.js';
import { mergeHeads, splitHeads } from '../fixtures/torch/heads.js';
import { layerNorm } from '../fixtures/torch/layer-norm.js';
import { linear } from '../fixtures/torch/linear.js';
import { Parameters } from '../fixtures/torch/parameters.js';
import { sizeOf, slice, unsqueeze } from '../fixtures/torch/shape-ops.js';
import { addModulatorNodes } from './modulator-nodes.js';
import { jsonFile, type PipelineModel } from './pipeline-model.js';
import { WORDPIECE_VOCABULARY, wordPieceTokenizerFiles } from './wordpiece-tokenizer.js';

export type BertPipelineTask = 'text-classification' | 'feature-extraction';

export interface BertPipelineOptions {
  task: BertPipelineTask;
  /** Builds σ with these params into every attention layer. */
  attentionModulator?: ModulatorParams;
  weightSeed?: number;
}

/** Labels of the text-classification head, in logit order. */
export const BERT_PIPELINE_LABELS = ['negative', 'neutral', 'positive'];

const HIDDEN = 32;
const HEADS = 2;
const LAYERS = 2;
const INTERMEDIATE = 64;
const MAX_POSITIONS = 32;
const FLOAT32_MIN = -3.4028234663852886e38;

interface BertBuild {
  graph: GraphBuilder;
  parameters: Parameters;
  modulator: ModulatorParams | undefined;
}

/** Builds the model folder: BertForSequenceClassification (output `logits`) or BertModel (`last_hidden_state`). */
export function buildBertPipelineModel(options: BertPipelineOptions): PipelineModel {
  const classify = options.task === 'text-classification';
  const model = new ModelBuilder({ graphName: 'main_graph', producerName: 'pytorch', producerVersion: '2.5.1', irVersion: 8, opsets: { '': 14 }, naming: 'scoped' });
  const graph = model.graph;
  const build: BertBuild = { graph, parameters: new Parameters(graph, new SeededRandom(options.weightSeed ?? 7), 'scoped'), modulator: options.attentionModulator };
  const prefix = classify ? 'bert.' : '';

  const inputIds = graph.addInput('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = graph.addInput('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const tokenTypeIds = graph.addInput('token_type_ids', 'int64', ['batch_size', 'sequence_length']);

  let hidden = graph.inScope('embeddings', () => embeddings(build, inputIds, tokenTypeIds, `${prefix}embeddings`));
  const additiveMask = extendedAttentionMask(graph, attentionMask, FLOAT32_MIN);
  for (let index = 0; index < LAYERS; index++) {
    const input = hidden;
    hidden = graph.inScope('encoder', () => graph.inScope(`layer.${index}`, () => encoderLayer(build, input, additiveMask, `${prefix}encoder.layer.${index}`)));
  }
  graph.renameValue(hidden, 'last_hidden_state');
  graph.addOutput('last_hidden_state', 'float32', ['batch_size', 'sequence_length', HIDDEN]);

  if (classify) {
    const logits = graph.inScope('classifier', () => classifierHead(build, 'last_hidden_state'));
    graph.renameValue(logits, 'logits');
    graph.addOutput('logits', 'float32', ['batch_size', BERT_PIPELINE_LABELS.length]);
  }

  const config = {
    model_type: 'bert',
    architectures: [classify ? 'BertForSequenceClassification' : 'BertModel'],
    vocab_size: WORDPIECE_VOCABULARY.length,
    hidden_size: HIDDEN,
    num_hidden_layers: LAYERS,
    num_attention_heads: HEADS,
    intermediate_size: INTERMEDIATE,
    max_position_embeddings: MAX_POSITIONS,
    type_vocab_size: 2,
    ...(classify
      ? {
          id2label: Object.fromEntries(BERT_PIPELINE_LABELS.map((label, index) => [String(index), label])),
          label2id: Object.fromEntries(BERT_PIPELINE_LABELS.map((label, index) => [label, index])),
        }
      : {}),
  };

  return {
    files: {
      'config.json': jsonFile(config),
      ...wordPieceTokenizerFiles(MAX_POSITIONS),
      'onnx/model.onnx': model.toBytes(),
    },
  };
}

function embeddings(build: BertBuild, inputIds: string, tokenTypeIds: string, module: string): string {
  const { graph, parameters } = build;
  const positionBuffer = graph.addInt64Initializer(`${module}.position_ids`, [1, MAX_POSITIONS], Array.from({ length: MAX_POSITIONS }, (_, index) => index));
  const positionIds = slice(graph, positionBuffer, graph.constantInt64([0]), unsqueeze(graph, sizeOf(graph, inputIds, 1), [0]), [1]);

  const words = graph.op('Gather', [parameters.normal(`${module}.word_embeddings.weight`, [WORDPIECE_VOCABULARY.length, HIDDEN], 1), inputIds]);
  const tokenTypes = graph.op('Gather', [parameters.normal(`${module}.token_type_embeddings.weight`, [2, HIDDEN], 0.3), tokenTypeIds]);
  const positions = graph.op('Gather', [parameters.normal(`${module}.position_embeddings.weight`, [MAX_POSITIONS, HIDDEN], 0.3), positionIds]);
  const summed = graph.op('Add', [graph.op('Add', [words, tokenTypes]), positions]);
  return graph.inScope('LayerNorm', () => layerNorm(graph, parameters, summed, `${module}.LayerNorm`, HIDDEN));
}

function encoderLayer(build: BertBuild, hidden: string, additiveMask: string, module: string): string {
  const { graph, parameters } = build;
  const dense = (input: string, name: string, inFeatures: number, outFeatures: number) =>
    graph.inScope('dense', () => linear(graph, parameters, input, { module: name, inFeatures, outFeatures }));

  const attended = graph.inScope('attention', () => {
    const context = graph.inScope('self', () => selfAttention(build, hidden, additiveMask, `${module}.attention.self`));
    const residual = graph.op('Add', [dense(context, `${module}.attention.output.dense`, HIDDEN, HIDDEN), hidden]);
    return layerNorm(graph, parameters, residual, `${module}.attention.output.LayerNorm`, HIDDEN);
  });

  const intermediate = graph.inScope('intermediate', () => geluErf(graph, dense(attended, `${module}.intermediate.dense`, HIDDEN, INTERMEDIATE)));
  const residual = graph.op('Add', [dense(intermediate, `${module}.output.dense`, INTERMEDIATE, HIDDEN), attended]);
  return layerNorm(graph, parameters, residual, `${module}.output.LayerNorm`, HIDDEN);
}

function selfAttention(build: BertBuild, hidden: string, additiveMask: string, module: string): string {
  const { graph, parameters } = build;
  const headDim = HIDDEN / HEADS;
  // A gain of 1.5 on Q and K spreads the scores, so the attention is far from uniform and σ matters.
  const projection = (name: string) =>
    graph.inScope(name, () => linear(graph, parameters, hidden, { module: `${module}.${name}`, inFeatures: HIDDEN, outFeatures: HIDDEN, gain: name === 'value' ? 1 : 1.5 }));

  const query = splitHeads(graph, projection('query'), HEADS, headDim);
  const keyTransposed = splitHeads(graph, projection('key'), HEADS, headDim, true);
  const value = splitHeads(graph, projection('value'), HEADS, headDim);

  const scores = graph.op('Div', [graph.op('MatMul', [query, keyTransposed]), graph.constantFloat32(Math.sqrt(headDim))]);
  const modulated = build.modulator === undefined ? scores : addModulatorNodes(graph, scores, build.modulator);
  const probabilities = graph.op('Softmax', [graph.op('Add', [modulated, additiveMask])], { axis: attr.int(-1) });
  return mergeHeads(graph, graph.op('MatMul', [probabilities, value]), HIDDEN);
}

function classifierHead(build: BertBuild, hidden: string): string {
  const { graph, parameters } = build;
  const gemm = (input: string, module: string, outFeatures: number) => {
    const weight = parameters.normal(`${module}.weight`, [outFeatures, HIDDEN], 1 / Math.sqrt(HIDDEN));
    const bias = parameters.normal(`${module}.bias`, [outFeatures], 0.02);
    return graph.op('Gemm', [input, weight, bias], { alpha: attr.float(1), beta: attr.float(1), transB: attr.int(1) });
  };

  // BertPooler: dense + tanh on the first token ([CLS]), then the classifier Linear.
  const firstToken = graph.op('Gather', [hidden, graph.constantInt64(0)], { axis: attr.int(1) });
  const pooled = graph.op('Tanh', [gemm(firstToken, 'bert.pooler.dense', HIDDEN)]);
  return gemm(pooled, 'classifier', BERT_PIPELINE_LABELS.length);
}
