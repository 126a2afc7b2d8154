// A tiny GPT-2 model folder for transformers.js' text-generation pipeline. The graph has the inputs
// and outputs of optimum's decoder_model.onnx with past (transformers.js 4.3 feeds
// past_key_values.<layer>.key/value, empty on the first step, and reads present.<layer>.key/value):
// eager GPT2Attention with the causal `bias` buffer in Where and the finfo(float32).min padding
// mask, 1 layer of hidden 32, 2 heads. Linear layers are MatMul + Add instead of Conv1D's Gemm.
// `attentionModulator` builds σ into the attention on QKᵀ/√d before both masks, and
// `logitsModulator` applies σ to the logits, as MultiMaxLogitsProcessor does in generate().
import type { ModulatorParams } from '@multimax/core';
import { TensorProto_DataType } from 'onnx-buf';
import { attr } from '../builder/attribute.js';
import type { GraphBuilder } from '../builder/graph-builder.js';
import { ModelBuilder } from '../builder/model-builder.js';
import { SeededRandom } from '../builder/prng.js';
import { geluTanh } from '../fixtures/torch/activations.js';
import { mergeHeads, viewAsHeads } from '../fixtures/torch/heads.js';
import { layerNorm } from '../fixtures/torch/layer-norm.js';
import { linear } from '../fixtures/torch/linear.js';
import { Parameters } from '../fixtures/torch/parameters.js';
import { sizeOf, slice, split, transpose, unsqueeze } from '../fixtures/torch/shape-ops.js';
import { BPE_END_OF_TEXT_ID, BPE_VOCABULARY, byteLevelBpeTokenizerFiles } from './byte-level-bpe-tokenizer.js';
import { addModulatorNodes } from './modulator-nodes.js';
import { jsonFile, type PipelineModel } from './pipeline-model.js';

export interface Gpt2PipelineOptions {
  /** Builds σ with these params into the attention layer. */
  attentionModulator?: ModulatorParams;
  /** Applies σ with these params to the logits output. */
  logitsModulator?: ModulatorParams;
  weightSeed?: number;
}

const HIDDEN = 32;
const HEADS = 2;
const HEAD_DIM = HIDDEN / HEADS;
const LAYERS = 1;
const POSITIONS = 32;
const FLOAT32_MIN = -3.4028234663852886e38;

interface Gpt2Build {
  graph: GraphBuilder;
  parameters: Parameters;
  options: Gpt2PipelineOptions;
}

/** Builds the model folder of a GPT2LMHeadModel with a key/value cache. */
export function buildGpt2PipelineModel(options: Gpt2PipelineOptions = {}): PipelineModel {
  const model = new ModelBuilder({ graphName: 'main_graph', producerName: 'pytorch', producerVersion: '2.5.1', irVersion: 8, opsets: { '': 14 }, naming: 'scoped' });
  const graph = model.graph;
  const build: Gpt2Build = { graph, parameters: new Parameters(graph, new SeededRandom(options.weightSeed ?? 11), 'scoped'), options };
  const vocabSize = BPE_VOCABULARY.length;

  const inputIds = graph.addInput('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = graph.addInput('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const past = Array.from({ length: LAYERS }, (_, index) => ({
    key: graph.addInput(`past_key_values.${index}.key`, 'float32', ['batch_size', HEADS, 'past_sequence_length', HEAD_DIM]),
    value: graph.addInput(`past_key_values.${index}.value`, 'float32', ['batch_size', HEADS, 'past_sequence_length', HEAD_DIM]),
  }));

  const hidden = graph.inScope('transformer', () => {
    // position_ids = arange(past_length, past_length + sequence_length)
    const pastLength = sizeOf(graph, past[0]?.key ?? '', 2);
    const end = graph.op('Add', [sizeOf(graph, inputIds, 1), pastLength]);
    const positionIds = unsqueeze(graph, graph.op('Range', [pastLength, end, graph.constantInt64(1)]), [0]);

    // (1 - attention_mask[:, None, None, :]) * finfo.min
    const maskFloat = graph.op('Cast', [unsqueeze(graph, attentionMask, [1, 2])], { to: attr.int(TensorProto_DataType.FLOAT) });
    const additiveMask = graph.op('Mul', [graph.op('Sub', [graph.constantFloat32(1), maskFloat]), graph.constantFloat32(FLOAT32_MIN)]);

    const tokens = graph.op('Gather', [build.parameters.normal('transformer.wte.weight', [vocabSize, HIDDEN], 1), inputIds]);
    const positions = graph.op('Gather', [build.parameters.normal('transformer.wpe.weight', [POSITIONS, HIDDEN], 0.3), positionIds]);
    let state = graph.op('Add', [tokens, positions]);
    past.forEach((layerPast, index) => {
      const input = state;
      state = graph.inScope(`h.${index}`, () => block(build, input, additiveMask, layerPast, index));
    });
    return layerNorm(graph, build.parameters, state, 'transformer.ln_f', HIDDEN, 1e-5);
  });

  const rawLogits = graph.inScope('lm_head', () => linear(graph, build.parameters, hidden, { module: 'lm_head', inFeatures: HIDDEN, outFeatures: vocabSize, bias: false }));
  const logits = options.logitsModulator === undefined ? rawLogits : addModulatorNodes(graph, rawLogits, options.logitsModulator);
  graph.renameValue(logits, 'logits');
  graph.addOutput('logits', 'float32', ['batch_size', 'sequence_length', vocabSize]);

  const config = {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: vocabSize,
    n_embd: HIDDEN,
    n_head: HEADS,
    n_layer: LAYERS,
    n_positions: POSITIONS,
    n_ctx: POSITIONS,
    bos_token_id: BPE_END_OF_TEXT_ID,
    eos_token_id: BPE_END_OF_TEXT_ID,
    use_cache: true,
  };

  return {
    files: {
      'config.json': jsonFile(config),
      ...byteLevelBpeTokenizerFiles(POSITIONS),
      'onnx/model.onnx': model.toBytes(),
    },
  };
}

function block(build: Gpt2Build, hidden: string, additiveMask: string, past: { key: string; value: string }, index: number): string {
  const { graph, parameters } = build;
  const module = `transformer.h.${index}`;
  const dense = (input: string, name: string, inFeatures: number, outFeatures: number, gain = 1) =>
    linear(graph, parameters, input, { module: `${module}.${name}`, inFeatures, outFeatures, gain });

  const normalized = layerNorm(graph, parameters, hidden, `${module}.ln_1`, HIDDEN, 1e-5);
  const attended = graph.inScope('attn', () => attention(build, normalized, additiveMask, past, index, (input, name, outFeatures, gain) => dense(input, `attn.${name}`, HIDDEN, outFeatures, gain)));
  const afterAttention = graph.op('Add', [attended, hidden]);

  const normalized2 = layerNorm(graph, parameters, afterAttention, `${module}.ln_2`, HIDDEN, 1e-5);
  const expanded = geluTanh(graph, dense(normalized2, 'mlp.c_fc', HIDDEN, 4 * HIDDEN));
  return graph.op('Add', [afterAttention, dense(expanded, 'mlp.c_proj', 4 * HIDDEN, HIDDEN)]);
}

function attention(
  build: Gpt2Build,
  hidden: string,
  additiveMask: string,
  past: { key: string; value: string },
  index: number,
  dense: (input: string, name: string, outFeatures: number, gain?: number) => string,
): string {
  const { graph, parameters, options } = build;
  const heads = (value: string) => transpose(graph, viewAsHeads(graph, value, HEADS, HEAD_DIM), [0, 2, 1, 3]);

  const [queryFlat = '', keyFlat = '', valueFlat = ''] = split(graph, dense(hidden, 'c_attn', 3 * HIDDEN, 1.5), 2, [HIDDEN, HIDDEN, HIDDEN]);
  const query = heads(queryFlat);
  const key = graph.op('Concat', [past.key, heads(keyFlat)], { axis: attr.int(-2) }, { outputs: [`present.${index}.key`] });
  const value = graph.op('Concat', [past.value, heads(valueFlat)], { axis: attr.int(-2) }, { outputs: [`present.${index}.value`] });
  graph.addOutput(key, 'float32', ['batch_size', HEADS, 'total_sequence_length', HEAD_DIM]);
  graph.addOutput(value, 'float32', ['batch_size', HEADS, 'total_sequence_length', HEAD_DIM]);

  const scores = graph.op('Div', [graph.op('MatMul', [query, transpose(graph, key, [0, 1, 3, 2])]), graph.constantFloat32(Math.sqrt(HEAD_DIM))]);
  const modulated = options.attentionModulator === undefined ? scores : addModulatorNodes(graph, scores, options.attentionModulator);

  // causal_mask = bias[:, :, key_length - query_length : key_length, :key_length]
  const bias = parameters.boolBuffer(`transformer.h.${index}.attn.bias`, [1, 1, POSITIONS, POSITIONS], causalTable);
  const queryLength = sizeOf(graph, query, 2);
  const keyLength = sizeOf(graph, key, 2);
  const rows = slice(graph, bias, unsqueeze(graph, graph.op('Sub', [keyLength, queryLength]), [0]), unsqueeze(graph, keyLength, [0]), [2]);
  const causal = slice(graph, rows, graph.constantInt64([0]), unsqueeze(graph, keyLength, [0]), [3]);

  const causalScores = graph.op('Where', [causal, modulated, graph.constantFloat32(FLOAT32_MIN)]);
  const probabilities = graph.op('Softmax', [graph.op('Add', [causalScores, additiveMask])], { axis: attr.int(-1) });
  return dense(mergeHeads(graph, graph.op('MatMul', [probabilities, value]), HIDDEN), 'c_proj', HIDDEN);
}

/** torch.tril(torch.ones(n, n, dtype=torch.bool)) flattened row-major. */
function causalTable(): Uint8Array {
  const table = new Uint8Array(POSITIONS * POSITIONS);
  for (let row = 0; row < POSITIONS; row++) for (let column = 0; column <= row; column++) table[row * POSITIONS + column] = 1;
  return table;
}
