import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serializeParamsFile } from '@multimax/core';
import { buildBertPipelineModel, buildGpt2PipelineModel, writePipelineModel } from '@multimax/testing';

import { ATTENTION_PARAMS, attentionParamsFile, LOGITS_PARAMS, SECOND_ORDER_PARAMS } from './test-params.js';

/** Model ids (folder names under `root`) of the fixture models. */
export const MODELS = {
  classifier: 'bert-classifier',
  classifierTwin: 'bert-classifier-twin',
  classifierWithParams: 'bert-classifier-with-params',
  classifierWithParamsTwin: 'bert-classifier-with-params-twin',
  features: 'bert-features',
  featuresTwin: 'bert-features-twin',
  generator: 'gpt2',
  generatorTwin: 'gpt2-twin',
  generatorLogitsTwin: 'gpt2-logits-twin',
} as const;

export interface ModelFolders {
  /** The folder to set as env.localModelPath. */
  root: string;
  remove(): Promise<void>;
}

/**
 * Writes the fixture model folders into a new temporary folder. Each "twin" has σ built into its
 * graph by the fixture builder: with ATTENTION_PARAMS in attention, and for gpt2-logits-twin also
 * LOGITS_PARAMS on the logits. bert-classifier-with-params carries a multimax.json with
 * SECOND_ORDER_PARAMS, which its twin has built in.
 */
export async function createModelFolders(): Promise<ModelFolders> {
  const root = await mkdtemp(join(tmpdir(), 'multimax-transformers-'));
  const write = (name: string, model: Parameters<typeof writePipelineModel>[0]) => writePipelineModel(model, join(root, name));

  await write(MODELS.classifier, buildBertPipelineModel({ task: 'text-classification' }));
  await write(MODELS.classifierTwin, buildBertPipelineModel({ task: 'text-classification', attentionModulator: ATTENTION_PARAMS }));
  await write(MODELS.classifierWithParams, buildBertPipelineModel({ task: 'text-classification' }));
  await writeFile(join(root, MODELS.classifierWithParams, 'multimax.json'), serializeParamsFile(attentionParamsFile(SECOND_ORDER_PARAMS)));
  await write(MODELS.classifierWithParamsTwin, buildBertPipelineModel({ task: 'text-classification', attentionModulator: SECOND_ORDER_PARAMS }));
  await write(MODELS.features, buildBertPipelineModel({ task: 'feature-extraction' }));
  await write(MODELS.featuresTwin, buildBertPipelineModel({ task: 'feature-extraction', attentionModulator: ATTENTION_PARAMS }));
  await write(MODELS.generator, buildGpt2PipelineModel());
  await write(MODELS.generatorTwin, buildGpt2PipelineModel({ attentionModulator: ATTENTION_PARAMS }));
  await write(MODELS.generatorLogitsTwin, buildGpt2PipelineModel({ attentionModulator: ATTENTION_PARAMS, logitsModulator: LOGITS_PARAMS }));

  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Returns the largest absolute difference between two equally long arrays of numbers. */
export function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} differs from ${expected.length}`);
  let max = 0;
  for (let index = 0; index < actual.length; index++) max = Math.max(max, Math.abs((actual[index] as number) - (expected[index] as number)));
  return max;
}
