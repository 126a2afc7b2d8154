// @multimax/testing: fixture models that reproduce real exporters' attention graphs, the builder
// they are written with, and float64 reference helpers for checking a rewritten model.
import type { Fixture } from './fixture.js';
import { buildBertOpset11 } from './fixtures/bert-opset11.js';
import { buildBertOpset14 } from './fixtures/bert-opset14.js';
import { buildDistilBertWhere } from './fixtures/distilbert-where.js';
import { buildExternalData } from './fixtures/external-data.js';
import { buildFp16Cast } from './fixtures/fp16-cast.js';
import { buildGpt2Causal } from './fixtures/gpt2-causal.js';
import { buildIfBranch } from './fixtures/if-branch.js';
import { buildLogSoftmaxOutput } from './fixtures/logsoftmax-output.js';
import { buildSoftmax9Axis1 } from './fixtures/softmax9-axis1.js';
import { buildT5RelativeBias } from './fixtures/t5-relative-bias.js';
import { buildVitNoMask } from './fixtures/vit-nomask.js';
import { buildWhisperDecoder } from './fixtures/whisper-decoder.js';

export type { AttentionMask, AttentionSite, FeedElementType, FeedTensor, FeedTensors, Fixture } from './fixture.js';
export { writeFixture } from './write-fixture.js';

export { type BertOpset11Options, buildBertOpset11 } from './fixtures/bert-opset11.js';
export { type BertOpset14Options, buildBertOpset14 } from './fixtures/bert-opset14.js';
export { buildDistilBertWhere, type DistilBertWhereOptions } from './fixtures/distilbert-where.js';
export { buildExternalData, EXTERNAL_DATA_FILE_NAME, type ExternalDataFixtureOptions } from './fixtures/external-data.js';
export { buildFp16Cast, type Fp16CastOptions } from './fixtures/fp16-cast.js';
export { buildGpt2Causal, type Gpt2CausalOptions } from './fixtures/gpt2-causal.js';
export { buildIfBranch, type IfBranchOptions } from './fixtures/if-branch.js';
export { buildLogSoftmaxOutput, type LogSoftmaxOutputOptions } from './fixtures/logsoftmax-output.js';
export { buildSoftmax9Axis1, type Softmax9Axis1Options } from './fixtures/softmax9-axis1.js';
export { buildT5RelativeBias, type T5RelativeBiasOptions } from './fixtures/t5-relative-bias.js';
export { buildTinyAttention } from './fixtures/tiny-attention.js';
export { buildVitNoMask, type VitNoMaskOptions } from './fixtures/vit-nomask.js';
export { buildWhisperDecoder, type WhisperDecoderOptions } from './fixtures/whisper-decoder.js';

export { type AttributeValue, attr } from './builder/attribute.js';
export { inferElementTypes } from './builder/element-type-inference.js';
export { type ElementType, elementTypeOf, onnxDataType } from './builder/element-type.js';
export { type ExternalDataOptions, type ExternalDataResult, moveInitializersToExternalData } from './builder/external-data.js';
export { convertFloatToFloat16, type Float16ConversionOptions } from './builder/float16-conversion.js';
export { float16BitsToFloat32, float32ToFloat16Bits, fromFloat16Bits, roundToFloat16, toFloat16Bits } from './builder/fp16.js';
export { type BuiltNode, type GraphBuildContext, GraphBuilder, type NodeOptions } from './builder/graph-builder.js';
export { ModelBuilder, type ModelBuilderOptions } from './builder/model-builder.js';
export { NameRegistry, type NamingStyle } from './builder/names.js';
export { mulberry32, SeededRandom } from './builder/prng.js';
export { boolTensor, elementCount, emptyTensor, float16Tensor, float32Tensor, int64Tensor } from './builder/tensor.js';
export { type Dim, tensorValueInfo } from './builder/value-info.js';

export { attentionReference, attentionSiteValueNames, maskedScores64, type SumRounding } from './reference/attention-reference.js';
export { broadcastTo } from './reference/broadcast.js';
export { addExtraOutputs, type ExtraOutputsResult, withExtraOutputs } from './reference/extra-outputs.js';
export { allNodes, defaultOpset, findNode, findProducer, type LocatedNode } from './reference/graph-search.js';
export { type Float64Tensor, type RunOptions, runWithExtraOutputs, toFloat64Tensor, toOrtFeeds } from './reference/run.js';
export { logSoftmax64, softmax64 } from './reference/softmax.js';
export { describeSoftmaxNode, type SoftmaxNodeInfo } from './reference/softmax-node.js';

/** Builds every fixture with default options, in a stable order. */
export function allFixtures(): Fixture[] {
  return [
    buildBertOpset11(),
    buildBertOpset14(),
    buildDistilBertWhere(),
    buildGpt2Causal(),
    buildVitNoMask(),
    buildWhisperDecoder(),
    buildFp16Cast(),
    buildIfBranch(),
    buildExternalData(),
    buildSoftmax9Axis1(),
    buildLogSoftmaxOutput(),
    buildT5RelativeBias(),
  ];
}

export { BERT_PIPELINE_LABELS, type BertPipelineOptions, type BertPipelineTask, buildBertPipelineModel } from './pipelines/bert-pipeline-model.js';
export { BPE_END_OF_TEXT_ID, BPE_VOCABULARY, byteLevelBpeTokenizerFiles } from './pipelines/byte-level-bpe-tokenizer.js';
export { buildGpt2PipelineModel, type Gpt2PipelineOptions } from './pipelines/gpt2-pipeline-model.js';
export { addModulatorNodes } from './pipelines/modulator-nodes.js';
export { jsonFile, type PipelineModel, writePipelineModel } from './pipelines/pipeline-model.js';
export { WORDPIECE_VOCABULARY, wordPieceTokenizerFiles } from './pipelines/wordpiece-tokenizer.js';
